#pragma once
/// Turning the raw chunks of one input file into staged, resampled, merged series.

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "io/ingest_staging.hpp"

namespace heatloop::io {

/// The last observations of a series' previous chunk that can still affect the grid after
/// it (forward fill, or the hold of long-format data). Prepended to the next chunk so
/// resampling chunk by chunk gives the same grid as resampling the whole series at once.
struct Carry {
    bool any = false;
    Timestamp last = 0;  ///< time of the previous chunk's last row (chunks after it get the carry)
    std::vector<std::tuple<Timestamp, std::string, double>> obs;

    /// `chunk` with the carried observations as leading rows; `chunk` unchanged when there
    /// is nothing to carry or it does not start after `last` (an unsorted file).
    UnitFrame prepend(UnitFrame&& chunk) const;
    /// What to carry after resampling `raw` into `grid`.
    static Carry after(const UnitFrame& raw, const UnitFrame& grid, Duration ffill_max_gap,
                       bool hold);
};

/// The median interval between consecutive times (rounded to whole seconds when at least
/// one second), or `fallback` when there are fewer than two distinct times.
Duration median_interval(const std::vector<Timestamp>& time, Duration fallback);

/// The median interval between the times at which `values` has a value, over its first
/// 4096 readings (0 with fewer than two): a channel's own sampling interval.
Duration native_interval(const std::vector<Timestamp>& time, const std::vector<double>& values);

/// Renames weather channels to their standard names when they use an alias
/// ("outdoor_temp", "temperature" -> t_outdoor; "ghi", "irradiance" -> solar_radiation).
void standardize_weather_channels(UnitFrame& frame);

/// Receives the chunks of one input file (FrameSink) and merges each, resampled, into the
/// staged series of its id. Units use the workspace grid; weather and meter series keep
/// their own grid (the one cached, else the median interval of their first chunk).
class SeriesWriter {
public:
    /// Writes series of `kind`; `hold` for long-format (store-on-change) files.
    /// `file` names the input in messages.
    SeriesWriter(Staging& staging, SeriesKind kind, Duration unit_step, Duration ffill_max_gap,
                 bool hold, std::string file = {});

    /// Resamples `chunk` (with the carry of its id's previous chunk) and merges it. Channels
    /// without any value in the chunk are dropped first. Throws InvalidInputError, before
    /// allocating, when the chunk's grid or the merged series would exceed k_max_grid_rows.
    void add(UnitFrame&& chunk);
    /// The ids that received data, sorted.
    const std::set<std::string>& ids() const noexcept { return ids_; }

private:
    struct State {
        Duration step = 0;
        Carry carry;
    };

    Staging& staging_;
    SeriesKind kind_;
    Duration unit_step_, ffill_;
    bool hold_;
    std::string file_;
    std::map<std::string, State> states_;
    std::set<std::string> ids_;
};

}  // namespace heatloop::io
