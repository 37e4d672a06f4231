#pragma once
/// Per-channel scaling fitted on training data and saved with the model: standard
/// (mean / standard deviation) or robust (median / interquartile range).

#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"

namespace heatloop::prep {

/// The kinds of scaler.
enum class ScalerKind {
    standard,  ///< (x - mean) / std, population std (ddof 0), like sklearn StandardScaler
    robust,    ///< (x - median) / (q75 - q25), linear quantiles, like sklearn RobustScaler
};

/// "standard" or "robust".
std::string_view scaler_kind_name(ScalerKind kind);
/// Parse "standard" / "robust"; throws InvalidInputError listing the valid names.
ScalerKind parse_scaler_kind(std::string_view name);

/// One channel's fitted parameters: x' = (x - center) / scale.
struct ChannelScale {
    double center = 0;  ///< mean (standard) or median (robust)
    double scale = 1;   ///< > 0; a zero spread is stored as 1 (the channel is only centred)
    bool operator==(const ChannelScale&) const = default;
};

/// A fitted scaler. Missing values stay missing; channels it was not fitted on pass through.
class Scaler {
public:
    /// Current version of the saved document.
    static constexpr int k_format_version = 1;

    /// Fit on the present values of `channels` (empty = every channel) of one frame. Throws
    /// NotFoundError for a listed channel the frame lacks, InvalidInputError for a channel
    /// with no present value.
    static Scaler fit(const UnitFrame& train, ScalerKind kind,
                      const std::vector<std::string>& channels = {});
    /// Fit on the pooled values of several frames (e.g. the training parts of many units);
    /// with `channels` empty, the channels of the first frame.
    static Scaler fit(const std::vector<const UnitFrame*>& train, ScalerKind kind,
                      const std::vector<std::string>& channels = {});

    /// An empty standard scaler: fitted on no channel, transform() changes nothing.
    Scaler() = default;
    /// Build from known parameters; throws InvalidInputError for a non-finite center or a
    /// scale that is not positive and finite.
    Scaler(ScalerKind kind, std::map<std::string, ChannelScale, std::less<>> channels);

    /// Which kind this is.
    ScalerKind kind() const noexcept { return kind_; }
    /// The fitted channels and their parameters.
    const std::map<std::string, ChannelScale, std::less<>>& channels() const noexcept {
        return channels_;
    }

    /// Scale the fitted channels of `frame` in place. Throws NotFoundError naming the first
    /// fitted channel the frame lacks (before changing anything).
    void transform(UnitFrame& frame) const;
    /// Undo transform() in place; same errors.
    void inverse_transform(UnitFrame& frame) const;

    /// {"format_version":1,"kind":"standard","channels":{"t_supply":{"mean":..,"std":..}}};
    /// robust channels hold {"median":..,"iqr":..}.
    nlohmann::json to_json() const;
    /// Read a document written by to_json(); throws InvalidInputError naming what is wrong
    /// (unsupported format_version, unknown kind, missing or invalid field).
    static Scaler from_json(const nlohmann::json& doc);

    /// Write to_json() to a file; throws IoError.
    void save(const std::filesystem::path& path) const;
    /// Read a file written by save(); throws IoError or InvalidInputError.
    static Scaler load(const std::filesystem::path& path);

private:
    void check_channels(const UnitFrame& frame) const;
    ScalerKind kind_ = ScalerKind::standard;
    std::map<std::string, ChannelScale, std::less<>> channels_;
};

}  // namespace heatloop::prep
