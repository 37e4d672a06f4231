#pragma once
// Parsing of `runs log` inputs: KEY=VALUE params, KEY=VALUE[@STEP] metric points, and a
// metrics CSV.

#include <string>
#include <vector>

#include "heatloop/tracking/run.hpp"

namespace heatloop::cli::runs {

// "lr=0.1" -> {lr, 0.1}; InvalidInputError without '=' or with an empty key.
tracking::Param parse_param(const std::string& text);

// "loss=0.25@3" -> {loss, 0.25, step 3, at `now`}; the step defaults to 0.
tracking::Metric parse_metric(const std::string& text, Timestamp now);

// A CSV with a header naming key and value, and optionally step, timestamp (epoch ms or
// ISO 8601) and unit_id, in any order. Errors name file:line. No quoting: keys and units
// must not contain commas.
std::vector<tracking::Metric> read_metrics_csv(const std::string& path, Timestamp now);

}  // namespace heatloop::cli::runs
