// The evaluation contract on scores and alarms a user computed (heatloop.evaluate_scores):
// units' time axes, scores and alarms (or an alarm policy that raises them from the scores)
// plus labels in, the same EvaluationResult JSON a run stores as evaluation.json out.
#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "convert.hpp"
#include "heatloop/alarms/events.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/eval/evaluate.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::python {

namespace {

using Times = nb::ndarray<nb::numpy, const std::int64_t, nb::ndim<1>>;
using Values = nb::ndarray<nb::numpy, const double, nb::ndim<1>>;

// (unit_id, unit_type, time, scores, step, alarms [(start, end, peak_score, peak_time)] or
// None, gaps [(start, end)]).
eval::UnitData unit_of(nb::handle h) {
    auto t = nb::cast<nb::tuple>(h);
    eval::UnitData u;
    u.unit_id = nb::cast<std::string>(t[0]);
    u.unit_type = nb::cast<std::string>(t[1]);
    auto time = nb::cast<Times>(t[2]);
    auto scores = nb::cast<Values>(t[3]);
    if (time.shape(0) != scores.shape(0))
        throw InvalidInputError("unit " + u.unit_id + ": " + std::to_string(scores.shape(0)) +
                                " scores for " + std::to_string(time.shape(0)) + " times");
    u.time.assign(time.data(), time.data() + time.shape(0));
    u.scores.assign(scores.data(), scores.data() + scores.shape(0));
    u.step = nb::cast<std::int64_t>(t[4]);
    if (!t[5].is_none())
        for (nb::handle a : nb::cast<nb::list>(t[5])) {
            auto at = nb::cast<nb::tuple>(a);
            u.alarms.push_back({u.unit_id, nb::cast<std::int64_t>(at[0]),
                                nb::cast<std::int64_t>(at[1]), nb::cast<double>(at[2]),
                                nb::cast<std::int64_t>(at[3])});
        }
    for (nb::handle g : nb::cast<nb::list>(t[6])) {
        auto gt = nb::cast<nb::tuple>(g);
        u.gaps.push_back({nb::cast<std::int64_t>(gt[0]), nb::cast<std::int64_t>(gt[1])});
    }
    return u;
}

// (unit_id, start, end, category, confidence, status, notes): the label store's statuses;
// superseded labels are left out as a run leaves them out, the kind comes from the notes.
std::optional<eval::EvalLabel> label_of(nb::handle h) {
    auto t = nb::cast<nb::tuple>(h);
    const store::LabelStatus status = store::parse_status(nb::cast<std::string>(t[5]));
    if (status == store::LabelStatus::superseded) return std::nullopt;
    return eval::EvalLabel{nb::cast<std::string>(t[0]),
                           nb::cast<std::int64_t>(t[1]),
                           nb::cast<std::int64_t>(t[2]),
                           nb::cast<std::string>(t[3]),
                           nb::cast<double>(t[4]),
                           eval::parse_state(store::status_name(status)),
                           eval::kind_from_notes(nb::cast<std::string>(t[6]))};
}

}  // namespace

void bind_evaluate(nb::module_& m) {
    m.def(
        "evaluate_scores",
        [](const nb::list& units, const nb::list& labels, const nb::object& policy,
           const nb::dict& options) {
            std::vector<eval::UnitData> data;
            std::vector<bool> raise;  // units whose alarms the policy raises
            for (nb::handle h : units) {
                raise.push_back(nb::cast<nb::tuple>(h)[5].is_none());
                data.push_back(unit_of(h));
            }
            std::vector<eval::EvalLabel> ls;
            for (nb::handle h : labels)
                if (auto l = label_of(h)) ls.push_back(std::move(*l));
            std::optional<alarms::AlarmPolicy> p;
            if (!policy.is_none()) p = alarms::policy_from_json(from_py(policy, "alarm_policy"));
            const eval::EvalOptions o = eval::options_from_json(from_py(options, "options"));
            nlohmann::json j;
            {
                nb::gil_scoped_release release;
                for (std::size_t i = 0; i < data.size(); ++i) {
                    if (!raise[i]) continue;
                    eval::UnitData& u = data[i];
                    if (!p)
                        throw InvalidInputError("unit " + u.unit_id +
                                                ": no alarms given and no alarm policy to raise "
                                                "them from its scores");
                    // In-sample: the unit's own scores resolve a threshold that needs them.
                    u.alarms =
                        alarms::apply_policy(u.unit_id, {u.time, u.scores, u.step}, u.scores, *p);
                }
                j = eval::to_json(eval::evaluate(data, ls, o));
            }
            return to_py(j);
        },
        nb::arg("units"), nb::arg("labels"), nb::arg("alarm_policy") = nb::none(),
        nb::arg("options") = nb::dict());
}

}  // namespace heatloop::python
