#pragma once
// The SQL migrations embedded at build time (cmake/embed_files.cmake over sql/*/*.sql).

#include <span>

#include "heatloop/core/embedded_file.hpp"

namespace heatloop::store::detail {

// Every sql/<dialect>/NNN_name.sql file (dir = the dialect: "sqlite" or "postgres"), sorted.
std::span<const EmbeddedFile> embedded_sql();

}  // namespace heatloop::store::detail
