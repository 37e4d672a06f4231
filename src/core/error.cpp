#include "heatloop/core/error.hpp"

#include <fmt/format.h>

namespace heatloop {

std::string_view error_kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::invalid_input:
            return "invalid_input";
        case ErrorKind::not_found:
            return "not_found";
        case ErrorKind::conflict:
            return "conflict";
        case ErrorKind::io:
            return "io";
        case ErrorKind::internal:
            return "internal";
    }
    return "internal";
}

int exit_code_for(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::invalid_input:
            return 2;
        case ErrorKind::not_found:
            return 3;
        case ErrorKind::conflict:
            return 4;
        case ErrorKind::io:
            return 5;
        case ErrorKind::internal:
            return 70;
    }
    return 70;
}

std::string SourceLocation::str() const {
    if (line <= 0) return file;
    if (column <= 0) return fmt::format("{}:{}", file, line);
    return fmt::format("{}:{}:{}", file, line, column);
}

}  // namespace heatloop
