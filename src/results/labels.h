// Internal to the results: the names and year a result is shown under,
// copied from the compiled model (run and explain results carry the same
// fields).
#pragma once

#include "aqplan/model/model.h"

namespace aqplan::detail {

template <class Result>
void copy_labels(const Model& model, Result& r) {
  r.scenario = model.scenario_name();
  r.dataset = model.dataset_name();
  r.scenario_zh = model.scenario_name_zh();
  r.dataset_zh = model.dataset_name_zh();
  r.language = model.language();
  r.year = model.target_year();
}

}  // namespace aqplan::detail
