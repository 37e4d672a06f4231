#include "runner/split.hpp"

#include <fmt/format.h>
#include <algorithm>

#include <cmath>
#include <numeric>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/prep/split.hpp"

namespace heatloop::runner {

namespace {

// The rows of `time` in [start, end).
RowRange rows_between(std::span<const Timestamp> time, Timestamp start, Timestamp end) {
    auto b = std::lower_bound(time.begin(), time.end(), start);
    auto e = std::lower_bound(time.begin(), time.end(), end);
    return {static_cast<std::size_t>(b - time.begin()), static_cast<std::size_t>(e - time.begin())};
}

}  // namespace

UnitPlan plan_unit(const UnitFrame& unit, const DataSpec& data) {
    UnitPlan p{unit.unit_id(), {}, {}, {}, 0};
    const std::size_t n = unit.rows();
    switch (data.split) {
        case SplitKind::time:
        case SplitKind::dates: {
            prep::SplitOptions o;
            if (data.split == SplitKind::time) {
                o.train_fraction = data.train_fraction;
                o.train_rows = data.train_rows;
            } else {
                o.train_start = data.train_start;
                o.train_end = data.train_end;
                o.test_start = data.eval_start;
                o.test_end = data.eval_end;
            }
            const prep::SplitRanges r = prep::make_split(unit, o);
            p.train = rows_between(unit.time(), r.train_start, r.train_end);
            p.eval = rows_between(unit.time(), r.test_start, r.test_end);
            break;
        }
        case SplitKind::units: {
            const bool left_out = std::find(data.eval_units.begin(), data.eval_units.end(),
                                            unit.unit_id()) != data.eval_units.end();
            (left_out ? p.eval : p.train) = {0, n};
            break;
        }
        case SplitKind::unit_folds:  // folds are dealt in plan_run
        case SplitKind::none:
            p.train = p.eval = {0, n};
            break;
    }
    if (data.calibration_fraction > 0.0 && !p.train.empty()) {
        const auto held = static_cast<std::size_t>(
            std::ceil(data.calibration_fraction * static_cast<double>(p.train.size())));
        p.calibration = {p.train.end - std::min(held, p.train.size()), p.train.end};
        p.train.end = p.calibration.begin;
    }
    return p;
}

std::vector<std::string> resolve_run_units(const RunConfig& config, const io::Workspace& ws) {
    std::vector<std::string> ids = config.data.units;
    if (config.kind == models::ModelKind::disaggregator) {  // the units are households' meters
        const auto meters = ws.meter_ids();
        if (ids.empty()) ids = meters;
        if (ids.empty())
            throw InvalidInputError(fmt::format(
                "workspace {} has no smart-meter data; a disaggregator trains on households' "
                "meters (ingest a smartmeter or household_meter file first)",
                ws.root().string()));
        for (const std::string& id : ids)
            if (std::find(meters.begin(), meters.end(), id) == meters.end())
                throw NotFoundError(
                    fmt::format("data.units: no meter '{}' in workspace {} (meters: {})", id,
                                ws.root().string(), fmt::join(meters, ", ")));
    } else if (ids.empty()) {
        for (const std::string& id : ws.unit_ids())
            if (ws.unit(id).data.rows > 0) ids.push_back(id);
        if (ids.empty())
            throw InvalidInputError(
                fmt::format("workspace {} has no unit with sensor data; ingest some first",
                            ws.root().string()));
    }
    for (const std::string& id :
         config.kind == models::ModelKind::disaggregator ? std::vector<std::string>{} : ids) {
        if (!ws.has_unit(id))
            throw NotFoundError(fmt::format("data.units: no unit '{}' in workspace {} (units: {})",
                                            id, ws.root().string(),
                                            fmt::join(ws.unit_ids(), ", ")));
        if (ws.unit(id).data.rows == 0)
            throw InvalidInputError(fmt::format("data.units: unit '{}' has no sensor data", id));
    }
    for (const std::string& id : config.data.eval_units)
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw InvalidInputError(
                fmt::format("data.eval_units: '{}' is not among the run's units ({})", id,
                            fmt::join(ids, ", ")));
    return ids;
}

RunPlan plan_run(std::vector<UnitPlan> units, const RunConfig& config) {
    RunPlan plan;
    plan.units = std::move(units);
    const std::size_t n = plan.units.size();
    auto trains = [&](std::size_t i) { return !plan.units[i].train.empty(); };
    if (config.scope == ModelScope::unit) {
        for (std::size_t i = 0; i < n; ++i) {
            plan.units[i].model = plan.models.size();
            plan.models.push_back({"unit-" + plan.units[i].unit_id, {}});
            if (trains(i)) plan.models.back().train.push_back(i);
        }
    } else if (config.data.split == SplitKind::unit_folds) {
        const auto folds = static_cast<std::size_t>(config.data.folds);
        if (n < folds)
            throw InvalidInputError(fmt::format(
                "data.folds = {} needs at least as many units; the run has {}", folds, n));
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), 0);
        Rng rng(config.seed);  // std::shuffle's result is library-specific: Fisher-Yates
        for (std::size_t i = n; i > 1; --i)
            std::swap(order[i - 1], order[static_cast<std::size_t>(
                                        rng.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
        std::vector<std::size_t> fold_of(n);
        for (std::size_t k = 0; k < n; ++k) fold_of[order[k]] = k % folds;
        for (std::size_t f = 0; f < folds; ++f) {
            plan.models.push_back({fmt::format("fold-{}", f + 1), {}});
            for (std::size_t i = 0; i < n; ++i) {
                if (fold_of[i] == f)
                    plan.units[i].model = f;
                else if (trains(i))
                    plan.models.back().train.push_back(i);
            }
        }
    } else {
        plan.models.push_back({"fleet", {}});
        for (std::size_t i = 0; i < n; ++i)
            if (trains(i)) plan.models.back().train.push_back(i);
    }
    for (const ModelPlan& m : plan.models)
        if (m.train.empty())
            throw InvalidInputError(
                fmt::format("model {}: no unit has training data under data.split = \"{}\"", m.key,
                            split_name(config.data.split)));
    return plan;
}

UnitFrame training_frame(const UnitFrame& frame, RowRange r, std::span<const GapSpan> masked,
                         std::size_t& masked_rows) {
    UnitFrame out = frame.slice(r.begin, r.end);
    masked_rows = 0;
    for (const GapSpan& span : masked) {
        const std::size_t b = out.lower_bound(span.start), e = out.lower_bound(span.end);
        if (e <= b) continue;
        for (Channel& c : out.channels())
            std::fill(c.values.begin() + static_cast<std::ptrdiff_t>(b),
                      c.values.begin() + static_cast<std::ptrdiff_t>(e), k_missing);
        masked_rows += e - b;  // overlapping labels may count rows twice; it is a report figure
    }
    return out;
}

}  // namespace heatloop::runner
