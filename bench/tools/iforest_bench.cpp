// Our side of bench/compare_iforest.py: fits heatloop's isolation forest on a raw matrix file,
// scores every row, writes the scores, and prints the timings as JSON on stdout.
//
//   iforest_bench --input X.f64 --cols 20 [--trees 100] [--samples 256] [--seed 0]
//                 [--threads 1] [--output SCORES.f64]
//
// X.f64 is little-endian float64, row-major, rows = file size / (8 * cols); SCORES.f64 gets
// one float64 score per row. Timings (wall and process CPU seconds) exclude reading and
// writing the files.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "heatloop/models/detectors/iforest_core.hpp"

namespace {

using heatloop::models::IForestOptions;
using heatloop::models::IsolationForest;

std::vector<double> read_matrix(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error("cannot open " + path);
    const auto bytes = static_cast<std::size_t>(in.tellg());
    if (bytes % sizeof(double) != 0)
        throw std::runtime_error(path + ": size is not a multiple of 8 bytes");
    std::vector<double> x(bytes / sizeof(double));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(bytes));
    if (!in) throw std::runtime_error("cannot read " + path);
    return x;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU time of the process, all threads (what a busy machine does not inflate).
double cpu_seconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

int run(int argc, char** argv) {
    std::map<std::string, std::string> args{
        {"--trees", "100"}, {"--samples", "256"}, {"--seed", "0"}, {"--threads", "1"},
        {"--input", ""},    {"--cols", ""},       {"--output", ""}};
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        if (!args.contains(key) || i + 1 == argc)
            throw std::runtime_error("unknown or incomplete option " + key +
                                     " (valid: --input --cols --trees --samples --seed "
                                     "--threads --output)");
        args[key] = argv[++i];
    }
    if (args["--input"].empty() || args["--cols"].empty())
        throw std::runtime_error("--input and --cols are required");
    const std::size_t cols = std::stoul(args["--cols"]);
    const std::vector<double> x = read_matrix(args["--input"]);
    if (cols == 0 || x.size() % cols != 0)
        throw std::runtime_error("the matrix does not have a whole number of rows of " +
                                 args["--cols"] + " columns");
    const std::size_t rows = x.size() / cols;
    const IForestOptions options{.n_trees = std::stoi(args["--trees"]),
                                 .sample_size = std::stoul(args["--samples"]),
                                 .seed = std::stoull(args["--seed"]),
                                 .threads = std::stoi(args["--threads"])};

    std::vector<double> scores(rows);
    auto t0 = std::chrono::steady_clock::now();
    double c0 = cpu_seconds();
    const IsolationForest forest = IsolationForest::fit(x, rows, cols, options);
    const double fit_s = seconds_since(t0), fit_cpu_s = cpu_seconds() - c0;
    t0 = std::chrono::steady_clock::now();
    c0 = cpu_seconds();
    forest.score(x, scores, options.threads);
    const double score_s = seconds_since(t0), score_cpu_s = cpu_seconds() - c0;

    if (!args["--output"].empty()) {
        std::ofstream out(args["--output"], std::ios::binary);
        out.write(reinterpret_cast<const char*>(scores.data()),
                  static_cast<std::streamsize>(scores.size() * sizeof(double)));
        if (!out) throw std::runtime_error("cannot write " + args["--output"]);
    }
    std::printf(
        "{\"rows\": %zu, \"cols\": %zu, \"trees\": %zu, \"psi\": %zu, \"nodes\": %zu, "
        "\"threads\": %d, \"fit_s\": %.6f, \"score_s\": %.6f, \"fit_cpu_s\": %.6f, "
        "\"score_cpu_s\": %.6f}\n",
        rows, cols, forest.trees(), forest.sample_size(), forest.node_count(), options.threads,
        fit_s, score_s, fit_cpu_s, score_cpu_s);
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
