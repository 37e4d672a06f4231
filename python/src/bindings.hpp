#pragma once
// The binding files of the extension, one concern each.
#include <nanobind/nanobind.h>

namespace heatloop::python {

void bind_workspace(nanobind::module_& m);  // workspace_py.cpp: Session, load, ingest, inspect
void bind_labels(nanobind::module_& m);     // labels_py.cpp: the label store
void bind_runs(nanobind::module_& m);       // runs_py.cpp: run, runs, outputs, evaluate, compare
void bind_models(nanobind::module_& m);     // models_py.cpp: the model registry
void bind_evaluate(nanobind::module_& m);   // evaluate_py.cpp: the evaluation contract
void bind_python_models(nanobind::module_& m);  // python_model.cpp: Python models in runs
void bind_fan_out(nanobind::module_& m);        // fan_out_py.cpp: runs fanned out (heatloop.dask)

}  // namespace heatloop::python
