#include "heatloop/runner/shipped_models.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"
#include "runner/derive_channels.hpp"

using namespace heatloop;
using namespace heatloop::runner;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the test temp dir.
fs::path fresh_dir(const std::string& name) {
    // Per process: the release and sanitizer test programs may run at once.
    const fs::path d = fs::temp_directory_path() /
                       ("heatloop-shipped-test-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

nlohmann::json entry(const std::string& name) {
    return {{"name", name},
            {"kind", "disaggregator"},
            {"model", "gradient_boosting_disaggregator"},
            {"file", name + ".json"},
            {"version", 2},
            {"resolution", "15min"},
            {"total_median_kw", {0.2, 2.0}}};
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
}

// A household on a grid of `step` with a constant total of `kw`.
UnitFrame household(Duration step, double kw, std::size_t rows = 200) {
    UnitFrame f("h1");
    f.set_grid(0, step, rows);
    f.get_or_add("load").values.assign(rows, kw);
    return f;
}

}  // namespace

TEST(ShippedModels, ManifestEntriesAreReadWithTheirStepAndRange) {
    const fs::path d = fresh_dir("read");
    write_catalogue(d, {{"format_version", 1}, {"models", {entry("default"), entry("other")}}});
    const ShippedCatalogue c = read_catalogue(d);
    ASSERT_EQ(c.models.size(), 2u);
    const ShippedModel& m = c.find("other");
    EXPECT_EQ(m.kind, models::ModelKind::disaggregator);
    EXPECT_EQ(m.step, 15 * k_minute_ms);
    EXPECT_EQ(m.version, 2);
    EXPECT_DOUBLE_EQ(m.total_median_kw_max, 2.0);
    try {
        c.find("nope");
        FAIL() << "no error";
    } catch (const NotFoundError& e) {
        EXPECT_NE(std::string(e.what()).find("default, other"), std::string::npos) << e.what();
    }
}

TEST(ShippedModels, MalformedManifestsNameTheFieldAndEntry) {
    const fs::path d = fresh_dir("bad");
    const auto message = [&](const nlohmann::json& manifest) {
        write_catalogue(d, manifest);
        try {
            read_catalogue(d);
        } catch (const InvalidInputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    nlohmann::json e = entry("default");
    e.erase("resolution");
    EXPECT_NE(
        message({{"format_version", 1}, {"models", {e}}}).find("models[0]: field 'resolution'"),
        std::string::npos);
    e = entry("default");
    e["kind"] = "toaster";
    EXPECT_NE(message({{"format_version", 1}, {"models", {e}}}).find("models[0]"),
              std::string::npos);
    e = entry("default");
    e["file"] = "../../etc/passwd";
    EXPECT_NE(message({{"format_version", 1}, {"models", {e}}}).find("inside the models directory"),
              std::string::npos);
    EXPECT_NE(message({{"format_version", 1}, {"models", {entry("a"), entry("a")}}}).find("twice"),
              std::string::npos);
    EXPECT_NE(message({{"format_version", 7}, {"models", nlohmann::json::array()}})
                  .find("format_version"),
              std::string::npos);
    write(d / "manifest.json", "{not json");
    EXPECT_THROW(read_catalogue(d), InvalidInputError);
    EXPECT_THROW(read_catalogue(d / "missing"), NotFoundError);
}

TEST(ShippedModels, TheModelsDirectoryComesFromTheFlagThenTheEnvironment) {
    const fs::path flag = fresh_dir("flag"), env = fresh_dir("env");
    write_catalogue(flag, {{"format_version", 1}, {"models", nlohmann::json::array()}});
    write_catalogue(env, {{"format_version", 1}, {"models", nlohmann::json::array()}});
    ::setenv(k_models_env, env.c_str(), 1);
    EXPECT_EQ(find_models_dir(flag.string()), flag);
    EXPECT_EQ(find_models_dir(""), env);
    EXPECT_THROW(find_models_dir((flag / "none").string()), NotFoundError);
    ::setenv(k_models_env, (env / "none").c_str(), 1);
    EXPECT_THROW(find_models_dir(""), NotFoundError);
    ::unsetenv(k_models_env);
}

TEST(ShippedModels, AModelLoadsByNameAndMustBeWhatTheManifestSays) {
    const fs::path d = fresh_dir("load");
    auto m = models::make_model("gradient_boosting_disaggregator", {{"n_estimators", 3}});
    UnitFrame f = household(15 * k_minute_ms, 1.0, 400);
    f.get_or_add("load_heat_pump").values.assign(400, 0.5);
    f.get_or_add("t_outdoor").values.assign(400, 3.0);
    for (std::size_t i = 0; i < 400; ++i)
        f.get_or_add("load").values[i] = 1.0 + 0.01 * double(i % 7);
    static_cast<models::Disaggregator&>(*m).fit(std::span<const UnitFrame>(&f, 1), {});
    write(d / "default.json", m->save().dump());
    nlohmann::json wrong = entry("wrong");
    wrong["file"] = "default.json";
    wrong["model"] = "seq2point";
    write_catalogue(d, {{"format_version", 1}, {"models", {entry("default"), wrong}}});
    const ShippedCatalogue c = read_catalogue(d);
    auto loaded = load_shipped(c, c.find("default"));
    EXPECT_EQ(loaded->name(), "gradient_boosting_disaggregator");
    EXPECT_TRUE(loaded->fitted());
    EXPECT_THROW(load_shipped(c, c.find("wrong")), InvalidInputError);
}

TEST(ShippedModels, AHouseholdMustBeOnTheModelsGridAndInItsRange) {
    ShippedModel m;
    m.name = "default";
    m.step = 15 * k_minute_ms;
    m.total_median_kw_max = 2.0;
    EXPECT_NO_THROW(check_fits_shipped(m, household(15 * k_minute_ms, 1.5), "load", "f.csv", true));
    try {
        check_fits_shipped(m, household(k_hour_ms, 1.5), "load", "f.csv", true);
        FAIL() << "no error";
    } catch (const InvalidInputError& e) {
        const std::string w = e.what();
        EXPECT_NE(w.find("f.csv: household h1"), std::string::npos) << w;
        EXPECT_NE(w.find("every 1h"), std::string::npos) << w;
        EXPECT_NE(w.find("15min"), std::string::npos) << w;
    }
    try {  // 4x the plausible: a file of kW read as kWh per 15 min
        check_fits_shipped(m, household(15 * k_minute_ms, 8.0), "load", "f.csv", true);
        FAIL() << "no error";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("--energy-per-interval"), std::string::npos);
    }
    EXPECT_THROW(check_fits_shipped(m, household(15 * k_minute_ms, NAN), "load", "f.csv", true),
                 InvalidInputError);
    EXPECT_THROW(check_fits_shipped(m, household(15 * k_minute_ms, 1.0), "total", "f.csv", true),
                 InvalidInputError);
}

TEST(ShippedModels, DerivedValuesHoldOverTheMeterIntervalOnTheUnitGrid) {
    UnitFrame meter("m");
    meter.set_grid(15 * k_minute_ms, 15 * k_minute_ms, 2);  // [15, 30) and [30, 45) min
    UnitFrame unit("u");
    unit.set_grid(0, 5 * k_minute_ms, 12);  // 0, 5, ..., 55 min
    const std::vector<double> v = hold_onto(meter, {1.0, 2.0}, unit);
    ASSERT_EQ(v.size(), 12u);
    for (std::size_t r = 0; r < 3; ++r) EXPECT_TRUE(std::isnan(v[r])) << r;
    for (std::size_t r = 3; r < 6; ++r) EXPECT_EQ(v[r], 1.0) << r;
    for (std::size_t r = 6; r < 9; ++r) EXPECT_EQ(v[r], 2.0) << r;
    for (std::size_t r = 9; r < 12; ++r) EXPECT_TRUE(std::isnan(v[r])) << r;
}

TEST(ShippedModels, TheRepositorysModelsLoadAndStaySmall) {
    const fs::path dir = fs::path(HEATLOOP_SOURCE_DIR) / "models";
    const ShippedCatalogue c = read_catalogue(dir);
    EXPECT_EQ(c.find("default").kind, models::ModelKind::disaggregator);
    EXPECT_EQ(c.find("default-detector").kind, models::ModelKind::classifier);
    EXPECT_TRUE(fs::is_regular_file(dir / "LICENSE.smart-meter-hp"));
    for (const ShippedModel& m : c.models) {
        EXPECT_LT(fs::file_size(dir / m.file), 1'000'000u) << m.file;
        if (!m.side_file.empty()) {
            EXPECT_LT(fs::file_size(dir / m.side_file), 1'000'000u);
        }
        EXPECT_EQ(m.step, 15 * k_minute_ms) << m.name;
        EXPECT_FALSE(m.entry.value("command", std::string()).empty()) << m.name;
        EXPECT_FALSE(m.entry["training_data"].value("note", std::string()).empty()) << m.name;
        if (models::unavailable_model(m.model)) continue;  // e.g. seq2point without libtorch
        EXPECT_TRUE(load_shipped(c, m)->fitted()) << m.name;
    }
}
