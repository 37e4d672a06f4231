// `heatloop smartmeter disaggregate|detect|train-shipped`: the shipped pretrained smart-meter
// models (docs/smartmeter.md "Shipped models") on a user's files, with no workspace and no
// training, and the command that trains them from a workspace.
#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "commands/command.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/eval/disaggregation.hpp"
#include "heatloop/io/csv_writer.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/models/classifier.hpp"
#include "heatloop/models/disaggregator.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/runner/shipped_models.hpp"

namespace heatloop::cli {

namespace fs = std::filesystem;

namespace {

struct ApplyArgs {
    std::vector<std::string> files, maps;
    std::string model, models_dir, out = "heat_pump_estimates", tz;
    bool energy_per_interval = false;
};

// A scratch workspace under the temporary directory, removed on every path out.
class TempWorkspace {
public:
    TempWorkspace() {
        std::random_device rd;
        for (int attempt = 0; attempt < 100; ++attempt) {
            path_ = fs::temp_directory_path() /
                    fmt::format("heatloop-smartmeter-{:016x}", (std::uint64_t{rd()} << 32) ^ rd());
            if (fs::create_directory(path_)) return;
        }
        throw IoError("cannot create a temporary workspace");
    }
    ~TempWorkspace() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempWorkspace(const TempWorkspace&) = delete;
    TempWorkspace& operator=(const TempWorkspace&) = delete;
    const fs::path& path() const noexcept { return path_; }

private:
    fs::path path_;
};

// One household of the user's files, on its own grid with its weather joined.
struct Household {
    UnitFrame frame;
    std::string source;  // the file(s) it came from
};

// The header line of a plain-text file, lower-cased ("" when unreadable or gzip).
std::string header_of(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line) || line.rfind("\x1f\x8b", 0) == 0) return {};
    for (char& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return line;
}

// The smart-meter-hp export (kWh_aggregated, kWh_heat_pump, ...) holds energy per interval by
// its definition (docs/formats.md "Households' meter exports"): when every meter file given is
// such an export and nothing declares a unit, it is read so, and the note says it. Any other
// meter file (id,datetime,load) leaves the choice to the flags, as heatloop ingest does.
bool exports_only(const ApplyArgs& a) {
    if (a.energy_per_interval || !a.maps.empty()) return false;
    bool any = false;
    for (const std::string& f : a.files) {
        const std::string h = header_of(f);
        if (h.find("kwh_aggregated") != std::string::npos)
            any = true;
        else if (h.empty() || h.find("load") != std::string::npos)
            return false;  // unreadable here, or a smart-meter file of another format
    }
    return any;
}

// The files read into a scratch workspace: every meter's household series.
std::vector<Household> read_households(ApplyArgs& a, const TempWorkspace& tmp) {
    io::IngestOptions o;
    if (exports_only(a)) {
        a.energy_per_interval = true;
        fmt::print(stderr,
                   "note: reading the household meter export's kWh_ columns as energy per "
                   "interval (kWh of the interval ending at each timestamp), as that format "
                   "defines them\n");
    }
    o.energy_per_interval = a.energy_per_interval;
    o.tz = a.tz;
    for (const std::string& m : a.maps) {
        const auto eq = m.rfind('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
            throw InvalidInputError(
                fmt::format("--map '{}': expected \"Vendor column name=channel\"", m));
        o.column_map[m.substr(0, eq)] = m.substr(eq + 1);
    }
    o.progress = false;
    o.warn = [](const std::string& w) { fmt::print(stderr, "warning: {}\n", w); };
    std::vector<fs::path> files(a.files.begin(), a.files.end());
    const io::IngestReport report = io::ingest(files, o, tmp.path() / "ws");
    std::map<std::string, std::vector<std::string>> sources;
    for (const io::FileReport& f : report.files)
        if (f.format == io::InputFormat::smartmeter || f.format == io::InputFormat::household_meter)
            for (const std::string& id : f.ids) sources[id].push_back(f.file.string());
    const io::Workspace ws = io::Workspace::open(tmp.path() / "ws");
    std::vector<Household> out;
    for (const std::string& id : ws.meter_ids()) {
        const auto meters = ws.meters_of(id);
        const std::string source =
            sources.count(id) ? fmt::format("{}", fmt::join(sources[id], "+")) : id;
        if (std::find(meters.begin(), meters.end(), "total") == meters.end())
            throw InvalidInputError(fmt::format(
                "{}: household {} has no household total (only a sub-meter)", source, visible(id)));
        out.push_back({ws.load_meter_with_weather(id), source});
    }
    if (out.empty())
        throw InvalidInputError(
            fmt::format("{}: no smart-meter data (the household meter export or id,datetime,load)",
                        fmt::join(a.files, ", ")));
    return out;
}

// The outdoor temperature a model takes, when the household has none: a clear error.
void check_temperature(const models::Model& model, const Household& h) {
    const auto& p = model.params();
    if (!p.contains("temperature_channel")) return;
    const std::string t = p["temperature_channel"].get<std::string>();
    if (!t.empty() && !h.frame.find(t))
        throw InvalidInputError(fmt::format(
            "{}: household {} has no outdoor temperature ('{}'), which the model takes: give "
            "the weather file and a households file naming its location with it (or use the "
            "household meter export, which holds its temperatures)",
            h.source, visible(h.frame.unit_id()), t));
}

std::string param_or(const models::Model& m, const char* name, const char* fallback) {
    return m.params().contains(name) ? m.params()[name].get<std::string>() : fallback;
}

double kwh(double kw, Duration step) {
    return kw * static_cast<double>(step) / static_cast<double>(k_hour_ms);
}

nlohmann::json finite_or_null(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nullptr;
}

void disaggregate(ApplyArgs& a, const GlobalOptions& global) {
    const runner::ShippedCatalogue cat =
        runner::read_catalogue(runner::find_models_dir(a.models_dir));
    const runner::ShippedModel& entry = cat.find(a.model);
    if (entry.kind != models::ModelKind::disaggregator)
        throw InvalidInputError(
            fmt::format("shipped model '{}' is a {}, not a disaggregator "
                        "(use `heatloop smartmeter detect`)",
                        entry.name, models::kind_name(entry.kind)));
    auto model = runner::load_shipped(cat, entry);
    model->set_context({0, global.threads > 0 ? global.threads : 1});
    const auto& dis = static_cast<const models::Disaggregator&>(*model);
    const std::string total = dis.total_channel(), component = dis.component_channel();
    const TempWorkspace tmp;
    const std::vector<Household> households = read_households(a, tmp);
    for (const Household& h : households) {  // every file checked before anything is written
        runner::check_fits_shipped(entry, h.frame, total, h.source, a.energy_per_interval);
        check_temperature(*model, h);
    }
    fs::create_directories(a.out);
    nlohmann::json out = {{"model", entry.name},
                          {"registered_model", entry.model},
                          {"version", entry.version},
                          {"out", a.out},
                          {"households", nlohmann::json::array()}};
    for (const Household& h : households) {
        const std::vector<double> est = dis.predict(h.frame);
        const std::vector<double>& tot = h.frame.at(total).values;
        const Channel* truth = h.frame.find(component);
        const Duration step = h.frame.step();
        const std::string file =
            (fs::path(a.out) / (io::escape_file_name(h.frame.unit_id()) + ".csv")).string();
        io::CsvFileWriter w(file);
        if (truth)
            w.buffer().row(
                {"timestamp", "total_kwh", "heat_pump_kwh_estimate", "heat_pump_kwh_metered"});
        else
            w.buffer().row({"timestamp", "total_kwh", "heat_pump_kwh_estimate"});
        double sum_total = 0.0, sum_est = 0.0;
        std::vector<double> truth_kwh, est_kwh;
        for (std::size_t r = 0; r < h.frame.rows(); ++r) {
            auto& b = w.buffer();
            b.timestamp(h.frame.time()[r]).fixed(kwh(tot[r], step), 4).fixed(kwh(est[r], step), 4);
            if (truth) b.fixed(kwh(truth->values[r], step), 4);
            b.end_row();
            w.flush_if_full();
            if (std::isfinite(tot[r])) sum_total += kwh(tot[r], step);
            if (std::isfinite(est[r])) sum_est += kwh(est[r], step);
            if (truth) {
                truth_kwh.push_back(kwh(truth->values[r], step));
                est_kwh.push_back(kwh(est[r], step));
            }
        }
        w.commit();
        nlohmann::json hj = {{"household", h.frame.unit_id()},
                             {"source", h.source},
                             {"file", file},
                             {"intervals", h.frame.rows()},
                             {"resolution", format_duration(step)},
                             {"total_kwh", sum_total},
                             {"heat_pump_kwh_estimate", sum_est},
                             {"heat_pump_share", sum_total > 0 ? sum_est / sum_total : 0.0}};
        if (truth) {  // a sub-meter: the estimate against it, kWh per interval
            const auto m = eval::disaggregation_metrics(truth_kwh, est_kwh);
            hj["metrics"] = eval::to_json(m);
        }
        out["households"].push_back(hj);
        if (!global.json) {
            fmt::print(
                "{}: {} intervals of {}, total {:.1f} kWh, heat pump (estimated) {:.1f} kWh "
                "({:.0f} %) -> {}\n",
                h.frame.unit_id(), h.frame.rows(), format_duration(step), sum_total, sum_est,
                sum_total > 0 ? 100.0 * sum_est / sum_total : 0.0, file);
            if (truth)
                fmt::print(
                    "  against its sub-meter (kWh per interval): R^2 {:.3f}, RMSE {:.3f}, "
                    "MAE {:.3f}\n",
                    hj["metrics"].value("r2", std::nan("")),
                    hj["metrics"].value("rmse", std::nan("")),
                    hj["metrics"].value("mae", std::nan("")));
        }
    }
    if (global.json) std::cout << out.dump(2) << "\n";
}

void detect(ApplyArgs& a, const GlobalOptions& global) {
    const runner::ShippedCatalogue cat =
        runner::read_catalogue(runner::find_models_dir(a.models_dir));
    const runner::ShippedModel& entry = cat.find(a.model);
    if (entry.kind != models::ModelKind::classifier)
        throw InvalidInputError(
            fmt::format("shipped model '{}' is a {}, not a heat-pump detector "
                        "(use `heatloop smartmeter disaggregate`)",
                        entry.name, models::kind_name(entry.kind)));
    auto model = runner::load_shipped(cat, entry);
    model->set_context({0, global.threads > 0 ? global.threads : 1});
    const auto& cls = static_cast<const models::Classifier&>(*model);
    const std::string total = param_or(*model, "total_channel", "load");
    const TempWorkspace tmp;
    const std::vector<Household> households = read_households(a, tmp);
    for (const Household& h : households) {
        runner::check_fits_shipped(entry, h.frame, total, h.source, a.energy_per_interval);
        check_temperature(*model, h);
    }
    nlohmann::json out = {{"model", entry.name},
                          {"registered_model", entry.model},
                          {"version", entry.version},
                          {"households", nlohmann::json::array()}};
    for (const Household& h : households) {
        const auto periods = cls.predict(h.frame);
        double sum = 0.0;
        std::size_t n = 0;
        nlohmann::json months = nlohmann::json::array();
        for (const auto& p : periods) {
            months.push_back({{"start", format_iso(p.start)},
                              {"end", format_iso(p.end)},
                              {"probability", finite_or_null(p.probability)}});
            if (std::isfinite(p.probability)) sum += p.probability, ++n;
        }
        const double prob = n ? sum / static_cast<double>(n) : std::nan("");
        out["households"].push_back(
            {{"household", h.frame.unit_id()},
             {"source", h.source},
             {"probability", finite_or_null(prob)},
             {"has_heat_pump",
              std::isfinite(prob) ? nlohmann::json(prob >= 0.5) : nlohmann::json(nullptr)},
             {"months", months}});
        if (!global.json)
            fmt::print("{}: heat pump probability {} ({} of {} months scored){}\n",
                       h.frame.unit_id(), std::isfinite(prob) ? fmt::format("{:.3f}", prob) : "n/a",
                       n, periods.size(),
                       std::isfinite(prob) ? (prob >= 0.5 ? ": heat pump" : ": no heat pump")
                                           : ": too little data");
    }
    if (global.json) std::cout << out.dump(2) << "\n";
}

// ---- train-shipped ------------------------------------------------------------------------

struct TrainArgs {
    std::string workspace, out, note, command;
    bool seq2point = false;
    std::uint64_t seed = 1;
};

nlohmann::json train_entry(const std::string& name, const models::Model& m, const std::string& file,
                           const std::string& side_file, Duration step,
                           const std::vector<double>& medians, const std::vector<std::string>& ids,
                           std::size_t intervals, double fit_seconds, const TrainArgs& a) {
    nlohmann::json e = {
        {"name", name},
        {"kind", models::kind_name(m.kind())},
        {"model", std::string(m.name())},
        {"file", file},
        {"version", 1},
        {"resolution", format_duration(step)},
        {"input",
         {{"total_channel", "load"},
          {"unit",
           "kW (mean power per interval); files of energy per interval are read "
           "with --energy-per-interval and converted"},
          {"temperature_channel", "t_outdoor"}}},
        {"total_median_kw",
         {*std::min_element(medians.begin(), medians.end()),
          *std::max_element(medians.begin(), medians.end())}},
        {"training_data",
         {{"households", ids.size()},
          {"household_ids", ids},
          {"intervals", intervals},
          {"note", a.note}}},
        {"fit_seconds", fit_seconds},
        {"seed", a.seed},
        {"command", a.command.empty() ? "heatloop smartmeter train-shipped" : a.command},
    };
    if (!side_file.empty()) e["side_file"] = side_file;
    return e;
}

void write_model(const fs::path& dir, const std::string& stem, const models::Model& m,
                 std::string& side_name) {
    { std::ofstream(dir / (stem + ".json")) << m.save().dump() << "\n"; }
    const std::string side = m.save_side_file();
    side_name.clear();
    if (!side.empty()) {
        side_name = stem + ".bin";
        std::ofstream out(dir / side_name, std::ios::binary);
        out << side;
        if (!out) throw IoError(fmt::format("cannot write {}", (dir / side_name).string()));
    }
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void train_shipped(const TrainArgs& a, const GlobalOptions& global) {
    const io::Workspace ws = io::Workspace::open(a.workspace);
    const models::ModelContext ctx{a.seed, global.threads > 0 ? global.threads : 1};
    // Disaggregator: every meter with both the total and the heat pump's sub-meter.
    std::vector<UnitFrame> sub;
    std::vector<std::string> sub_ids;
    std::vector<double> sub_medians;
    std::set<std::string> with_sub;
    std::size_t sub_rows = 0;
    Duration step = 0;
    for (const std::string& id : ws.meter_ids()) {
        const auto meters = ws.meters_of(id);
        if (std::find(meters.begin(), meters.end(), "heat_pump") == meters.end() ||
            std::find(meters.begin(), meters.end(), "total") == meters.end())
            continue;
        sub.push_back(ws.load_meter_with_weather(id));
        if (step == 0) step = sub.back().step();
        if (sub.back().step() != step)
            throw InvalidInputError(fmt::format(
                "{}: meter {} is on a {} grid, the others on {}: the shipped models are trained "
                "at one resolution",
                a.workspace, visible(id), format_duration(sub.back().step()),
                format_duration(step)));
        sub_medians.push_back(runner::finite_median(sub.back().at("load").values));
        sub_ids.push_back(id);
        with_sub.insert(id);
        sub_rows += sub.back().rows();
    }
    if (sub.empty())
        throw InvalidInputError(
            fmt::format("{}: no household has both a total and a heat-pump sub-meter to train on",
                        a.workspace));
    fs::create_directories(a.out);  // only once there is something to train
    nlohmann::json manifest = {
        {"format_version", runner::k_shipped_manifest_version},
        {"about", "heatloop's shipped smart-meter models (docs/smartmeter.md \"Shipped models\")"},
        {"licence",
         "Trained in part on the smart-meter-hp households of Brudermueller, Breer and Staake "
         "(BuildSys '23), MIT licensed: see LICENSE.smart-meter-hp in this directory, which "
         "travels with these files."},
        {"models", nlohmann::json::array()}};
    const nlohmann::json dis_params = {{"total_channel", "load"},
                                       {"component_channel", "load_heat_pump"},
                                       {"temperature_channel", "t_outdoor"},
                                       {"n_estimators", 150},
                                       {"max_depth", 5}};
    {
        fmt::print(stderr, "training default (gradient_boosting_disaggregator) on {} households\n",
                   sub.size());
        auto m = models::make_model("gradient_boosting_disaggregator", dis_params);
        const auto t = std::chrono::steady_clock::now();
        static_cast<models::Disaggregator&>(*m).fit(sub, ctx);
        const double secs = seconds_since(t);
        std::string side;
        write_model(a.out, "default", *m, side);
        manifest["models"].push_back(train_entry("default", *m, "default.json", side, step,
                                                 sub_medians, sub_ids, sub_rows, secs, a));
    }
    if (a.seq2point) {
        fmt::print(stderr, "training seq2point on {} households\n", sub.size());
        auto m = models::make_model("seq2point", {{"total_channel", "load"},
                                                  {"component_channel", "load_heat_pump"},
                                                  {"temperature_channel", "t_outdoor"},
                                                  {"max_windows", 200000}});
        const auto t = std::chrono::steady_clock::now();
        static_cast<models::Disaggregator&>(*m).fit(sub, ctx);
        const double secs = seconds_since(t);
        std::string side;
        write_model(a.out, "seq2point", *m, side);
        manifest["models"].push_back(train_entry("seq2point", *m, "seq2point.json", side, step,
                                                 sub_medians, sub_ids, sub_rows, secs, a));
    }
    sub.clear();
    // Detector: households with a known target, and meters with a heat-pump sub-meter (a heat
    // pump for certain) that no households file lists.
    std::vector<UnitFrame> frames;
    std::vector<double> targets, medians;
    std::vector<std::string> ids;
    std::size_t rows = 0;
    std::set<std::string> listed;
    const auto meter_ids = ws.meter_ids();
    const std::set<std::string> have_meter(meter_ids.begin(), meter_ids.end());
    auto add = [&](const std::string& id, bool target) {
        frames.push_back(ws.load_meter_with_weather(id));
        if (frames.back().step() != step)
            throw InvalidInputError(fmt::format(
                "{}: meter {} is on a {} grid, the others on {}", a.workspace, visible(id),
                format_duration(frames.back().step()), format_duration(step)));
        targets.push_back(target ? 1.0 : 0.0);
        medians.push_back(runner::finite_median(frames.back().at("load").values));
        ids.push_back(id);
        rows += frames.back().rows();
    };
    for (const HouseholdInfo& h : ws.households()) {
        listed.insert(h.household_id);
        if (h.has_heat_pump && have_meter.count(h.household_id))
            add(h.household_id, *h.has_heat_pump);
    }
    for (const std::string& id : with_sub)
        if (!listed.count(id)) add(id, true);
    {
        fmt::print(stderr,
                   "training default-detector (gradient_boosting_classifier) on {} households\n",
                   frames.size());
        auto m =
            models::make_model("gradient_boosting_classifier",
                               {{"n_estimators", 200}, {"max_depth", 4}, {"learning_rate", 0.05}});
        const auto t = std::chrono::steady_clock::now();
        static_cast<models::Classifier&>(*m).fit(frames, targets, ctx);
        const double secs = seconds_since(t);
        std::string side;
        write_model(a.out, "default-detector", *m, side);
        nlohmann::json e = train_entry("default-detector", *m, "default-detector.json", side, step,
                                       medians, ids, rows, secs, a);
        std::size_t positives = 0;
        for (double y : targets) positives += y > 0.5;
        e["training_data"]["with_heat_pump"] = positives;
        e["training_data"]["without_heat_pump"] = targets.size() - positives;
        manifest["models"].push_back(e);
    }
    runner::write_catalogue(a.out, manifest);
    if (global.json)
        std::cout << manifest.dump(2) << "\n";
    else
        for (const auto& e : manifest["models"])
            fmt::print("{}: {} ({}) -> {}/{}\n", e["name"].get<std::string>(),
                       e["model"].get<std::string>(), e["kind"].get<std::string>(), a.out,
                       e["file"].get<std::string>());
}

void add_apply_options(CLI::App* cmd, ApplyArgs& a, const char* default_model) {
    a.model = default_model;
    cmd->add_option("files", a.files,
                    "household meter exports or id,datetime,load files (with "
                    "their weather and households files)")
        ->required();
    cmd->add_option("--model", a.model, "shipped model name (manifest.json)")
        ->capture_default_str();
    cmd->add_option("--models", a.models_dir,
                    "the models directory (default: $HEATLOOP_MODELS, else models/ beside the "
                    "binary's directory)");
    cmd->add_flag("--energy-per-interval", a.energy_per_interval,
                  "the meter values are kWh of the interval ending at their timestamp");
    cmd->add_option("--map", a.maps, "\"Vendor column=channel[:unit]\" (as heatloop ingest)")
        ->allow_extra_args(false);
    cmd->add_option("--tz", a.tz, "zone of naive local timestamps");
}

}  // namespace

void add_smartmeter(CLI::App& app, const GlobalOptions& global) {
    auto* cmd = app.add_subcommand(
        "smartmeter", "shipped smart-meter models: heat-pump load and detection from a meter file");
    cmd->require_subcommand(1);
    auto dis = std::make_shared<ApplyArgs>();
    auto* d = cmd->add_subcommand(
        "disaggregate", "estimate the heat pump's load per interval with a shipped model");
    add_apply_options(d, *dis, "default");
    d->add_option("--out", dis->out, "directory for <household>.csv estimates")
        ->capture_default_str();
    d->callback([dis, &global] { disaggregate(*dis, global); });
    auto det = std::make_shared<ApplyArgs>();
    auto* t = cmd->add_subcommand("detect",
                                  "the probability that each household has a heat pump (per month "
                                  "and overall) with a shipped model");
    add_apply_options(t, *det, "default-detector");
    t->callback([det, &global] { detect(*det, global); });
    auto tr = std::make_shared<TrainArgs>();
    auto* s = cmd->add_subcommand(
        "train-shipped",
        "train the shipped models from a workspace's meters and write them with a manifest "
        "(scripts/train-shipped-models.sh builds the workspace)");
    add_workspace_option(*s, tr->workspace);
    s->add_option("--out", tr->out, "models directory to write")->required();
    s->add_flag("--seq2point", tr->seq2point, "also train the seq2point CNN (name 'seq2point')");
    s->add_option("--seed", tr->seed, "seed of every random choice")->capture_default_str();
    s->add_option("--note", tr->note, "what the training data is (kept in the manifest)");
    s->add_option("--command", tr->command, "the command that made the models (manifest)");
    s->callback([tr, &global] { train_shipped(*tr, global); });
    cmd->footer("docs/smartmeter.md \"Shipped models\"");
}

}  // namespace heatloop::cli
