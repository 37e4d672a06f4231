#include "heatloop/models/lag_features.hpp"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "models/series.hpp"

namespace heatloop::models {

namespace {

constexpr std::array k_calendar_names{
    std::pair{CalendarFeature::hour, "hour"},
    std::pair{CalendarFeature::hour_sin, "hour_sin"},
    std::pair{CalendarFeature::hour_cos, "hour_cos"},
    std::pair{CalendarFeature::weekday, "weekday"},
    std::pair{CalendarFeature::weekend, "weekend"},
    std::pair{CalendarFeature::week_of_year, "week_of_year"},
    std::pair{CalendarFeature::month, "month"},
    std::pair{CalendarFeature::day_of_year, "day_of_year"},
};

const date::time_zone* find_zone(std::string_view model, const std::string& name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        throw InvalidInputError(fmt::format(
            "{}: unknown time zone '{}' (an IANA name such as Europe/Zurich, or Etc/GMT+8 for "
            "standard time 8 h behind UTC without daylight saving)",
            model, name));
    }
}

/// Local civil time of UTC instants through one zone, reusing the offset while it holds.
class LocalClock {
public:
    explicit LocalClock(const date::time_zone* zone) : zone_(zone) {}

    std::chrono::milliseconds local_ms(Timestamp t) {
        if (t < begin_ || t >= end_) {
            const date::sys_time<std::chrono::milliseconds> sys{std::chrono::milliseconds{t}};
            const date::sys_info info = zone_->get_info(sys);
            begin_ =
                std::chrono::duration_cast<std::chrono::milliseconds>(info.begin.time_since_epoch())
                    .count();
            end_ = info.end == date::sys_seconds::max()
                       ? std::numeric_limits<Timestamp>::max()
                       : std::chrono::duration_cast<std::chrono::milliseconds>(
                             info.end.time_since_epoch())
                             .count();
            offset_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(info.offset).count();
        }
        return std::chrono::milliseconds{t + offset_ms_};
    }

private:
    const date::time_zone* zone_;
    Timestamp begin_ = 1, end_ = 0, offset_ms_ = 0;
};

double calendar_value(CalendarFeature f, std::chrono::milliseconds local) {
    using namespace std::chrono;
    const date::local_time<milliseconds> lt{local};
    const auto day = date::floor<date::days>(lt);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<milliseconds> tod{lt - day};
    const double hour = tod.hours().count() + tod.minutes().count() / 60.0;
    const unsigned wd = date::weekday{day}.iso_encoding() - 1;  // Monday = 0
    switch (f) {
        case CalendarFeature::hour:
            return static_cast<double>(tod.hours().count());
        case CalendarFeature::hour_sin:
            return std::sin(2 * std::numbers::pi * hour / 24);
        case CalendarFeature::hour_cos:
            return std::cos(2 * std::numbers::pi * hour / 24);
        case CalendarFeature::weekday:
            return wd;
        case CalendarFeature::weekend:
            return wd >= 5 ? 1.0 : 0.0;
        case CalendarFeature::week_of_year:
            return static_cast<unsigned>(iso_week::year_weeknum_weekday{day}.weeknum());
        case CalendarFeature::month:
            return static_cast<unsigned>(ymd.month());
        case CalendarFeature::day_of_year:
            return (day - date::local_days{ymd.year() / 1 / 1}).count() + 1;
    }
    return k_missing;
}

}  // namespace

std::string_view calendar_feature_name(CalendarFeature f) {
    return enum_name(k_calendar_names, f);
}

std::span<const ParamSpec> lag_feature_param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {"lag_channels",
         T::string_list,
         nlohmann::json::array({"t_tank_mid", "t_tank_top"}),
         0,
         64,
         {},
         "channels whose past values are features"},
        {"lags",
         T::string_list,
         nlohmann::json::array({"10min", "20min", "30min", "90min"}),
         0,
         64,
         {},
         "how far before the issue time each lag channel is read (durations or \"N steps\")"},
        {"current",
         T::string_list,
         nlohmann::json::array({"t_tank_top"}),
         0,
         64,
         {},
         "channels whose value at the issue time is a feature"},
        {"calendar",
         T::string_list,
         nlohmann::json::array({"week_of_year"}),
         0,
         8,
         {"hour", "hour_sin", "hour_cos", "weekday", "weekend", "week_of_year", "month",
          "day_of_year"},
         "calendar features of the forecast time, in local time"},
        {"time_zone",
         T::string,
         "UTC",
         {},
         {},
         {},
         "IANA time zone of the calendar features (Etc/GMT+8 = standard time, no DST)"},
    };
    return specs;
}

LagFeatureSpec LagFeatureSpec::from_params(std::string_view model, const nlohmann::json& params) {
    LagFeatureSpec spec;
    spec.lag_channels = params.at("lag_channels").get<std::vector<std::string>>();
    spec.lags = params.at("lags").get<std::vector<std::string>>();
    for (const std::string& lag : spec.lags) {
        try {
            (void)DurationParam::parse(lag);
        } catch (const InvalidInputError& e) {
            throw InvalidInputError(fmt::format("{}: parameter 'lags': {}", model, e.what()));
        }
    }
    spec.current = params.at("current").get<std::vector<std::string>>();
    for (const auto& name : params.at("calendar"))
        spec.calendar.push_back(parse_enum(k_calendar_names, name.get<std::string>(), "calendar"));
    spec.time_zone = params.at("time_zone").get<std::string>();
    (void)find_zone(model, spec.time_zone);
    return spec;
}

FeatureMatrix lag_features(std::string_view model, const UnitFrame& unit,
                           const LagFeatureSpec& spec, std::size_t horizon_rows) {
    const std::size_t n = unit.rows();
    const Duration step = unit.step();
    if (step <= 0)
        throw InvalidInputError(
            fmt::format("{}: unit {} has no regular time grid", model, unit.unit_id()));
    struct Column {
        const std::vector<double>* source;
        std::size_t back;  // rows before the forecast row
    };
    FeatureMatrix m;
    std::vector<Column> columns;
    for (const std::string& channel : spec.lag_channels) {
        const auto& values = detail::require_channel(model, unit, channel);
        for (const std::string& lag : spec.lags) {
            const Duration length = DurationParam::parse(lag).on_grid(step);
            if (length % step != 0)
                throw InvalidInputError(
                    fmt::format("{}: lag {} is not a whole number of unit {}'s {} ms steps", model,
                                lag, unit.unit_id(), step));
            m.names.push_back(fmt::format("{}_lag_{}", channel, lag));
            columns.push_back({&values, horizon_rows + static_cast<std::size_t>(length / step)});
        }
    }
    for (const std::string& channel : spec.current) {
        m.names.push_back(channel);
        columns.push_back({&detail::require_channel(model, unit, channel), horizon_rows});
    }
    for (CalendarFeature f : spec.calendar) m.names.emplace_back(calendar_feature_name(f));

    const std::size_t cols = m.names.size();
    m.rows = n;
    m.values.assign(n * cols, k_missing);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const auto& src = *columns[c].source;
        for (std::size_t i = columns[c].back; i < n; ++i)
            m.values[i * cols + c] = src[i - columns[c].back];
    }
    if (!spec.calendar.empty()) {
        LocalClock clock(find_zone(model, spec.time_zone));
        const auto& time = unit.time();
        for (std::size_t i = 0; i < n; ++i) {
            const auto local = clock.local_ms(time[i]);
            for (std::size_t k = 0; k < spec.calendar.size(); ++k)
                m.values[i * cols + columns.size() + k] = calendar_value(spec.calendar[k], local);
        }
    }
    return m;
}

void require_live_features(std::string_view model, std::span<const UnitFrame> units,
                           const LagFeatureSpec& spec, const std::string& target) {
    for (const UnitFrame& u : units) {
        (void)detail::require_channel(model, u, target);
        for (const auto* list : {&spec.lag_channels, &spec.current})
            for (const std::string& c : *list) {
                const auto& v = detail::require_channel(model, u, c);
                double lo = std::numeric_limits<double>::infinity(), hi = -lo;
                for (double x : v)
                    if (!std::isnan(x)) lo = std::min(lo, x), hi = std::max(hi, x);
                if (lo > hi || lo == hi)
                    throw InvalidInputError(fmt::format(
                        "{}: unit {}: channel {} {} (a broken sensor?); it is a feature of this "
                        "forecaster: repair or drop it (lag_channels, current)",
                        model, u.unit_id(), c,
                        lo > hi ? "has no value" : fmt::format("is stuck at {}", lo)));
            }
    }
}

}  // namespace heatloop::models
