#pragma once
/// Knobs of read_file that are not part of its contract: block size and buffer policy.
/// Tests set them small to exercise block boundaries and flushing on small files.

#include <cstddef>

#include "heatloop/io/read.hpp"
#include "io/unit_buffers.hpp"

namespace heatloop::io {

/// Internal read settings.
struct ReadTuning {
    std::size_t block_size = std::size_t{1} << 22;  ///< bytes per parsed block (and gzip read)
    BufferPolicy buffers;
};

/// read_file with explicit tuning.
ReadSummary read_file_tuned(const std::filesystem::path& file, const ReadOptions& options,
                            const FrameSink& sink, const ReadTuning& tuning);

}  // namespace heatloop::io
