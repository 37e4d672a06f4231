#pragma once
/// cnn_classifier: heat-pump detection by a small 1D-CNN (nn::ProfileClassifier, libtorch) on
/// a household's hourly load and outdoor-temperature profile of each day (or run of days);
/// a month's probability is the mean over its profiles. Scalers are saved with the model.

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "heatloop/models/classifier.hpp"
#include "heatloop/models/classifiers/load_features.hpp"

namespace heatloop::nn {
class ProfileClassifier;
}

namespace heatloop::models {

class CnnClassifier final : public Classifier {
public:
    static constexpr std::string_view k_name = "cnn_classifier";
    static constexpr std::string_view k_summary =
        "small 1D-CNN (libtorch) on daily hourly load and temperature profiles of a household's "
        "meter: a probability per month";
    static std::span<const ParamSpec> param_specs();

    CnnClassifier();
    ~CnnClassifier() override;

    /// The hourly profiles of `unit` as the network reads them (scaled; n x 3 x 24 d) with the
    /// time each starts, for tests; needs a fitted or loaded model.
    std::vector<float> profiles(const UnitFrame& unit, std::vector<Timestamp>& starts) const;

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, std::span<const double> targets,
                const ModelContext& ctx) override;
    std::vector<PeriodProbability> do_predict(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;
    std::string save_binary() const override;
    void load_binary(std::string_view bytes) override;

private:
    struct Scalers {
        double load_mean = 0, load_sd = 1, temp_mean = 0, temp_sd = 1;
    };
    LoadFeatureOptions features_;
    int window_days_ = 1;
    int filters_ = 16;
    int epochs_ = 20;
    int patience_ = 4;
    double learning_rate_ = 3e-3;
    int batch_size_ = 64;
    double validation_share_ = 0.2;
    Scalers scalers_;
    nlohmann::json report_;
    std::unique_ptr<nn::ProfileClassifier> net_;
};

}  // namespace heatloop::models
