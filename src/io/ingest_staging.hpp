#pragma once
/// The staging area of one ingest (data/.staging-<pid>/): every new or changed series is
/// written there first and moved into the cache, manifest last, only on commit.

#include <compare>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "heatloop/core/frame.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::io {

/// Which cache a series belongs to.
enum class SeriesKind { unit, weather, meter };

/// "unit", "weather", "meter" (the kind written into frame files).
std::string_view kind_name(SeriesKind k);
/// "units", "weather", "meters" (the folder under data/).
std::string_view kind_dir(SeriesKind k);

/// A series: its kind and id.
struct SeriesKey {
    SeriesKind kind = SeriesKind::unit;
    std::string id;
    auto operator<=>(const SeriesKey&) const = default;
};

/// The summary of a series in a manifest, or nullptr when it has none.
const SeriesSummary* find_series(const Manifest& m, const SeriesKey& key);

/// Staged series of one ingest. Holds at most one series' frame in memory (the one being
/// merged into); the others live in staging files. Files are staged per input file so a
/// file that fails under OnError::skip can be rolled back alone.
class Staging {
public:
    /// Creates data/.staging-<pid>/ under `data_dir`; `current` is the manifest as it is.
    Staging(const std::filesystem::path& data_dir, const Manifest& current);
    /// Removes the staging directory (and with it anything not committed).
    ~Staging();
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;

    /// The frame of `key` as staged so far (else as cached, else empty with the id), to be
    /// changed in place. Writes out the previously checked-out series first.
    UnitFrame& checkout(const SeriesKey& key);
    /// The grid step `key` has when staged or cached, or nullopt when it has no data.
    std::optional<Duration> step_of(const SeriesKey& key) const;

    /// Starts staging one input file.
    void begin_file();
    /// Writes out the checked-out series and drops the staged files this file replaced.
    void end_file();
    /// Forgets everything staged since begin_file().
    void rollback_file() noexcept;

    /// Records the native interval of a channel of `key` (kept in its summary from now on;
    /// a later file's reading replaces it).
    void note_native_interval(const SeriesKey& key, const std::string& channel, Duration d);

    /// Summaries of every staged series.
    const std::map<SeriesKey, SeriesSummary>& staged() const noexcept { return summaries_; }

    /// Moves the staged files into the cache (named for next.generation), sets their
    /// summaries in `next`, writes data/manifest.json (the commit point) and removes the
    /// files of the old generation. Before the manifest is written a failure undoes the
    /// moves, so the workspace stays as it was.
    void commit(Manifest& next);

private:
    void write_out();
    std::filesystem::path new_path(const SeriesKey& key);

    std::filesystem::path data_dir_, dir_;
    const Manifest& current_;
    std::map<SeriesKey, std::filesystem::path> files_;  // staged file of each series
    std::map<SeriesKey, SeriesSummary> summaries_;
    std::map<SeriesKey, std::map<std::string, Duration>> natives_, natives_at_begin_;
    std::map<SeriesKey, std::filesystem::path> files_at_begin_;
    std::map<SeriesKey, SeriesSummary> summaries_at_begin_;
    std::optional<SeriesKey> open_key_;  // the checked-out series
    UnitFrame open_frame_;
    std::uint64_t counter_ = 0;
};

}  // namespace heatloop::io
