#include "io/ingest_staging.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <set>
#include <vector>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/io/frame_file.hpp"
#include "io/workspace_manifest.hpp"
#include "io/workspace_summary.hpp"

namespace heatloop::io {

namespace fs = std::filesystem;

namespace {

constexpr std::array k_series_kinds{std::pair{SeriesKind::unit, "unit"},
                                    std::pair{SeriesKind::weather, "weather"},
                                    std::pair{SeriesKind::meter, "meter"}};

}  // namespace

std::string_view kind_name(SeriesKind k) {
    return enum_name(k_series_kinds, k);
}

std::string_view kind_dir(SeriesKind k) {
    switch (k) {
        case SeriesKind::unit:
            return "units";
        case SeriesKind::weather:
            return "weather";
        case SeriesKind::meter:
            return "meters";
    }
    return "units";
}

const SeriesSummary* find_series(const Manifest& m, const SeriesKey& key) {
    switch (key.kind) {
        case SeriesKind::unit: {
            auto it = m.units.find(key.id);
            return it == m.units.end() ? nullptr : &it->second.data;
        }
        case SeriesKind::weather: {
            auto it = m.weather.find(key.id);
            return it == m.weather.end() ? nullptr : &it->second;
        }
        case SeriesKind::meter: {
            auto it = m.meters.find(key.id);
            return it == m.meters.end() ? nullptr : &it->second;
        }
    }
    return nullptr;
}

namespace {

void remove_quietly(const fs::path& p) noexcept {
    std::error_code ec;
    fs::remove(p, ec);
}

// Data must be on disk before the manifest that points at it.
void flush_to_disk(const fs::path& p) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        if (fd >= 0) ::close(fd);
        throw IoError(fmt::format("cannot flush {} to disk", p.string()));
    }
    ::close(fd);
}

SeriesSummary& series_slot(Manifest& m, const SeriesKey& key) {
    switch (key.kind) {
        case SeriesKind::weather:
            return m.weather[key.id];
        case SeriesKind::meter:
            return m.meters[key.id];
        case SeriesKind::unit:
            break;
    }
    UnitEntry& u = m.units[key.id];
    u.info.unit_id = key.id;
    return u.data;
}

// Every cache file the manifest references, relative to data/.
std::set<std::string> referenced(const Manifest& m) {
    std::set<std::string> out;
    for (const auto& [id, u] : m.units) out.insert(u.data.file);
    for (const auto& [id, s] : m.weather) out.insert(s.file);
    for (const auto& [id, s] : m.meters) out.insert(s.file);
    out.erase("");
    return out;
}

}  // namespace

Staging::Staging(const fs::path& data_dir, const Manifest& current)
    : data_dir_(data_dir),
      dir_(data_dir / fmt::format(".staging-{}", ::getpid())),
      current_(current) {
    std::error_code ec;
    // The caller holds the workspace lock, so no other ingest is running: staging
    // directories and temporary manifests of any pid were left by a killed ingest.
    std::vector<fs::path> leftovers;
    for (fs::directory_iterator it(data_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(".staging-", 0) == 0 || name.rfind("manifest.json.tmp-", 0) == 0)
            leftovers.push_back(it->path());
    }
    for (const fs::path& p : leftovers) fs::remove_all(p, ec);
    for (SeriesKind k : {SeriesKind::unit, SeriesKind::weather, SeriesKind::meter}) {
        fs::create_directories(dir_ / kind_dir(k), ec);
        if (ec)
            throw IoError(
                fmt::format("cannot create staging directory {}: {}", dir_.string(), ec.message()));
    }
}

Staging::~Staging() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

fs::path Staging::new_path(const SeriesKey& key) {
    return dir_ / kind_dir(key.kind) /
           fmt::format("{}.{}.hlf", escape_file_name(key.id), ++counter_);
}

std::optional<Duration> Staging::step_of(const SeriesKey& key) const {
    if (open_key_ && *open_key_ == key && open_frame_.rows() > 0) return open_frame_.step();
    if (auto it = summaries_.find(key); it != summaries_.end() && it->second.rows > 0)
        return it->second.step;
    if (const SeriesSummary* s = find_series(current_, key); s && s->rows > 0) return s->step;
    return std::nullopt;
}

UnitFrame& Staging::checkout(const SeriesKey& key) {
    if (open_key_ && *open_key_ == key) return open_frame_;
    write_out();
    if (auto it = files_.find(key); it != files_.end()) {
        open_frame_ = read_frame_file(it->second);
    } else if (const SeriesSummary* s = find_series(current_, key); s && !s->file.empty()) {
        open_frame_ = read_frame_file(data_dir_ / s->file);
    } else {
        open_frame_ = UnitFrame(key.id);
    }
    open_key_ = key;
    return open_frame_;
}

void Staging::write_out() {
    if (!open_key_) return;
    const SeriesKey key = *open_key_;
    const fs::path p = new_path(key);
    write_frame_file(p, open_frame_, kind_name(key.kind));
    auto old = files_.find(key);
    if (old != files_.end()) {
        // A file staged earlier in this input file is superseded now; one from before it is
        // kept until end_file() in case this file is rolled back.
        auto before = files_at_begin_.find(key);
        if (before == files_at_begin_.end() || before->second != old->second)
            remove_quietly(old->second);
    }
    files_[key] = p;
    SeriesSummary summary = summarize(open_frame_);
    // Native intervals: this ingest's readings, else what the manifest knew.
    const SeriesSummary* cached = find_series(current_, key);
    for (ChannelSummary& c : summary.channels) {
        if (auto n = natives_.find(key); n != natives_.end())
            if (auto it = n->second.find(c.name); it != n->second.end()) {
                c.native_interval = it->second;
                continue;
            }
        if (cached)
            for (const ChannelSummary& before : cached->channels)
                if (before.name == c.name) c.native_interval = before.native_interval;
    }
    summaries_[key] = std::move(summary);
    open_key_.reset();
    open_frame_ = UnitFrame();
}

void Staging::begin_file() {
    write_out();
    files_at_begin_ = files_;
    summaries_at_begin_ = summaries_;
    natives_at_begin_ = natives_;
}

void Staging::note_native_interval(const SeriesKey& key, const std::string& channel, Duration d) {
    natives_[key][channel] = d;
}

void Staging::end_file() {
    write_out();
    for (const auto& [key, path] : files_at_begin_)
        if (files_[key] != path) remove_quietly(path);
    files_at_begin_ = files_;
    summaries_at_begin_ = summaries_;
    natives_at_begin_ = natives_;
}

void Staging::rollback_file() noexcept {
    open_key_.reset();
    open_frame_ = UnitFrame();
    for (const auto& [key, path] : files_) {
        auto before = files_at_begin_.find(key);
        if (before == files_at_begin_.end() || before->second != path) remove_quietly(path);
    }
    files_ = files_at_begin_;
    summaries_ = summaries_at_begin_;
    natives_ = natives_at_begin_;
}

void Staging::commit(Manifest& next) {
    write_out();
    std::vector<fs::path> moved, created_dirs;
    try {
        for (const auto& [key, staged] : files_) {
            const fs::path rel =
                fs::path(kind_dir(key.kind)) /
                fmt::format("{}.g{}.hlf", escape_file_name(key.id), next.generation);
            const fs::path dst = data_dir_ / rel;
            std::error_code ec;
            if (!fs::exists(dst.parent_path(), ec)) {
                fs::create_directory(dst.parent_path(), ec);
                if (ec)
                    throw IoError(fmt::format("cannot create {}: {}", dst.parent_path().string(),
                                              ec.message()));
                created_dirs.push_back(dst.parent_path());
            }
            flush_to_disk(staged);
            fs::rename(staged, dst, ec);
            if (ec)
                throw IoError(fmt::format("cannot move {} to {}: {}", staged.string(), dst.string(),
                                          ec.message()));
            moved.push_back(dst);
            SeriesSummary s = summaries_.at(key);
            s.file = rel.generic_string();
            series_slot(next, key) = std::move(s);
        }
        write_manifest(data_dir_ / "manifest.json", next);  // the commit point
    } catch (...) {
        for (const fs::path& p : moved) remove_quietly(p);
        for (const fs::path& d : created_dirs) remove_quietly(d);
        throw;
    }
    files_.clear();
    // Files of the old generation, and any left by a crash between moves and manifest.
    const std::set<std::string> keep = referenced(next);
    for (SeriesKind k : {SeriesKind::unit, SeriesKind::weather, SeriesKind::meter}) {
        std::error_code ec;
        const fs::path dir = data_dir_ / kind_dir(k);
        std::vector<fs::path> stale;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string rel =
                (fs::path(kind_dir(k)) / it->path().filename()).generic_string();
            if (it->path().extension() == ".hlf" && !keep.count(rel)) stale.push_back(it->path());
        }
        for (const fs::path& p : stale) remove_quietly(p);
    }
}

}  // namespace heatloop::io
