#include "heatloop/runner/run_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::runner {

namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw NotFoundError(fmt::format("{}: no such file", file.string()));
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInputError(fmt::format("{}: not valid JSON: {}", file.string(), e.what()));
    }
}

namespace {

// Spans where every channel is missing (channel ""), merged with the score's own gaps.
std::vector<eval::Interval> whole_row_gaps(const UnitFrame& f) {
    std::vector<eval::Interval> out;
    for (const GapSpan& g : f.gaps())
        if (g.channel.empty() && g.end > g.start) out.push_back({g.start, g.end});
    return out;
}

}  // namespace

std::string score_channel_name(std::string_view name) {
    return fmt::format("score.{}", name);
}

std::vector<ChannelShare> alarm_channels(const UnitFrame& output, const alarms::AlarmEvent& alarm) {
    const std::size_t b = output.lower_bound(alarm.start), e = output.lower_bound(alarm.end);
    constexpr std::string_view prefix = "score.";
    std::vector<ChannelShare> out;
    for (const Channel& c : output.channels()) {
        if (!c.name.starts_with(prefix)) continue;
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t i = b; i < e && i < c.values.size(); ++i)
            if (!is_missing(c.values[i])) {
                sum += std::abs(c.values[i]);
                ++n;
            }
        if (n) out.push_back({c.name.substr(prefix.size()), sum / static_cast<double>(n)});
    }
    std::stable_sort(out.begin(), out.end(), [](const ChannelShare& x, const ChannelShare& y) {
        return x.mean_abs > y.mean_abs;
    });
    return out;
}

std::vector<AlarmAttribution> alarm_attributions(const fs::path& run_dir) {
    const RunOutputs outputs = read_run_outputs(run_dir);  // checks the layout and the alarms
    std::map<std::string, std::string> files;
    for (const nlohmann::json& u : outputs.summary.at("units"))
        files[u.at("unit_id").get<std::string>()] = u.at("file").get<std::string>();
    std::map<std::string, UnitFrame> frames;
    std::vector<AlarmAttribution> out;
    for (const nlohmann::json& a : read_json(run_dir / "alarms.json")) {
        AlarmAttribution r{alarms::alarm_from_json(a), {}};
        auto file = files.find(r.alarm.unit_id);
        if (file != files.end()) {
            auto [it, added] = frames.try_emplace(r.alarm.unit_id);
            if (added) it->second = io::read_frame_file(run_dir / file->second);
            r.channels = alarm_channels(it->second, r.alarm);
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string unit_output_path(const std::string& unit_id) {
    return "outputs/" + io::escape_file_name(unit_id) + ".hlf";
}

eval::UnitData unit_data(const UnitOutput& output, std::vector<alarms::AlarmEvent> alarms) {
    const UnitFrame& f = output.frame;
    eval::UnitData u;
    u.unit_id = output.unit_id;
    u.unit_type = output.unit_type;
    u.time = f.time();
    u.step = f.step();
    u.scores = f.at("score").values;
    u.alarms = std::move(alarms);
    u.gaps = whole_row_gaps(f);
    if (const Channel* m = f.find("mode")) u.mode = m->values;
    if (const Channel* t = f.find("t_outdoor")) u.outdoor_temp = t->values;
    return u;
}

RunOutputs read_run_outputs(const fs::path& run_dir) {
    const fs::path summary_file = run_dir / "summary.json";
    std::error_code ec;
    if (!fs::exists(summary_file, ec))
        throw NotFoundError(
            fmt::format("{}: the run has no stored outputs (it may have failed before scoring)",
                        run_dir.string()));
    RunOutputs out;
    out.summary = read_json(summary_file);
    if (out.summary.is_object() && out.summary.value("kind", "detector") != "detector")
        throw NotFoundError(fmt::format(
            "{}: the run is a {} run: it has no scores or alarms to evaluate against labels "
            "(its metrics are in evaluation.json)",
            run_dir.string(), out.summary.value("kind", "")));
    try {
        if (out.summary.at("format_version").get<int>() > k_run_outputs_format)
            throw IoError(fmt::format("{}: written by a newer heatloop (format {})",
                                      summary_file.string(),
                                      out.summary.at("format_version").get<int>()));
        out.policy = alarms::policy_from_json(out.summary.at("alarm_policy"));
        out.options = eval::options_from_json(out.summary.at("evaluation_options"));
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInputError(fmt::format("{}: {}", summary_file.string(), e.what()));
    }
    std::map<std::string, std::vector<alarms::AlarmEvent>> by_unit;
    for (const nlohmann::json& a : read_json(run_dir / "alarms.json")) {
        alarms::AlarmEvent e = alarms::alarm_from_json(a);
        by_unit[e.unit_id].push_back(std::move(e));
    }
    for (const nlohmann::json& u : out.summary.at("units")) {
        UnitOutput o;
        o.unit_id = u.at("unit_id").get<std::string>();
        o.unit_type = u.value("unit_type", "");
        o.threshold = u.value("threshold", 0.0);
        o.frame = io::read_frame_file(run_dir / u.at("file").get<std::string>());
        out.units.push_back(unit_data(o, std::move(by_unit[o.unit_id])));
    }
    return out;
}

}  // namespace heatloop::runner
