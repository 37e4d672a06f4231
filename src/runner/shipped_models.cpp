#include "heatloop/runner/shipped_models.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"

namespace heatloop::runner {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_manifest = "manifest.json";

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw IoError(fmt::format("cannot read {}", file.string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A member of a manifest entry, of the type asked for; InvalidInputError naming the field.
template <typename T>
T field(const nlohmann::json& e, const char* name, const fs::path& file, std::size_t index) {
    try {
        return e.at(name).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw InvalidInputError(fmt::format(
            "{}: models[{}]: field '{}' missing or of the wrong type", file.string(), index, name));
    }
}

}  // namespace

const ShippedModel& ShippedCatalogue::find(const std::string& name) const {
    for (const ShippedModel& m : models)
        if (m.name == name) return m;
    std::vector<std::string> names;
    for (const ShippedModel& m : models) names.push_back(m.name);
    throw NotFoundError(fmt::format("no shipped model '{}' in {}; there are: {}", name,
                                    dir.string(), fmt::join(names, ", ")));
}

fs::path find_models_dir(const std::string& flag) {
    if (!flag.empty()) {
        if (!fs::is_regular_file(fs::path(flag) / k_manifest))
            throw NotFoundError(fmt::format("--models {}: no {} there", flag, k_manifest));
        return flag;
    }
    if (const char* env = std::getenv(k_models_env); env && *env) {
        if (!fs::is_regular_file(fs::path(env) / k_manifest))
            throw NotFoundError(fmt::format("{}={}: no {} there", k_models_env, env, k_manifest));
        return env;
    }
    std::vector<fs::path> tried;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path bin = exe.parent_path();
        for (const fs::path& dir : {bin.parent_path() / "models", bin / "models",
                                    bin.parent_path() / "share/heatloop/models"}) {
            if (fs::is_regular_file(dir / k_manifest)) return dir.lexically_normal();
            tried.push_back(dir.lexically_normal());
        }
    }
    std::vector<std::string> places;
    for (const fs::path& p : tried) places.push_back(p.string());
    throw NotFoundError(fmt::format(
        "no shipped models found: pass --models DIR or set {} (tried: {})", k_models_env,
        places.empty() ? std::string("none") : fmt::format("{}", fmt::join(places, ", "))));
}

ShippedCatalogue read_catalogue(const fs::path& dir) {
    const fs::path file = dir / k_manifest;
    if (!fs::is_regular_file(file))
        throw NotFoundError(fmt::format("{}: no such file", file.string()));
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(read_file(file));
    } catch (const nlohmann::json::parse_error& e) {
        throw InvalidInputError(fmt::format("{}: not JSON: {}", file.string(), e.what()));
    }
    if (!doc.is_object() || !doc.contains("format_version") ||
        doc["format_version"] != k_shipped_manifest_version)
        throw InvalidInputError(fmt::format("{}: format_version must be {}", file.string(),
                                            k_shipped_manifest_version));
    if (!doc.contains("models") || !doc["models"].is_array())
        throw InvalidInputError(fmt::format("{}: 'models' must be an array", file.string()));
    ShippedCatalogue c;
    c.dir = dir;
    for (std::size_t i = 0; i < doc["models"].size(); ++i) {
        const nlohmann::json& e = doc["models"][i];
        if (!e.is_object())
            throw InvalidInputError(
                fmt::format("{}: models[{}] is not an object", file.string(), i));
        ShippedModel m;
        m.name = field<std::string>(e, "name", file, i);
        try {
            m.kind = models::parse_kind(field<std::string>(e, "kind", file, i));
        } catch (const InvalidInputError& err) {
            throw InvalidInputError(
                fmt::format("{}: models[{}]: {}", file.string(), i, err.what()));
        }
        m.model = field<std::string>(e, "model", file, i);
        m.file = field<std::string>(e, "file", file, i);
        m.side_file = e.value("side_file", std::string());
        m.version = field<int>(e, "version", file, i);
        try {
            m.step = parse_duration(field<std::string>(e, "resolution", file, i));
        } catch (const InvalidInputError& err) {
            throw InvalidInputError(
                fmt::format("{}: models[{}]: resolution: {}", file.string(), i, err.what()));
        }
        const nlohmann::json range = e.value("total_median_kw", nlohmann::json::array());
        if (!range.is_array() || range.size() != 2 || !range[0].is_number() ||
            !range[1].is_number())
            throw InvalidInputError(fmt::format(
                "{}: models[{}]: total_median_kw must be [min, max] in kW", file.string(), i));
        m.total_median_kw_min = range[0].get<double>();
        m.total_median_kw_max = range[1].get<double>();
        for (const std::string& f : {m.file, m.side_file})
            if (f.find("..") != std::string::npos || fs::path(f).is_absolute())
                throw InvalidInputError(
                    fmt::format("{}: models[{}]: '{}' must be a file inside the models directory",
                                file.string(), i, f));
        for (const ShippedModel& other : c.models)
            if (other.name == m.name)
                throw InvalidInputError(
                    fmt::format("{}: models[{}]: name '{}' twice", file.string(), i, m.name));
        m.entry = e;
        c.models.push_back(std::move(m));
    }
    return c;
}

std::unique_ptr<models::Model> load_shipped(const ShippedCatalogue& catalogue,
                                            const ShippedModel& entry) {
    const fs::path file = catalogue.dir / entry.file;
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(read_file(file));
    } catch (const nlohmann::json::parse_error& e) {
        throw InvalidInputError(fmt::format("{}: not JSON: {}", file.string(), e.what()));
    }
    const std::string side =
        entry.side_file.empty() ? std::string() : read_file(catalogue.dir / entry.side_file);
    std::unique_ptr<models::Model> model;
    try {
        model = models::load_model(doc, side);
    } catch (const Error& e) {
        throw InvalidInputError(fmt::format("{}: {}", file.string(), e.what()));
    }
    if (model->name() != entry.model || model->kind() != entry.kind)
        throw InvalidInputError(fmt::format(
            "{}: holds a {} ({}), but {} says '{}' is a {} ({})", file.string(), model->name(),
            models::kind_name(model->kind()), (catalogue.dir / k_manifest).string(), entry.name,
            entry.model, models::kind_name(entry.kind)));
    return model;
}

double finite_median(std::vector<double> values) {
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    if (values.empty()) return std::nan("");
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

void check_fits_shipped(const ShippedModel& entry, const UnitFrame& household,
                        const std::string& total_channel, const std::string& source,
                        bool energy_per_interval) {
    const std::string where = fmt::format("{}: household {}", source, household.unit_id());
    if (household.step() != entry.step)
        throw InvalidInputError(fmt::format(
            "{}: its readings are every {}, but model '{}' was trained on {} data; give it data at "
            "{} (or a model trained at {})",
            where, household.step() > 0 ? format_duration(household.step()) : "irregular interval",
            entry.name, format_duration(entry.step), format_duration(entry.step),
            household.step() > 0 ? format_duration(household.step()) : "that resolution"));
    const Channel* total = household.find(total_channel);
    if (!total)
        throw InvalidInputError(
            fmt::format("{}: no household total (channel '{}')", where, total_channel));
    const double median = finite_median(total->values);
    if (!std::isfinite(median))
        throw InvalidInputError(fmt::format("{}: no value of the household total", where));
    const double limit = k_total_median_factor * entry.total_median_kw_max;
    if (median > limit) {
        const double hours = static_cast<double>(entry.step) / static_cast<double>(k_hour_ms);
        throw InvalidInputError(fmt::format(
            "{}: its median total is {:.2f} kW ({:.3f} kWh per {}), more than {} times the "
            "largest median of the households model '{}' was trained on ({:.2f} kW): {}",
            where, median, median * hours, format_duration(entry.step), k_total_median_factor,
            entry.name, entry.total_median_kw_max,
            energy_per_interval
                ? "does the file hold power (kW) rather than energy per interval? Then leave out "
                  "--energy-per-interval (or declare the unit with --map \"COLUMN=load:kW\")"
                : "does the file hold W rather than kW? Declare the unit with --map "
                  "\"COLUMN=load:W\""));
    }
}

void write_catalogue(const fs::path& dir, const nlohmann::json& manifest) {
    const fs::path file = dir / k_manifest;
    std::ofstream out(file);
    out << manifest.dump(2) << '\n';
    if (!out) throw IoError(fmt::format("cannot write {}", file.string()));
}

}  // namespace heatloop::runner
