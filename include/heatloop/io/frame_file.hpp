#pragma once
/// The frame file (.hlf) of the workspace cache and of run outputs: magic, version, a JSON
/// header, then one contiguous little-endian float64 array per channel. Times are implicit:
/// start + i * step.
///
/// Layout: bytes 0-7 "HLFRAME\0", 8-11 u32 format version, 12-15 u32 0, 16-23 u64 length H
/// of the JSON header, 24..24+H the header {"id","kind","start","step","rows","channels",
/// "gaps":[[start,end,channel],...]}, zero padding to a multiple of 64, then channel data
/// in header order, rows x 8 bytes each.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"

namespace heatloop::io {

/// The header of a frame file.
struct FrameFileHeader {
    std::string id;
    std::string kind;  ///< "unit", "weather", "meter" (the cache) or "scores" (run outputs)
    Timestamp start = 0;
    Duration step = 0;
    std::uint64_t rows = 0;
    std::vector<std::string> channels;
    std::vector<GapSpan> gaps;
    std::uint64_t data_offset = 0;  ///< where channel 0 starts
};

/// Writes `frame` (on a grid, or with no rows) to `file`, replacing it. Throws IoError naming
/// the file, InternalError for an irregular frame with rows.
void write_frame_file(const std::filesystem::path& file, const UnitFrame& frame,
                      std::string_view kind);

/// Reads a frame file: channel arrays are read straight into the frame's vectors. Throws
/// NotFoundError when missing, IoError naming the file when truncated or not a frame file.
UnitFrame read_frame_file(const std::filesystem::path& file);

/// Reads only the header (ids, span, channels, gaps).
FrameFileHeader read_frame_header(const std::filesystem::path& file);

}  // namespace heatloop::io
