#pragma once
/// Per-unit frames: aligned channels over one time axis, NaN for missing values, and the
/// spans where data is missing (gaps).

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "heatloop/core/time.hpp"

namespace heatloop {

/// The value used for "missing".
inline constexpr double k_missing = std::numeric_limits<double>::quiet_NaN();

/// True when a value is missing.
inline bool is_missing(double v) noexcept {
    return std::isnan(v);
}

/// One named series aligned with the frame's time axis.
struct Channel {
    std::string name;
    std::vector<double> values;
};

/// A half-open span [start, end) where `channel` has no data ("" = every channel).
struct GapSpan {
    Timestamp start = 0;
    Timestamp end = 0;
    std::string channel;
    bool operator==(const GapSpan&) const = default;
};

/// All channels of one unit on one time axis. On a resampled grid `step` is the grid step
/// and time[i] == time[0] + i * step; raw (irregular) frames have step 0.
class UnitFrame {
public:
    UnitFrame() = default;
    explicit UnitFrame(std::string unit_id) : unit_id_(std::move(unit_id)) {}

    /// The unit this frame belongs to.
    const std::string& unit_id() const noexcept { return unit_id_; }
    void set_unit_id(std::string id) { unit_id_ = std::move(id); }

    /// Number of rows.
    size_t rows() const noexcept { return time_.size(); }
    /// Grid step in ms, 0 when the time axis is irregular.
    Duration step() const noexcept { return step_; }

    const std::vector<Timestamp>& time() const noexcept { return time_; }
    std::vector<Timestamp>& time() noexcept { return time_; }

    /// Replace the time axis with a regular grid of `rows` steps from `start`; every channel
    /// is resized to match (new cells missing).
    void set_grid(Timestamp start, Duration step, size_t rows);
    /// Replace the time axis with irregular times; channels are resized to match.
    void set_time(std::vector<Timestamp> time);

    const std::vector<Channel>& channels() const noexcept { return channels_; }
    std::vector<Channel>& channels() noexcept { return channels_; }
    /// Names of the channels in order.
    std::vector<std::string> channel_names() const;

    /// The channel with this name, or nullptr.
    const Channel* find(std::string_view name) const noexcept;
    Channel* find(std::string_view name) noexcept;
    /// The channel with this name; throws NotFoundError listing the channels there are.
    const Channel& at(std::string_view name) const;
    /// The channel with this name, added (all missing) if absent.
    /// Adding a channel may move the others: take references after adding every channel.
    Channel& get_or_add(std::string_view name);
    /// Remove a channel; returns false if there was none.
    bool remove(std::string_view name);

    const std::vector<GapSpan>& gaps() const noexcept { return gaps_; }
    std::vector<GapSpan>& gaps() noexcept { return gaps_; }

    /// What is known about the unit, by name (units.csv's "type", "emitter", ...; see
    /// unit_attributes() in unit.hpp), for models that take unit metadata as input; empty
    /// when unknown. slice() keeps it.
    const std::map<std::string, std::string>& attributes() const noexcept { return attributes_; }
    std::map<std::string, std::string>& attributes() noexcept { return attributes_; }

    /// Index of the first row with time >= t (rows() if none).
    size_t lower_bound(Timestamp t) const noexcept;
    /// Rows [begin, end) as a new frame (same channels, gaps clipped).
    UnitFrame slice(size_t begin, size_t end) const;
    /// Rows whose time is in [start, end).
    UnitFrame slice_time(Timestamp start, Timestamp end) const;

private:
    std::string unit_id_;
    Duration step_ = 0;
    std::vector<Timestamp> time_;
    std::vector<Channel> channels_;
    std::vector<GapSpan> gaps_;
    std::map<std::string, std::string> attributes_;
};

/// Count of non-missing values in a series.
size_t count_present(const std::vector<double>& values) noexcept;

}  // namespace heatloop
