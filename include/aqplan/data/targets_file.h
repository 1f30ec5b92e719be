// aqplan/data/targets_file.h — the targets table of a dataset, read from the
// CSV that `aqplan import-targets` writes (targets_to_csv, import/targets.h):
// header `metric,unit,month,base_year,base,target_year,target`, one row per
// metric and month 1..12 and one with month "year".
//
// Every problem of the file is reported in one InputError, each as
// `file:line:col: message`. Units: as in import/targets.h.
// Thread safety: reentrant; no shared state.
#pragma once

#include <string>
#include <string_view>

#include "aqplan/base/diagnostic.h"
#include "aqplan/import/targets.h"

namespace aqplan {

Targets read_targets_csv(const std::string& path);
// The same for text already in memory; `display_name` names it in messages.
Targets parse_targets_csv(std::string_view text, const std::string& display_name);

// Every base-year and target value within the plausible range of a month's
// value of its metric (data/domain.h), each problem at the value's row of
// `t.source`. parse_targets_csv applies it; `aqplan import-targets` applies
// it to a document's table before writing the CSV.
Diagnostics check_targets_domain(const Targets& t);

// `aqplan import-targets`: the targets table of a planning document
// (import_targets_file), with check_targets_domain applied, so that the CSV
// it becomes reads back. InputError with every problem.
Targets import_targets_checked(const std::string& document);

}  // namespace aqplan
