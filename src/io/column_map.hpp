#pragma once
/// Column names: normalising header text, vendor-to-channel mapping, standard spellings.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "heatloop/io/read.hpp"
#include "io/unit_conversion.hpp"

namespace heatloop::io {

/// Lower-case ASCII and trimmed: the key vendor names are matched by.
std::string lower_trim(std::string_view text);

/// lower_trim, and runs of ' ', '-', '.' turned into one '_' ("Unit ID" -> "unit_id"): the
/// key header aliases are matched by.
std::string alias_key(std::string_view text);

/// A name as it will be addressed: invisible characters (soft hyphen U+00AD, zero-width
/// spaces and joiners, word joiner, byte-order mark) removed, no-break and narrow no-break
/// spaces (U+00A0, U+202F, U+2007) turned into spaces, trimmed. Other text is unchanged.
std::string normalize_name(std::string_view raw);

/// Applies ReadOptions::column_map (matched case-insensitively after normalize_name, or "#N"
/// for the N-th column), the standard channel spellings, ReadOptions::drop, and the units
/// declared in a mapping ("Temp (F)=t_supply:degF").
class ColumnMapper {
public:
    /// A mapper for vendor name -> channel name pairs, and the columns to drop. Throws
    /// InvalidInputError for "#0" or an unknown unit after a ':'.
    explicit ColumnMapper(const std::map<std::string, std::string>& column_map);
    /// The mapper of ReadOptions::column_map and ReadOptions::drop.
    static ColumnMapper of(const ReadOptions& options);

    /// The mapped name of a column or channel called `raw` at 0-based column `position` (-1
    /// for a channel name in a long file): normalize_name(raw) when it is not mapped.
    std::string map(std::string_view raw, int position = -1) const;
    /// map(raw, position), spelled as a standard channel when it is one in another case
    /// ("T_Supply" -> "t_supply"); other names pass through as mapped.
    std::string channel_name(std::string_view raw, int position = -1) const;
    /// True when the column is to be dropped (`--drop`).
    bool dropped(std::string_view raw, int position) const;
    /// The unit declared for channel `name` by a mapping, if any.
    const Conversion* conversion(const std::string& name) const;
    /// The largest "#N" used by a mapping or a drop (0 when none), to check against a header.
    std::size_t max_position() const noexcept { return max_position_; }

private:
    void add_mappings(const std::map<std::string, std::string>& column_map);
    void add_drops(const std::vector<std::string>& drop);

    std::unordered_map<std::string, std::string> by_key_;
    std::unordered_map<std::size_t, std::string> by_position_;  // 1-based
    std::vector<std::string> drop_keys_;
    std::vector<std::size_t> drop_positions_;
    std::map<std::string, Conversion> conversions_;
    std::size_t max_position_ = 0;
};

}  // namespace heatloop::io
