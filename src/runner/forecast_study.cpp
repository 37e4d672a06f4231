#include "heatloop/runner/forecast_study.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/wilcoxon.hpp"
#include "runner/run_config_toml.hpp"

namespace heatloop::runner {

namespace {

constexpr std::array k_metrics{"rmse", "mae", "mape", "r2"};

double number(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : std::nan("");
}

nlohmann::json finite_or_null(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

std::vector<RunConfig> parse_forecast_study(std::string_view text, const std::string& source) {
    const toml::table root = parse_toml(text, source);
    const toml::array* entries = root["model"].as_array();
    if (!entries || entries->empty() || !entries->is_array_of_tables())
        throw InvalidInputError(fmt::format(
            "{}: a forecast study lists its forecasters as [[model]] tables (name = \"...\", "
            "optional scope and [model.params]); see docs/forecasting.md",
            source));
    std::vector<RunConfig> out;
    std::map<std::string, std::size_t> names;
    for (std::size_t k = 0; k < entries->size(); ++k) {
        toml::table one = root;
        one.erase("model");
        toml::table model = *entries->get(k)->as_table();
        // The study's own keys: a run name per model, and per-household models by default.
        std::string run_name;
        if (auto n = model["run_name"].value<std::string>()) run_name = *n;
        model.erase("run_name");
        if (!model.contains("scope")) model.insert("scope", "unit");
        one.insert("model", std::move(model));
        const std::string where = fmt::format("{} [[model]] #{}", source, k + 1);
        RunConfig c = run_config_from_table(one, text, where);
        if (c.kind != models::ModelKind::forecaster)
            throw InvalidInputError(
                fmt::format("{}: {} is a {}; a forecast study compares "
                            "forecasters",
                            where, c.model, models::kind_name(c.kind)));
        c.name = run_name.empty() ? c.model : run_name;
        if (!names.emplace(c.name, k).second)
            throw InvalidInputError(fmt::format(
                "{}: two models are named {}; give each a distinct run_name", where, c.name));
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<RunConfig> load_forecast_study(const std::filesystem::path& file) {
    return parse_forecast_study(read_config_file(file), file.string());
}

nlohmann::json run_forecast_study(const std::vector<RunConfig>& configs,
                                  const RunEnvironment& env) {
    nlohmann::json runs = nlohmann::json::array(), model_docs = nlohmann::json::object();
    // unit -> model -> per-household metrics
    std::map<std::string, nlohmann::json> households;
    for (const RunConfig& c : configs) {
        if (env.status)
            env.status(fmt::format("study: training {} per {}", c.name, scope_name(c.scope)));
        const RunResult r = execute_run(c, env);
        const nlohmann::json& ev = r.evaluation_json;
        runs.push_back({{"model", c.model}, {"name", c.name}, {"run_id", r.run_id}});
        double fit_sum = 0;
        std::size_t fit_n = 0;
        for (const auto& u : ev.at("units")) {
            nlohmann::json m = nlohmann::json::object();
            for (const char* k : k_metrics) m[k] = finite_or_null(number(u.at("metrics"), k));
            m["fit_seconds"] = u.value("fit_seconds", nlohmann::json(nullptr));
            m["by_step"] = u.at("by_step");
            if (u.contains("fit_seconds") && u["fit_seconds"].is_number())
                fit_sum += u["fit_seconds"].get<double>(), ++fit_n;
            households[u.at("unit_id").get<std::string>()][c.name] = std::move(m);
        }
        model_docs[c.name] = {
            {"model", c.model},
            {"run_id", r.run_id},
            {"micro", ev.at("micro")},
            {"macro", ev.at("macro")},
            {"fit_seconds_mean", fit_n ? nlohmann::json(fit_sum / static_cast<double>(fit_n))
                                       : nlohmann::json(nullptr)}};
    }
    nlohmann::json house_list = nlohmann::json::array();
    for (auto& [unit, m] : households) house_list.push_back({{"unit_id", unit}, {"models", m}});

    // Each pair of models, paired by household on each metric.
    nlohmann::json tests = nlohmann::json::array();
    for (std::size_t a = 0; a < configs.size(); ++a)
        for (std::size_t b = a + 1; b < configs.size(); ++b)
            for (const char* metric : k_metrics) {
                std::vector<double> d;
                for (const auto& [unit, m] : households) {
                    const auto ia = m.find(configs[a].name), ib = m.find(configs[b].name);
                    if (ia == m.end() || ib == m.end()) continue;
                    d.push_back(number(*ia, metric) - number(*ib, metric));
                }
                const eval::WilcoxonResult w = eval::wilcoxon_signed_rank(d);
                tests.push_back({{"a", configs[a].name},
                                 {"b", configs[b].name},
                                 {"metric", metric},
                                 {"n", w.n},
                                 {"w_plus", w.w_plus},
                                 {"w_minus", w.w_minus},
                                 {"exact", w.exact},
                                 {"p_value", finite_or_null(w.p_value)}});
            }
    return {
        {"runs", runs}, {"households", house_list}, {"models", model_docs}, {"wilcoxon", tests}};
}

}  // namespace heatloop::runner
