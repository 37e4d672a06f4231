#include "heatloop/core/text.hpp"

#include <algorithm>

namespace heatloop {

std::vector<std::string> split_list(std::string_view text, char separator) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find(separator, pos), text.size());
        std::string_view item = text.substr(pos, end - pos);
        const std::size_t first = item.find_first_not_of(' ');
        if (first != std::string_view::npos)
            out.emplace_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
        pos = end + 1;
    }
    return out;
}

}  // namespace heatloop
