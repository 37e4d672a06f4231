// Label store benchmarks: importing 100,000 labels in one revision, and the latency of one
// label edit (its own transaction and revision), on SQLite and, when HEATLOOP_PG_URL is set
// (scripts/with-postgres.sh), on PostgreSQL. Each benchmark uses a fresh store.
//   build/bench_labels                              SQLite only
//   scripts/with-postgres.sh build/bench_labels     both

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <sstream>

#include "heatloop/store/db.hpp"
#include "heatloop/store/label_file.hpp"
#include "heatloop/store/label_service.hpp"
#include "support/scratch_db.hpp"

namespace {

using namespace heatloop;
using namespace heatloop::store;

constexpr int k_units = 100;
constexpr Timestamp k_t0 = 1704067200000;

// A fresh store with k_units units: a temporary SQLite workspace, or a new schema in the
// PostgreSQL database.
class Scratch {
public:
    explicit Scratch(bool postgres)
        : scratch_(postgres ? test_support::Backend::postgres : test_support::Backend::sqlite,
                   "heatloop-bench"),
          db_(scratch_.open()) {
        std::vector<UnitInfo> units;
        for (int u = 0; u < k_units; ++u)
            units.push_back({fmt::format("u{:03}", u), "ASHP", "x", {}});
        LabelService(*db_).sync_units(units);
    }
    Db& db() { return *db_; }

private:
    test_support::ScratchDb scratch_;
    std::unique_ptr<Db> db_;
};

// n labels in the CSV shape the simulator writes.
std::string labels_csv(int n) {
    std::ostringstream out;
    out << k_label_file_columns << "\n";
    const char* cats[] = {"compressor_failure", "sensor_fault", "short_cycling", "shower_event"};
    for (int i = 0; i < n; ++i) {
        Timestamp start = k_t0 + static_cast<Timestamp>(i / k_units) * k_hour_ms;
        out << fmt::format("u{:03},{},{},{},{},proposed,,note {}\n", i % k_units, format_iso(start),
                           format_iso(start + 30 * k_minute_ms), cats[i % 4],
                           0.5 + (i % 50) / 100.0, i);
    }
    return out.str();
}

void import_labels(benchmark::State& state, bool postgres) {
    const int n = static_cast<int>(state.range(0));
    const LabelFile file = parse_label_text(labels_csv(n), LabelFileFormat::csv, "bench.csv");
    for (auto _ : state) {
        state.PauseTiming();
        auto scratch = std::make_unique<Scratch>(postgres);
        LabelService svc(scratch->db());
        state.ResumeTiming();
        auto r = svc.import_labels(file, {"bench", ""});
        benchmark::DoNotOptimize(r);
        state.PauseTiming();
        scratch.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * n);
}

void edit_label(benchmark::State& state, bool postgres) {
    Scratch scratch(postgres);
    LabelService svc(scratch.db());
    svc.import_labels(parse_label_text(labels_csv(10'000), LabelFileFormat::csv, "bench.csv"),
                      {"bench", ""});
    std::int64_t id = 1, version = 1, n = 0;
    for (auto _ : state) {
        Label l =
            svc.edit(id, version, LabelPatch{.notes = fmt::format("edit {}", n++)}, {"bench", ""});
        version = l.version;
    }
    state.counters["revisions"] = static_cast<double>(svc.current_revision());
}

void register_all() {
    benchmark::RegisterBenchmark("label_import/sqlite", import_labels, false)
        ->Arg(100'000)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(3);
    benchmark::RegisterBenchmark("label_edit/sqlite", edit_label, false)
        ->Unit(benchmark::kMicrosecond);
    if (std::getenv("HEATLOOP_PG_URL")) {
        benchmark::RegisterBenchmark("label_import/postgres", import_labels, true)
            ->Arg(100'000)
            ->Unit(benchmark::kMillisecond)
            ->Iterations(3);
        benchmark::RegisterBenchmark("label_edit/postgres", edit_label, true)
            ->Unit(benchmark::kMicrosecond);
    }
}

// benchmark_main provides main(); registration depends on the environment, so it runs once
// at start-up here.
const bool k_registered = (register_all(), true);

}  // namespace
