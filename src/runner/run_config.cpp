#include "heatloop/runner/run_config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <array>
#include <fstream>
#include <sstream>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"
#include "runner/run_config_toml.hpp"
#include "runner/toml_json.hpp"

namespace heatloop::runner {

namespace {

constexpr std::array k_splits{
    std::pair{SplitKind::time, "time"}, std::pair{SplitKind::dates, "dates"},
    std::pair{SplitKind::units, "units"}, std::pair{SplitKind::unit_folds, "unit_folds"},
    std::pair{SplitKind::none, "none"}};
constexpr std::array k_scopes{std::pair{ModelScope::fleet, "fleet"},
                              std::pair{ModelScope::unit, "unit"}};

// Reads one table of the config, naming the file and line of whatever is wrong in it.
class TableReader {
public:
    TableReader(const toml::table& table, std::string source, std::string path)
        : table_(table), source_(std::move(source)), path_(std::move(path)) {}

    // Fails on keys not in `valid`.
    void only(std::initializer_list<std::string_view> valid) const {
        for (const auto& [key, node] : table_) {
            if (std::find(valid.begin(), valid.end(), key.str()) != valid.end()) continue;
            throw fail(node, fmt::format("unknown key '{}' (valid: {})", key_name(key.str()),
                                         fmt::join(valid, ", ")));
        }
    }

    const toml::node* find(std::string_view key) const { return table_.get(key); }

    std::optional<std::string> string(std::string_view key) const {
        const toml::node* n = find(key);
        if (!n) return std::nullopt;
        if (const auto* s = n->as_string()) return s->get();
        throw fail(*n, fmt::format("{}: expected a string", key_name(key)));
    }

    std::optional<double> number(std::string_view key) const {
        const toml::node* n = find(key);
        if (!n) return std::nullopt;
        if (const auto* f = n->as_floating_point()) return f->get();
        if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
        throw fail(*n, fmt::format("{}: expected a number", key_name(key)));
    }

    std::optional<std::int64_t> integer(std::string_view key) const {
        const toml::node* n = find(key);
        if (!n) return std::nullopt;
        if (const auto* i = n->as_integer()) return i->get();
        throw fail(*n, fmt::format("{}: expected an integer", key_name(key)));
    }

    std::optional<bool> boolean(std::string_view key) const {
        const toml::node* n = find(key);
        if (!n) return std::nullopt;
        if (const auto* b = n->as_boolean()) return b->get();
        throw fail(*n, fmt::format("{}: expected true or false", key_name(key)));
    }

    std::vector<std::string> strings(std::string_view key) const {
        std::vector<std::string> out;
        const toml::node* n = find(key);
        if (!n) return out;
        const toml::array* a = n->as_array();
        if (!a) throw fail(*n, fmt::format("{}: expected an array of strings", key_name(key)));
        for (const toml::node& v : *a) {
            if (!v.is_string()) throw fail(v, fmt::format("{}: expected strings", key_name(key)));
            out.push_back(v.as_string()->get());
        }
        return out;
    }

    // A [start, end) pair of dates or timestamps (TOML dates or ISO strings).
    std::optional<std::pair<Timestamp, Timestamp>> period(std::string_view key) const {
        const toml::node* n = find(key);
        if (!n) return std::nullopt;
        const toml::array* a = n->as_array();
        if (!a || a->size() != 2)
            throw fail(*n, fmt::format("{}: expected [start, end], e.g. [\"2024-01-01\", "
                                       "\"2024-03-01\"]",
                                       key_name(key)));
        Timestamp t[2];
        for (std::size_t i = 0; i < 2; ++i) {
            const nlohmann::json j = toml_to_json(*a->get(i));
            if (!j.is_string())
                throw fail(*a->get(i), fmt::format("{}: expected a date", key_name(key)));
            try {
                t[i] = parse_utc(j.get<std::string>());
            } catch (const InvalidInputError& e) {
                throw fail(*a->get(i), fmt::format("{}: {}", key_name(key), e.what()));
            }
        }
        if (t[1] <= t[0])
            throw fail(*n, fmt::format("{}: end {} is not after start {}", key_name(key),
                                       format_iso(t[1]), format_iso(t[0])));
        return std::pair{t[0], t[1]};
    }

    // A sub-table as JSON ({} when absent), for the parts that read their settings from JSON.
    nlohmann::json json_table(std::string_view key) const {
        const toml::node* n = find(key);
        if (!n) return nlohmann::json::object();
        if (!n->is_table()) throw fail(*n, fmt::format("{}: expected a table", key_name(key)));
        return toml_to_json(*n);
    }

    // Runs `parse`, prefixing its InvalidInputError with where the table is.
    template <class F>
    auto within(std::string_view key, F&& parse) const {
        try {
            return parse();
        } catch (const InvalidInputError& e) {
            const toml::node* n = find(key);
            throw n
                ? fail(*n, fmt::format("[{}]: {}", key_name(key), e.what()))
                : InvalidInputError(fmt::format("{}: [{}]: {}", source_, key_name(key), e.what()));
        }
    }

    InvalidInputError fail(const toml::node& node, const std::string& what) const {
        return InvalidInputError(fmt::format("{}:{}: {}", source_, node.source().begin.line, what));
    }

private:
    std::string key_name(std::string_view key) const {
        return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
    }

    const toml::table& table_;
    std::string source_, path_;
};

const toml::table& sub_table(const TableReader& parent, const toml::table& root,
                             std::string_view key) {
    static const toml::table empty;
    const toml::node* n = root.get(key);
    if (!n) return empty;
    if (!n->is_table()) throw parent.fail(*n, fmt::format("{}: expected a table", key));
    return *n->as_table();
}

DataSpec parse_data(const TableReader& t) {
    t.only({"units", "split", "train_fraction", "train_rows", "folds", "calibration_fraction",
            "train", "eval", "eval_units", "exclude_labels_from_training", "derive"});
    DataSpec d;
    d.units = t.strings("units");
    if (auto s = t.string("split")) d.split = t.within("split", [&] { return parse_split(*s); });
    if (auto f = t.number("train_fraction")) {
        if (!(*f > 0.0 && *f < 1.0))
            throw t.fail(*t.find("train_fraction"),
                         fmt::format("data.train_fraction: {} is not in (0, 1)", *f));
        d.train_fraction = *f;
    }
    if (auto r = t.integer("train_rows")) {
        if (*r < 1) throw t.fail(*t.find("train_rows"), "data.train_rows: expected >= 1");
        if (t.find("train_fraction"))
            throw t.fail(*t.find("train_rows"),
                         "data.train_rows and data.train_fraction: give one of them");
        d.train_rows = static_cast<std::size_t>(*r);
    }
    if (auto k = t.integer("folds")) {
        if (*k < 2 || *k > 1000)
            throw t.fail(*t.find("folds"), fmt::format("data.folds: {} is not in [2, 1000]", *k));
        d.folds = static_cast<int>(*k);
    }
    if (auto f = t.number("calibration_fraction")) {
        if (!(*f >= 0.0 && *f < 1.0))
            throw t.fail(*t.find("calibration_fraction"),
                         fmt::format("data.calibration_fraction: {} is not in [0, 1)", *f));
        d.calibration_fraction = *f;
    }
    if (auto p = t.period("train")) std::tie(d.train_start, d.train_end) = *p;
    if (auto p = t.period("eval")) std::tie(d.eval_start, d.eval_end) = *p;
    d.eval_units = t.strings("eval_units");
    if (auto b = t.boolean("exclude_labels_from_training")) d.exclude_labels_from_training = *b;
    if (t.find("derive")) {
        const nlohmann::json derive = t.json_table("derive");
        for (const auto& item : derive.items()) {
            // named copies, not structured bindings: clang 14 (the fuzz build) cannot capture those
            const std::string& channel = item.key();
            const nlohmann::json& spec = item.value();
            const auto bad = [&](const std::string& why) {
                return t.fail(*t.find("derive"), fmt::format("data.derive.{}: {}", channel, why));
            };
            if (!spec.is_object())
                throw bad("expected a table, e.g. {disaggregator = \"default\"}");
            for (const auto& [key, value] : spec.items()) {
                if (key != "disaggregator" && key != "models")
                    throw bad(fmt::format("unknown key '{}' (valid: disaggregator, models)", key));
                if (!value.is_string() || value.get<std::string>().empty())
                    throw bad(fmt::format("{}: expected a non-empty string", key));
            }
            if (!spec.contains("disaggregator"))
                throw bad("needs disaggregator = \"NAME\" (a shipped model, e.g. \"default\")");
            d.derive[channel] = {spec["disaggregator"].get<std::string>(),
                                 spec.value("models", std::string())};
        }
    }

    if (d.split == SplitKind::dates && !(d.train_start && d.eval_start))
        throw InvalidInputError(
            "data.split = \"dates\" needs data.train = [start, end] and "
            "data.eval = [start, end]");
    if (d.split == SplitKind::units && d.eval_units.empty())
        throw InvalidInputError(
            "data.split = \"units\" needs data.eval_units (the units to leave "
            "out of training)");
    if ((d.train_rows || t.find("train_fraction")) && d.split != SplitKind::time)
        throw InvalidInputError(fmt::format(
            "data.train_rows and data.train_fraction apply to split = \"time\", not \"{}\"",
            split_name(d.split)));
    if (t.find("folds") && d.split != SplitKind::unit_folds)
        throw InvalidInputError("data.folds applies to split = \"unit_folds\"");
    return d;
}

}  // namespace

std::string_view split_name(SplitKind k) {
    return enum_name(k_splits, k);
}

SplitKind parse_split(std::string_view name) {
    return parse_enum(k_splits, name, "split");
}

std::string_view scope_name(ModelScope s) {
    return enum_name(k_scopes, s);
}

ModelScope parse_scope(std::string_view name) {
    return parse_enum(k_scopes, name, "model scope");
}

toml::table parse_toml(std::string_view text, const std::string& source) {
    try {
        return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw InvalidInputError(fmt::format("{}:{}:{}: {}", source, e.source().begin.line,
                                            e.source().begin.column, e.description()));
    }
}

RunConfig parse_run_config(std::string_view text, const std::string& source,
                           const ModelSource& models) {
    return run_config_from_table(parse_toml(text, source), text, source, models);
}

RunConfig run_config_from_table(const toml::table& root, std::string_view text,
                                const std::string& source, const ModelSource& model_source) {
    const TableReader top(root, source, "");
    top.only({"name", "experiment", "seed", "data", "model", "alarms", "evaluation"});
    RunConfig c;
    c.text = std::string(text);
    if (auto s = top.string("name")) c.name = *s;
    if (auto s = top.string("experiment")) c.experiment = *s;
    if (auto s = top.integer("seed")) {
        if (*s < 0) throw top.fail(*top.find("seed"), "seed: expected a non-negative integer");
        c.seed = static_cast<std::uint64_t>(*s);
    }
    {
        const TableReader data(sub_table(top, root, "data"), source, "data");
        c.data = top.within("data", [&] { return parse_data(data); });
    }
    const toml::node* model_node = root.get("model");
    if (!model_node || !model_node->is_table())
        throw InvalidInputError(
            fmt::format("{}: a [model] table with name = \"<model>\" is required (models: {})",
                        source, fmt::join(models::model_names(), ", ")));
    const TableReader model(*model_node->as_table(), source, "model");
    model.only({"name", "scope", "params"});
    auto name = model.string("name");
    if (!name)
        throw model.fail(*model_node, fmt::format("model.name is required (models: {})",
                                                  fmt::join(models::model_names(), ", ")));
    c.model = *name;
    if (auto s = model.string("scope"))
        c.scope = model.within("scope", [&] { return parse_scope(*s); });
    c.params = model.json_table("params");
    // Validates the name and every param now, before any data is loaded.
    c.kind = top.within("model", [&] { return model_source.make(c.model, c.params)->kind(); });
    if (c.scope == ModelScope::unit &&
        (c.data.split == SplitKind::units || c.data.split == SplitKind::unit_folds))
        throw model.fail(*model.find("scope"),
                         fmt::format("model.scope = \"unit\" trains each unit on its own data; "
                                     "data.split = \"{}\" evaluates units no model of theirs "
                                     "saw (use split = \"time\" or \"dates\")",
                                     split_name(c.data.split)));
    if (!c.data.derive.empty() && c.kind != models::ModelKind::detector &&
        c.kind != models::ModelKind::forecaster)
        throw InvalidInputError(fmt::format(
            "{}: data.derive adds channels to units for detectors and forecasters; {} is a {}",
            source, c.model, models::kind_name(c.kind)));
    c.alarms =
        top.within("alarms", [&] { return alarms::policy_from_json(top.json_table("alarms")); });
    c.evaluation = top.within(
        "evaluation", [&] { return eval::options_from_json(top.json_table("evaluation")); });
    if (c.name.empty()) c.name = c.model;
    return c;
}

std::string read_config_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec))
            throw NotFoundError(fmt::format("{}: no such file", file.string()));
        throw IoError(fmt::format("{}: cannot read", file.string()));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

RunConfig load_run_config(const std::filesystem::path& file) {
    return parse_run_config(read_config_file(file), file.string());
}

}  // namespace heatloop::runner
