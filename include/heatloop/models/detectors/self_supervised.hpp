#pragma once
/// self_supervised: a neural network (heatloop::nn, LSTM or temporal convolution) trained on
/// the whole fleet's normal operation to predict every channel from the other channels and
/// the recent past (masked-channel and next-step prediction). Channels are block means on a
/// coarser `resolution`, each unit normalised by its own training statistics; operating-mode
/// shares, time of day and unit metadata (source type, emitter) are inputs, so a defrost is
/// not an anomaly. Per channel, the residual of its prediction with the channel hidden is
/// standardised, smoothed and standardised again; the score combines the channels, and the
/// per-channel residuals are extra score channels ("residual.<channel>"). Only built with the
/// neural layer (HEATLOOP_WITH_TORCH); torch stays out of this header.

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/detector.hpp"

namespace heatloop::nn {
class SequenceNet;
}

namespace heatloop::models {

/// Self-supervised neural detector (masked-channel and next-step prediction).
class SelfSupervisedDetector final : public Detector {
public:
    static constexpr std::string_view k_name = "self_supervised";
    static constexpr std::string_view k_summary =
        "neural network (LSTM or TCN) predicts each channel from the others and the recent "
        "past; score = standardised residual, per-channel residuals stored";
    /// The parameter table.
    static std::span<const ParamSpec> param_specs();

    SelfSupervisedDetector();
    ~SelfSupervisedDetector() override;

    /// The channels the fitted network predicts (configured channels found in training).
    const std::vector<std::string>& model_channels() const noexcept { return channels_; }
    /// What the last fit() did: epochs, best epoch, losses per epoch, windows, seconds.
    const nlohmann::json& training_report() const noexcept { return report_; }

protected:
    void apply_params(const nlohmann::json& params) override;
    /// The resolution is at least one grid step (a coarser grid: one row per network step).
    bool needs_rows(std::string_view name) const override { return name != "resolution"; }
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_score(const UnitFrame& unit) const override;
    DetectorOutput do_score_with_channels(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;
    std::string save_binary() const override;
    void load_binary(std::string_view bytes) override;

private:
    struct Stats {  // a channel's normalisation on one unit
        double center = 0, scale = 1;
    };
    struct Coarse;  // a unit on the network's grid (defined in the .cpp)

    Coarse coarse(const UnitFrame& unit, const std::vector<Stats>* stats) const;
    std::vector<Stats> unit_stats(const UnitFrame& unit) const;
    std::vector<std::vector<double>> residuals(const Coarse& c) const;
    std::vector<std::vector<double>> smoothed(const std::vector<std::vector<double>>& z) const;
    void make_net();

    // parameters
    std::string architecture_;
    std::vector<std::string> configured_;
    std::vector<std::string> metadata_keys_;
    bool use_mode_ = true, use_time_ = true, combine_max_ = true;
    int hidden_ = 32, layers_ = 1, epochs_ = 20, patience_ = 4, batch_size_ = 128;
    int max_windows_ = 8192;
    double learning_rate_ = 3e-3, validation_fraction_ = 0.2, mask_probability_ = 0.3;
    std::uint64_t seed_ = 0;
    // learned state
    std::vector<std::string> channels_;
    std::map<std::string, std::vector<std::string>> vocabulary_;  // metadata key -> values
    std::map<std::string, std::vector<Stats>> unit_stats_;        // training unit -> channel
    std::vector<double> residual_scale_, smoothed_scale_;         // per channel
    int window_steps_ = 0, smoothing_steps_ = 1;
    std::int64_t resolution_ms_ = 0;
    nlohmann::json report_;
    std::unique_ptr<nn::SequenceNet> net_;
};

}  // namespace heatloop::models
