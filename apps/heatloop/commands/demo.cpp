// `heatloop demo`: the whole loop on a simulated fleet, ending in two leaderboards.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

#include "commands/bench/bench_table.hpp"
#include "commands/command.hpp"
#include "commands/run/summary.hpp"
#include "commands/serve.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/demo/demo.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/testbench/report.hpp"
#include "heatloop/web/passwords.hpp"
#include "heatloop/web/users.hpp"

namespace heatloop::cli {

namespace {

struct DemoArgs {
    demo::DemoOptions options;
    bool no_serve = false;
};

void print_board(const demo::DemoResult& r, bool truth) {
    fmt::print("\nleaderboard against {}:\n",
               truth ? "the simulator's ground truth" : "the imported (noisy) labels");
    fmt::print("  {:<22} {:>8} {:>9} {:>11} {:>11} {:>9} {:>10}\n", "DETECTOR", "ALARMS",
               "EVENT F1", "IN 6 H", "FA/UNIT-MO", "DELAY H", truth ? "COMPR 6 H" : "");
    for (const demo::LeaderboardRow& row : r.rows) {
        const eval::Metrics& m = truth ? row.truth : row.noisy;
        fmt::print("  {:<22} {:>8} {:>9} {:>11} {:>11} {:>9} {:>10}\n", row.detector, row.alarms,
                   format_metric(m.event_f1), format_metric(m.detected_within_deadline),
                   format_metric(m.false_alarms_per_unit_month), format_metric(m.delay_median_h),
                   truth ? fmt::format("{} of {}", format_metric(row.compressor_within_deadline),
                                       row.compressor_failures)
                         : "");
    }
}

// Adds the demo's admin user and serves the demo workspace on 127.0.0.1:8080.
void serve_demo(const demo::DemoResult& r, const GlobalOptions& global) {
    const std::string password = web::random_password();
    std::string login;
    {
        auto db = store::open_workspace_db(r.workspace, global.db);
        try {
            web::UserStore(*db).add("demo", web::Role::admin, password);
            login = fmt::format("sign in as demo with password {}", password);
        } catch (const ConflictError&) {
            // Only with --db: the workspace directory is fresh, a PostgreSQL database is not.
            login = "sign in as demo (the user existed already; its password is unchanged)";
        }
    }
    web::ServerOptions o;
    o.workspace = r.workspace;
    o.db_url = global.db;
    o.static_dir = default_static_dir();
    o.threads = static_cast<unsigned>(global.threads);
    fmt::print(global.json ? stderr : stdout, "\nweb app: {}\n", login);
    serve_until_signal(std::move(o), global.json);
}

// The demo's goal: the best detector on the failure bench against demo::FailureTarget.
nlohmann::json target_json(const testbench::BenchResult& bench) {
    const demo::FailureTarget target;
    const testbench::DetectorResult* best = demo::best_on_failures(bench, target);
    return {{"within_deadline_share", target.within_deadline_share},
            {"max_false_alarms_per_unit_month", target.max_false_alarms_per_unit_month},
            {"best_detector", best ? nlohmann::json(best->detector.name) : nlohmann::json()},
            {"met", demo::meets(best, target)}};
}

void print_target(const testbench::BenchResult& bench) {
    const demo::FailureTarget target;
    const testbench::DetectorResult* best = demo::best_on_failures(bench, target);
    const std::string goal =
        fmt::format("target: >= {:.0f}% within the deadline at <= {} false alarm per unit-month",
                    100 * target.within_deadline_share, target.max_false_alarms_per_unit_month);
    if (!best) {
        fmt::print("no detector stays within the false-alarm limit ({}): target NOT met\n", goal);
        return;
    }
    const testbench::Kpis& k = best->kpis;
    fmt::print(
        "best on heating failures: {} detects {} of {} ({:.0f}%) within the deadline at "
        "{:.2f} false alarms per unit-month ({}): {}\n",
        best->detector.name, k.within_deadline, k.injected, 100 * k.within_deadline_share,
        k.false_alarms_per_unit_month, goal, demo::meets(best, target) ? "met" : "NOT met");
}

void demo_command(DemoArgs& a, const GlobalOptions& global) {
    a.options.threads = static_cast<unsigned>(global.threads);
    a.options.progress = !global.json;
    a.options.db_url = global.db;
    a.options.mlflow_url = global.mlflow;
    a.options.status = [&](const std::string& s) {
        if (!global.json) fmt::print(stderr, "{}\n", s);
    };
    const demo::DemoResult r = demo::run_demo(a.options);
    if (global.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : r.rows)
            rows.push_back({{"detector", row.detector},
                            {"run_id", row.run_id},
                            {"alarms", row.alarms},
                            {"noisy_labels", eval::to_json(row.noisy)},
                            {"ground_truth", eval::to_json(row.truth)},
                            {"compressor_failures", row.compressor_failures},
                            {"compressor_within_deadline",
                             std::isnan(row.compressor_within_deadline)
                                 ? nlohmann::json()
                                 : nlohmann::json(row.compressor_within_deadline)}});
        std::cout << nlohmann::json{{"workspace", r.workspace.string()},
                                    {"label_revision", r.label_revision},
                                    {"initial_labels", r.initial_labels},
                                    {"truth_labels", r.truth_labels},
                                    {"runs", rows},
                                    {"failure_bench", testbench::to_json(r.bench)},
                                    {"failure_target", target_json(r.bench)},
                                    {"failure_bench_report", r.bench_report.string()}}
                         .dump(2)
                  << "\n";
        if (!a.no_serve) serve_demo(r, global);
        return;
    }
    fmt::print(
        "demo workspace {}: {} noisy initial labels imported (revision {}), {} "
        "ground-truth labels from the simulator\n",
        r.workspace.string(), r.initial_labels, r.label_revision, r.truth_labels);
    print_board(r, false);
    print_board(r, true);
    fmt::print(
        "\nevent F1 and false alarms count every fault category; COMPR 6 H is the share "
        "of compressor failures detected within 6 h.\n");
    fmt::print("\nfailure test bench (heating failures injected into normal periods):\n");
    print_bench_table(r.bench);
    print_target(r.bench);
    fmt::print("report: {}\n", r.bench_report.string());
    fmt::print("next: heatloop runs list --workspace {0}; heatloop evaluate RUN --workspace {0}\n",
               r.workspace.string());
    if (!a.no_serve) serve_demo(r, global);
}

}  // namespace

void add_demo(CLI::App& app, const GlobalOptions& global) {
    auto a = std::make_shared<DemoArgs>();
    auto* cmd = app.add_subcommand("demo",
                                   "the whole loop on a simulated fleet: simulate, "
                                   "ingest, label, run every detector, leaderboards");
    cmd->add_option("--workspace,-w", a->options.workspace,
                    "demo workspace (an earlier demo there is replaced)")
        ->capture_default_str();
    cmd->add_option("--units", a->options.units, "simulated units")->capture_default_str();
    cmd->add_option("--days", a->options.days, "simulated days")->capture_default_str();
    cmd->add_option("--seed", a->options.seed, "simulation seed")->capture_default_str();
    cmd->add_flag("--no-serve", a->no_serve, "do not start the web app afterwards");
    cmd->callback([a, &global] { demo_command(*a, global); });
}

}  // namespace heatloop::cli
