// aqplan/data/validate.h — the checks that join the files of a model's
// inputs, a step of its own between loading and compiling: each file is
// valid on its own (its loader checked it), and these check that they fit
// together.
//
//   * the targets are for the dataset's years;
//   * every ledger measure has an entry in the measure data (enabling
//     measures too), and every entry a ledger measure;
//   * a measure's `stages` form a two-stage deadline (two month boundaries
//     of one year);
//   * every measure a scenario switches off is in the ledger;
//   * in the base year, PM2.5 does not exceed PM10 in any month (the coarse
//     share would be negative).
//
// Each problem is reported at the place it was written (SourceRef), with
// "did you mean" for near-miss ids. What only the schedule or the compiled
// model can tell (dependency cycles, the daily-dispersion calibration) is
// checked by Model::check (model/model.h).
//
// Thread safety: pure functions of their arguments.
#pragma once

#include <optional>

#include "aqplan/base/diagnostic.h"
#include "aqplan/data/model_inputs.h"

namespace aqplan {

// Every problem of the joins, in the order above; empty when they fit.
Diagnostics validate_inputs(const ModelInputs& inputs);

// The deadline the schedule uses for a measure: its data's `stages` (as one
// two-stage deadline) or `timing` override when given, else the ledger's.
// nullopt when the stages do not form a two-stage deadline.
std::optional<Deadline> effective_timing(const MeasureParams& params, const Measure& ledger_row);

}  // namespace aqplan
