// Our side of bench/compare_torch.py: trains heatloop::nn::SequenceNet on windows of series
// that the script wrote, scores with predict_masked, and prints the timings as JSON on stdout.
//
//   nn_bench --data FILE.f32 --series S --steps T --channels C --covariates K
//            [--arch tcn|lstm] [--window 18] [--hidden 32] [--layers 1] [--kernel 3]
//            [--epochs 3] [--batch-size 128] [--lr 0.003] [--clip 1] [--mask-probability 0.3]
//            [--next-step-share 0.5] [--validation-fraction 0.2] [--max-windows 8192]
//            [--threads 1] [--score-series S] [--score-batch 512] [--seed 0]
//            [--step-minutes 10] [--output PRED.f32]
//
// FILE.f32: S series one after the other, each T x C channel values (NaN = missing) then
// T x K covariates, little-endian float32, row-major. Training runs every epoch (patience is
// set past --epochs, so early stopping never cuts the run short); scoring is predict_masked
// (one pass per channel) over the first --score-series series; PRED.f32 gets its predictions
// (steps x C per series, float32), to check that a change leaves them bit for bit as they were.
// Scoring throughput is in unit-years of --step-minutes steps per second (10 min: the
// self_supervised detector's default resolution, 52,560 steps a year). Times exclude reading
// and writing the files.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "heatloop/nn/sequence_net.hpp"

namespace {

namespace nn = heatloop::nn;

std::vector<float> read_floats(const std::string& path, std::size_t expected) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error("cannot open " + path);
    const auto bytes = static_cast<std::size_t>(in.tellg());
    if (bytes != expected * sizeof(float))
        throw std::runtime_error(path + ": " + std::to_string(bytes) + " bytes, expected " +
                                 std::to_string(expected * sizeof(float)) +
                                 " for the given --series, --steps, --channels, --covariates");
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

int run(int argc, char** argv) {
    std::map<std::string, std::string> args{{"--data", ""},
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
                                            {"--output", ""}};
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        if (!args.contains(key) || i + 1 == argc) {
            std::string valid;
            for (const auto& [k, v] : args) valid += " " + k;
            throw std::runtime_error("unknown or incomplete option " + key + " (valid:" + valid +
                                     ")");
        }
        args[key] = argv[++i];
    }
    for (const char* required : {"--data", "--series", "--steps", "--channels", "--covariates"})
        if (args[required].empty())
            throw std::runtime_error(std::string(required) + " is required");
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
    const double rss_loaded = peak_rss_mib();

    nn::TrainOptions o;
    o.epochs = std::stoi(args["--epochs"]);
    o.patience = o.epochs + 1;
    o.learning_rate = std::stod(args["--lr"]);
    o.batch_size = std::stoi(args["--batch-size"]);
    o.validation_fraction = std::stod(args["--validation-fraction"]);
    o.clip_norm = std::stod(args["--clip"]);
    o.mask_probability = std::stod(args["--mask-probability"]);
    o.next_step_share = std::stod(args["--next-step-share"]);
    o.max_windows = std::stoul(args["--max-windows"]);
    o.seed = std::stoull(args["--seed"]);
    o.threads = std::stoi(args["--threads"]);

    nn::SequenceNet net(spec, o.seed);
    double c0 = cpu_seconds();
    const nn::TrainReport report = net.train(series, o);
    const double train_cpu_s = cpu_seconds() - c0;

    const std::size_t score_series = std::min(std::stoul(args["--score-series"]), n_series);
    std::size_t scored_steps = 0;
    double checksum = 0;
    std::vector<float> predictions;
    const auto t0 = std::chrono::steady_clock::now();
    c0 = cpu_seconds();
    for (std::size_t s = 0; s < score_series; ++s) {
        const std::vector<float> pred =
            net.predict_masked(series[s], o.threads, std::stoul(args["--score-batch"]));
        scored_steps += series[s].steps;
        for (float v : pred)
            if (v == v) checksum += v;
        if (!args["--output"].empty())
            predictions.insert(predictions.end(), pred.begin(), pred.end());
    }
    const double score_s = seconds_since(t0), score_cpu_s = cpu_seconds() - c0;

    if (!args["--output"].empty()) {
        std::ofstream out(args["--output"], std::ios::binary);
        out.write(reinterpret_cast<const char*>(predictions.data()),
                  static_cast<std::streamsize>(predictions.size() * sizeof(float)));
        if (!out) throw std::runtime_error("cannot write " + args["--output"]);
    }
    const double step_minutes = std::stod(args["--step-minutes"]);
    if (!(step_minutes > 0)) throw std::runtime_error("--step-minutes must be positive");
    std::string losses;
    for (std::size_t e = 0; e < report.train_loss.size(); ++e)
        losses += (e ? ", " : "") + std::to_string(report.train_loss[e]);
    std::printf(
        "{\"arch\": \"%s\", \"threads\": %d, \"epochs\": %d, \"train_windows\": %zu, "
        "\"validation_windows\": %zu, \"train_s\": %.6f, \"train_cpu_s\": %.6f, "
        "\"epoch_s\": %.6f, \"train_loss\": [%s], \"best_validation_loss\": %.6f, "
        "\"scored_steps\": %zu, \"score_s\": %.6f, \"score_cpu_s\": %.6f, "
        "\"step_minutes\": %g, \"unit_years_per_s\": %.6f, "
        "\"score_checksum\": %.6f, \"rss_loaded_mib\": %.1f, \"peak_rss_mib\": %.1f}\n",
        std::string(nn::architecture_name(spec.architecture)).c_str(), o.threads, report.epochs,
        report.train_windows, report.validation_windows, report.seconds, train_cpu_s,
        report.seconds / std::max(report.epochs, 1), losses.c_str(), report.best_validation_loss,
        scored_steps, score_s, score_cpu_s, step_minutes,
        scored_steps > 0
            ? static_cast<double>(scored_steps) / (365.0 * 24 * 60 / step_minutes) / score_s
            : 0.0,
        checksum, rss_loaded, peak_rss_mib());
    return 0;
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
