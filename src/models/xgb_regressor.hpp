#pragma once
// A small RAII wrapper over XGBoost's C API for dense float regression: train, predict,
// save to / load from a JSON string. Errors from XGBoost become InternalError (bad input is
// caught by the callers before it gets here).

#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace heatloop::models::detail {

class XgbRegressor {
public:
    XgbRegressor();
    ~XgbRegressor();
    XgbRegressor(const XgbRegressor&) = delete;
    XgbRegressor& operator=(const XgbRegressor&) = delete;

    // Train a fresh booster on `x` (rows x cols row-major, NaN = missing) and `y`, with
    // booster parameters (name -> value as XGBoost spells them) for `rounds` iterations. The
    // "nthread" parameter, when given, also sets the threads that build the data matrix.
    // Without a "base_score" parameter the boosting starts from the mean of `y`.
    void train(std::span<const float> x, std::size_t cols, std::span<const float> y,
               const std::map<std::string, std::string>& params, int rounds);
    // Predictions for every row of `x`; safe to call from several threads.
    std::vector<float> predict(std::span<const float> x, std::size_t cols, int threads) const;
    // The booster as XGBoost's JSON model text, and back.
    std::string save() const;
    void load(const std::string& model_json);
    bool empty() const noexcept { return booster_ == nullptr; }

private:
    void reset();
    void* booster_ = nullptr;
    mutable std::mutex mutex_;
};

}  // namespace heatloop::models::detail
