#pragma once
/// seq2point: the neural disaggregator (issue 14, item 3): a sliding window of the household
/// total and the outdoor temperature (and, optionally, the total above the day's minimum)
/// centred on an interval, through a small 1D CNN on libtorch (nn::Seq2Point), gives the heat
/// pump's load in that interval; estimates clipped to [0, total]. Built only with the neural
/// layer (HEATLOOP_WITH_TORCH).

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/disaggregator.hpp"
#include "heatloop/nn/sequence_net.hpp"

namespace heatloop::nn {
class Seq2Point;
}

namespace heatloop::models {

class Seq2PointDisaggregator final : public Disaggregator {
public:
    static constexpr std::string_view k_name = "seq2point";
    static constexpr std::string_view k_summary =
        "sliding-window sequence-to-point 1D CNN (libtorch) on the household total and outdoor "
        "temperature: the heat pump's load at each window's centre";
    static std::span<const ParamSpec> param_specs();

    Seq2PointDisaggregator();
    ~Seq2PointDisaggregator() override;

    std::string total_channel() const override { return total_; }
    std::string component_channel() const override { return component_; }

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_predict(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;
    std::string save_binary() const override;
    void load_binary(std::string_view bytes) override;

private:
    /// The network's inputs for every row of `unit`, row-major: the total, the temperature
    /// (when named), the total above the centred day's minimum (when day_window > 0).
    std::vector<float> inputs(const UnitFrame& unit) const;
    int input_count() const {
        return 1 + (temperature_.empty() ? 0 : 1) + (day_window_ > 0 ? 1 : 0);
    }

    std::string total_, component_, temperature_;
    int window_ = 33, day_window_ = 0, filters_ = 16, kernel_ = 5, hidden_ = 64;
    int epochs_ = 20, patience_ = 4, batch_size_ = 128;
    double learning_rate_ = 1e-3, validation_fraction_ = 0.15;
    std::size_t max_windows_ = 0;
    bool clip_ = true;
    std::int64_t step_ms_ = 0;  // the training grid: another grid is refused
    nn::TrainReport report_;
    std::unique_ptr<nn::Seq2Point> net_;
};

}  // namespace heatloop::models
