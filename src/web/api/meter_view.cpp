#include "web/api/meter_view.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>

#include "heatloop/core/error.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "web/series_json.hpp"

namespace heatloop::web {

namespace fs = std::filesystem;

namespace {

std::optional<nlohmann::json> summary_of(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_regular_file(dir / "summary.json", ec)) return std::nullopt;
    return runner::read_json(dir / "summary.json");
}

// The units entry of a disaggregation summary for the meter, or nullptr.
const nlohmann::json* summary_unit(const nlohmann::json& summary, const std::string& meter_id) {
    const auto units = summary.find("units");
    if (units == summary.end() || !units->is_array()) return nullptr;
    for (const nlohmann::json& u : *units)
        if (u.is_object() && u.value("unit_id", "") == meter_id && u.contains("file")) return &u;
    return nullptr;
}

// The households entry of a classifier evaluation for the household, or nullptr.
const nlohmann::json* evaluation_household(const nlohmann::json& evaluation,
                                           const std::string& household_id) {
    const auto hh = evaluation.find("households");
    if (hh == evaluation.end() || !hh->is_array()) return nullptr;
    for (const nlohmann::json& h : *hh)
        if (h.is_object() && h.value("household_id", "") == household_id) return &h;
    return nullptr;
}

// The fields of one probabilities.csv row (CsvBuffer's quoting: a field with a comma, quote
// or line break is quoted, a quote doubled). Only the household id can need it.
std::vector<std::string> csv_fields(std::string_view line) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (true) {
        std::string field;
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (i < line.size()) {
                if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                    field += '"';
                    i += 2;
                } else if (line[i] == '"') {
                    ++i;
                    break;
                } else {
                    field += line[i++];
                }
            }
        }
        const std::size_t comma = line.find(',', i);
        field += std::string(line.substr(i, comma == std::string_view::npos ? comma : comma - i));
        out.push_back(std::move(field));
        if (comma == std::string_view::npos) return out;
        i = comma + 1;
    }
}

}  // namespace

std::vector<MeterRun> meter_runs(std::span<const tracking::RunInfo> runs,
                                 const fs::path& artifacts_dir, const std::string& meter_id,
                                 const std::string& kind) {
    std::vector<MeterRun> out;
    for (const tracking::RunInfo& run : runs) {
        const fs::path dir = artifacts_dir / run.id;
        const auto summary = summary_of(dir);
        if (!summary || summary->value("kind", "") != kind) continue;
        bool has = false;
        if (kind == "disaggregator") {
            has = summary_unit(*summary, meter_id) != nullptr;
        } else {
            std::error_code ec;
            has = fs::is_regular_file(dir / "evaluation.json", ec) &&
                  evaluation_household(runner::read_json(dir / "evaluation.json"), meter_id);
        }
        if (has) out.push_back({run.id, run.name, summary->value("model", ""), run.start_time});
    }
    return out;
}

MeterEstimate read_meter_estimate(const fs::path& artifacts_dir, const MeterRun& run,
                                  const std::string& meter_id) {
    const fs::path dir = artifacts_dir / run.run_id;
    const auto summary = summary_of(dir);
    const nlohmann::json* unit = summary ? summary_unit(*summary, meter_id) : nullptr;
    if (!unit)
        throw NotFoundError(
            fmt::format("run {} did not disaggregate household '{}'", run.run_id, meter_id));
    MeterEstimate e;
    e.run = run;
    e.total = summary->value("total", "load");
    e.component = summary->value("component", "load_heat_pump");
    const std::string file = unit->at("file").get<std::string>();
    e.frame = io::read_frame_file(dir / file);
    if (!e.frame.find(e.component + "_estimate"))
        throw InvalidInputError(
            fmt::format("run {}: {} has no {}_estimate channel", run.run_id, file, e.component));
    e.metrics = nullptr;
    std::error_code ec;
    if (fs::is_regular_file(dir / "evaluation.json", ec)) {
        const nlohmann::json ev = runner::read_json(dir / "evaluation.json");
        if (const auto units = ev.find("units"); units != ev.end() && units->is_array())
            for (const nlohmann::json& u : *units)
                if (u.is_object() && u.value("unit_id", "") == meter_id && u.contains("metrics"))
                    e.metrics = u.at("metrics");
    }
    return e;
}

MeterDetection read_meter_detection(const fs::path& artifacts_dir, const MeterRun& run,
                                    const std::string& household_id) {
    const fs::path dir = artifacts_dir / run.run_id;
    std::error_code ec;
    const nlohmann::json ev = fs::is_regular_file(dir / "evaluation.json", ec)
                                  ? runner::read_json(dir / "evaluation.json")
                                  : nlohmann::json::object();
    const nlohmann::json* h = evaluation_household(ev, household_id);
    if (!h)
        throw NotFoundError(
            fmt::format("run {} did not classify household '{}'", run.run_id, household_id));
    MeterDetection d;
    d.run = run;
    d.fold = h->value("fold", 0);
    if (const auto y = h->find("has_heat_pump"); y != h->end() && y->is_boolean())
        d.has_heat_pump = y->get<bool>();
    else if (y != h->end() && y->is_number_integer())  // 0/1
        d.has_heat_pump = y->get<std::int64_t>() != 0;
    if (const auto p = h->find("probability"); p != h->end() && p->is_number())
        d.probability = p->get<double>();

    const fs::path file = dir / "outputs" / "probabilities.csv";
    std::ifstream in(file, std::ios::binary);
    if (!in) return d;  // a run without monthly outputs: the household's figure alone
    std::string line;
    long line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 || line.empty()) continue;  // the header
        const auto f = csv_fields(line);
        const auto bad = [&](const std::string& why) {
            return InvalidInputError(fmt::format("{}:{}: {}", file.string(), line_no, why));
        };
        if (f.size() != 6)
            throw bad(
                fmt::format("{} fields, expected 6 (household_id, fold, has_heat_pump, "
                            "start, end, probability)",
                            f.size()));
        if (f[0] != household_id) continue;
        MonthProbability m;
        try {
            m.start = parse_utc(f[3]);
            m.end = parse_utc(f[4]);
        } catch (const InvalidInputError& e) {
            throw bad(fmt::format("start/end: {}", e.what()));
        }
        if (f[5].empty()) {
            m.probability = std::nan("");
        } else {
            const auto [p, ec2] =
                std::from_chars(f[5].data(), f[5].data() + f[5].size(), m.probability);
            if (ec2 != std::errc() || p != f[5].data() + f[5].size() ||
                !(m.probability >= 0.0 && m.probability <= 1.0))
                throw bad(fmt::format("probability '{}' is not a number in [0, 1]", f[5]));
        }
        d.months.push_back(m);
    }
    return d;
}

nlohmann::json to_json(const MeterRun& run) {
    return {{"run_id", run.run_id},
            {"run_name", run.run_name},
            {"model", run.model},
            {"start_time", run.start_time}};
}

nlohmann::json to_json(const MeterDetection& d) {
    nlohmann::json months = nlohmann::json::array();
    for (const MonthProbability& m : d.months)
        months.push_back(
            {{"start", m.start},
             {"end", m.end},
             {"probability",
              std::isfinite(m.probability) ? nlohmann::json(m.probability) : nlohmann::json()}});
    return {
        {"run", to_json(d.run)},
        {"fold", d.fold},
        {"has_heat_pump", d.has_heat_pump ? nlohmann::json(*d.has_heat_pump) : nlohmann::json()},
        {"probability", d.probability ? nlohmann::json(*d.probability) : nlohmann::json()},
        {"months", months}};
}

nlohmann::json meter_series_json(const UnitFrame& frame, const std::string& channel,
                                 const BucketGrid& grid) {
    const Channel* c = frame.find(channel);
    if (!c) return nullptr;
    const std::size_t begin = frame.lower_bound(grid.start), end = frame.lower_bound(grid.end);
    std::span<const Timestamp> t(frame.time().data() + begin, end - begin);
    const MinMaxSeries s =
        downsample_min_max(t, std::span(c->values.data() + begin, end - begin), grid);
    return {{"min", optional_values(s.min)}, {"max", optional_values(s.max)}};
}

nlohmann::json energy_kwh(const UnitFrame& frame, const std::string& channel,
                          const std::vector<std::string>& over, Timestamp start, Timestamp end) {
    const Channel* c = frame.find(channel);
    if (!c) return nullptr;
    std::vector<const Channel*> need;
    for (const std::string& o : over) {
        const Channel* oc = frame.find(o);
        if (!oc) return nullptr;
        need.push_back(oc);
    }
    const double hours = static_cast<double>(frame.step()) / static_cast<double>(k_hour_ms);
    double sum = 0;
    std::size_t rows = 0;
    for (std::size_t i = frame.lower_bound(start), e = frame.lower_bound(end); i < e; ++i) {
        bool ok = !std::isnan(c->values[i]);
        for (const Channel* oc : need) ok = ok && !std::isnan(oc->values[i]);
        if (!ok) continue;
        sum += c->values[i] * hours;
        ++rows;
    }
    return rows ? nlohmann::json(sum) : nlohmann::json();
}

}  // namespace heatloop::web
