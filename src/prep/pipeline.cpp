#include "heatloop/prep/pipeline.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <vector>

namespace heatloop::prep {

namespace {

ChannelCounts present_counts(const UnitFrame& frame) {
    ChannelCounts counts;
    for (const auto& ch : frame.channels()) counts[ch.name] = count_present(ch.values);
    return counts;
}

nlohmann::json counts_json(const ChannelCounts& counts) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [name, n] : counts) j[name] = n;
    return j;
}

nlohmann::json decisions_json(const std::vector<ConstantChannel>& list) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : list)
        j.push_back(
            {{"channel", c.channel}, {"reason", reason_name(c.reason)}, {"detail", c.detail}});
    return j;
}

// "t_supply 3, t_outdoor 1" for the nonzero counts, "none" when there are none.
std::string nonzero(const ChannelCounts& counts) {
    std::vector<std::string> parts;
    for (const auto& [name, n] : counts)
        if (n > 0) parts.push_back(fmt::format("{} {}", name, n));
    return parts.empty() ? std::string("none") : fmt::format("{}", fmt::join(parts, ", "));
}

std::string decisions_text(const std::vector<ConstantChannel>& list) {
    std::vector<std::string> parts;
    for (const auto& c : list)
        parts.push_back(fmt::format("{} ({}: {})", c.channel, reason_name(c.reason), c.detail));
    return parts.empty() ? std::string("none") : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

nlohmann::json PrepReport::to_json() const {
    return {{"unit", unit_id},
            {"rows", rows},
            {"steps",
             {{"out_of_range", counts_json(out_of_range)},
              {"robust_outliers", counts_json(robust_outliers)},
              {"constant_drop",
               {{"dropped", decisions_json(constant.dropped)},
                {"kept", decisions_json(constant.kept)}}}}},
            {"present_before", counts_json(present_before)},
            {"present_after", counts_json(present_after)}};
}

std::string PrepReport::summary() const {
    std::string s = fmt::format("unit {}: {} rows\n", unit_id, rows);
    s += fmt::format("  out of range removed:    {} ({} values)\n", nonzero(out_of_range),
                     total(out_of_range));
    s += fmt::format("  robust outliers removed: {} ({} values)\n", nonzero(robust_outliers),
                     total(robust_outliers));
    s += fmt::format("  constant channels dropped: {}\n", decisions_text(constant.dropped));
    if (!constant.kept.empty())
        s += fmt::format("  constant but kept:         {}\n", decisions_text(constant.kept));
    return s;
}

PrepReport preprocess(UnitFrame& frame, const PrepOptions& options) {
    PrepReport report;
    report.unit_id = frame.unit_id();
    report.rows = frame.rows();
    report.present_before = present_counts(frame);
    if (options.remove_out_of_range)
        report.out_of_range = remove_out_of_range(frame, options.range);
    if (options.remove_robust_outliers)
        report.robust_outliers = remove_robust_outliers(frame, options.robust);
    if (options.drop_constant) report.constant = drop_constant_channels(frame, options.constant);
    report.present_after = present_counts(frame);
    return report;
}

}  // namespace heatloop::prep
