#include "heatloop/prep/resample.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

#include "heatloop/core/error.hpp"
#include "prep/huge_pages.hpp"

namespace heatloop::prep {

namespace {

constexpr std::size_t k_none = std::numeric_limits<std::size_t>::max();
// A year of millisecond cells is ~3.2e10; anything near that is a wrong --resample value,
// not a grid anyone wants allocated.
constexpr Timestamp k_max_cells = Timestamp{1} << 31;

Timestamp floor_to(Timestamp t, Duration step) {
    Timestamp q = t / step;
    if (t % step != 0 && t < 0) --q;
    return q * step;
}

void validate(const UnitFrame& raw, const ResampleOptions& o) {
    if (o.step <= 0)
        throw InvalidInputError(fmt::format("resample unit {}: step must be positive, got {} ms",
                                            raw.unit_id(), o.step));
    if (o.ffill_max_gap < 0)
        throw InvalidInputError(
            fmt::format("resample unit {}: ffill_max_gap must not be negative, got {} ms",
                        raw.unit_id(), o.ffill_max_gap));
    const auto& t = raw.time();
    for (std::size_t i = 1; i < t.size(); ++i)
        if (t[i] < t[i - 1])
            throw InvalidInputError(
                fmt::format("resample unit {}: times out of order at row {}: {} after {}",
                            raw.unit_id(), i, format_iso(t[i]), format_iso(t[i - 1])));
    for (const auto& c : raw.channels())
        if (c.values.size() != t.size())
            throw InternalError(
                fmt::format("resample unit {}: channel {} has {} values for {} times",
                            raw.unit_id(), c.name, c.values.size(), t.size()));
}

// Cells are processed in blocks so that a block's row bounds stay in cache while every
// channel walks it; each channel's fill state is carried from one block to the next.
constexpr std::size_t k_block = 4096;

struct ChannelState {
    double last = k_missing;     // last observed value
    std::size_t since = k_none;  // plain mode: cells filled since `last` (k_none: no value yet)
    bool holding = false;        // hold mode: `last` still holds
    std::size_t run = k_none;    // first cell of the current run of missing cells
    std::vector<std::pair<std::size_t, std::size_t>> gaps;  // finished runs [begin, end)
};

// The last non-missing value among raw rows [begin, end), or NaN.
inline double last_present(const double* src, std::size_t begin, std::size_t end) {
    while (end > begin) {
        const double v = src[--end];
        if (!is_missing(v)) return v;
    }
    return k_missing;
}

// Plain mode for cells [c0, c0 + n): each cell's last observation, forward-filled up to
// `limit` cells, which is exactly pandas resample().last().ffill(limit=limit). With
// `one_per_cell` every cell holds exactly one raw row (data already on the grid), row c0 + i
// is bounds[0] + i and the bounds need not be read.
template <bool one_per_cell>
void plain_block(const double* src, const std::size_t* bounds, std::size_t c0, std::size_t n,
                 std::size_t limit, double* dst, ChannelState& state) {
    double last = state.last;
    std::size_t since = state.since, run = state.run;
    const double* row = src + bounds[0];
    for (std::size_t i = 0; i < n; ++i) {
        const double v = one_per_cell ? row[i] : last_present(src, bounds[i], bounds[i + 1]);
        if (!is_missing(v)) {
            dst[i] = v;
            last = v;
            since = 0;
            if (run != k_none) {
                state.gaps.emplace_back(run, c0 + i);
                run = k_none;
            }
        } else if (since < limit) {
            dst[i] = last;
            ++since;
        } else {
            dst[i] = k_missing;
            if (run == k_none) run = c0 + i;
        }
    }
    state.last = last;
    state.since = since;
    state.run = run;
}

// Hold mode, second pass over a block whose observations are already in `dst`.
void hold_block(const unsigned char* alive, std::size_t c0, std::size_t n, double* dst,
                ChannelState& state) {
    for (std::size_t i = 0; i < n; ++i) {
        if (!is_missing(dst[i])) {
            state.last = dst[i];
            state.holding = true;
            if (state.run != k_none) {
                state.gaps.emplace_back(state.run, c0 + i);
                state.run = k_none;
            }
            continue;
        }
        state.holding = state.holding && alive[i] != 0;
        if (state.holding)
            dst[i] = state.last;
        else if (state.run == k_none)
            state.run = c0 + i;
    }
}

}  // namespace

UnitFrame resample(const UnitFrame& raw, const ResampleOptions& options) {
    validate(raw, options);
    const Duration step = options.step;
    const auto& time = raw.time();
    const std::size_t rows = time.size();

    UnitFrame out(raw.unit_id());
    if (rows == 0) {
        out.set_grid(0, step, 0);
        for (const auto& c : raw.channels()) out.channels().push_back(Channel{c.name, {}});
        return out;
    }

    const Timestamp origin = floor_to(time.front(), step);
    const Timestamp n_cells = (floor_to(time.back(), step) - origin) / step + 1;
    if (n_cells > k_max_cells)
        throw InvalidInputError(
            fmt::format("resample unit {}: {} to {} at step {} ms would need {} cells (limit {})",
                        raw.unit_id(), format_iso(time.front()), format_iso(time.back()), step,
                        n_cells, k_max_cells));
    const auto cells = static_cast<std::size_t>(n_cells);
    // The time axis, like the channels, is filled block by block below.
    out.set_grid(origin, step, 0);
    auto& grid_time = out.time();
    detail::reserve_large(grid_time, cells);

    const auto limit = static_cast<std::size_t>(options.ffill_max_gap / step);
    const bool hold = options.hold_while_reporting;
    auto& channels = out.channels();
    channels.reserve(raw.channels().size());
    for (const auto& c : raw.channels()) {
        channels.push_back(Channel{c.name, {}});
        // Grown block by block, so value-initialisation touches memory that is about to be
        // written anyway instead of costing a separate pass.
        detail::reserve_large(channels.back().values, cells);
    }
    std::vector<ChannelState> states(channels.size());
    std::vector<std::size_t> bounds(k_block + 1);  // rows of cell c0 + i: bounds[i] .. bounds[i+1]
    std::vector<unsigned char> alive(hold ? k_block : 0);
    std::size_t row = 0;
    std::size_t since_report = k_none;  // hold mode: cells since the unit last reported

    for (std::size_t c0 = 0; c0 < cells; c0 += k_block) {
        const std::size_t n = std::min(k_block, cells - c0);
        bounds[0] = row;
        std::size_t empty = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const Timestamp cell_end = origin + static_cast<Timestamp>(c0 + i + 1) * step;
            const std::size_t first = row;
            while (row < rows && time[row] < cell_end) ++row;
            bounds[i + 1] = row;
            empty += row == first;
        }
        const bool one_per_cell = empty == 0 && bounds[n] - bounds[0] == n;
        grid_time.resize(c0 + n);
        for (std::size_t i = 0; i < n; ++i)
            grid_time[c0 + i] = origin + static_cast<Timestamp>(c0 + i) * step;

        for (std::size_t k = 0; k < channels.size(); ++k) {
            auto& values = channels[k].values;
            values.resize(c0 + n);
            double* dst = values.data() + c0;
            const double* src = raw.channels()[k].values.data();
            if (hold) {
                for (std::size_t i = 0; i < n; ++i)
                    dst[i] = last_present(src, bounds[i], bounds[i + 1]);
            } else if (one_per_cell) {
                plain_block<true>(src, bounds.data(), c0, n, limit, dst, states[k]);
            } else {
                plain_block<false>(src, bounds.data(), c0, n, limit, dst, states[k]);
            }
        }
        if (!hold) continue;

        // A cell is alive when the unit's last report (an observation of any channel) is at
        // most `limit` cells back.
        std::fill_n(alive.begin(), n, 0);
        for (const auto& ch : channels)
            for (std::size_t i = 0; i < n; ++i)
                alive[i] |= static_cast<unsigned char>(!is_missing(ch.values[c0 + i]));
        for (std::size_t i = 0; i < n; ++i) {
            if (alive[i] != 0)
                since_report = 0;
            else if (since_report != k_none)
                ++since_report;
            alive[i] = static_cast<unsigned char>(since_report != k_none && since_report <= limit);
        }
        for (std::size_t k = 0; k < channels.size(); ++k)
            hold_block(alive.data(), c0, n, channels[k].values.data() + c0, states[k]);
    }
    // Gaps channel by channel, each channel's in time order.
    for (std::size_t k = 0; k < channels.size(); ++k) {
        auto& st = states[k];
        if (st.run != k_none) st.gaps.emplace_back(st.run, cells);
        for (const auto& [b, e] : st.gaps)
            out.gaps().push_back(GapSpan{origin + static_cast<Timestamp>(b) * step,
                                         origin + static_cast<Timestamp>(e) * step,
                                         channels[k].name});
    }
    return out;
}

}  // namespace heatloop::prep
