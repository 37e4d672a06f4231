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

/// How the values of a series fill the grid cells after each reading.
enum class FillMode {
    /// Carried forward up to the fill limit; a channel sampled more coarsely than the limit
    /// over its own interval plus the limit (docs/workspace.md "Channels with their own
    /// interval").
    forward,
    /// Long-format (store-on-change) files: a value holds while the unit reports anything
    /// within the fill limit (prep::ResampleOptions::hold_while_reporting).
    hold_while_reporting,
    /// Stored on change (`ingest --hold-max`): each channel's value holds until that
    /// channel's next reading, at most the fill limit; a longer silence is a gap.
    on_change,
};

/// Data stored on change, after every file of an ingest was merged: the value of `channel`
/// read at `last_reading` (its last reading in the ingest's on-change files, which ended that
/// file's grid) holds into the following missing cells of `series` (cells other files of the
/// unit brought), up to the next value, `hold_max` or the series' end, and those cells leave
/// the channel's gaps. So a sensor that did not change before the export ended is not cut off
/// where its file ends while another sensor of the unit still reports. Returns the cells
/// filled.
std::size_t hold_after(UnitFrame& series, const std::string& channel, Timestamp last_reading,
                       Duration hold_max);

/// Receives the chunks of one input file (FrameSink) and merges each, resampled, into the
/// staged series of its id. Units use the workspace grid; weather and meter series keep
/// their own grid (the one cached, else the median interval of their first chunk).
class SeriesWriter {
public:
    /// Writes series of `kind`, filling cells as `fill` says up to `ffill_max_gap`.
    /// `file` names the input in messages.
    SeriesWriter(Staging& staging, SeriesKind kind, Duration unit_step, Duration ffill_max_gap,
                 FillMode fill, std::string file = {});

    /// Resamples `chunk` (with the carry of its id's previous chunk) and merges it. Channels
    /// without any value in the chunk are dropped first. Throws InvalidInputError, before
    /// allocating, when the chunk's grid or the merged series would exceed k_max_grid_rows.
    void add(UnitFrame&& chunk);
    /// The ids that received data, sorted.
    const std::set<std::string>& ids() const noexcept { return ids_; }
    /// FillMode::on_change: per id and channel, the time of its last reading.
    const std::map<std::string, std::map<std::string, Timestamp>>& last_readings() const noexcept {
        return last_readings_;
    }

private:
    struct State {
        Duration step = 0;
        Carry carry;
    };

    Staging& staging_;
    SeriesKind kind_;
    Duration unit_step_, ffill_;
    FillMode fill_;
    std::string file_;
    std::map<std::string, State> states_;
    std::set<std::string> ids_;
    std::map<std::string, std::map<std::string, Timestamp>> last_readings_;
};

}  // namespace heatloop::io
