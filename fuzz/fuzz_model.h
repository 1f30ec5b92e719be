// fuzz/fuzz_model.h — what the loader harnesses do with inputs that loaded:
// compile them (Model::build runs Model::check: the joins of
// data/validate.h, the schedule, the daily-dispersion calibration) and
// evaluate the mode draw once. Expected: InputError from build (inputs that
// do not fit together). Findings (by the caller's expect_input_errors): any
// other exception — evaluate() of the model's own mode draw must not throw —
// and crashes or sanitizer reports in compiling or evaluating.
#pragma once

#include "aqplan/data/model_inputs.h"
#include "aqplan/model/model.h"

namespace aqplan_fuzz {

inline void build_and_evaluate(const aqplan::ModelInputs& inputs) {
  const aqplan::Model model = aqplan::Model::build(inputs);
  const aqplan::Draw draw = model.mode_draw();
  aqplan::Workspace ws = model.make_workspace();
  aqplan::Outcome out;
  model.evaluate(draw, ws, out);
}

}  // namespace aqplan_fuzz
