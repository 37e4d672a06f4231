#include "heatloop/models/forecasters/gradient_boosting.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "models/series.hpp"
#include "models/xgb_regressor.hpp"

namespace heatloop::models {

namespace {

using Settings = GradientBoostingForecaster::Settings;

/// Training rows of one horizon step: features (float, NaN = missing) and present targets,
/// with each row's unit and position in time for time-series folds.
struct Rows {
    std::size_t cols = 0;
    std::vector<float> x, y;
    std::vector<std::size_t> unit, position;  // position: row index / unit rows, in [0, 1)
};

Rows training_rows(std::string_view model, std::span<const UnitFrame> units,
                   const LagFeatureSpec& spec, const std::string& target, std::size_t h) {
    Rows r;
    for (std::size_t u = 0; u < units.size(); ++u) {
        const UnitFrame& unit = units[u];
        const auto m = lag_features(model, unit, spec, h);
        r.cols = m.names.size();
        const auto& y = unit.at(target).values;
        for (std::size_t i = 0; i < unit.rows(); ++i) {
            if (std::isnan(y[i])) continue;
            for (std::size_t c = 0; c < r.cols; ++c) r.x.push_back(static_cast<float>(m.at(i, c)));
            r.y.push_back(static_cast<float>(y[i]));
            r.unit.push_back(u);
            r.position.push_back(i * 1'000'000 / std::max<std::size_t>(unit.rows(), 1));
        }
    }
    return r;
}

std::map<std::string, std::string> booster_params(const Settings& s, const ModelContext& ctx) {
    std::map<std::string, std::string> p{
        {"tree_method", "hist"},
        {"grow_policy", "lossguide"},
        {"max_depth", std::to_string(s.max_depth)},
        {"max_leaves", std::to_string(s.max_leaves)},
        {"min_child_weight", fmt::format("{}", s.min_child_weight)},
        {"eta", fmt::format("{}", s.learning_rate)},
        {"booster", s.booster},
        {"objective", "reg:squarederror"},
        {"seed", std::to_string(ctx.seed % 2'147'483'647)},
        {"nthread", std::to_string(ctx.threads)},
        {"verbosity", "0"}};
    if (s.booster == "dart") p["rate_drop"] = "0.1";
    return p;
}

/// Mean validation RMSE of `s` over expanding-window folds: the rows of each unit are cut
/// into folds + 1 consecutive blocks; fold k trains on blocks 0..k and validates on k + 1.
double cv_rmse(const Rows& r, const Settings& s, int folds, const ModelContext& ctx) {
    double sum = 0;
    int used = 0;
    for (int k = 0; k < folds; ++k) {
        const std::size_t lo = static_cast<std::size_t>(k + 1) * 1'000'000 / (folds + 1);
        const std::size_t hi = static_cast<std::size_t>(k + 2) * 1'000'000 / (folds + 1);
        std::vector<float> tx, ty, vx, vy;
        for (std::size_t i = 0; i < r.y.size(); ++i) {
            auto row = std::span(r.x).subspan(i * r.cols, r.cols);
            if (r.position[i] < lo) {
                tx.insert(tx.end(), row.begin(), row.end());
                ty.push_back(r.y[i]);
            } else if (r.position[i] < hi) {
                vx.insert(vx.end(), row.begin(), row.end());
                vy.push_back(r.y[i]);
            }
        }
        if (ty.size() < 10 || vy.empty()) continue;
        detail::XgbRegressor b;
        b.train(tx, r.cols, ty, booster_params(s, ctx), s.n_estimators);
        const auto p = b.predict(vx, r.cols, ctx.threads);
        double se = 0;
        for (std::size_t i = 0; i < vy.size(); ++i) se += std::pow(double(p[i]) - vy[i], 2);
        sum += std::sqrt(se / static_cast<double>(vy.size()));
        ++used;
    }
    return used ? sum / used : std::numeric_limits<double>::infinity();
}

nlohmann::json settings_json(const Settings& s) {
    return {{"max_depth", s.max_depth},       {"learning_rate", s.learning_rate},
            {"n_estimators", s.n_estimators}, {"max_leaves", s.max_leaves},
            {"booster", s.booster},           {"min_child_weight", s.min_child_weight}};
}

Settings settings_from(const nlohmann::json& j) {
    Settings s;
    s.max_depth = j.at("max_depth").get<int>();
    s.learning_rate = j.at("learning_rate").get<double>();
    s.n_estimators = j.at("n_estimators").get<int>();
    s.max_leaves = j.at("max_leaves").get<int>();
    s.booster = j.at("booster").get<std::string>();
    // Documents saved before min_child_weight was a parameter trained with XGBoost's 1.
    s.min_child_weight = j.value("min_child_weight", 1.0);
    return s;
}

}  // namespace

std::span<const ParamSpec> GradientBoostingForecaster::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = [] {
        std::vector<ParamSpec> v = {
            {.name = "target",
             .type = T::string,
             .default_value = "t_tank_mid",
             .description = "the channel to forecast"},
            {"horizon", T::integer, 1, 1, 1440, {}, "steps ahead forecast (direct, 1..horizon)"},
            {"max_depth", T::integer, 10, 1, 64, {}, "tree depth limit (leaf-wise growth)"},
            {"learning_rate", T::number, 0.1, 1e-6, 1, {}, "shrinkage (eta)"},
            {"n_estimators", T::integer, 100, 1, 5000, {}, "boosting rounds (trees)"},
            {"max_leaves", T::integer, 20, 2, 4096, {}, "leaves per tree"},
            {"booster", T::string, "gbtree", {}, {}, {"gbtree", "dart"}, "gbdt or dart boosting"},
            {"min_child_weight",
             T::number,
             20,
             0,
             1e6,
             {},
             "least hessian sum in a leaf: training rows per leaf for squared error (20 as "
             "LightGBM's min_data_in_leaf; XGBoost's default is 1); not searched"},
            {"search_iterations",
             T::integer,
             0,
             0,
             1000,
             {},
             "settings tried by seeded random search over the space below (0 = use the "
             "settings above)"},
            {"cv_folds", T::integer, 3, 2, 10, {}, "expanding-window time-series CV folds"},
            {"search_max_depth",
             T::number_list,
             nlohmann::json::array({5, 10, 30}),
             1,
             64,
             {},
             "search space: tree depth"},
            {"search_learning_rate",
             T::number_list,
             nlohmann::json::array({0.001, 0.01, 0.1}),
             1,
             64,
             {},
             "search space: learning rate"},
            {"search_n_estimators",
             T::number_list,
             nlohmann::json::array({100, 500, 800}),
             1,
             64,
             {},
             "search space: trees"},
            {"search_max_leaves",
             T::number_list,
             nlohmann::json::array({2, 5, 10, 20}),
             1,
             64,
             {},
             "search space: leaves per tree"},
            {"search_booster",
             T::string_list,
             nlohmann::json::array({"gbtree", "dart"}),
             1,
             2,
             {"gbtree", "dart"},
             "search space: boosting"},
        };
        for (const ParamSpec& p : lag_feature_param_specs()) v.push_back(p);
        return v;
    }();
    return specs;
}

GradientBoostingForecaster::GradientBoostingForecaster() : Forecaster(k_name, param_specs()) {
    configure(nullptr);
}

GradientBoostingForecaster::~GradientBoostingForecaster() = default;

void GradientBoostingForecaster::apply_params(const nlohmann::json& p) {
    target_ = p.at("target").get<std::string>();
    horizon_ = p.at("horizon").get<std::size_t>();
    settings_ = settings_from(p);
    search_iterations_ = p.at("search_iterations").get<int>();
    cv_folds_ = p.at("cv_folds").get<int>();
    // List bounds are element counts: check each candidate against its setting's bounds.
    const auto check_list = [&](const char* list, const char* setting, double lo, double hi) {
        for (const auto& v : p.at(list))
            if (!(v.get<double>() >= lo && v.get<double>() <= hi) ||
                (std::string_view(setting) != "learning_rate" &&
                 v.get<double>() != std::floor(v.get<double>())))
                throw InvalidInputError(fmt::format(
                    "{}: parameter {}: {} is not a valid {} ([{}, {}]{})", name(), list, v.dump(),
                    setting, lo, hi,
                    std::string_view(setting) == "learning_rate" ? "" : ", whole numbers"));
    };
    check_list("search_max_depth", "max_depth", 1, 64);
    check_list("search_learning_rate", "learning_rate", 1e-6, 1);
    check_list("search_n_estimators", "n_estimators", 1, 5000);
    check_list("search_max_leaves", "max_leaves", 2, 4096);
    search_ = {{"max_depth", p.at("search_max_depth")},
               {"learning_rate", p.at("search_learning_rate")},
               {"n_estimators", p.at("search_n_estimators")},
               {"max_leaves", p.at("search_max_leaves")},
               {"booster", p.at("search_booster")}};
    features_ = LagFeatureSpec::from_params(name(), p);
}

void GradientBoostingForecaster::do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) {
    // A broken feature sensor (never present, or stuck) would make a silently poor forecast.
    require_live_features(name(), units, features_, target_);
    search_result_ = nlohmann::json::object();
    if (search_iterations_ > 0) {
        // Random search without replacement over the grid, scored on the first step.
        const Rows r = training_rows(name(), units, features_, target_, 1);
        std::vector<Settings> grid;
        for (const auto& d : search_["max_depth"])
            for (const auto& lr : search_["learning_rate"])
                for (const auto& n : search_["n_estimators"])
                    for (const auto& l : search_["max_leaves"])
                        for (const auto& b : search_["booster"])
                            grid.push_back({static_cast<int>(d.get<double>()), lr.get<double>(),
                                            static_cast<int>(n.get<double>()),
                                            static_cast<int>(l.get<double>()), b.get<std::string>(),
                                            settings_.min_child_weight});
        Rng rng(derive_seed(ctx.seed, 0x67627365617263ULL));
        const std::size_t tries = std::min<std::size_t>(search_iterations_, grid.size());
        double best = std::numeric_limits<double>::infinity();
        nlohmann::json tried = nlohmann::json::array();
        for (std::size_t t = 0; t < tries; ++t) {
            const auto pick = static_cast<std::size_t>(rng.uniform_int(
                static_cast<std::int64_t>(t), static_cast<std::int64_t>(grid.size()) - 1));
            std::swap(grid[t], grid[pick]);
            const double rmse = cv_rmse(r, grid[t], cv_folds_, ctx);
            nlohmann::json entry = settings_json(grid[t]);
            entry["cv_rmse"] = std::isfinite(rmse) ? nlohmann::json(rmse) : nullptr;
            tried.push_back(std::move(entry));
            if (rmse < best) best = rmse, settings_ = grid[t];
        }
        if (!std::isfinite(best))
            throw InvalidInputError(
                fmt::format("{}: too few rows with {} for {}-fold time-series cross-validation",
                            name(), target_, cv_folds_));
        search_result_ = {{"tried", std::move(tried)}, {"best_cv_rmse", best}};
    }
    boosters_.clear();
    for (std::size_t h = 1; h <= horizon_; ++h) {
        const Rows r = training_rows(name(), units, features_, target_, h);
        if (r.y.size() < 10)
            throw InvalidInputError(fmt::format(
                "{}: only {} training rows with {} present in {} unit(s), starting with {}; "
                "need 10",
                name(), r.y.size(), target_, units.size(), units.front().unit_id()));
        auto b = std::make_unique<detail::XgbRegressor>();
        b->train(r.x, r.cols, r.y, booster_params(settings_, ctx), settings_.n_estimators);
        boosters_.push_back(std::move(b));
    }
}

Forecast GradientBoostingForecaster::do_predict(const UnitFrame& unit) const {
    Forecast f;
    f.target = target_;
    const std::size_t n = unit.rows();
    for (std::size_t h = 1; h <= horizon_; ++h) {
        const auto m = lag_features(name(), unit, features_, h);
        std::vector<float> x(m.values.begin(), m.values.end());
        const auto p = boosters_[h - 1]->predict(x, m.names.size(), context().threads);
        std::vector<double> out(n, k_missing);
        for (std::size_t i = h; i < n; ++i) out[i] = p[i];  // issued from row i - h >= 0
        f.by_step.push_back(std::move(out));
    }
    return f;
}

nlohmann::json GradientBoostingForecaster::save_state() const {
    nlohmann::json boosters = nlohmann::json::array();
    for (const auto& b : boosters_) boosters.push_back(b->save());
    return {{"settings", settings_json(settings_)},
            {"search", search_result_},
            {"boosters", std::move(boosters)}};
}

void GradientBoostingForecaster::load_state(const nlohmann::json& state) {
    if (!state.is_object() || !state.contains("boosters") || !state["boosters"].is_array() ||
        state["boosters"].size() != horizon_)
        throw InvalidInputError(fmt::format(
            "{} model document: state.boosters must hold one booster per horizon step ({})", name(),
            horizon_));
    settings_ = settings_from(state.at("settings"));
    search_result_ = state.value("search", nlohmann::json::object());
    boosters_.clear();
    for (const auto& text : state["boosters"]) {
        auto b = std::make_unique<detail::XgbRegressor>();
        b->load(text.get<std::string>());
        boosters_.push_back(std::move(b));
    }
}

}  // namespace heatloop::models
