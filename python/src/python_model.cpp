// Models written in Python in a run (Workspace.run(config, model=...)): a detector,
// forecaster or classifier whose fit and score/predict call the Python object, made and
// restored by a runner::ModelSource, so the run (splits, alarms, evaluation, stored outputs,
// tracking) is the one every model of that kind gets. The Python side
// (heatloop/_python_model.py) turns frames into DataFrames and results into arrays.
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/string.h>

#include <fmt/format.h>

#include <mutex>
#include <set>
#include <span>

#include "bindings.hpp"
#include "convert.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/models/classifier.hpp"
#include "heatloop/models/detector.hpp"
#include "heatloop/models/forecaster.hpp"
#include "heatloop/runner/model_source.hpp"
#include "heatloop/runner/runner.hpp"
#include "session.hpp"

namespace heatloop::python {

namespace {

// Model names are string_views for the life of the process (the registry's are literals).
std::string_view intern(const std::string& name) {
    static std::mutex mutex;
    static std::set<std::string> names;
    std::lock_guard lock(mutex);
    return *names.insert(name).first;
}

// A Python object reference that may be copied and dropped without the GIL (the runner
// destroys models on its own threads).
class PyRef {
public:
    explicit PyRef(nb::object o) : o_(new nb::object(std::move(o))) {}
    PyRef(const PyRef&) = delete;
    PyRef& operator=(const PyRef&) = delete;
    ~PyRef() {
        nb::gil_scoped_acquire gil;
        delete o_;
    }
    const nb::object& get() const { return *o_; }

private:
    nb::object* o_;
};

// What every Python model shares: its document names the fitted object of this process.
nlohmann::json python_state(const PyRef& bridge, std::size_t instance) {
    nb::gil_scoped_acquire gil;
    return {{"python_class", nb::cast<std::string>(bridge.get().attr("class_name"))},
            {"instance", instance}};
}

nb::list frames_to_py(std::span<const UnitFrame> units) {
    nb::list frames;
    for (const UnitFrame& u : units) frames.append(frame_to_py(UnitFrame(u)));
    return frames;
}

class PythonDetector final : public models::Detector {
public:
    PythonDetector(std::string_view name, std::shared_ptr<PyRef> bridge, std::size_t instance)
        : Detector(name, {}), bridge_(std::move(bridge)), instance_(instance) {
        configure(nlohmann::json::object());
    }

protected:
    void apply_params(const nlohmann::json&) override {}
    nlohmann::json save_state() const override { return python_state(*bridge_, instance_); }
    void load_state(const nlohmann::json&) override {}
    void do_fit(std::span<const UnitFrame> units, const models::ModelContext& ctx) override {
        nb::gil_scoped_acquire gil;
        bridge_->get().attr("fit")(frames_to_py(units), ctx.seed);
    }
    std::vector<double> do_score(const UnitFrame& unit) const override {
        nb::gil_scoped_acquire gil;
        nb::object out = bridge_->get().attr("score")(frame_to_py(UnitFrame(unit)));
        auto a = nb::cast<nb::ndarray<nb::numpy, const double, nb::ndim<1>, nb::c_contig>>(out);
        if (a.shape(0) != unit.rows())
            throw InvalidInputError(
                fmt::format("model {}: score() returned {} values for the {} "
                            "rows of unit {}",
                            name(), a.shape(0), unit.rows(), unit.unit_id()));
        return {a.data(), a.data() + a.shape(0)};
    }

private:
    std::shared_ptr<PyRef> bridge_;
    std::size_t instance_;
};

// target and horizon are read from the object once (Bridge.target / Bridge.horizon).
class PythonForecaster final : public models::Forecaster {
public:
    PythonForecaster(std::string_view name, std::shared_ptr<PyRef> bridge, std::size_t instance)
        : Forecaster(name, {}), bridge_(std::move(bridge)), instance_(instance) {
        nb::gil_scoped_acquire gil;
        target_ = nb::cast<std::string>(bridge_->get().attr("target"));
        horizon_ = nb::cast<std::size_t>(bridge_->get().attr("horizon"));
        configure(nlohmann::json::object());
    }
    std::string target() const override { return target_; }
    std::size_t horizon() const override { return horizon_; }

protected:
    void apply_params(const nlohmann::json&) override {}
    nlohmann::json save_state() const override { return python_state(*bridge_, instance_); }
    void load_state(const nlohmann::json&) override {}
    void do_fit(std::span<const UnitFrame> units, const models::ModelContext& ctx) override {
        nb::gil_scoped_acquire gil;
        bridge_->get().attr("fit")(frames_to_py(units), ctx.seed);
    }
    models::Forecast do_predict(const UnitFrame& unit) const override {
        nb::gil_scoped_acquire gil;
        // Bridge.predict checked the shape: horizon rows of unit.rows() values.
        nb::object out = bridge_->get().attr("predict")(frame_to_py(UnitFrame(unit)));
        auto a = nb::cast<nb::ndarray<nb::numpy, const double, nb::ndim<2>, nb::c_contig>>(out);
        if (a.shape(0) != horizon_ || a.shape(1) != unit.rows())
            throw InvalidInputError(fmt::format(
                "model {}: predict() gave {} x {} forecasts for unit {} ({} rows, horizon {})",
                name(), a.shape(1), a.shape(0), unit.unit_id(), unit.rows(), horizon_));
        models::Forecast f{target_, {}};
        for (std::size_t h = 0; h < horizon_; ++h)
            f.by_step.emplace_back(a.data() + h * unit.rows(), a.data() + (h + 1) * unit.rows());
        return f;
    }

private:
    std::shared_ptr<PyRef> bridge_;
    std::size_t instance_;
    std::string target_;
    std::size_t horizon_ = 1;
};

class PythonClassifier final : public models::Classifier {
public:
    PythonClassifier(std::string_view name, std::shared_ptr<PyRef> bridge, std::size_t instance)
        : Classifier(name, {}), bridge_(std::move(bridge)), instance_(instance) {
        configure(nlohmann::json::object());
    }

protected:
    void apply_params(const nlohmann::json&) override {}
    nlohmann::json save_state() const override { return python_state(*bridge_, instance_); }
    void load_state(const nlohmann::json&) override {}
    void do_fit(std::span<const UnitFrame> units, std::span<const double> targets,
                const models::ModelContext& ctx) override {
        nb::gil_scoped_acquire gil;
        nb::list t;
        for (double x : targets) t.append(static_cast<int>(x));
        bridge_->get().attr("fit_classifier")(frames_to_py(units), t, ctx.seed);
    }
    std::vector<models::PeriodProbability> do_predict(const UnitFrame& unit) const override {
        nb::gil_scoped_acquire gil;
        // Bridge.predict_periods: (start ms, end ms, probability) arrays, checked there.
        nb::tuple out = nb::cast<nb::tuple>(
            bridge_->get().attr("predict_periods")(frame_to_py(UnitFrame(unit))));
        auto start = nb::cast<TimeArray>(out[0]);
        auto end = nb::cast<TimeArray>(out[1]);
        auto p = nb::cast<ValueArray>(out[2]);
        std::vector<models::PeriodProbability> periods(p.shape(0));
        for (std::size_t i = 0; i < periods.size(); ++i)
            periods[i] = {start.data()[i], end.data()[i], p.data()[i]};
        return periods;
    }

private:
    std::shared_ptr<PyRef> bridge_;
    std::size_t instance_;
};

std::unique_ptr<models::Model> python_model(models::ModelKind kind, std::string_view name,
                                            std::shared_ptr<PyRef> bridge, std::size_t i) {
    switch (kind) {
        case models::ModelKind::forecaster:
            return std::make_unique<PythonForecaster>(name, std::move(bridge), i);
        case models::ModelKind::classifier:
            return std::make_unique<PythonClassifier>(name, std::move(bridge), i);
        default:
            return std::make_unique<PythonDetector>(name, std::move(bridge), i);
    }
}

// make(): a fresh copy of the user's object per model (unit scope fits one per unit);
// load(): the fitted copy the document names.
class PythonModels final : public runner::ModelSource {
public:
    PythonModels(std::string name, nb::object bridge)
        : name_(intern(name)),
          kind_(models::parse_kind(nb::cast<std::string>(bridge.attr("kind")))),
          template_(std::make_shared<PyRef>(std::move(bridge))) {}

    std::unique_ptr<models::Model> make(std::string_view name,
                                        const nlohmann::json& params) const override {
        if (name != name_)
            throw InvalidInputError(fmt::format(
                "model.name = \"{}\": this run's model is the Python model {}", name, name_));
        if (!params.empty())
            throw InvalidInputError(fmt::format(
                "[model.params]: {} is written in Python: set its parameters on the object",
                name_));
        std::lock_guard lock(mutex_);
        std::shared_ptr<PyRef> copy;
        {
            nb::gil_scoped_acquire gil;
            copy = std::make_shared<PyRef>(template_->get().attr("new")());
        }
        instances_.push_back(copy);
        return python_model(kind_, name_, copy, instances_.size() - 1);
    }

    std::unique_ptr<models::Model> load(const nlohmann::json& doc,
                                        std::string_view side_file) const override {
        const auto& state = doc.at("state");
        const std::size_t i = state.at("instance").get<std::size_t>();
        std::lock_guard lock(mutex_);
        if (i >= instances_.size())
            throw InvalidInputError(
                fmt::format("model {}: no instance {} in this process", name_, i));
        auto m = python_model(kind_, name_, instances_[i], i);
        m->load(doc, side_file);
        return m;
    }

private:
    std::string_view name_;
    models::ModelKind kind_;
    std::shared_ptr<PyRef> template_;
    mutable std::mutex mutex_;
    mutable std::vector<std::shared_ptr<PyRef>> instances_;
};

}  // namespace

void bind_python_models(nb::module_& m) {
    m.def(
        "run_python_model",
        [](Session& s, const std::string& text, const std::string& source,
           const std::string& model_name, nb::object bridge, unsigned threads) {
            auto models = std::make_unique<PythonModels>(model_name, std::move(bridge));
            const runner::RunConfig config = runner::parse_run_config(text, source, *models);
            nlohmann::json j;
            {
                nb::gil_scoped_release release;
                std::lock_guard lock(s.mutex());
                const io::Workspace ws = s.workspace();
                runner::RunEnvironment env = s.environment(ws, threads);
                env.models = models.get();
                j = run_result_json(runner::execute_run(config, env));
            }
            return to_py(j);
        },
        nb::arg("session"), nb::arg("text"), nb::arg("source"), nb::arg("model_name"),
        nb::arg("bridge"), nb::arg("threads") = 0);
}

}  // namespace heatloop::python
