#include "heatloop/eval/affiliation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/range_based.hpp"

// A port of the `affiliation` package (Huet et al.) as shipped in TSB-AD 1.5: the same case
// analysis, in the same order, so that results agree to rounding. Zero-length pieces, which
// the Python code sometimes keeps, contribute 0 there as here, so they are dropped.

namespace heatloop::eval {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

using Piece = std::optional<EventInterval>;

double length(const EventInterval& e) {
    return e.stop - e.start;
}

Piece intersection(const EventInterval& i, const EventInterval& j) {
    const EventInterval r{std::max(i.start, j.start), std::min(i.stop, j.stop)};
    if (r.start >= r.stop) return std::nullopt;
    return r;
}

// `cut_into_three_func`: the parts of I before J, inside J and after J.
struct Three {
    Piece before, inside, after;
};

Three cut_into_three(const EventInterval& i, const EventInterval& j) {
    const Piece in = intersection(i, j);
    if (in && in->start == i.start && in->stop == i.stop) return {std::nullopt, in, std::nullopt};
    if (i.stop <= j.start) return {i, std::nullopt, std::nullopt};
    if (i.start >= j.stop) return {std::nullopt, std::nullopt, i};
    Piece before, after;
    if (i.start < in->start) before = EventInterval{i.start, in->start};
    if (in->stop < i.stop) after = EventInterval{in->stop, i.stop};
    return {before, in, after};
}

// `integral_mini_interval_Pprecision_CDFmethod`: the integral over I (outside J) of the
// survival function of d(x, J) for x uniform in E.
double precision_outside(const EventInterval& i, const EventInterval& j, const EventInterval& e) {
    const double d_min = std::max(i.start - j.stop, j.start - i.stop);
    const double d_max = std::max(i.stop - j.stop, j.start - i.start);
    const double m = std::min(j.start - e.start, e.stop - j.stop);
    const double a = std::pow(std::min(d_max, m), 2) - std::pow(std::min(d_min, m), 2);
    const double b = std::max(d_max, m) - std::max(d_min, m);
    const double min_piece = 0.5 * a + m * b;
    const double linear_piece = 0.5 * (d_max * d_max - d_min * d_min);
    const double remaining_piece = (j.stop - j.start) * (i.stop - i.start);
    return length(i) - (1.0 / length(e)) * (min_piece + linear_piece + remaining_piece);
}

// `integral_interval_probaCDF_precision`.
double precision_integral(const EventInterval& i, const EventInterval& j, const EventInterval& e) {
    const Three c = cut_into_three(i, j);
    double out = 0.0;
    out += c.before ? precision_outside(*c.before, j, e) : 0.0;
    out += c.inside ? length(*c.inside) : 0.0;
    out += c.after ? precision_outside(*c.after, j, e) : 0.0;
    return out;
}

// `cut_J_based_on_mean_func`.
std::pair<Piece, Piece> cut_at(const Piece& j, double mean) {
    if (!j) return {std::nullopt, std::nullopt};
    if (mean >= j->stop) return {j, std::nullopt};
    if (mean <= j->start) return {std::nullopt, j};
    return {EventInterval{j->start, mean}, EventInterval{mean, j->stop}};
}

// `integral_mini_interval_Precall_CDFmethod`: the integral over J (outside I) of the
// survival function of d(y, I) for y's random counterpart uniform in E.
double recall_outside(const EventInterval& i, const EventInterval& j, const EventInterval& e) {
    const double pivot = j.stop <= i.start ? i.start : i.stop;
    if (pivot <= e.start || pivot >= e.stop) return 0.0;
    const double e_mean = (e.start + e.stop) / 2.0;
    const auto [j_before, j_after] = cut_at(j, e_mean);
    const auto [bb, ba] = cut_at(j_before, (e.start + pivot) / 2.0);  // close to E, close to I
    const auto [ab, aa] = cut_at(j_after, (e.stop + pivot) / 2.0);    // close to I, close to E
    auto span = [](const Piece& x) { return x->stop - x->start; };
    auto squares = [](const Piece& x) { return x->stop * x->stop - x->start * x->start; };
    double sum = 0.0;
    if (pivot >= j.stop) {
        if (bb) sum += (pivot - e.start) * span(bb);
        if (ba) sum += 2 * pivot * span(ba) - squares(ba);
        if (ab) sum += 2 * pivot * span(ab) - squares(ab);
        if (aa) sum += (e.stop + pivot) * span(aa) - squares(aa);
    } else {
        if (bb) sum += squares(bb) - (e.start + pivot) * span(bb);
        if (ba) sum += squares(ba) - 2 * pivot * span(ba);
        if (ab) sum += squares(ab) - 2 * pivot * span(ab);
        if (aa) sum += (e.stop - pivot) * span(aa);
    }
    return length(j) - (1.0 / length(e)) * sum;
}

// `integral_interval_probaCDF_recall`: J cut by its position relative to I.
double recall_integral(const EventInterval& i, const Piece& j, const EventInterval& e) {
    if (!j) return 0.0;
    const Three c = cut_into_three(*j, i);
    double out = 0.0;
    out += c.before ? recall_outside(i, *c.before, e) : 0.0;
    out += c.inside ? length(*c.inside) : 0.0;
    out += c.after ? recall_outside(i, *c.after, e) : 0.0;
    return out;
}

// `get_all_E_gt_func`: the zone of each event, bounded by midpoints and by `range`
// mirrored at its ends.
std::vector<EventInterval> zones(std::span<const EventInterval> events,
                                 const EventInterval& range) {
    std::vector<EventInterval> out;
    const std::size_t n = events.size();
    for (std::size_t k = 0; k < n; ++k) {
        const double prev_stop = k == 0 ? 2 * range.start - events[0].start : events[k - 1].stop;
        const double next_start =
            k + 1 == n ? 2 * range.stop - events[n - 1].stop : events[k + 1].start;
        out.push_back({(prev_stop + events[k].start) / 2, (events[k].stop + next_start) / 2});
    }
    return out;
}

void check_events(std::span<const EventInterval> events, const EventInterval& range,
                  const char* what) {
    for (std::size_t k = 0; k < events.size(); ++k) {
        const EventInterval& e = events[k];
        if (!(e.start < e.stop))
            throw InvalidInputError(fmt::format("affiliation: {} event {} [{}, {}) is empty", what,
                                                k, e.start, e.stop));
        if (k > 0 && !(events[k - 1].stop < e.start))
            throw InvalidInputError(
                fmt::format("affiliation: {} events {} and {} overlap, touch or are not sorted",
                            what, k - 1, k));
        if (e.start < range.start || e.stop > range.stop)
            throw InvalidInputError(
                fmt::format("affiliation: {} event {} [{}, {}) is outside [{}, {})", what, k,
                            e.start, e.stop, range.start, range.stop));
    }
}

std::vector<EventInterval> events_of(std::span<const std::uint8_t> mask) {
    std::vector<EventInterval> out;
    for (const IndexRange& r : runs_of(mask))
        out.push_back({static_cast<double>(r.first), static_cast<double>(r.last + 1)});
    return out;
}

}  // namespace

AffiliationSums& AffiliationSums::operator+=(const AffiliationSums& o) {
    precision_sum += o.precision_sum;
    precision_events += o.precision_events;
    recall_sum += o.recall_sum;
    recall_events += o.recall_events;
    return *this;
}

double AffiliationSums::precision() const {
    return precision_events > 0 ? precision_sum / static_cast<double>(precision_events) : k_nan;
}

double AffiliationSums::recall() const {
    return recall_events > 0 ? recall_sum / static_cast<double>(recall_events) : k_nan;
}

AffiliationSums affiliation_sums(std::span<const EventInterval> truth,
                                 std::span<const EventInterval> predicted, EventInterval range) {
    check_events(truth, range, "ground-truth");
    check_events(predicted, range, "predicted");
    AffiliationSums s;
    const auto gt_zones = zones(truth, range);
    std::size_t first = 0;  // first prediction that can reach the current zone
    for (std::size_t k = 0; k < truth.size(); ++k) {
        const EventInterval& j = truth[k];
        const EventInterval& e = gt_zones[k];
        // The predictions cut to the zone (predictions are sorted and zones ascend).
        while (first < predicted.size() && predicted[first].stop <= e.start) ++first;
        std::vector<EventInterval> is;
        for (std::size_t q = first; q < predicted.size() && predicted[q].start < e.stop; ++q)
            if (const Piece c = intersection(predicted[q], e)) is.push_back(*c);
        ++s.recall_events;
        if (is.empty()) continue;  // precision undefined, recall 0
        double num = 0.0, den = 0.0;
        for (const EventInterval& i : is) num += precision_integral(i, j, e), den += length(i);
        s.precision_sum += num / den;
        ++s.precision_events;
        // Recall: J split among the zones of the predictions (inside E).
        const auto pred_zones = zones(is, e);
        double r = 0.0;
        for (std::size_t q = 0; q < is.size(); ++q)
            r += recall_integral(is[q], intersection(j, pred_zones[q]), e);
        s.recall_sum += r / length(j);
    }
    return s;
}

AffiliationSums affiliation_sums(std::span<const std::uint8_t> truth,
                                 std::span<const std::uint8_t> predicted) {
    if (truth.size() != predicted.size())
        throw InvalidInputError(fmt::format("affiliation: {} truth samples but {} predictions",
                                            truth.size(), predicted.size()));
    const auto t = events_of(truth), p = events_of(predicted);
    return affiliation_sums(t, p, {0.0, static_cast<double>(truth.size())});
}

}  // namespace heatloop::eval
