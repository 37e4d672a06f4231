#pragma once
// Reads of runs shared by the runs and review endpoints: the run behind an id (or prefix),
// its stored outputs, one unit's outputs and score channels, and its re-evaluation at a label
// revision.

#include <memory>
#include <string>

#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/runner/runner.hpp"
#include "heatloop/tracking/run.hpp"
#include "web/router.hpp"

namespace heatloop::web {

// The run with that id or unique prefix (404 when none).
tracking::RunInfo find_run(Call& call, const std::string& id_or_prefix);
// Its stored outputs (404 when it has none).
std::shared_ptr<const runner::RunOutputs> run_outputs(Call& call, const tracking::RunInfo& run);
// One unit of them (404 when the run did not evaluate it).
const eval::UnitData& run_unit(const runner::RunOutputs& out, const std::string& run_id,
                               const std::string& unit_id);
// The detector's score channels of one unit of the run (RunCache::score_channels; 404 when
// the run did not evaluate the unit).
std::shared_ptr<const UnitFrame> run_score_channels(Call& call, const runner::RunOutputs& out,
                                                    const std::string& run_id,
                                                    const std::string& unit_id);
// The run re-evaluated against label revision `revision` (cached).
std::shared_ptr<const runner::ReEvaluation> run_evaluation(Call& call, const tracking::RunInfo& run,
                                                           std::int64_t revision);

}  // namespace heatloop::web
