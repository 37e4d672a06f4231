#pragma once
/// VUS-ROC and VUS-PR: the volume under range-based ROC and PR surfaces (Paparrizos, Boniol,
/// Palpanas, Tsay, Elmore, Franklin: "Volume Under the Surface", VLDB 2022), the metrics the
/// TSB-AD benchmark recommends (Liu & Paparrizos: "The Elephant in the Room: Towards A
/// Reliable Time-Series Anomaly Detection Benchmark", NeurIPS 2024). Computed exactly as
/// TSB-AD 1.5 computes them in `TSB_AD.evaluation.metrics.get_metrics` (its defaults:
/// slidingWindow = 100, version = "opt", thre = 250, i.e.
/// `basic_metricor().RangeAUC_volume_opt`), but without materialising a label copy per
/// (window, threshold) pair.

#include <cstddef>
#include <cstdint>
#include <span>

namespace heatloop::eval {

/// The settings of VUS; the defaults are TSB-AD's `get_metrics` defaults.
struct VusOptions {
    std::size_t sliding_window = 100;  ///< largest buffer length L; buffers 0..L are averaged
    std::size_t thresholds = 250;      ///< score thresholds per curve (>= 1)
};

/// VUS-ROC and VUS-PR of one series; NaN when undefined.
struct Vus {
    double roc;  ///< mean over buffers of the range-ROC area (higher is better)
    double pr;   ///< mean over buffers of the range average precision (higher is better)
};

/// VUS of `scores` against the 0/1 `positive` mask of the same samples, in series order.
///
/// For each buffer length w in 0..sliding_window, every labelled run [s, e] is widened by
/// w/2 samples on each side with soft labels sqrt(1 - d/w) at distance d (overlaps summed and
/// capped at 1); at each of `thresholds` thresholds (the sorted scores at
/// numpy.linspace(0, n - 1, thresholds) positions, prediction = score >= threshold):
/// TP = predicted run samples + soft labels of predicted buffer samples, P' = P + (soft
/// labels of predicted buffer samples) / 2, TPR = min(TP / P', 1) * (share of widened runs
/// with a prediction), FPR = (predicted - TP) / (n - P'), precision = TP / predicted. The
/// ROC area (trapezoids from (0, 0) to (1, 1)) and the average precision (sum of TPR
/// steps times precision) are averaged over the buffers.
///
/// Cost: O(n log n) to sort, then per buffer O(C + Z log Z + R log R + thresholds), where
/// C <= n is the number of samples within w/2 of a run, Z <= C those outside the runs and
/// R the number of runs; for the defaults that is about 101 passes over the labelled
/// neighbourhood, not over the series, so a 500k-sample unit costs a sort plus
/// milliseconds. Memory O(n).
///
/// NaN without a positive or without a negative sample (TSB-AD fails or divides 0 by 0
/// there). Throws InvalidInputError when the lengths differ, a score is NaN (VUS needs every
/// sample in order; drop unscored samples first) or thresholds is 0.
Vus vus(std::span<const double> scores, std::span<const std::uint8_t> positive,
        const VusOptions& options = {});

}  // namespace heatloop::eval
