// Our side of bench/compare_torch.py: trains one of the neural layer's networks on windows of
// series that the script wrote, predicts with it, and prints the timings as JSON on stdout.
//
//   nn_bench --data FILE.f32 --series S --steps T --channels C --covariates K
//            [--network sequence] [--arch tcn|lstm] [--window 18] [--hidden 32] [--layers 1]
//            [--kernel 3] [--epochs 3] [--batch-size 128] [--lr 0.003] [--clip 1]
//            [--mask-probability 0.3] [--next-step-share 0.5] [--validation-fraction 0.2]
//            [--max-windows 8192] [--threads 1] [--score-series S] [--score-batch 512]
//            [--seed 0] [--step-minutes 10] [--output PRED.f32]
//   nn_bench --network regressor --data FILE.f32 --series S --steps T --features F --outputs H
//            [--arch lstm|bilstm_attention] [--window 12] [--hidden 50] [--epochs 3]
//            [--batch-size 72] [--lr 0.001] [--clip 1] [--validation-fraction 0.15]
//            [--max-windows 0] [--threads 1] [--score-series S] [--score-batch 512] [--seed 0]
//            [--step-minutes 5] [--output PRED.f32]
//
// --network sequence (the self_supervised detector's nn::SequenceNet): FILE.f32 holds S series
// one after the other, each T x C channel values (NaN = missing) then T x K covariates;
// scoring is predict_masked (one pass per channel) over the first --score-series series.
// --network regressor (the lstm and bilstm_attention forecasters' nn::SequenceRegressor): each
// series is T x F feature values then T x H targets (NaN = missing; targets of row t are the
// outputs wanted for the window ending at t); scoring is predict() over every row of the first
// --score-series series. The defaults of --network regressor are the forecasters' (hidden 50,
// batch 72, Adam lr 1e-3, validation 0.15, all windows every epoch, 5-min rows).
// Both files are little-endian float32, row-major. Training runs every epoch (patience is set
// past --epochs, so early stopping never cuts the run short); PRED.f32 gets the predictions
// (steps x C or steps x H per series, float32), to check that a change leaves them bit for
// bit as they were. Scoring throughput is in unit-years of --step-minutes steps per second
// (10 min: the self_supervised detector's default resolution, 52,560 steps a year; 5 min: the
// hot-water forecast study's grid, 105,120). Times exclude reading and writing the files.

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "heatloop/nn/sequence_net.hpp"
#include "heatloop/nn/sequence_regressor.hpp"

namespace {

namespace nn = heatloop::nn;
using nn::TrainReport;

std::vector<float> read_floats(const std::string& path, std::size_t expected) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error("cannot open " + path);
    const auto bytes = static_cast<std::size_t>(in.tellg());
    if (bytes != expected * sizeof(float))
        throw std::runtime_error(path + ": " + std::to_string(bytes) + " bytes, expected " +
                                 std::to_string(expected * sizeof(float)) +
                                 " for the given --series, --steps and row width");
    std::vector<float> x(expected);
    in.seekg(0);
    in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(bytes));
    if (!in) throw std::runtime_error("cannot read " + path);
    return x;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU time of the process, all threads.
double cpu_seconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

// Peak resident set of the process so far, MiB (Linux reports KiB).
double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

using Args = std::map<std::string, std::string>;

// The options given on the command line over `defaults`; an option not in `defaults` is an
// error naming the valid ones.
Args parse(int argc, char** argv, Args defaults) {
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        if (!defaults.contains(key) || i + 1 == argc) {
            std::string valid;
            for (const auto& [k, v] : defaults) valid += " " + k;
            throw std::runtime_error("unknown or incomplete option " + key + " (valid:" + valid +
                                     ")");
        }
        defaults[key] = argv[++i];
    }
    return defaults;
}

void require(const Args& args, std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (args.at(name).empty()) throw std::runtime_error(std::string(name) + " is required");
}

void write_predictions(const std::string& path, const std::vector<float>& predictions) {
    if (path.empty()) return;
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(predictions.data()),
              static_cast<std::streamsize>(predictions.size() * sizeof(float)));
    if (!out) throw std::runtime_error("cannot write " + path);
}

// What both networks report, as one JSON line.
struct Timings {
    std::string arch;
    int threads = 1;
    TrainReport report;
    double train_cpu_s = 0, score_s = 0, score_cpu_s = 0, checksum = 0, rss_loaded = 0;
    std::size_t scored_steps = 0;
};

std::string json_list(const std::vector<double>& v) {
    std::string out;
    for (std::size_t e = 0; e < v.size(); ++e) out += (e ? ", " : "") + std::to_string(v[e]);
    return out;
}

void print(const Timings& t, double step_minutes) {
    if (!(step_minutes > 0)) throw std::runtime_error("--step-minutes must be positive");
    const nn::TrainReport& r = t.report;
    std::printf(
        "{\"arch\": \"%s\", \"threads\": %d, \"epochs\": %d, \"train_windows\": %zu, "
        "\"validation_windows\": %zu, \"train_s\": %.6f, \"train_cpu_s\": %.6f, "
        "\"epoch_s\": %.6f, \"train_loss\": [%s], \"validation_loss\": [%s], "
        "\"best_epoch\": %d, \"best_validation_loss\": %.6f, "
        "\"scored_steps\": %zu, \"score_s\": %.6f, \"score_cpu_s\": %.6f, "
        "\"step_minutes\": %g, \"unit_years_per_s\": %.6f, "
        "\"score_checksum\": %.6f, \"rss_loaded_mib\": %.1f, \"peak_rss_mib\": %.1f}\n",
        t.arch.c_str(), t.threads, r.epochs, r.train_windows, r.validation_windows, r.seconds,
        t.train_cpu_s, r.seconds / std::max(r.epochs, 1), json_list(r.train_loss).c_str(),
        json_list(r.validation_loss).c_str(), r.best_epoch, r.best_validation_loss, t.scored_steps,
        t.score_s, t.score_cpu_s, step_minutes,
        t.scored_steps > 0 && t.score_s > 0
            ? static_cast<double>(t.scored_steps) / (365.0 * 24 * 60 / step_minutes) / t.score_s
            : 0.0,
        t.checksum, t.rss_loaded, peak_rss_mib());
}

// The training options both networks share, from the command line; patience past --epochs,
// so every epoch runs.
template <class Options>
Options training_options(Args& args) {
    Options o;
    o.epochs = std::stoi(args["--epochs"]);
    o.patience = o.epochs + 1;
    o.learning_rate = std::stod(args["--lr"]);
    o.batch_size = std::stoi(args["--batch-size"]);
    o.validation_fraction = std::stod(args["--validation-fraction"]);
    o.clip_norm = std::stod(args["--clip"]);
    o.max_windows = std::stoul(args["--max-windows"]);
    o.seed = std::stoull(args["--seed"]);
    o.threads = std::stoi(args["--threads"]);
    return o;
}

// Trains `net` on `series`, scores the first --score-series of them with `predict(series,
// batch)`, writes --output and prints the timings.
template <class Net, class Series, class Options, class Predict>
int train_and_score(Args& args, Net& net, const std::vector<Series>& series, const Options& o,
                    Timings& t, Predict predict) {
    t.threads = o.threads;
    double c0 = cpu_seconds();
    t.report = net.train(series, o);
    t.train_cpu_s = cpu_seconds() - c0;

    const std::size_t score_series = std::min(std::stoul(args["--score-series"]), series.size());
    const std::size_t batch = std::stoul(args["--score-batch"]);
    std::vector<float> predictions;
    const auto t0 = std::chrono::steady_clock::now();
    c0 = cpu_seconds();
    for (std::size_t s = 0; s < score_series; ++s) {
        const std::vector<float> pred = predict(series[s], batch);
        t.scored_steps += series[s].steps;
        for (float v : pred)
            if (v == v) t.checksum += v;
        if (!args["--output"].empty())
            predictions.insert(predictions.end(), pred.begin(), pred.end());
    }
    t.score_s = seconds_since(t0);
    t.score_cpu_s = cpu_seconds() - c0;
    write_predictions(args["--output"], predictions);
    print(t, std::stod(args["--step-minutes"]));
    return 0;
}

// nn::SequenceNet: the self_supervised detector's masked-channel network.
int run_sequence(int argc, char** argv) {
    Args args = parse(argc, argv,
                      {{"--network", "sequence"},
                       {"--data", ""},
                       {"--series", ""},
                       {"--steps", ""},
                       {"--channels", ""},
                       {"--covariates", ""},
                       {"--arch", "tcn"},
                       {"--window", "18"},
                       {"--hidden", "32"},
                       {"--layers", "1"},
                       {"--kernel", "3"},
                       {"--epochs", "3"},
                       {"--batch-size", "128"},
                       {"--lr", "0.003"},
                       {"--clip", "1"},
                       {"--mask-probability", "0.3"},
                       {"--next-step-share", "0.5"},
                       {"--validation-fraction", "0.2"},
                       {"--max-windows", "8192"},
                       {"--threads", "1"},
                       {"--score-series", "1"},
                       {"--score-batch", "512"},
                       {"--seed", "0"},
                       {"--step-minutes", "10"},
                       {"--output", ""}});
    require(args, {"--data", "--series", "--steps", "--channels", "--covariates"});
    const std::size_t n_series = std::stoul(args["--series"]), steps = std::stoul(args["--steps"]);
    nn::NetSpec spec;
    spec.architecture = nn::parse_architecture(args["--arch"]);
    spec.channels = std::stoi(args["--channels"]);
    spec.covariates = std::stoi(args["--covariates"]);
    spec.window = std::stoi(args["--window"]);
    spec.hidden = std::stoi(args["--hidden"]);
    spec.layers = std::stoi(args["--layers"]);
    spec.kernel = std::stoi(args["--kernel"]);
    const auto c = static_cast<std::size_t>(spec.channels),
               k = static_cast<std::size_t>(spec.covariates);
    const std::vector<float> data = read_floats(args["--data"], n_series * steps * (c + k));
    std::vector<nn::SeriesView> series;
    for (std::size_t s = 0; s < n_series; ++s) {
        const float* base = data.data() + s * steps * (c + k);
        series.push_back({{base, steps * c}, {base + steps * c, steps * k}, steps});
    }
    Timings t;
    t.rss_loaded = peak_rss_mib();

    auto o = training_options<nn::TrainOptions>(args);
    o.mask_probability = std::stod(args["--mask-probability"]);
    o.next_step_share = std::stod(args["--next-step-share"]);
    t.arch = nn::architecture_name(spec.architecture);

    nn::SequenceNet net(spec, o.seed);
    return train_and_score(args, net, series, o, t,
                           [&](const nn::SeriesView& s, std::size_t batch) {
                               return net.predict_masked(s, o.threads, batch);
                           });
}

// nn::SequenceRegressor: the lstm and bilstm_attention forecasters' network.
int run_regressor(int argc, char** argv) {
    const nn::RegressorTrainOptions defaults;
    Args args = parse(argc, argv,
                      {{"--network", "regressor"},
                       {"--data", ""},
                       {"--series", ""},
                       {"--steps", ""},
                       {"--features", ""},
                       {"--outputs", ""},
                       {"--arch", "lstm"},
                       {"--window", "12"},
                       {"--hidden", "50"},
                       {"--epochs", "3"},
                       {"--batch-size", std::to_string(defaults.batch_size)},
                       {"--lr", fmt::format("{}", defaults.learning_rate)},
                       {"--clip", fmt::format("{}", defaults.clip_norm)},
                       {"--validation-fraction", fmt::format("{}", defaults.validation_fraction)},
                       {"--max-windows", "0"},
                       {"--threads", "1"},
                       {"--score-series", "1"},
                       {"--score-batch", "512"},
                       {"--seed", "0"},
                       {"--step-minutes", "5"},
                       {"--output", ""}});
    require(args, {"--data", "--series", "--steps", "--features", "--outputs"});
    const std::size_t n_series = std::stoul(args["--series"]), steps = std::stoul(args["--steps"]);
    nn::RegressorSpec spec;
    spec.architecture = nn::parse_regressor_architecture(args["--arch"]);
    spec.features = std::stoi(args["--features"]);
    spec.outputs = std::stoi(args["--outputs"]);
    spec.window = std::stoi(args["--window"]);
    spec.hidden = std::stoi(args["--hidden"]);
    const auto f = static_cast<std::size_t>(spec.features),
               h = static_cast<std::size_t>(spec.outputs);
    const std::vector<float> data = read_floats(args["--data"], n_series * steps * (f + h));
    std::vector<nn::RegressionSeries> series;
    for (std::size_t s = 0; s < n_series; ++s) {
        const float* base = data.data() + s * steps * (f + h);
        series.push_back({{base, steps * f}, {base + steps * f, steps * h}, steps});
    }
    Timings t;
    t.rss_loaded = peak_rss_mib();

    const auto o = training_options<nn::RegressorTrainOptions>(args);
    t.arch = nn::regressor_architecture_name(spec.architecture);

    nn::SequenceRegressor net(spec, o.seed);
    return train_and_score(args, net, series, o, t,
                           [&](const nn::RegressionSeries& s, std::size_t batch) {
                               return net.predict(s.features, s.steps, o.threads, batch);
                           });
}

int run(int argc, char** argv) {
    std::string network = "sequence";
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--network") network = argv[i + 1];
    if (network == "sequence") return run_sequence(argc, argv);
    if (network == "regressor") return run_regressor(argc, argv);
    throw std::runtime_error("--network " + network + ": sequence or regressor");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
}
