#include "heatloop/models/detectors/spectral.hpp"

#include <fftw3.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"
#include "models/series.hpp"

namespace heatloop::models {

namespace {

// A real-to-complex DFT of fixed size n. FFTW's planner is not thread-safe (execution is),
// so plans are made and destroyed under one lock.
class RealFft {
public:
    explicit RealFft(int n) : n_(n) {
        in_ = fftw_alloc_real(static_cast<std::size_t>(n));
        out_ = fftw_alloc_complex(static_cast<std::size_t>(n / 2 + 1));
        std::lock_guard lock(planner_mutex());
        plan_ = fftw_plan_dft_r2c_1d(n, in_, out_, FFTW_ESTIMATE);
        if (plan_ == nullptr) throw InternalError(fmt::format("FFTW: no plan for size {}", n));
    }
    ~RealFft() {
        {
            std::lock_guard lock(planner_mutex());
            fftw_destroy_plan(plan_);
        }
        fftw_free(in_);
        fftw_free(out_);
    }
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    // |X[k]| for k = 0..bins of the n values at `x`.
    void magnitudes(const double* x, int bins, std::vector<double>& out) {
        std::copy(x, x + n_, in_);
        fftw_execute(plan_);
        out.resize(static_cast<std::size_t>(bins) + 1);
        for (int k = 0; k <= bins; ++k)
            out[static_cast<std::size_t>(k)] = std::hypot(out_[k][0], out_[k][1]);
    }

private:
    static std::mutex& planner_mutex() {
        static std::mutex m;
        return m;
    }
    int n_;
    double* in_ = nullptr;
    fftw_complex* out_ = nullptr;
    fftw_plan plan_ = nullptr;
};

}  // namespace

std::span<const ParamSpec> SpectralDetector::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {.name = "channel",
         .type = T::string,
         .default_value = "compressor_power",
         .description = "consumption channel (kW)"},
        {"block",
         T::duration,
         "1h",
         1,
         86'400'000,
         {},
         "the DFT's sample: consumption is averaged over blocks of this length (the thesis: "
         "hourly means)"},
        {"window",
         T::duration,
         "70h",
         1,
         366.0 * 86'400'000,
         {},
         "DFT length, a whole number (>= 8) of blocks (70 h of hourly means resolves the "
         "daily cycle, per the thesis)"},
        {"bins", T::integer, 3, 1, 10, {}, "low-frequency bins k = 1..bins that are tracked"},
        {"min_bins_over",
         T::integer,
         2,
         1,
         10,
         {},
         "how many bins must exceed their T_k for score > 1: the thesis's text says two or "
         "more, its Algorithm A.3 all three (set it to bins)"},
        {"normalize",
         T::boolean,
         true,
         0,
         1,
         {},
         "divide |X[k]| by |X[0]| so one threshold fits units of any size"},
        {"min_coverage",
         T::number,
         0.9,
         0.1,
         1,
         {},
         "share of hours of a window that need data (missing hours take the window mean)"},
        {"quantile", T::number, 0.99, 0.5, 1, {}, "quantile of training |X[k]| behind T_k"},
        {"factor", T::number, 1.2, 0.1, 100, {}, "T_k = factor x quantile"},
    };
    return specs;
}

SpectralDetector::SpectralDetector() : Detector(k_name, param_specs()) {
    configure(nullptr);
}

void SpectralDetector::apply_params(const nlohmann::json& p) {
    channel_ = p.at("channel").get<std::string>();
    bins_ = p.at("bins").get<int>();
    min_bins_over_ = p.at("min_bins_over").get<int>();
    normalize_ = p.at("normalize").get<bool>();
    min_coverage_ = p.at("min_coverage").get<double>();
    quantile_ = p.at("quantile").get<double>();
    factor_ = p.at("factor").get<double>();
    // Both lengths of time: check the block count now; in steps it is checked per unit.
    const auto block = DurationParam::parse(p.at("block").get<std::string>());
    const auto window = DurationParam::parse(p.at("window").get<std::string>());
    if ((block.steps > 0) == (window.steps > 0)) check_blocks(block.on_grid(1), window.on_grid(1));
    if (min_bins_over_ > bins_)
        throw InvalidInputError(fmt::format("{}: min_bins_over ({}) must be at most bins ({})",
                                            name(), min_bins_over_, bins_));
    thresholds_.clear();
}

std::size_t SpectralDetector::check_blocks(Duration block, Duration window) const {
    if (block <= 0 || window % block != 0 || window / block < 8)
        throw InvalidInputError(fmt::format(
            "{}: window must be a whole number (>= 8) of blocks; window / block = {:.4g}", name(),
            block > 0 ? static_cast<double>(window) / static_cast<double>(block) : 0.0));
    const auto w = static_cast<std::size_t>(window / block);
    if (static_cast<std::size_t>(bins_) >= w / 2)
        throw InvalidInputError(fmt::format(
            "{}: bins ({}) must be below the window's {} blocks / 2", name(), bins_, w));
    return w;
}

SpectralDetector::BlockSpectrum SpectralDetector::spectrum(const UnitFrame& unit) const {
    const auto& v = detail::require_channel(name(), unit, channel_);
    const Duration block = static_cast<Duration>(duration_rows("block", unit)) * unit.step();
    const std::size_t w =
        check_blocks(block, static_cast<Duration>(duration_rows("window", unit)) * unit.step());
    // A block needs half its rows present to have a mean.
    const auto per_block = static_cast<std::size_t>(block / unit.step());
    const detail::BlockMeans hours =
        detail::block_means(unit.time(), v, block, (per_block + 1) / 2);
    BlockSpectrum out;
    out.first_block = hours.start;
    out.block = block;
    const auto bins = static_cast<std::size_t>(bins_);
    // Row h describes hours [h - w, h), i.e. what is known at the start of hour h.
    out.bins.assign(hours.mean.size() + 1, std::vector<double>(bins, k_missing));
    RealFft fft(static_cast<int>(w));
    std::vector<double> window(w), mags;
    const auto need = static_cast<std::size_t>(std::ceil(min_coverage_ * static_cast<double>(w)));
    for (std::size_t h = w; h <= hours.mean.size(); ++h) {
        double sum = 0;
        std::size_t present = 0;
        for (std::size_t j = 0; j < w; ++j) {
            window[j] = hours.mean[h - w + j];
            if (!is_missing(window[j])) sum += window[j], ++present;
        }
        if (present < need) continue;
        for (double& x : window)
            if (is_missing(x)) x = sum / static_cast<double>(present);
        fft.magnitudes(window.data(), bins_, mags);
        for (std::size_t k = 1; k <= bins; ++k) {
            // A window without consumption has no spectrum to normalise: as anomalous as it gets.
            const double m = !normalize_       ? mags[k]
                             : mags[0] > 1e-12 ? mags[k] / mags[0]
                                               : std::numeric_limits<double>::infinity();
            out.bins[h][k - 1] = m;
        }
    }
    return out;
}

void SpectralDetector::do_fit(std::span<const UnitFrame> units, const ModelContext&) {
    std::vector<std::vector<double>> per_bin(static_cast<std::size_t>(bins_));
    for (const auto& unit : units)
        for (const auto& row : spectrum(unit).bins)
            if (std::isfinite(row[0]))
                for (std::size_t k = 0; k < row.size(); ++k) per_bin[k].push_back(row[k]);
    if (per_bin[0].empty())
        throw InvalidInputError(fmt::format(
            "{}: no training window: need window = {} plus one block ({}) of {} data (and some "
            "consumption) in a unit; {} unit(s) given, starting with {}",
            name(), params().at("window").get<std::string>(),
            params().at("block").get<std::string>(), channel_, units.size(),
            units.front().unit_id()));
    thresholds_.clear();
    // A perfectly flat training signal has |X[k]| = 0; keep T_k positive.
    for (auto& m : per_bin)
        thresholds_.push_back(std::max(factor_ * quantile_inplace(m, quantile_), 1e-9));
}

std::vector<double> SpectralDetector::do_score(const UnitFrame& unit) const {
    const BlockSpectrum s = spectrum(unit);
    std::vector<double> out(unit.rows(), k_missing);
    const auto& t = unit.time();
    std::vector<double> ratios(thresholds_.size());
    const auto rank = static_cast<std::size_t>(min_bins_over_ - 1);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto h = static_cast<std::size_t>((t[i] - s.first_block) / s.block);
        const auto& row = s.bins[h];
        if (is_missing(row[0])) continue;
        // The min_bins_over-th largest ratio: > 1 exactly when that many bins exceed T_k.
        for (std::size_t k = 0; k < row.size(); ++k) ratios[k] = row[k] / thresholds_[k];
        std::nth_element(ratios.begin(), ratios.begin() + static_cast<std::ptrdiff_t>(rank),
                         ratios.end(), std::greater<>());
        out[i] = ratios[rank];
    }
    return out;
}

nlohmann::json SpectralDetector::save_state() const {
    return {{"thresholds", thresholds_}};
}

void SpectralDetector::load_state(const nlohmann::json& state) {
    thresholds_ = state.at("thresholds").get<std::vector<double>>();
    if (thresholds_.size() != static_cast<std::size_t>(bins_))
        throw InvalidInputError(fmt::format("{} model document: {} thresholds for {} bins", name(),
                                            thresholds_.size(), bins_));
    for (double x : thresholds_)
        if (!(x > 0) || !std::isfinite(x))
            throw InvalidInputError(
                fmt::format("{} model document: threshold {} is not positive", name(), x));
}

}  // namespace heatloop::models
