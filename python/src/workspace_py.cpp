// The workspace from Python: the Session object, units, loading a unit's channels as numpy
// views, ingest and the inspect summaries.
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "convert.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/io/workspace.hpp"
#include "session.hpp"

namespace heatloop::python {

namespace {

std::optional<Duration> duration(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    return parse_duration(*text);
}

// The unit's frame, cut to [start, end) and to `channels` (in that order) when given.
UnitFrame load_frame(const Session& s, const std::string& unit,
                     const std::optional<std::vector<std::string>>& channels,
                     std::optional<Timestamp> start, std::optional<Timestamp> end,
                     bool with_weather) {
    const io::Workspace ws = s.workspace();
    UnitFrame f = with_weather ? ws.load_unit_with_weather(unit) : ws.load_unit(unit);
    if (start || end) {
        // slice_time keeps [start, end): open ends become the frame's own.
        const Timestamp lo = start.value_or(f.rows() ? f.time().front() : 0);
        const Timestamp hi = end.value_or(f.rows() ? f.time().back() + 1 : 0);
        f = f.slice_time(lo, hi);
    }
    if (channels) {
        std::vector<Channel> kept;
        for (const std::string& name : *channels) kept.push_back(f.at(name));
        f.channels() = std::move(kept);
    }
    return f;
}

}  // namespace

void bind_workspace(nb::module_& m) {
    nb::class_<Session>(m, "Session")
        .def(nb::init<std::filesystem::path, std::string, std::string>(), nb::arg("path"),
             nb::arg("db") = "", nb::arg("mlflow") = "")
        .def_prop_ro("path", [](const Session& s) { return s.root(); })
        .def("close", [](Session& s) {
            nb::gil_scoped_release release;
            std::lock_guard lock(s.mutex());
            s.close();
        });

    m.def("unit_ids", [](const Session& s) { return s.workspace().unit_ids(); });
    m.def(
        "load_unit",
        [](const Session& s, const std::string& unit,
           const std::optional<std::vector<std::string>>& channels, std::optional<Timestamp> start,
           std::optional<Timestamp> end, bool with_weather) {
            UnitFrame f;
            {
                nb::gil_scoped_release release;
                f = load_frame(s, unit, channels, start, end, with_weather);
            }
            return frame_to_py(std::move(f));
        },
        nb::arg("session"), nb::arg("unit"), nb::arg("channels") = nb::none(),
        nb::arg("start") = nb::none(), nb::arg("end") = nb::none(),
        nb::arg("with_weather") = false);
    m.def("inspect", [](const Session& s, const std::optional<std::string>& unit) {
        nlohmann::json j;
        {
            nb::gil_scoped_release release;
            const io::Workspace ws = s.workspace();
            j = unit ? io::describe_unit(ws, *unit) : io::describe_workspace(ws);
        }
        return to_py(j);
    });
    m.def(
        "ingest",
        [](Session& s, const std::vector<std::filesystem::path>& files, const std::string& format,
           const std::string& meter, const std::string& tz, const std::optional<std::string>& step,
           const std::optional<std::string>& ffill_max_gap,
           const std::optional<std::string>& hold_max,
           const std::map<std::string, std::string>& column_map,
           const std::vector<std::string>& missing, const std::vector<std::string>& drop,
           const std::string& signal_unit, const std::string& signal_channel,
           const std::string& time_format, const std::string& date_order,
           const std::string& utc_offset, const std::string& on_error) {
            io::IngestOptions o;
            o.format = io::parse_format(format);
            o.meter = io::parse_meter(meter);
            o.tz = tz;
            o.step = duration(step);
            o.ffill_max_gap = duration(ffill_max_gap);
            o.hold_max = duration(hold_max);
            o.column_map = column_map;
            o.missing = missing;
            o.drop = drop;
            o.signal_unit = signal_unit;
            o.signal_channel = signal_channel;
            o.time_format = time_format;
            o.date_order = date_order;
            o.utc_offset = utc_offset;
            if (on_error != "fail" && on_error != "skip")
                throw InvalidInputError("on_error: expected 'fail' or 'skip', got '" +
                                        visible(on_error) + "'");
            o.on_error = on_error == "skip" ? io::OnError::skip : io::OnError::fail;
            o.progress = false;
            // Warnings are in the report (IngestReport::warnings), not printed.
            o.warn = [](const std::string&) {};
            nlohmann::json j;
            {
                nb::gil_scoped_release release;
                const io::IngestReport report = io::ingest(files, o, s.root());
                if (!report.households.empty()) {  // the label store's copy, as the CLI keeps
                    std::lock_guard lock(s.mutex());
                    s.sync_units();
                }
                j = io::to_json(report);
            }
            return to_py(j);
        },
        nb::arg("session"), nb::arg("files"), nb::arg("format") = "auto",
        nb::arg("meter") = "total", nb::arg("tz") = "", nb::arg("step") = nb::none(),
        nb::arg("ffill_max_gap") = nb::none(), nb::arg("hold_max") = nb::none(),
        nb::arg("column_map") = std::map<std::string, std::string>{},
        nb::arg("missing") = std::vector<std::string>{},
        nb::arg("drop") = std::vector<std::string>{}, nb::arg("signal_unit") = "",
        nb::arg("signal_channel") = "", nb::arg("time_format") = "", nb::arg("date_order") = "",
        nb::arg("utc_offset") = "", nb::arg("on_error") = "fail");
}

}  // namespace heatloop::python
