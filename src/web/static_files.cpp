#include "heatloop/web/static_files.hpp"

#include <array>
#include <utility>

namespace heatloop::web {

namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// True when `inner` is `outer` or lies below it (both canonical).
bool is_within(const fs::path& outer, const fs::path& inner) {
    auto o = outer.begin(), i = inner.begin();
    for (; o != outer.end(); ++o, ++i)
        if (i == inner.end() || *o != *i) return false;
    return true;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::optional<fs::path> resolve_static_path(const fs::path& root, std::string_view url_path) {
    auto decoded = percent_decode(url_path);
    if (!decoded) return std::nullopt;
    // Decode repeatedly: a doubly encoded "%252e%252e" must not become ".." further down.
    for (int round = 0; round < 3 && decoded->find('%') != std::string::npos; ++round) {
        auto again = percent_decode(*decoded);
        if (!again) return std::nullopt;
        decoded = std::move(again);
    }
    const std::string& p = *decoded;
    if (p.find('\0') != std::string::npos || p.find('\\') != std::string::npos) return std::nullopt;
    fs::path rel;
    std::size_t pos = 0;
    while (pos <= p.size()) {
        std::size_t next = p.find('/', pos);
        if (next == std::string::npos) next = p.size();
        std::string_view segment(p.data() + pos, next - pos);
        if (segment == "." || segment == "..") return std::nullopt;
        if (!segment.empty()) rel /= std::string(segment);
        pos = next + 1;
    }
    if (rel.empty()) rel = "index.html";
    std::error_code ec;
    const fs::path base = fs::weakly_canonical(root, ec);
    if (ec) return std::nullopt;
    const fs::path target = fs::weakly_canonical(base / rel, ec);
    if (ec || !is_within(base, target) || target == base) return std::nullopt;
    return target;
}

std::string_view content_type_for(const fs::path& file) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> k_types{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".yaml", "application/yaml"},
    }};
    const std::string ext = file.extension().string();
    for (const auto& [e, type] : k_types)
        if (ext == e) return type;
    return "application/octet-stream";
}

}  // namespace heatloop::web
