#include "heatloop/eval/compare.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"

namespace heatloop::eval {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// A uniform index in [0, n) without modulo bias, independent of the standard library's
// distributions (which differ between implementations).
std::size_t draw(std::mt19937_64& rng, std::size_t n) {
    const std::uint64_t bound = static_cast<std::uint64_t>(n);
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                std::numeric_limits<std::uint64_t>::max() % bound;
    std::uint64_t x;
    do x = rng();
    while (x >= limit);
    return static_cast<std::size_t>(x % bound);
}

}  // namespace

PairedComparison compare_paired(std::string_view metric, bool higher_is_better,
                                const std::map<std::string, double>& baseline,
                                const std::map<std::string, double>& candidate,
                                const CompareOptions& options) {
    if (!(options.confidence > 0.0 && options.confidence < 1.0))
        throw InvalidInputError(
            fmt::format("compare: confidence must be in (0, 1), got {}", options.confidence));
    if (options.bootstrap_samples == 0)
        throw InvalidInputError("compare: bootstrap_samples must be at least 1");
    PairedComparison c;
    c.metric = std::string(metric);
    c.higher_is_better = higher_is_better;
    c.options = options;
    for (const auto& [unit, b] : baseline) {
        auto it = candidate.find(unit);
        if (it == candidate.end()) {
            ++c.only_in_baseline;
            continue;
        }
        if (std::isnan(b) || std::isnan(it->second)) {
            ++c.undefined;
            continue;
        }
        c.deltas.push_back({unit, b, it->second, it->second - b});
    }
    for (const auto& [unit, _] : candidate) c.only_in_candidate += !baseline.contains(unit);

    std::vector<double> d;
    for (const UnitDelta& u : c.deltas) {
        d.push_back(u.delta);
        const double better = higher_is_better ? u.delta : -u.delta;
        (better > 0 ? c.improved : better < 0 ? c.worse : c.unchanged) += 1;
    }
    c.mean_delta = mean(d);
    c.median_delta = quantile(d, 0.5);
    c.wilcoxon = wilcoxon_signed_rank(d);
    if (d.empty()) {
        c.ci_low = c.ci_high = k_nan;
        return c;
    }
    std::mt19937_64 rng(options.seed);
    std::vector<double> means(options.bootstrap_samples);
    for (double& m : means) {
        double sum = 0.0;
        for (std::size_t i = 0; i < d.size(); ++i) sum += d[draw(rng, d.size())];
        m = sum / static_cast<double>(d.size());
    }
    const double tail = (1.0 - options.confidence) / 2.0;
    const double qs[] = {tail, 1.0 - tail};
    const auto ci = quantiles(means, qs);
    c.ci_low = ci[0];
    c.ci_high = ci[1];
    return c;
}

std::map<std::string, double> per_unit_metric(const EvaluationResult& r, std::string_view metric) {
    const MetricField& f = find_metric(metric);
    std::map<std::string, double> out;
    for (const UnitEvaluation& u : r.units) out[u.unit_id] = u.metrics.*f.member;
    return out;
}

std::map<std::string, double> per_unit_metric(const nlohmann::json& r, std::string_view metric) {
    find_metric(metric);
    if (!r.is_object() || !r.contains("units") || !r["units"].is_array())
        throw InvalidInputError("compare: the evaluation document has no 'units' list");
    std::map<std::string, double> out;
    for (const auto& u : r["units"]) {
        const auto& v = u.at("metrics").at(std::string(metric));
        out[u.at("unit_id").get<std::string>()] = v.is_number() ? v.get<double>() : k_nan;
    }
    return out;
}

PairedComparison compare_runs(const EvaluationResult& baseline, const EvaluationResult& candidate,
                              std::string_view metric, const CompareOptions& options) {
    const MetricField& f = find_metric(metric);
    return compare_paired(metric, f.higher_is_better, per_unit_metric(baseline, metric),
                          per_unit_metric(candidate, metric), options);
}

}  // namespace heatloop::eval
