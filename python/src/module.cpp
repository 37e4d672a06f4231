// heatloop._heatloop: the native half of the Python package (python/heatloop is the other).
// Each binding file adds its functions; this one maps heatloop's errors onto Python's.
#include <nanobind/nanobind.h>

#include "bindings.hpp"
#include "heatloop/core/error.hpp"

namespace nb = nanobind;

NB_MODULE(_heatloop, m) {
    m.doc() = "heatloop's C++ library (use the heatloop package, not this module)";
    // The error kinds of the CLI's exit codes: 2 ValueError, 3 KeyError, 4 ConflictError,
    // 5 OSError, 70 RuntimeError; the message is the one the CLI prints after "error: ".
    static nb::exception<heatloop::ConflictError> conflict(m, "ConflictError", PyExc_Exception);
    nb::register_exception_translator([](const std::exception_ptr& p, void*) {
        try {
            std::rethrow_exception(p);
        } catch (const heatloop::InvalidInputError& e) {
            PyErr_SetString(PyExc_ValueError, e.message().c_str());
        } catch (const heatloop::NotFoundError& e) {
            PyErr_SetString(PyExc_KeyError, e.message().c_str());
        } catch (const heatloop::ConflictError& e) {
            PyErr_SetString(conflict.ptr(), e.message().c_str());
        } catch (const heatloop::IoError& e) {
            PyErr_SetString(PyExc_OSError, e.message().c_str());
        } catch (const heatloop::Error& e) {
            PyErr_SetString(PyExc_RuntimeError, e.message().c_str());
        }
    });
    heatloop::python::bind_workspace(m);
    heatloop::python::bind_labels(m);
    heatloop::python::bind_runs(m);
    heatloop::python::bind_models(m);
    heatloop::python::bind_evaluate(m);
    heatloop::python::bind_python_models(m);
    heatloop::python::bind_fan_out(m);
}
