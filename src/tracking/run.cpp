#include "heatloop/tracking/run.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "heatloop/core/enum_names.hpp"

namespace heatloop::tracking {

namespace {

// MLflow's spelling.
constexpr std::array k_statuses{
    std::pair{RunStatus::running, "RUNNING"}, std::pair{RunStatus::finished, "FINISHED"},
    std::pair{RunStatus::failed, "FAILED"}, std::pair{RunStatus::killed, "KILLED"}};

}  // namespace

std::string_view run_status_name(RunStatus s) {
    return enum_name(k_statuses, s);
}

RunStatus parse_run_status(std::string_view text) {
    // Any case: the CLI takes "--status finished" for MLflow's FINISHED.
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (auto s = find_enum(k_statuses, upper)) return *s;
    throw unknown_enum_error(k_statuses, text, "run status");
}

}  // namespace heatloop::tracking
