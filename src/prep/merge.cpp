#include "heatloop/prep/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "heatloop/core/error.hpp"

namespace heatloop::prep {

namespace {

void validate(const UnitFrame& base, const UnitFrame& update) {
    if (!base.unit_id().empty() && !update.unit_id().empty() && base.unit_id() != update.unit_id())
        throw InvalidInputError(fmt::format("merge: frames of different units: {} and {}",
                                            base.unit_id(), update.unit_id()));
    for (const UnitFrame* f : {&base, &update})
        if (f->rows() > 0 && f->step() <= 0)
            throw InvalidInputError(fmt::format(
                "merge unit {}: frames must be resampled onto a grid first ({} rows, no step)",
                f->unit_id(), f->rows()));
    if (base.rows() == 0 || update.rows() == 0) return;
    if (base.step() != update.step())
        throw InvalidInputError(fmt::format("merge unit {}: grid steps differ: {} vs {}",
                                            base.unit_id(), format_duration(base.step()),
                                            format_duration(update.step())));
    if ((update.time().front() - base.time().front()) % base.step() != 0)
        throw InvalidInputError(fmt::format(
            "merge unit {}: grids are offset: base starts {}, update starts {}, step {}",
            base.unit_id(), format_iso(base.time().front()), format_iso(update.time().front()),
            format_duration(base.step())));
}

// Marks in `has_data` (merged-grid cells) where `src` held data for `channel`: the cells of
// its grid, minus its gaps for that channel or for every channel.
void mark_data(const UnitFrame& src, std::string_view channel, std::size_t offset,
               std::vector<unsigned char>& has_data) {
    std::fill_n(has_data.begin() + static_cast<std::ptrdiff_t>(offset), src.rows(), 1);
    for (const auto& g : src.gaps()) {
        if (!g.channel.empty() && g.channel != channel) continue;
        const std::size_t b = src.lower_bound(g.start), e = src.lower_bound(g.end);
        for (std::size_t i = b; i < e; ++i) has_data[offset + i] = 0;
    }
}

}  // namespace

void merge_onto(UnitFrame& base, const UnitFrame& update) {
    validate(base, update);
    if (update.rows() == 0) {
        for (const auto& c : update.channels())
            if (base.find(c.name) == nullptr) {
                base.get_or_add(c.name);
                if (base.rows() > 0)
                    base.gaps().push_back(
                        GapSpan{base.time().front(), base.time().back() + base.step(), c.name});
            }
        return;
    }
    if (base.rows() == 0) {
        // Nothing stored yet: keep base's (empty) channels, take everything else from update.
        UnitFrame merged = update;
        if (merged.unit_id().empty()) merged.set_unit_id(base.unit_id());
        for (const auto& c : base.channels())
            if (merged.find(c.name) == nullptr) {
                merged.get_or_add(c.name);
                merged.gaps().push_back(
                    GapSpan{merged.time().front(), merged.time().back() + merged.step(), c.name});
            }
        base = std::move(merged);
        return;
    }

    const Duration step = base.step();
    const Timestamp start = std::min(base.time().front(), update.time().front());
    const Timestamp end = std::max(base.time().back(), update.time().back()) + step;  // exclusive
    const auto cells = static_cast<std::size_t>((end - start) / step);
    const auto base_off = static_cast<std::size_t>((base.time().front() - start) / step);
    const auto upd_off = static_cast<std::size_t>((update.time().front() - start) / step);

    UnitFrame merged(base.unit_id().empty() ? update.unit_id() : base.unit_id());
    merged.set_grid(start, step, cells);
    std::vector<std::string> names = base.channel_names();
    for (const auto& c : update.channels())
        if (base.find(c.name) == nullptr) names.push_back(c.name);

    std::vector<unsigned char> has_data(cells);
    for (const auto& name : names) {
        std::vector<double> values(cells, k_missing);
        std::fill(has_data.begin(), has_data.end(), 0);
        if (const Channel* b = base.find(name)) {
            std::copy(b->values.begin(), b->values.end(),
                      values.begin() + static_cast<std::ptrdiff_t>(base_off));
            mark_data(base, name, base_off, has_data);
        }
        if (const Channel* u = update.find(name)) {
            for (std::size_t i = 0; i < u->values.size(); ++i)
                if (!is_missing(u->values[i])) values[upd_off + i] = u->values[i];
            mark_data(update, name, upd_off, has_data);
        }
        // Gaps: maximal runs of cells that are missing and held no data in either frame.
        std::size_t run = cells;
        for (std::size_t i = 0; i <= cells; ++i) {
            const bool gap = i < cells && is_missing(values[i]) && has_data[i] == 0;
            if (gap && run == cells) run = i;
            if (!gap && run != cells) {
                merged.gaps().push_back(GapSpan{start + static_cast<Timestamp>(run) * step,
                                                start + static_cast<Timestamp>(i) * step, name});
                run = cells;
            }
        }
        merged.channels().push_back(Channel{name, std::move(values)});
    }
    base = std::move(merged);
}

}  // namespace heatloop::prep
