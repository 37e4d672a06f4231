#include "models/xgb_regressor.hpp"

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <limits>

#include "heatloop/core/error.hpp"

namespace heatloop::models::detail {

namespace {

void check(int rc, const char* what) {
    if (rc != 0) throw InternalError(fmt::format("XGBoost {}: {}", what, XGBGetLastError()));
}

// Owns a DMatrix for the duration of one call. Built on `threads` threads (<= 0: all cores):
// XGDMatrixCreateFromMat always takes every core, and its OpenMP threads spin and crawl when
// other processes hold the cores, even for a booster told to use one thread.
struct Matrix {
    DMatrixHandle h = nullptr;
    Matrix(std::span<const float> x, std::size_t cols, int threads) {
        const std::size_t rows = cols == 0 ? 0 : x.size() / cols;
        check(XGDMatrixCreateFromMat_omp(x.data(), rows, cols,
                                         std::numeric_limits<float>::quiet_NaN(), &h, threads),
              "DMatrix");
    }
    ~Matrix() { XGDMatrixFree(h); }
    Matrix(const Matrix&) = delete;
    Matrix& operator=(const Matrix&) = delete;
};

}  // namespace

XgbRegressor::XgbRegressor() = default;

XgbRegressor::~XgbRegressor() {
    reset();
}

void XgbRegressor::reset() {
    if (booster_ != nullptr) XGBoosterFree(booster_);
    booster_ = nullptr;
}

void XgbRegressor::train(std::span<const float> x, std::size_t cols, std::span<const float> y,
                         const std::map<std::string, std::string>& params, int rounds) {
    std::lock_guard lock(mutex_);
    reset();
    const auto nthread = params.find("nthread");
    Matrix m(x, cols, nthread == params.end() ? 0 : std::stoi(nthread->second));
    check(XGDMatrixSetFloatInfo(m.h, "label", y.data(), y.size()), "labels");
    check(XGBoosterCreate(&m.h, 1, &booster_), "booster");
    for (const auto& [k, v] : params)
        check(XGBoosterSetParam(booster_, k.c_str(), v.c_str()), k.c_str());
    if (!params.contains("base_score") && !y.empty()) {
        // Boost from the labels' mean (LightGBM's boost_from_average, XGBoost's default from
        // 2.0): XGBoost 1.7 starts at 0.5, and with a small learning rate a target far from
        // 0.5 (a tank at 50 degC) is never reached in the rounds a model has.
        double sum = 0;
        for (float v : y) sum += v;
        const std::string mean = fmt::format("{}", sum / static_cast<double>(y.size()));
        check(XGBoosterSetParam(booster_, "base_score", mean.c_str()), "base_score");
    }
    for (int i = 0; i < rounds; ++i) check(XGBoosterUpdateOneIter(booster_, i, m.h), "training");
}

std::vector<float> XgbRegressor::predict(std::span<const float> x, std::size_t cols,
                                         int threads) const {
    if (booster_ == nullptr) throw InternalError("XGBoost: predict before train or load");
    if (x.empty()) return {};
    std::lock_guard lock(mutex_);  // the booster caches per-matrix state; one caller at a time
    Matrix m(x, cols, threads);
    check(XGBoosterSetParam(booster_, "nthread", std::to_string(threads).c_str()), "nthread");
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    check(
        XGBoosterPredictFromDMatrix(
            booster_, m.h,
            R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})",
            &shape, &dim, &result),
        "predict");
    const std::size_t rows = x.size() / cols;
    return std::vector<float>(result, result + rows);
}

std::string XgbRegressor::save() const {
    if (booster_ == nullptr) throw InternalError("XGBoost: save before train or load");
    std::lock_guard lock(mutex_);
    bst_ulong len = 0;
    const char* buf = nullptr;
    check(XGBoosterSaveModelToBuffer(booster_, R"({"format": "json"})", &len, &buf), "save");
    return std::string(buf, len);
}

void XgbRegressor::load(const std::string& model_json) {
    std::lock_guard lock(mutex_);
    reset();
    check(XGBoosterCreate(nullptr, 0, &booster_), "booster");
    if (XGBoosterLoadModelFromBuffer(booster_, model_json.data(), model_json.size()) != 0) {
        const std::string why = XGBGetLastError();
        reset();
        throw InvalidInputError(
            fmt::format("XGBoost model in the document does not load: {}", why));
    }
}

}  // namespace heatloop::models::detail
