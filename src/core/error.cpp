#include "heatloop/core/error.hpp"

#include <fmt/format.h>

#include <array>

#include "heatloop/core/enum_names.hpp"

namespace heatloop {

namespace {

constexpr std::array k_kinds{
    std::pair{ErrorKind::invalid_input, "invalid_input"},
    std::pair{ErrorKind::not_found, "not_found"}, std::pair{ErrorKind::conflict, "conflict"},
    std::pair{ErrorKind::io, "io"}, std::pair{ErrorKind::internal, "internal"}};

}  // namespace

std::string_view error_kind_name(ErrorKind kind) {
    return enum_name(k_kinds, kind);
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
