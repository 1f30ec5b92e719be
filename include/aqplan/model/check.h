// aqplan/model/check.h — `aqplan validate`: a scenario file or a dataset
// (its directory, or one of its files) checked without running it, every
// problem at its place: each file on its own (the loaders), the joins of
// the files (data/validate.h), and what the schedule and the compile step
// tell (Model::check: dependency cycles, the daily-dispersion calibration).
//
// Thread safety: reentrant.
#pragma once

#include <string>

#include "aqplan/base/diagnostic.h"

namespace aqplan {

struct InputCheck {
  enum class Kind { scenario, dataset };
  Kind kind = Kind::scenario;
  std::string name;  // the scenario's name, or the dataset's directory
  Diagnostics diagnostics;

  bool ok() const { return !diagnostics.has_errors(); }
};

InputCheck check_input(const std::string& path);

}  // namespace aqplan
