#pragma once
// Conversions between heatloop's C++ values and Python objects, shared by the binding files:
// JSON documents <-> dicts/lists, unit frames <-> numpy arrays, Python dicts -> TOML text.
// No algorithm lives here (STYLE.md 11): only the shape of the data changes.

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "heatloop/core/frame.hpp"
#include "heatloop/runner/runner.hpp"

namespace heatloop::python {

namespace nb = nanobind;

/// A 1-D numpy array of int64 (times in ms since the epoch, UTC).
using TimeArray = nb::ndarray<nb::numpy, const std::int64_t, nb::ndim<1>, nb::c_contig>;
/// A 1-D numpy array of float64 (channel values, NaN = missing).
using ValueArray = nb::ndarray<nb::numpy, const double, nb::ndim<1>, nb::c_contig>;

/// A JSON value as Python: dict, list, str, int, float, bool or None.
nb::object to_py(const nlohmann::json& j);
/// A Python value (dict with str keys, list/tuple, str, int, float, bool, None) as JSON;
/// ValueError naming `what` for anything else.
nlohmann::json from_py(nb::handle h, const std::string& what);

/// The frame as a dict {"unit_id", "step", "time", "channels": {name: array}, "gaps": [...],
/// "attributes"}. The arrays are zero-copy views of the frame's vectors: the frame moves
/// into a capsule that the arrays keep alive, and is freed with the last of them.
nb::dict frame_to_py(UnitFrame&& frame);

/// A frame from times (ms, increasing) and same-length channel arrays: a regular grid when
/// the times are evenly spaced, irregular otherwise. Values are copied (models keep frames).
UnitFrame frame_from_py(const std::string& unit_id,
                        const nb::ndarray<nb::numpy, const std::int64_t, nb::ndim<1>>& time,
                        const nb::dict& channels, const nb::dict& attributes);

/// What execute_run returned, as `heatloop run --json` prints it (runs_py.cpp).
nlohmann::json run_result_json(const runner::RunResult& r);

/// A run configuration given as a dict, written as TOML text (what `heatloop run` reads).
std::string toml_from_py(const nb::dict& config);

}  // namespace heatloop::python
