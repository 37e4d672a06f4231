#include "heatloop/eval/metric_catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/eval/classification.hpp"
#include "heatloop/eval/disaggregation.hpp"
#include "heatloop/eval/forecast.hpp"
#include "heatloop/eval/metrics.hpp"

namespace heatloop::eval {

namespace {

constexpr std::array k_kinds{std::pair{MetricKind::detection, "detection"},
                             std::pair{MetricKind::forecasting, "forecasting"},
                             std::pair{MetricKind::classification, "classification"},
                             std::pair{MetricKind::disaggregation, "disaggregation"}};

template <class Field>
void add(std::vector<MetricInfo>& out, MetricKind kind, std::span<const Field> fields) {
    for (const Field& f : fields) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const MetricInfo& m) { return m.name == f.name; });
        if (it == out.end()) {
            out.push_back({f.name, {kind}, f.higher_is_better, f.description});
            continue;
        }
        // One name, one direction: a kind reusing a name must mean the same thing.
        if (it->higher_is_better != f.higher_is_better)
            throw InternalError(fmt::format("metric {}: {} and {} disagree on its direction",
                                            f.name, kind_name(it->kinds.front()), kind_name(kind)));
        it->kinds.push_back(kind);
    }
}

std::vector<MetricInfo> build() {
    std::vector<MetricInfo> out;
    add(out, MetricKind::detection, metric_fields());
    add(out, MetricKind::forecasting, forecast_metric_fields());
    add(out, MetricKind::classification, classification_metric_fields());
    add(out, MetricKind::disaggregation, disaggregation_metric_fields());
    return out;
}

std::string_view without_scope(std::string_view name) {
    for (std::string_view scope : {"micro/", "macro/"})
        if (name.starts_with(scope)) return name.substr(scope.size());
    return name;
}

}  // namespace

std::string_view kind_name(MetricKind kind) {
    return enum_name(k_kinds, kind);
}

std::span<const MetricInfo> metric_catalogue() {
    static const std::vector<MetricInfo> catalogue = build();
    return catalogue;
}

const MetricInfo* find_metric_info(std::string_view name) {
    const std::string_view bare = without_scope(name);
    for (const MetricInfo& m : metric_catalogue())
        if (m.name == bare) return &m;
    return nullptr;
}

const MetricInfo& metric_info(std::string_view name) {
    if (const MetricInfo* m = find_metric_info(name)) return *m;
    std::string valid;
    for (const MetricInfo& m : metric_catalogue())
        valid += (valid.empty() ? "" : ", ") + std::string(m.name);
    throw InvalidInputError(fmt::format("unknown metric '{}' (valid: {})", name, valid));
}

nlohmann::json to_json(const MetricInfo& info) {
    nlohmann::json kinds = nlohmann::json::array();
    for (MetricKind k : info.kinds) kinds.push_back(std::string(kind_name(k)));
    return {{"name", std::string(info.name)},
            {"kinds", std::move(kinds)},
            {"higher_is_better", info.higher_is_better},
            {"description", std::string(info.description)}};
}

nlohmann::json metric_catalogue_json() {
    nlohmann::json out = nlohmann::json::array();
    for (const MetricInfo& m : metric_catalogue()) out.push_back(to_json(m));
    return out;
}

}  // namespace heatloop::eval
