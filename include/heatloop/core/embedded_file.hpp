#pragma once
/// A text file compiled into the program (cmake/embed_files.cmake): SQL migrations, example
/// run configs.

#include <span>
#include <string_view>

namespace heatloop {

/// One embedded file.
struct EmbeddedFile {
    std::string_view dir;   ///< its directory relative to the embedded tree ("" at the top)
    std::string_view name;  ///< file name, e.g. "001_labels.sql"
    std::string_view text;
};

}  // namespace heatloop
