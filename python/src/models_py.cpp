// The model registry from Python: list, make(name, params), fit, score (detectors), predict
// (forecasters, classifiers, disaggregators), save and load, for every registered model.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/vector.h>

#include <memory>

#include "bindings.hpp"
#include "convert.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"

namespace heatloop::python {

namespace {

using Times = nb::ndarray<nb::numpy, const std::int64_t, nb::ndim<1>>;

// One frame given by Python: (unit_id, times in ms, {channel: values}, {attribute: value}).
UnitFrame frame_of(const nb::handle& h) {
    auto t = nb::cast<nb::tuple>(h);
    if (t.size() != 4) throw InvalidInputError("a frame is (unit_id, time, channels, attributes)");
    return frame_from_py(nb::cast<std::string>(t[0]), nb::cast<Times>(t[1]),
                         nb::cast<nb::dict>(t[2]), nb::cast<nb::dict>(t[3]));
}

std::vector<UnitFrame> frames_of(const nb::list& frames) {
    std::vector<UnitFrame> out;
    for (nb::handle h : frames) out.push_back(frame_of(h));
    return out;
}

template <class K>
K& as(models::Model& m, std::string_view what) {
    K* k = models::as_kind<K>(m);
    if (!k)
        throw InvalidInputError(std::string(m.name()) + " is a " +
                                std::string(models::kind_name(m.kind())) + ": it has no " +
                                std::string(what) + "()");
    return *k;
}

nb::ndarray<nb::numpy, double, nb::ndim<1>> owned_array(std::vector<double>&& v) {
    auto* owned = new std::vector<double>(std::move(v));
    nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<double>*>(p); });
    return nb::ndarray<nb::numpy, double, nb::ndim<1>>(owned->data(), {owned->size()}, owner);
}

}  // namespace

void bind_models(nb::module_& m) {
    m.def(
        "model_list",
        [](std::optional<std::string> kind) {
            nb::list out;
            for (const models::ModelInfo& info : models::registered_models()) {
                if (kind && models::kind_name(info.kind) != *kind) continue;
                nb::dict d;
                d["name"] = std::string(info.name);
                d["kind"] = std::string(models::kind_name(info.kind));
                d["summary"] = std::string(info.summary);
                out.append(d);
            }
            return out;
        },
        nb::arg("kind") = nb::none());
    m.def("model_kind_check", [](const std::string& kind) {
        return std::string(models::kind_name(models::parse_kind(kind)));
    });

    nb::class_<models::Model>(m, "Model")
        .def_prop_ro("name", [](const models::Model& x) { return std::string(x.name()); })
        .def_prop_ro(
            "kind", [](const models::Model& x) { return std::string(models::kind_name(x.kind())); })
        .def_prop_ro("params", [](const models::Model& x) { return to_py(x.params()); })
        .def_prop_ro("fitted", &models::Model::fitted)
        .def("configure", [](models::Model& x,
                             const nb::dict& params) { x.configure(from_py(params, "params")); })
        .def(
            "fit",
            [](models::Model& x, const nb::list& frames, std::optional<std::vector<double>> targets,
               std::uint64_t seed, int threads) {
                std::vector<UnitFrame> units = frames_of(frames);
                const models::ModelContext ctx{seed, threads};
                nb::gil_scoped_release release;
                if (auto* d = models::as_kind<models::Detector>(x))
                    d->fit(units, ctx);
                else if (auto* f = models::as_kind<models::Forecaster>(x))
                    f->fit(units, ctx);
                else if (auto* g = models::as_kind<models::Disaggregator>(x))
                    g->fit(units, ctx);
                else if (auto* c = models::as_kind<models::Classifier>(x)) {
                    if (!targets)
                        throw InvalidInputError(std::string(x.name()) +
                                                " is a classifier: fit() needs targets");
                    c->fit(units, *targets, ctx);
                } else
                    throw InternalError("model of no known kind");
            },
            nb::arg("frames"), nb::arg("targets") = nb::none(), nb::arg("seed") = 0,
            nb::arg("threads") = 1)
        .def("score",
             [](const models::Model& x, const nb::tuple& frame) {
                 const auto& d = as<const models::Detector>(const_cast<models::Model&>(x), "score");
                 const UnitFrame f = frame_of(frame);
                 std::vector<double> s;
                 {
                     nb::gil_scoped_release release;
                     s = d.score(f);
                 }
                 return owned_array(std::move(s));
             })
        .def("predict",
             [](const models::Model& x, const nb::tuple& frame) -> nb::object {
                 auto& mm = const_cast<models::Model&>(x);
                 const UnitFrame f = frame_of(frame);
                 if (auto* fc = models::as_kind<models::Forecaster>(mm)) {
                     models::Forecast fo;
                     {
                         nb::gil_scoped_release release;
                         fo = fc->predict(f);
                     }
                     nb::list steps;
                     for (auto& v : fo.by_step) steps.append(owned_array(std::move(v)));
                     return nb::make_tuple(fo.target, steps);
                 }
                 if (auto* g = models::as_kind<models::Disaggregator>(mm)) {
                     std::vector<double> v;
                     {
                         nb::gil_scoped_release release;
                         v = g->predict(f);
                     }
                     return nb::cast(owned_array(std::move(v)));
                 }
                 if (auto* c = models::as_kind<models::Classifier>(mm)) {
                     std::vector<models::PeriodProbability> p;
                     {
                         nb::gil_scoped_release release;
                         p = c->predict(f);
                     }
                     nb::list out;
                     for (const auto& q : p)
                         out.append(nb::make_tuple(q.start, q.end, q.probability));
                     return out;
                 }
                 throw InvalidInputError(
                     std::string(x.name()) +
                     " is a detector: use score() (predict() is for forecasters, "
                     "classifiers and disaggregators)");
             })
        .def("save", [](const models::Model& x) {
            return nb::make_tuple(to_py(x.save()),
                                  nb::bytes(x.save_side_file().data(), x.save_side_file().size()));
        });
    m.def(
        "model_make",
        [](const std::string& name, const nb::dict& params) {
            return models::make_model(name, from_py(params, "params"));
        },
        nb::arg("name"), nb::arg("params") = nb::dict());
    m.def(
        "model_load",
        [](const nb::dict& doc, const nb::bytes& side) {
            return models::load_model(from_py(doc, "model document"),
                                      std::string_view(side.c_str(), side.size()));
        },
        nb::arg("doc"), nb::arg("side") = nb::bytes("", 0));
    m.def("model_params", [](const std::string& name) {
        (void)models::find_model(name);
        return to_py(models::make_model(name)->params());
    });
}

}  // namespace heatloop::python
