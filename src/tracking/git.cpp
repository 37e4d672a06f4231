#include "heatloop/tracking/git.hpp"

#include <cstdio>

namespace heatloop::tracking {

namespace {

// Single quotes for /bin/sh, with embedded quotes escaped.
std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool is_commit_id(const std::string& s) {
    if (s.size() != 40 && s.size() != 64) return false;  // SHA-1 or SHA-256 repositories
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

std::optional<std::string> git_head_commit(const std::filesystem::path& dir) {
    std::string cmd = "git";
    if (!dir.empty()) cmd += " -C " + shell_quote(dir.string());
    cmd += " rev-parse HEAD 2>/dev/null";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) return std::nullopt;
    std::string out;
    char buf[128];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    int rc = ::pclose(pipe);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    if (rc != 0 || !is_commit_id(out)) return std::nullopt;
    return out;
}

}  // namespace heatloop::tracking
