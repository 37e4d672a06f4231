#pragma once
/// Shower events of one household without a run: the default shower detector
/// (configs/shower_iforest.toml: the shower_iforest detector, contamination 0.05, the largest
/// drop per 30 minutes) fitted, scored and thresholded on the unit alone, unsupervised. The
/// calendar command and steering take their events from here.

#include <nlohmann/json.hpp>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/hotwater/calendar.hpp"

namespace heatloop::hotwater {

/// The detected showers of `unit` (regular grid with t_tank_mid, and t_tank_top unless the
/// params set top_channel = ""), sorted by start. Each event starts at its alarm's first
/// flagged instant; its size is the largest drop of the middle temperature over the longest
/// lag inside the alarm (K). `params` override the default config: the detector's params
/// (docs/models.md#shower_iforest), plus "alarms" (an alarm-policy object merged over the
/// config's [alarms], docs/evaluation.md) and "seed" (integer). Throws InvalidInputError for
/// an unknown key or bad value, a missing channel, or a unit too short to fit on.
std::vector<DemandEvent> detect_showers(const UnitFrame& unit, const nlohmann::json& params = {});

}  // namespace heatloop::hotwater
