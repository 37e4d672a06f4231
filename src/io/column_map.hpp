#pragma once
/// Column names: normalising header text, vendor-to-channel mapping, standard spellings.

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

namespace heatloop::io {

/// Lower-case ASCII and trimmed: the key vendor names are matched by.
std::string lower_trim(std::string_view text);

/// lower_trim, and runs of ' ', '-', '.' turned into one '_' ("Unit ID" -> "unit_id"): the
/// key header aliases are matched by.
std::string alias_key(std::string_view text);

/// Applies ReadOptions::column_map (matched case-insensitively after trimming) and the
/// standard channel spellings.
class ColumnMapper {
public:
    /// A mapper for vendor name -> channel name pairs.
    explicit ColumnMapper(const std::map<std::string, std::string>& column_map);

    /// The mapped name of a column or channel called `raw` ("" -> trimmed raw).
    std::string map(std::string_view raw) const;
    /// map(raw), spelled as a standard channel when it is one in another case
    /// ("T_Supply" -> "t_supply"); other names pass through as mapped.
    std::string channel_name(std::string_view raw) const;

private:
    std::unordered_map<std::string, std::string> by_key_;
};

}  // namespace heatloop::io
