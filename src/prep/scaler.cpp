#include "heatloop/prep/scaler.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"
#include "prep/stats.hpp"

namespace heatloop::prep {

namespace {

constexpr std::array k_kinds{std::pair{ScalerKind::standard, "standard"},
                             std::pair{ScalerKind::robust, "robust"}};

struct FieldNames {
    const char* center;
    const char* scale;
};

FieldNames field_names(ScalerKind kind) {
    return kind == ScalerKind::standard ? FieldNames{"mean", "std"} : FieldNames{"median", "iqr"};
}

ChannelScale fit_values(std::vector<double>& v, ScalerKind kind) {
    ChannelScale s;
    if (kind == ScalerKind::standard) {
        double sum = 0;
        for (double x : v) sum += x;
        s.center = sum / static_cast<double>(v.size());
        double ss = 0;
        for (double x : v) ss += (x - s.center) * (x - s.center);
        s.scale = std::sqrt(ss / static_cast<double>(v.size()));
    } else {
        s.center = detail::median_inplace(v);
        const double q75 = quantile_inplace(v, 0.75);
        const double q25 = quantile_inplace(v, 0.25);
        s.scale = q75 - q25;
    }
    // As sklearn: a channel without spread is only centred.
    if (!(s.scale > 0)) s.scale = 1;
    return s;
}

void check_scale(std::string_view channel, const ChannelScale& s) {
    if (!std::isfinite(s.center) || !std::isfinite(s.scale) || !(s.scale > 0))
        throw InvalidInputError(fmt::format(
            "scaler channel {}: need a finite center and a positive scale, got center {} scale {}",
            channel, s.center, s.scale));
}

}  // namespace

std::string_view scaler_kind_name(ScalerKind kind) {
    return enum_name(k_kinds, kind);
}

ScalerKind parse_scaler_kind(std::string_view name) {
    return parse_enum(k_kinds, name, "scaler kind");
}

Scaler::Scaler(ScalerKind kind, std::map<std::string, ChannelScale, std::less<>> channels)
    : kind_(kind), channels_(std::move(channels)) {
    for (const auto& [name, s] : channels_) check_scale(name, s);
}

Scaler Scaler::fit(const UnitFrame& train, ScalerKind kind,
                   const std::vector<std::string>& channels) {
    return fit(std::vector<const UnitFrame*>{&train}, kind, channels);
}

Scaler Scaler::fit(const std::vector<const UnitFrame*>& train, ScalerKind kind,
                   const std::vector<std::string>& channels) {
    if (train.empty()) throw InvalidInputError("scaler: no frame to fit on");
    const std::vector<std::string> names =
        channels.empty() ? train.front()->channel_names() : channels;
    std::map<std::string, ChannelScale, std::less<>> fitted;
    std::vector<double> pooled;
    for (const auto& name : names) {
        pooled.clear();
        for (const UnitFrame* f : train)
            for (double v : f->at(name).values)  // at() throws NotFoundError naming the unit
                if (!is_missing(v)) pooled.push_back(v);
        if (pooled.empty())
            throw InvalidInputError(
                fmt::format("{} scaler: channel {} has no present value to fit on (unit {}{})",
                            scaler_kind_name(kind), name, train.front()->unit_id(),
                            train.size() > 1 ? fmt::format(" and {} more", train.size() - 1) : ""));
        fitted[name] = fit_values(pooled, kind);
    }
    return Scaler(kind, std::move(fitted));
}

void Scaler::check_channels(const UnitFrame& frame) const {
    for (const auto& [name, s] : channels_)
        if (frame.find(name) == nullptr)
            throw NotFoundError(fmt::format(
                "{} scaler: fitted on channel {}, but unit {} has no such channel (channels: {})",
                scaler_kind_name(kind_), name, frame.unit_id(),
                fmt::join(frame.channel_names(), ", ")));
}

void Scaler::transform(UnitFrame& frame) const {
    check_channels(frame);
    for (const auto& [name, s] : channels_) {
        const double center = s.center, scale = s.scale;
        // NaN stays NaN through the arithmetic; a division (not a multiplication by the
        // inverse) gives sklearn's values bit for bit.
        for (double& v : frame.find(name)->values) v = (v - center) / scale;
    }
}

void Scaler::inverse_transform(UnitFrame& frame) const {
    check_channels(frame);
    for (const auto& [name, s] : channels_) {
        const double center = s.center, scale = s.scale;
        for (double& v : frame.find(name)->values) v = v * scale + center;
    }
}

nlohmann::json Scaler::to_json() const {
    const FieldNames f = field_names(kind_);
    nlohmann::json chans = nlohmann::json::object();
    for (const auto& [name, s] : channels_)
        chans[name] = {{f.center, s.center}, {f.scale, s.scale}};
    return {{"format_version", k_format_version},
            {"kind", scaler_kind_name(kind_)},
            {"channels", std::move(chans)}};
}

Scaler Scaler::from_json(const nlohmann::json& doc) {
    if (!doc.is_object()) throw InvalidInputError("scaler document: expected a JSON object");
    auto version = doc.find("format_version");
    if (version == doc.end() || !version->is_number_integer())
        throw InvalidInputError("scaler document: missing integer format_version");
    if (version->get<int>() != k_format_version)
        throw InvalidInputError(
            fmt::format("scaler document: format_version {} is not supported (this build reads {})",
                        version->get<long long>(), k_format_version));
    auto kind_it = doc.find("kind");
    if (kind_it == doc.end() || !kind_it->is_string())
        throw InvalidInputError("scaler document: missing string field kind");
    const ScalerKind kind = parse_scaler_kind(kind_it->get<std::string>());
    auto chans = doc.find("channels");
    if (chans == doc.end() || !chans->is_object())
        throw InvalidInputError("scaler document: missing object field channels");
    const FieldNames f = field_names(kind);
    std::map<std::string, ChannelScale, std::less<>> channels;
    for (const auto& [name, entry] : chans->items()) {
        ChannelScale s;
        for (auto [field, target] :
             {std::pair{f.center, &s.center}, std::pair{f.scale, &s.scale}}) {
            auto it = entry.find(field);
            if (!entry.is_object() || it == entry.end() || !it->is_number())
                throw InvalidInputError(
                    fmt::format("scaler document: channel {} needs a number field {} ({} scaler)",
                                name, field, scaler_kind_name(kind)));
            *target = it->get<double>();
        }
        channels[name] = s;
    }
    return Scaler(kind, std::move(channels));
}

void Scaler::save(const std::filesystem::path& path) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(fmt::format("cannot write scaler to {}", path.string()));
    out << to_json().dump(2) << '\n';
    if (!out.flush()) throw IoError(fmt::format("cannot write scaler to {}", path.string()));
}

Scaler Scaler::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(fmt::format("cannot read scaler from {}", path.string()));
    nlohmann::json doc;
    try {
        in >> doc;
    } catch (const nlohmann::json::parse_error& e) {
        throw InvalidInputError(
            fmt::format("scaler file {}: not JSON: {}", path.string(), e.what()));
    }
    return from_json(doc);
}

}  // namespace heatloop::prep
