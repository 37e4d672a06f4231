#pragma once
/// spectral: the thesis's signal-processing algorithm. Every block (an hour by default), the
/// DFT (FFTW) of the block means of consumption over the last `window` (70 h by default); a failure
/// inside the window raises the lowest bins |X[1]|, |X[2]|, |X[3]| (side lobes of the
/// zero-frequency sinc). score = the min_bins_over-th largest of |X[k]| / T_k, so > 1 means that
/// many bins exceed their thresholds (min_bins_over = bins: the minimum, Algorithm A.3's "all
/// three"); T_k = factor x a quantile of |X[k]| over the training windows.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/detector.hpp"

namespace heatloop::models {

/// Low-frequency STFT detector.
class SpectralDetector final : public Detector {
public:
    static constexpr std::string_view k_name = "spectral";
    static constexpr std::string_view k_summary =
        "hourly FFT of the last 70 h of consumption; low-frequency bins over learned thresholds";
    /// The parameter table.
    static std::span<const ParamSpec> param_specs();

    SpectralDetector();

    /// The learned thresholds T_1..T_bins.
    const std::vector<double>& thresholds() const noexcept { return thresholds_; }

    /// |X[1]|..|X[bins]| (divided by |X[0]| when normalize) of the window ending before each
    /// block (an hour by default) of the unit: one row per block from the first block of its
    /// data, NaN rows where the window lacks data. Exposed for tests and plots.
    struct BlockSpectrum {
        Timestamp first_block = 0;              ///< start of the block of row 0
        Duration block = 0;                     ///< block length on the unit's grid
        std::vector<std::vector<double>> bins;  ///< [block][k-1]
    };
    BlockSpectrum spectrum(const UnitFrame& unit) const;

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_score(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    // The window's block count; InvalidInputError unless window is >= 8 whole blocks and
    // bins < blocks / 2.
    std::size_t check_blocks(Duration block, Duration window) const;

    std::string channel_;
    int bins_ = 3;
    int min_bins_over_ = 2;
    bool normalize_ = true;
    double min_coverage_ = 0.9;
    double quantile_ = 0.99;
    double factor_ = 1.2;
    std::vector<double> thresholds_;
};

}  // namespace heatloop::models
