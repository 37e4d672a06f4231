#include "heatloop/demo/demo.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <tuple>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/runner/example_configs.hpp"
#include "heatloop/runner/runner.hpp"
#include "heatloop/sim/fleet.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/testbench/inputs.hpp"
#include "heatloop/testbench/report.hpp"

namespace heatloop::demo {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_marker = "demo.json";

// Removes an earlier demo workspace; refuses to touch anything else.
void prepare(const fs::path& ws) {
    std::error_code ec;
    if (!fs::exists(ws, ec)) return;
    if (fs::exists(ws / k_marker, ec)) {
        fs::remove_all(ws);
        return;
    }
    if (fs::is_directory(ws, ec) && fs::is_empty(ws, ec)) return;
    throw ConflictError(fmt::format(
        "{} exists and is not a heatloop demo workspace; pass --workspace with a new directory",
        ws.string()));
}

double compressor_within_deadline(const eval::EvaluationResult& e, std::size_t& count) {
    count = 0;
    auto it = e.breakdowns.find("category");
    if (it == e.breakdowns.end()) return std::nan("");
    for (const eval::BreakdownRow& r : it->second)
        if (r.key == "compressor_failure") {
            count = r.tally.labels;
            return r.metrics.detected_within_deadline;
        }
    return std::nan("");
}

}  // namespace

const testbench::DetectorResult* best_on_failures(const testbench::BenchResult& bench,
                                                  const FailureTarget& target) {
    const testbench::DetectorResult* best = nullptr;
    for (const testbench::DetectorResult& d : bench.detectors) {
        const testbench::Kpis& k = d.kpis;
        if (!d.error.empty() ||
            !(k.false_alarms_per_unit_month <= target.max_false_alarms_per_unit_month))
            continue;
        if (!best || std::tie(k.within_deadline_share, best->kpis.false_alarms_per_unit_month,
                              best->detector.name) > std::tie(best->kpis.within_deadline_share,
                                                              k.false_alarms_per_unit_month,
                                                              d.detector.name))
            best = &d;
    }
    return best;
}

bool meets(const testbench::DetectorResult* best, const FailureTarget& target) {
    return best && best->kpis.injected > 0 &&
           best->kpis.within_deadline_share >= target.within_deadline_share &&
           best->kpis.false_alarms_per_unit_month <= target.max_false_alarms_per_unit_month;
}

DemoResult run_demo(const DemoOptions& o) {
    auto status = [&](const std::string& s) {
        if (o.status) o.status(s);
    };
    prepare(o.workspace);
    io::Workspace::open_or_create(o.workspace);
    {
        std::ofstream(o.workspace / k_marker)
            << nlohmann::json{{"units", o.units}, {"days", o.days}, {"seed", o.seed}}.dump(2);
    }
    const fs::path input = o.workspace / "input";
    DemoResult result;
    result.workspace = o.workspace;

    status(fmt::format("simulating {} units x {} days (seed {}) into {}", o.units, o.days, o.seed,
                       input.string()));
    sim::FleetOptions fleet;
    fleet.units = o.units;
    fleet.days = o.days;
    fleet.seed = o.seed;
    fleet.out = input;
    fleet.threads = static_cast<int>(o.threads);
    const sim::FleetSummary simulated = sim::simulate_fleet(fleet);
    result.truth_labels = simulated.truth_labels;
    result.initial_labels = simulated.initial_labels;

    status("ingesting sensors, weather and smart-meter data");
    io::IngestOptions ingest;
    ingest.progress = o.progress;
    ingest.warn = [](const std::string&) {};
    io::ingest({input / "units.csv", input / "sensors.csv", input / "weather.csv",
                input / "smartmeter.csv"},
               ingest, o.workspace);
    const io::Workspace ws = io::Workspace::open(o.workspace);

    tracking::TrackerOptions tracker_options;
    tracker_options.mlflow_url = o.mlflow_url;
    auto tracker = tracking::Tracker::open(o.workspace, o.db_url, tracker_options);
    store::Db& db = tracker->store().db();
    store::LabelService labels(db);
    labels.sync_units(ws.units());
    status("importing the noisy initial labels");
    const store::ImportResult imported = labels.import_labels(
        store::read_label_file(input / "labels_initial.csv"), {"demo", "initial labels"});
    result.label_revision = imported.revision;

    const std::vector<eval::EvalLabel> truth =
        runner::eval_labels(store::read_label_file(input / "labels_truth.csv"));
    const runner::RunEnvironment env{ws, db, *tracker, o.threads, o.progress, o.status};
    for (const EmbeddedFile& f : runner::example_configs()) {
        // A config of a model this build leaves out (configs/<model>.toml): say so, go on.
        const std::string stem = std::filesystem::path(std::string(f.name)).stem().string();
        if (auto why = models::unavailable_model(stem)) {
            status(fmt::format("skipping configs/{}: {}", f.name, *why));
            continue;
        }
        runner::RunConfig config =
            runner::parse_run_config(f.text, "configs/" + std::string(f.name));
        // The leaderboards and the test bench compare detectors; forecasters have their own
        // metrics (heatloop run configs/<forecaster>.toml).
        if (config.kind != models::ModelKind::detector) continue;
        // Nor event detectors (shower_iforest): they find normal use, not faults.
        const auto& cats = config.evaluation.categories;
        if (!cats.empty() && std::all_of(cats.begin(), cats.end(), [](const std::string& c) {
                return !eval::evaluates_category({}, c);
            }))
            continue;
        // The demo fleet is small: every detector is scored over the whole period (labelled
        // spans stay out of training), so both leaderboards count every fault.
        config.data.split = runner::SplitKind::none;
        const runner::RunResult r = runner::execute_run(config, env);
        LeaderboardRow row;
        row.detector = config.model;
        row.run_id = r.run_id;
        row.alarms = r.alarms;
        row.noisy = r.evaluation.micro;
        const eval::EvaluationResult t = runner::evaluate_run_outputs(r.run_id, truth, env);
        row.truth = t.micro;
        row.compressor_within_deadline = compressor_within_deadline(t, row.compressor_failures);
        result.rows.push_back(std::move(row));
    }

    status("failure test bench: injecting heating failures into every unit");
    testbench::BenchOptions bench;
    bench.threads = static_cast<int>(o.threads ? o.threads : 1);
    bench.progress = o.progress;
    bench.status = o.status;
    result.bench = testbench::run_bench(testbench::load_units(ws, db, o.progress),
                                        testbench::load_detectors("", ""), bench);
    const fs::path out = o.workspace / "bench" / "failures-demo";
    testbench::write_outputs(result.bench, out, "heatloop demo: failure test bench");
    result.bench_report = out / "report.html";
    return result;
}

}  // namespace heatloop::demo
