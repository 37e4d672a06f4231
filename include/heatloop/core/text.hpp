#pragma once
/// Small text helpers shared by the command line and the web API.

#include <string>
#include <string_view>
#include <vector>

namespace heatloop {

/// The items of a separated list ("a, b,,c" -> a, b, c): spaces around an item are trimmed
/// and empty items dropped.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

}  // namespace heatloop
