#pragma once
/// The workspace: one directory holding the label and run store (heatloop.db, owned by
/// store/), the dataset cache (data/: manifest.json plus one columnar .hlf file per unit,
/// weather location and smart meter) and run artifacts (artifacts/). docs/workspace.md
/// describes the layout and the cache format.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/household.hpp"
#include "heatloop/core/unit.hpp"

namespace heatloop::io {

/// Version of data/manifest.json and of the .hlf frame files this build writes and reads.
inline constexpr int k_workspace_format_version = 1;

/// Summary of one channel of a cached series (computed when the series is written).
struct ChannelSummary {
    std::string name;
    std::size_t present = 0;  ///< cells with a value
    double min = k_missing;   ///< over present cells (missing when none)
    double mean = k_missing;
    double max = k_missing;
    std::size_t gaps = 0;       ///< gap spans of this channel
    Duration gap_duration = 0;  ///< their total length
    /// The channel's own sampling interval (median interval between its readings in the
    /// input; 0 = unknown). A channel sampled more coarsely than ffill_max_gap (an hourly
    /// counter on a 1-minute grid) is carried forward over its interval, so its readings
    /// being an hour apart are not gaps (docs/workspace.md "Channels with their own interval").
    Duration native_interval = 0;
    bool operator==(const ChannelSummary&) const = default;
};

/// Summary of one cached series: a unit's sensors, a location's weather, a meter's load.
struct SeriesSummary {
    std::string file;     ///< its .hlf file relative to data/ ("" = no data yet)
    Timestamp start = 0;  ///< time of the first grid cell
    Duration step = 0;    ///< grid step (weather and meters keep their native step)
    std::size_t rows = 0;
    std::vector<ChannelSummary> channels;

    /// End of the span, start + rows * step (half-open).
    Timestamp end() const noexcept { return start + static_cast<Timestamp>(rows) * step; }
    /// Present cells over rows x channels, 0..1 (0 when there are no cells).
    double coverage() const noexcept;
    /// Gap spans over all channels.
    std::size_t gap_count() const noexcept;
    /// Total length of the gap spans, summed over channels.
    Duration gap_duration() const noexcept;
    bool operator==(const SeriesSummary&) const = default;
};

/// A unit in the workspace: metadata and the summary of its sensor data.
struct UnitEntry {
    UnitInfo info;
    bool has_metadata = false;  ///< listed in a units file (false: created from sensor data)
    SeriesSummary data;
    bool operator==(const UnitEntry&) const = default;
};

/// A file ingested into the workspace; its content hash makes re-ingest idempotent.
struct IngestedFile {
    std::string name;         ///< the path as given to ingest
    std::string sha256;       ///< of the bytes on disk (compressed bytes for gzip)
    std::uint64_t size = 0;   ///< bytes
    std::string format;       ///< "wide", "long", ...
    std::size_t rows = 0;     ///< data rows read
    std::string ingested_at;  ///< ISO 8601 UTC
    std::string meter;        ///< smart-meter files: "total", "heat_pump", "other"; else ""
    bool operator==(const IngestedFile&) const = default;
};

/// The contents of data/manifest.json.
struct Manifest {
    int format_version = k_workspace_format_version;
    std::uint64_t generation = 0;            ///< bumped by every ingest that changes the cache
    Duration step = 0;                       ///< the unit grid step (0 until the first ingest)
    Duration ffill_max_gap = 0;              ///< forward-fill limit of the first ingest
    std::map<std::string, UnitEntry> units;  ///< by unit id
    std::map<std::string, SeriesSummary> weather;  ///< by location (or unit id)
    /// By meter id (a household's id): channel "load" is the household total,
    /// "load_heat_pump" and "load_other" its sub-meters (io::meter_channel).
    std::map<std::string, SeriesSummary> meters;
    std::map<std::string, HouseholdInfo> households;  ///< by household id
    std::vector<IngestedFile> files;                  ///< in ingest order

    /// The ingested file with this content hash (and, for a smart-meter file, this meter:
    /// the same bytes are a new file as another meter), or nullptr. `meter` is "" for other
    /// formats; a smart-meter file recorded without a meter counts as "total".
    const IngestedFile* find_file(std::string_view sha256,
                                  std::string_view meter = {}) const noexcept;
    bool operator==(const Manifest&) const = default;
};

/// A workspace directory. Holds the manifest read at open(); reload() re-reads it.
/// Loading is read-only and safe from several threads; changes go through io::ingest.
class Workspace {
public:
    /// Opens an existing workspace: `root` must be a directory holding data/manifest.json,
    /// data/ or heatloop.db. Throws NotFoundError otherwise, IoError for an unreadable or
    /// newer-format manifest.
    static Workspace open(const std::filesystem::path& root);
    /// Opens `root`, creating it with data/ and artifacts/ when missing.
    static Workspace open_or_create(const std::filesystem::path& root);
    /// True when `root` is a directory open() accepts.
    static bool is_workspace(const std::filesystem::path& root);

    /// The workspace directory.
    const std::filesystem::path& root() const noexcept { return root_; }
    /// root/heatloop.db, the label and run store.
    std::filesystem::path db_path() const { return root_ / "heatloop.db"; }
    /// root/data, the dataset cache.
    std::filesystem::path data_dir() const { return root_ / "data"; }
    /// root/data/manifest.json.
    std::filesystem::path manifest_path() const { return data_dir() / "manifest.json"; }
    /// root/artifacts, per-run model files and reports.
    std::filesystem::path artifacts_dir() const { return root_ / "artifacts"; }

    /// The manifest as read.
    const Manifest& manifest() const noexcept { return manifest_; }
    /// Re-reads data/manifest.json (after an ingest by someone else).
    void reload();
    /// The unit grid step (0 before the first ingest).
    Duration step() const noexcept { return manifest_.step; }

    /// Every unit's metadata, ordered by id (type "" for units without metadata).
    std::vector<UnitInfo> units() const;
    /// Every unit id, sorted.
    std::vector<std::string> unit_ids() const;
    /// True when the unit is in the workspace.
    bool has_unit(std::string_view unit_id) const;
    /// A unit's manifest entry; throws NotFoundError listing the units.
    const UnitEntry& unit(const std::string& unit_id) const;
    /// The IANA time zone of a unit's household: its `time_zone` metadata column, "UTC" when
    /// the unit has none (or is unknown).
    std::string unit_time_zone(const std::string& unit_id) const;

    /// The unit's sensor data on the workspace grid, NaN in gaps, with its gap spans. A unit
    /// known only from metadata gives a frame with no rows. Throws NotFoundError listing the
    /// units, IoError for a missing or corrupt cache file.
    UnitFrame load_unit(const std::string& unit_id) const;
    /// Only the gap spans of a unit (reads the file header, not the data).
    std::vector<GapSpan> unit_gaps(const std::string& unit_id) const;

    /// Locations (or unit ids) with weather data, sorted.
    std::vector<std::string> weather_locations() const;
    /// A location's weather on its own native grid (e.g. hourly); NotFoundError listing
    /// the locations.
    UnitFrame load_weather(const std::string& location) const;
    /// The gap spans of a location's weather.
    std::vector<GapSpan> weather_gaps(const std::string& location) const;
    /// The weather location of a unit: its metadata location when there is weather for it,
    /// else its own id when weather is keyed by unit, else nullopt.
    std::optional<std::string> weather_location_for(const std::string& unit_id) const;

    /// Smart-meter ids, sorted.
    std::vector<std::string> meter_ids() const;
    /// A meter's series (channel "load") on its native grid; NotFoundError listing meters.
    UnitFrame load_meter(const std::string& meter_id) const;
    /// The gap spans of a meter's series.
    std::vector<GapSpan> meter_gaps(const std::string& meter_id) const;

    /// Every household's metadata (from households files), ordered by id: the heat-pump
    /// detection targets (HouseholdInfo::has_heat_pump).
    std::vector<HouseholdInfo> households() const;
    /// One household, or nullptr when the workspace has none by that id.
    const HouseholdInfo* find_household(std::string_view household_id) const;
    /// The meters of a household's (or any meter id's) series: "total", "heat_pump",
    /// "other", in that order; empty when it has no meter data.
    std::vector<std::string> meters_of(const std::string& meter_id) const;

    /// load_unit() plus each weather channel of its location the unit lacks (t_outdoor,
    /// solar_radiation, ...), aligned as-of onto the unit grid: a cell takes the weather
    /// value of the weather cell containing it (no look-ahead), missing outside the weather
    /// span; runs of missing joined cells become gaps. Unchanged when there is no weather.
    UnitFrame load_unit_with_weather(const std::string& unit_id) const;
    /// load_meter() joined the same way with the weather of its household's location (the
    /// households file's location, else weather keyed by the meter id itself, as a
    /// households' meter file stores its temperatures). Unchanged when there is no weather.
    UnitFrame load_meter_with_weather(const std::string& meter_id) const;

private:
    explicit Workspace(std::filesystem::path root);
    UnitFrame load_series(const SeriesSummary& s, const std::string& id) const;
    std::filesystem::path root_;
    Manifest manifest_;
};

/// The file-name stem a unit, location or meter id is stored under: bytes other than
/// A-Z a-z 0-9 '-' '_' (and '.' after the first byte) become "%XX"; ids containing upper
/// case letters get "~<hash>" so ids differing only in case stay apart on case-insensitive
/// file systems; very long ids are cut and get the hash. Throws InvalidInputError for "".
std::string escape_file_name(std::string_view id);

/// The fleet summary `heatloop inspect --json` prints: {"workspace", "step", "units":[...],
/// "weather":[...], "meters":[...], "households":[...], "household_counts":{...},
/// "files":[...]} (docs/workspace.md shows the shape).
nlohmann::json describe_workspace(const Workspace& ws);
/// The same shape for one unit with per-channel detail (gap lists per channel) and the
/// weather of its location; NotFoundError listing the units.
nlohmann::json describe_unit(const Workspace& ws, const std::string& unit_id);

}  // namespace heatloop::io
