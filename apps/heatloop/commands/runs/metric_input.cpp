#include "commands/runs/metric_input.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <limits>

#include "heatloop/core/error.hpp"

namespace heatloop::cli::runs {

namespace {

bool parse_double(std::string_view s, double& out) {
    if (s == "nan" || s == "NaN") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

bool parse_int(std::string_view s, std::int64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    for (;;) {
        auto comma = line.find(',', pos);
        out.push_back(line.substr(pos, comma == std::string_view::npos ? comma : comma - pos));
        if (comma == std::string_view::npos) return out;
        pos = comma + 1;
    }
}

}  // namespace

tracking::Param parse_param(const std::string& text) {
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InvalidInputError(fmt::format("--param '{}': expected KEY=VALUE", text));
    return {text.substr(0, eq), text.substr(eq + 1)};
}

tracking::Metric parse_metric(const std::string& text, Timestamp now) {
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InvalidInputError(fmt::format("--metric '{}': expected KEY=VALUE[@STEP]", text));
    std::string_view rest = std::string_view(text).substr(eq + 1);
    std::int64_t step = 0;
    if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        if (!parse_int(rest.substr(at + 1), step))
            throw InvalidInputError(fmt::format("--metric '{}': step '{}' is not an integer", text,
                                                rest.substr(at + 1)));
        rest = rest.substr(0, at);
    }
    double value = 0;
    if (!parse_double(rest, value))
        throw InvalidInputError(
            fmt::format("--metric '{}': value '{}' is not a number", text, rest));
    return {text.substr(0, eq), value, step, now, std::nullopt};
}

std::vector<tracking::Metric> read_metrics_csv(const std::string& path, Timestamp now) {
    std::ifstream in(path);
    if (!in) throw IoError(fmt::format("cannot read {}", path));
    std::string line;
    if (!std::getline(in, line)) throw InvalidInputError(fmt::format("{}: empty file", path));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    int col_key = -1, col_value = -1, col_step = -1, col_time = -1, col_unit = -1;
    auto header = split(line);
    for (int i = 0; i < static_cast<int>(header.size()); ++i) {
        auto h = header[static_cast<std::size_t>(i)];
        int* slot = h == "key"         ? &col_key
                    : h == "value"     ? &col_value
                    : h == "step"      ? &col_step
                    : h == "timestamp" ? &col_time
                    : h == "unit_id"   ? &col_unit
                                       : nullptr;
        if (slot == nullptr)
            throw InvalidInputError(fmt::format(
                "{}:1: unknown column '{}' (expected key, value, step, timestamp, unit_id)", path,
                h));
        *slot = i;
    }
    if (col_key < 0 || col_value < 0)
        throw InvalidInputError(fmt::format("{}:1: the header needs columns key and value", path));
    std::vector<tracking::Metric> out;
    long line_no = 1;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        auto cells = split(line);
        if (cells.size() != header.size())
            throw InvalidInputError(fmt::format("{}:{}: expected {} fields, got {}", path, line_no,
                                                header.size(), cells.size()));
        auto cell = [&](int c) { return cells[static_cast<std::size_t>(c)]; };
        tracking::Metric m{std::string(cell(col_key)), 0.0, 0, now, std::nullopt};
        if (m.key.empty()) throw InvalidInputError(fmt::format("{}:{}: empty key", path, line_no));
        if (!parse_double(cell(col_value), m.value))
            throw InvalidInputError(
                fmt::format("{}:{}: value '{}' is not a number", path, line_no, cell(col_value)));
        if (col_step >= 0 && !parse_int(cell(col_step), m.step))
            throw InvalidInputError(
                fmt::format("{}:{}: step '{}' is not an integer", path, line_no, cell(col_step)));
        if (col_time >= 0 && !parse_int(cell(col_time), m.timestamp)) {
            try {
                m.timestamp = parse_utc(cell(col_time));  // ISO 8601 text
            } catch (const InvalidInputError& e) {
                throw InvalidInputError(fmt::format("{}:{}: {}", path, line_no, e.what()));
            }
        }
        if (col_unit >= 0 && !cell(col_unit).empty()) m.unit_id = std::string(cell(col_unit));
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace heatloop::cli::runs
