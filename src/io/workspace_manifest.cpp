#include "io/workspace_manifest.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "heatloop/core/error.hpp"

namespace heatloop::io {

namespace {

using nlohmann::json;

// NaN statistics are written as null and read back as missing.
json number_or_null(double v) {
    return is_missing(v) ? json(nullptr) : json(v);
}
double number_or_missing(const json& j) {
    return j.is_null() ? k_missing : j.get<double>();
}

json to_json(const IngestedFile& f) {
    json j = {{"name", f.name},     {"sha256", f.sha256}, {"size", f.size},
              {"format", f.format}, {"rows", f.rows},     {"ingested_at", f.ingested_at}};
    if (!f.meter.empty()) j["meter"] = f.meter;
    return j;
}

json to_json(const UnitEntry& u) {
    return {{"unit_id", u.info.unit_id},      {"type", u.info.type},
            {"location", u.info.location},    {"extra", u.info.extra},
            {"has_metadata", u.has_metadata}, {"data", to_json(u.data)}};
}

json to_json(const HouseholdInfo& h) {
    return {{"household_id", h.household_id},
            {"has_heat_pump", h.has_heat_pump ? json(*h.has_heat_pump) : json(nullptr)},
            {"heat_pump_type", h.heat_pump_type},
            {"unit_id", h.unit_id},
            {"location", h.location},
            {"extra", h.extra}};
}

HouseholdInfo household_from_json(const json& j) {
    HouseholdInfo h;
    h.household_id = j.at("household_id").get<std::string>();
    if (!j.at("has_heat_pump").is_null()) h.has_heat_pump = j.at("has_heat_pump").get<bool>();
    h.heat_pump_type = j.at("heat_pump_type").get<std::string>();
    h.unit_id = j.at("unit_id").get<std::string>();
    h.location = j.at("location").get<std::string>();
    h.extra = j.at("extra").get<std::map<std::string, std::string>>();
    return h;
}

}  // namespace

json to_json(const SeriesSummary& s) {
    json channels = json::array();
    for (const ChannelSummary& c : s.channels) {
        const double cov =
            s.rows ? static_cast<double>(c.present) / static_cast<double>(s.rows) : 0;
        channels.push_back({{"name", c.name},
                            {"present", c.present},
                            {"coverage", cov},
                            {"min", number_or_null(c.min)},
                            {"mean", number_or_null(c.mean)},
                            {"max", number_or_null(c.max)},
                            {"gaps", c.gaps},
                            {"gap_ms", c.gap_duration}});
        if (c.native_interval > 0) {
            channels.back()["native_interval_ms"] = c.native_interval;
            channels.back()["native_interval"] = format_duration(c.native_interval);
        }
    }
    json j = {{"file", s.file},
              {"start_ms", s.start},
              {"end_ms", s.end()},
              {"step_ms", s.step},
              {"rows", s.rows},
              {"coverage", s.coverage()},
              {"gap_count", s.gap_count()},
              {"gap_ms", s.gap_duration()},
              {"channels", std::move(channels)}};
    if (s.rows > 0) {
        j["start"] = format_iso(s.start);
        j["end"] = format_iso(s.end());
    }
    return j;
}

SeriesSummary series_from_json(const json& j) {
    SeriesSummary s;
    s.file = j.at("file").get<std::string>();
    s.start = j.at("start_ms").get<Timestamp>();
    s.step = j.at("step_ms").get<Duration>();
    s.rows = j.at("rows").get<std::size_t>();
    for (const json& c : j.at("channels")) {
        ChannelSummary cs;
        cs.name = c.at("name").get<std::string>();
        cs.present = c.at("present").get<std::size_t>();
        cs.min = number_or_missing(c.at("min"));
        cs.mean = number_or_missing(c.at("mean"));
        cs.max = number_or_missing(c.at("max"));
        cs.gaps = c.at("gaps").get<std::size_t>();
        cs.gap_duration = c.at("gap_ms").get<Duration>();
        cs.native_interval =
            c.value("native_interval_ms", Duration{0});  // absent before it existed
        s.channels.push_back(std::move(cs));
    }
    return s;
}

json to_json(const Manifest& m) {
    json units = json::array(), weather = json::array(), meters = json::array(),
         households = json::array(), files = json::array();
    for (const auto& [id, u] : m.units) units.push_back(to_json(u));
    for (const auto& [id, h] : m.households) households.push_back(to_json(h));
    for (const auto& [loc, s] : m.weather)
        weather.push_back({{"location", loc}, {"data", to_json(s)}});
    for (const auto& [id, s] : m.meters) meters.push_back({{"meter_id", id}, {"data", to_json(s)}});
    for (const IngestedFile& f : m.files) files.push_back(to_json(f));
    return {{"format", "heatloop-workspace"},
            {"format_version", m.format_version},
            {"generation", m.generation},
            {"grid",
             {{"step", format_duration(m.step)},
              {"step_ms", m.step},
              {"ffill_max_gap", format_duration(m.ffill_max_gap)},
              {"ffill_max_gap_ms", m.ffill_max_gap}}},
            {"units", std::move(units)},
            {"weather", std::move(weather)},
            {"meters", std::move(meters)},
            {"households", std::move(households)},
            {"files", std::move(files)}};
}

Manifest read_manifest(const std::filesystem::path& file) {
    Manifest m;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) return m;
        throw IoError(fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    }
    std::stringstream text;
    text << in.rdbuf();
    const std::string where = file.string();
    try {
        const json j = json::parse(text.str());
        m.format_version = j.at("format_version").get<int>();
        if (m.format_version > k_workspace_format_version)
            throw IoError(
                fmt::format("{}: format version {} is newer than this heatloop reads "
                            "({}); upgrade heatloop",
                            where, m.format_version, k_workspace_format_version));
        m.generation = j.at("generation").get<std::uint64_t>();
        m.step = j.at("grid").at("step_ms").get<Duration>();
        m.ffill_max_gap = j.at("grid").at("ffill_max_gap_ms").get<Duration>();
        for (const json& u : j.at("units")) {
            UnitEntry e;
            e.info.unit_id = u.at("unit_id").get<std::string>();
            e.info.type = u.at("type").get<std::string>();
            e.info.location = u.at("location").get<std::string>();
            e.info.extra = u.at("extra").get<std::map<std::string, std::string>>();
            e.has_metadata = u.at("has_metadata").get<bool>();
            e.data = series_from_json(u.at("data"));
            m.units.emplace(e.info.unit_id, std::move(e));
        }
        for (const json& w : j.at("weather"))
            m.weather.emplace(w.at("location").get<std::string>(), series_from_json(w.at("data")));
        for (const json& w : j.at("meters"))
            m.meters.emplace(w.at("meter_id").get<std::string>(), series_from_json(w.at("data")));
        // Absent in manifests written before households existed.
        if (j.contains("households"))
            for (const json& h : j.at("households")) {
                HouseholdInfo info = household_from_json(h);
                m.households.emplace(info.household_id, std::move(info));
            }
        for (const json& f : j.at("files"))
            m.files.push_back(IngestedFile{
                f.at("name").get<std::string>(), f.at("sha256").get<std::string>(),
                f.at("size").get<std::uint64_t>(), f.at("format").get<std::string>(),
                f.at("rows").get<std::size_t>(), f.at("ingested_at").get<std::string>(),
                f.value("meter", std::string())});
    } catch (const json::exception& e) {
        throw IoError(fmt::format("{}: malformed workspace manifest: {}", where, e.what()));
    }
    return m;
}

void write_file_atomically(const std::filesystem::path& file, const std::string& text) {
    const std::filesystem::path tmp = file.string() + fmt::format(".tmp-{}", ::getpid());
    auto fail = [&](std::string_view what) {
        const std::string reason = std::strerror(errno);
        ::unlink(tmp.c_str());
        return IoError(fmt::format("cannot {} {}: {}", what, file.string(), reason));
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw fail("write");
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            throw fail("write");
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        throw fail("flush");
    }
    if (::close(fd) != 0) throw fail("write");
    if (::rename(tmp.c_str(), file.c_str()) != 0) throw fail("replace");
}

void write_manifest(const std::filesystem::path& file, const Manifest& m) {
    write_file_atomically(file, to_json(m).dump(1) + "\n");
}

const IngestedFile* Manifest::find_file(std::string_view sha256,
                                        std::string_view meter) const noexcept {
    for (const IngestedFile& f : files) {
        const std::string_view recorded =
            f.meter.empty() && f.format == "smartmeter" ? std::string_view("total") : f.meter;
        if (f.sha256 == sha256 && recorded == meter) return &f;
    }
    return nullptr;
}

}  // namespace heatloop::io
