#pragma once
/// The front end's static files (Vite's build output) under one directory, served so that
/// no request path, encoded or not, ever reaches a file outside it.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace heatloop::web {

/// Decodes %XX escapes (and nothing else: '+' stays); nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);

/// The file under `root` a URL path ("/assets/app.js", query already removed) names, or
/// nullopt when the path is not acceptable: malformed escapes, "." or ".." segments (after
/// decoding), backslashes, NUL bytes, or a resolved target (symlinks followed) outside
/// `root`. "/" and "" name root/index.html. Does not check that the file exists.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         std::string_view url_path);

/// The Content-Type for a file name by its extension (application/octet-stream when unknown).
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace heatloop::web
