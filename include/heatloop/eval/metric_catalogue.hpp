#pragma once
/// One catalogue of every metric of every kind of model, built from the kinds' own field
/// lists (metric_fields(), forecast_metric_fields(), classification_metric_fields(),
/// disaggregation_metric_fields()), so that comparisons, the CLI and the web app read a
/// metric's direction instead of guessing it from its name.

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace heatloop::eval {

/// The kind of model a metric measures.
enum class MetricKind { detection, forecasting, classification, disaggregation };

/// "detection", "forecasting", "classification" or "disaggregation".
std::string_view kind_name(MetricKind kind);

/// One metric name and what is known about it.
struct MetricInfo {
    std::string_view name;          ///< stable name, the JSON key in that kind's results
    std::vector<MetricKind> kinds;  ///< every kind that reports it (e.g. rmse: forecasting
                                    ///< and disaggregation), in MetricKind order
    bool higher_is_better;          ///< direction, the same for every kind
    std::string_view description;   ///< one line (the first kind's wording)
};

/// Every metric, once per name: detection metrics in result order, then the forecasting,
/// classification and disaggregation metrics not already listed.
std::span<const MetricInfo> metric_catalogue();

/// The metric of that name, or nullptr. A scope prefix "micro/" or "macro/" (as run
/// tracking logs detector metrics) is ignored.
const MetricInfo* find_metric_info(std::string_view name);

/// The metric of that name (scope prefix ignored); throws InvalidInputError listing the
/// valid names.
const MetricInfo& metric_info(std::string_view name);

/// {"name", "kinds": [...], "higher_is_better", "description"}.
nlohmann::json to_json(const MetricInfo& info);

/// The whole catalogue as a JSON array, in metric_catalogue() order.
nlohmann::json metric_catalogue_json();

}  // namespace heatloop::eval
