#include "heatloop/tracking/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "heatloop/core/error.hpp"

namespace heatloop::tracking {

namespace {
constexpr std::array<RunStatus, 4> k_statuses{RunStatus::running, RunStatus::finished,
                                              RunStatus::failed, RunStatus::killed};
}

std::string_view run_status_name(RunStatus s) {
    switch (s) {
        case RunStatus::running:
            return "RUNNING";
        case RunStatus::finished:
            return "FINISHED";
        case RunStatus::failed:
            return "FAILED";
        case RunStatus::killed:
            return "KILLED";
    }
    return "RUNNING";
}

RunStatus parse_run_status(std::string_view text) {
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    for (RunStatus s : k_statuses)
        if (run_status_name(s) == upper) return s;
    throw InvalidInputError(
        fmt::format("run status '{}': expected one of RUNNING, FINISHED, FAILED, KILLED", text));
}

}  // namespace heatloop::tracking
