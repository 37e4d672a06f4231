#include "heatloop/eval/classification.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/ranking.hpp"

namespace heatloop::eval {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

double ratio(double num, double den) {
    return den > 0 ? num / den : k_nan;
}

constexpr MetricFieldOf<ClassificationMetrics> k_fields[] = {
    {"accuracy", &ClassificationMetrics::accuracy, true, "share of correct predictions"},
    {"balanced_accuracy", &ClassificationMetrics::balanced_accuracy, true,
     "mean of the recalls of the classes present"},
    {"f1", &ClassificationMetrics::f1, true, "F1 of the positive class at the threshold"},
    {"roc_auc", &ClassificationMetrics::roc_auc, true,
     "area under the ROC curve of the probabilities"},
    {"pr_auc", &ClassificationMetrics::pr_auc, true, "average precision of the probabilities"},
    {"brier", &ClassificationMetrics::brier, false,
     "Brier score: mean squared error of the probabilities"},
};

}  // namespace

ClassificationMetrics classification_metrics(std::span<const double> prob,
                                             std::span<const std::uint8_t> truth,
                                             double threshold) {
    if (prob.size() != truth.size())
        throw InvalidInputError(
            fmt::format("classification metrics: {} probabilities but {} "
                        "truth values",
                        prob.size(), truth.size()));
    if (!std::isfinite(threshold))
        throw InvalidInputError(
            fmt::format("classification metrics: threshold must be finite, got {}", threshold));
    ClassificationMetrics m;
    m.threshold = threshold;
    std::vector<double> scores;
    std::vector<std::uint8_t> positive;
    double squared = 0.0;
    ConfusionMatrix& c = m.confusion;
    for (std::size_t i = 0; i < prob.size(); ++i) {
        if (truth[i] > 1)
            throw InvalidInputError(fmt::format(
                "classification metrics: truth {} is {}, expected 0 or 1", i, int{truth[i]}));
        if (std::isnan(prob[i])) continue;
        if (prob[i] < 0.0 || prob[i] > 1.0)
            throw InvalidInputError(
                fmt::format("classification metrics: probability {} is {}, expected one in [0, 1]",
                            i, prob[i]));
        const bool y = truth[i] == 1, p = prob[i] >= threshold;
        (p ? (y ? c.tp : c.fp) : (y ? c.fn : c.tn)) += 1;
        squared += (prob[i] - (y ? 1.0 : 0.0)) * (prob[i] - (y ? 1.0 : 0.0));
        scores.push_back(prob[i]);
        positive.push_back(truth[i]);
    }
    m.n = scores.size();
    const auto d = [](std::size_t v) { return static_cast<double>(v); };
    const double n = d(m.n);
    m.accuracy = ratio(d(c.tp + c.tn), n);
    // Classes absent from the truth have no recall and are left out (as scikit-learn).
    const double tpr = ratio(d(c.tp), d(c.tp + c.fn)), tnr = ratio(d(c.tn), d(c.tn + c.fp));
    m.balanced_accuracy = std::isnan(tpr) ? tnr : std::isnan(tnr) ? tpr : (tpr + tnr) / 2.0;
    m.f1 = ratio(2.0 * d(c.tp), d(2 * c.tp + c.fp + c.fn));
    m.roc_auc = roc_auc(scores, positive);
    m.pr_auc = average_precision(scores, positive);
    m.brier = ratio(squared, n);
    return m;
}

std::span<const MetricFieldOf<ClassificationMetrics>> classification_metric_fields() {
    return k_fields;
}

nlohmann::json to_json(const ClassificationMetrics& m) {
    const ConfusionMatrix& c = m.confusion;
    nlohmann::json j = {{"n", m.n},
                        {"threshold", m.threshold},
                        {"confusion", {{"tp", c.tp}, {"fp", c.fp}, {"tn", c.tn}, {"fn", c.fn}}}};
    for (const auto& f : k_fields) {
        const double v = m.*f.member;
        j[std::string(f.name)] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
    }
    return j;
}

}  // namespace heatloop::eval
