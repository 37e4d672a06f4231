#pragma once
/// isolation_forest: an isolation forest over trailing-window features (mean/std/min/max/last
/// of chosen channels); score 2^(-E[h]/c(psi)) per row, NaN where the window lacks data.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/detector.hpp"
#include "heatloop/models/detectors/iforest_core.hpp"

namespace heatloop::models {

/// Isolation forest detector on windowed channel features.
class IsolationForestDetector final : public Detector {
public:
    static constexpr std::string_view k_name = "isolation_forest";
    static constexpr std::string_view k_summary =
        "isolation forest (Liu et al. 2008) on trailing-window features of chosen channels";
    /// The parameter table.
    static std::span<const ParamSpec> param_specs();

    IsolationForestDetector();

    /// The fitted forest (empty before fit/load).
    const IsolationForest& forest() const noexcept { return forest_; }
    /// Feature names, "<channel>.<stat>", in matrix column order.
    std::vector<std::string> feature_names() const;

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_score(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    std::vector<double> features(const UnitFrame& unit) const;

    IForestOptions options_;
    std::vector<std::string> channels_;
    std::vector<std::string> stats_;
    double min_coverage_ = 0.5;
    int fit_stride_ = 1;
    IsolationForest forest_;
};

}  // namespace heatloop::models
