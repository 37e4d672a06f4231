// Ingestion-path benchmarks on one unit-year of 10 channels at 1 min (525,600 rows):
//   csv_parse/threads:N   read_file of the wide CSV (~55 MB), bytes/s
//   resample              raw irregular samples (jittered, with dropouts) onto the 1-min grid
//   cache_load            Workspace::load_unit of the ingested unit-year from the .hlf cache
//   build/bench_io [--benchmark_format=json]

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "heatloop/io/ingest.hpp"
#include "heatloop/io/read.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/prep/resample.hpp"

namespace {

using namespace heatloop;

constexpr Timestamp k_t0 = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr std::size_t k_rows = 365 * 24 * 60;
const std::vector<std::string> k_channels = {
    "t_outdoor",  "t_supply",         "t_return",    "t_indoor",      "t_tank_mid",
    "t_tank_top", "compressor_power", "heat_output", "compressor_on", "mode"};

// A temporary directory holding the unit-year as CSV and as an ingested workspace, made once.
class Fixture {
public:
    static const Fixture& get() {
        static const Fixture f;
        return f;
    }
    std::filesystem::path csv() const { return dir_ / "unit_year.csv"; }
    std::filesystem::path workspace() const { return dir_ / "ws"; }
    std::uintmax_t csv_bytes() const { return bytes_; }
    ~Fixture() { std::filesystem::remove_all(dir_); }

private:
    Fixture() {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "heatloop-bench-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        dir_ = tmpl;
        write_csv();
        io::IngestOptions o;
        o.progress = false;
        o.warn = [](const std::string&) {};
        io::ingest({csv()}, o, workspace());
    }

    void write_csv() {
        std::ofstream out(csv());
        out << "timestamp,unit_id";
        for (const auto& c : k_channels) out << ',' << c;
        out << '\n';
        std::mt19937_64 rng(7);
        std::normal_distribution<double> noise(0.0, 0.3);
        fmt::memory_buffer line;
        for (std::size_t i = 0; i < k_rows; ++i) {
            line.clear();
            const double day = std::sin(static_cast<double>(i) * 2 * M_PI / 1440.0);
            fmt::format_to(std::back_inserter(line), "{},hp01",
                           format_iso(k_t0 + static_cast<Timestamp>(i) * k_minute_ms));
            const double v[] = {5 + 6 * day + noise(rng), 38 + noise(rng),  32 + noise(rng),
                                21 + 0.2 * noise(rng),    48 + noise(rng),  52 + noise(rng),
                                1.8 + 0.1 * noise(rng),   6.1 + noise(rng), i % 97 < 60 ? 1.0 : 0.0,
                                i % 360 < 20 ? 2.0 : 1.0};
            for (double x : v) fmt::format_to(std::back_inserter(line), ",{:.2f}", x);
            line.push_back('\n');
            out.write(line.data(), static_cast<std::streamsize>(line.size()));
        }
        out.close();
        bytes_ = std::filesystem::file_size(csv());
    }

    std::filesystem::path dir_;
    std::uintmax_t bytes_ = 0;
};

void csv_parse(benchmark::State& state) {
    const Fixture& f = Fixture::get();
    io::ReadOptions o;
    o.threads = static_cast<unsigned>(state.range(0));
    std::size_t rows = 0;
    for (auto _ : state) {
        rows = 0;
        io::read_file(f.csv(), o, [&](UnitFrame&& chunk) { rows += chunk.rows(); });
    }
    if (rows != k_rows) state.SkipWithError("not every row was read");
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.csv_bytes()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * k_rows));
}

// Sensor samples every ~60 s with ±5 s jitter and a one-hour dropout every 3 days.
UnitFrame raw_unit_year() {
    UnitFrame raw("hp01");
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<Timestamp> jitter(-5000, 5000);
    std::vector<Timestamp> time;
    time.reserve(k_rows);
    for (std::size_t i = 0; i < k_rows; ++i) {
        if (i % (3 * 1440) < 60) continue;
        time.push_back(k_t0 + static_cast<Timestamp>(i) * k_minute_ms + 10000 + jitter(rng));
    }
    raw.set_time(std::move(time));
    std::normal_distribution<double> noise(20.0, 3.0);
    for (const auto& c : k_channels) {
        Channel& ch = raw.get_or_add(c);
        for (double& v : ch.values) v = noise(rng);
    }
    return raw;
}

void resample(benchmark::State& state) {
    const UnitFrame raw = raw_unit_year();
    prep::ResampleOptions o;
    for (auto _ : state) {
        UnitFrame grid = prep::resample(raw, o);
        benchmark::DoNotOptimize(grid.channels().data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * raw.rows()));
}

void cache_load(benchmark::State& state) {
    const io::Workspace ws = io::Workspace::open(Fixture::get().workspace());
    std::size_t rows = 0;
    for (auto _ : state) {
        UnitFrame f = ws.load_unit("hp01");
        rows = f.rows();
        benchmark::DoNotOptimize(f.channels().data());
    }
    if (rows < k_rows) state.SkipWithError("the cached unit is shorter than a year");
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * k_rows));
    state.counters["channels"] = static_cast<double>(k_channels.size());
}

BENCHMARK(csv_parse)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(resample)->Unit(benchmark::kMillisecond);
BENCHMARK(cache_load)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
