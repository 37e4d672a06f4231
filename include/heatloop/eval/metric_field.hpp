#pragma once
/// One named metric of a metrics struct: its stable name (the JSON key), where it lives in
/// the struct, its direction and a one-line description. Each kind of evaluation (detection,
/// forecasting, classification, disaggregation) lists its fields once; JSON, comparisons and
/// the metric catalogue read them.

#include <string_view>

namespace heatloop::eval {

/// A metric of the struct `M`.
template <class M>
struct MetricFieldOf {
    std::string_view name;         ///< stable name, the JSON key
    double M::*member;             ///< where the value lives in M
    bool higher_is_better;         ///< direction, for comparisons and leaderboards
    std::string_view description;  ///< one line: what it measures
};

}  // namespace heatloop::eval
