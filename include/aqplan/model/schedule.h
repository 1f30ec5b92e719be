// aqplan/model/schedule.h — when each measure is in effect during the target year:
// planned timing from the parsed deadline, dependencies between measures
// (a measure cannot start before its prerequisites complete), slips that
// propagate downstream, and the fraction of each month a measure is in effect.
//
// Units: time t is in months of the target year, continuous: t = 0 at
// 1 January 00:00, t = 12 at the end of December; month m (1..12) covers
// [m−1, m). A date (Y, M, D) is t = 12·(Y − target_year) + (M − 1) +
// (D − 1)/days_in_month(Y, M); the end of month M of year Y is
// t = 12·(Y − target_year) + M. Delays, lags and ramps are in months.
// Activity a[j][m] is a dimensionless fraction in [0, 1].
//
// Planned timing by deadline kind (deadline.h), before delays:
//   by_end_of M      start = complete = end of M (in effect from then).
//   from_date D      start = complete = t(D); a mid-month date gives a partial month.
//   window A–B       in effect only in months A..B (every year), from the
//                    beginning of A; complete = start.
//   two_stage M1,M2  half the effect from the end of M1, the rest from the end
//                    of M2; start = end of M1, complete = end of M2. A shift
//                    moves both stages.
//   ongoing          start = complete = 0 (all year; its size is the increment
//                    over the base year).
// A start at or after t = 12 gives no effect in the target year; a start at
// or before t = 0 means in effect from the first day (all year).
//
// Per draw, in topological order (so a slip propagates downstream):
//   start(j)    = max(planned_start(j) + delay(j),
//                     max over prerequisites i of complete(i) + lag(j))
//   complete(j) = planned_complete(j) + (start(j) − planned_start(j))
// A measure that is not implemented never starts and never completes
// (+infinity); a measure waiting for it is never in effect either.
// The in-effect fraction at time t is stage(t) · ramp(t) · window(t): stage is
// 1 after start (two_stage: 0.5 after the first stage, 1 after the second),
// each stage ramping linearly to its share over ramp_months after it starts
// (no ramp when ramp_months = 0), and window is 0 outside a window's months.
// a[j][m] is the exact average of that fraction over month m.
//
// Critical path (on the planned schedule: every delay 0, every measure
// implemented). For a dependency edge i → j (j depends on i) the edge's float
// is start(j) − complete(i) − lag(j), with start(j) the effective planned
// start (which a prerequisite may already have pushed later than the
// deadline). slack(i) = the smallest float over the edges to i's dependants:
// how many months i can slip before any dependant's start moves; +infinity
// when i has no dependants. An edge is binding when its float is 0 (within
// 1e-9 months). A measure is critical when it is an end of a binding edge:
// its slack is 0 (it binds a dependant), or its effective planned start is
// set by a prerequisite (it is bound).
//
// Thread safety: a Schedule is immutable after build(); evaluate() and every
// accessor are const and may be called concurrently from any number of
// threads, each with its own output buffers. evaluate() does not allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "aqplan/base/diagnostic.h"
#include "aqplan/import/deadline.h"
#include "aqplan/base/metric.h"

namespace aqplan {

// The timing of one measure, as the schedule needs it.
struct MeasureTiming {
  int id = 0;                   // ledger id, unique
  Deadline deadline;            // parsed deadline (or the dataset's timing override)
  std::vector<int> depends_on;  // ids of prerequisite measures
  double lag_months = 0;        // months after a prerequisite completes before this can start; negative: that long before
  double ramp_months = 0;       // ≥ 0: months to reach full effect after each stage starts
  // Where this measure is defined (used in diagnostics); empty / 0 when unknown.
  std::string file;
  int line = 0;
  int column = 0;
};

// Row-major J × 12 activity matrix: row j is measure j (build() input order),
// column m − 1 is month m.
using ActivityMatrix = Eigen::Matrix<double, Eigen::Dynamic, kMonths, Eigen::RowMajor>;

// One measure on the planned schedule (all delays 0, all implemented).
struct PlannedTiming {
  double deadline_start = 0;     // start from the deadline alone
  double start = 0;              // effective planned start (after prerequisites)
  double complete = 0;           // effective planned completion
  double slack = 0;              // months of float; +infinity when no dependants
  bool critical = false;         // see the header comment
};

class Schedule {
 public:
  // Builds the dependency graph and its topological order once.
  // Throws InputError carrying every problem found: duplicate ids, unknown ids
  // in depends_on (with "did you mean"), negative or non-finite lag or ramp,
  // malformed deadlines, and dependency cycles — one for each group of
  // measures that depend on each other, reported as
  // "measure cycle: 16 -> 22 -> 16" (a -> b: a depends on b; the path is a
  // shortest one starting and ending at the group's smallest id). Each
  // diagnostic carries the measure's file/line/column.
  static Schedule build(std::span<const MeasureTiming> measures, int target_year);

  std::size_t size() const { return ids_.size(); }
  int target_year() const { return target_year_; }
  int id(std::size_t j) const { return ids_[j]; }
  // Index of the measure with ledger id `id`, if any.
  std::optional<std::size_t> index_of(int id) const;
  // Measure indices in a topological order (every prerequisite before its dependants).
  std::span<const std::size_t> topological_order() const { return order_; }

  // Planned timing, slack and critical flag of measure j.
  const PlannedTiming& planned(std::size_t j) const { return planned_[j]; }

  // One draw. REQUIRES: delay.size() == implemented.size() == start.size() ==
  // complete.size() == activity.rows() == size(); every delay finite and ≥ 0;
  // implemented[j] is 0 or 1. Indices follow the build() input order.
  // Writes activity (J × 12), start(j) and complete(j) (t values; +infinity
  // for never). Throws std::invalid_argument when a requirement is broken.
  // Allocates nothing.
  void evaluate(std::span<const double> delay, std::span<const std::uint8_t> implemented,
                Eigen::Ref<ActivityMatrix> activity, std::span<double> start,
                std::span<double> complete) const;

 private:
  Schedule() = default;
  // The steps of build().
  void index_ids(std::span<const MeasureTiming> measures, Diagnostics& diags);
  std::vector<std::vector<std::size_t>> prerequisites(std::span<const MeasureTiming> measures, Diagnostics& diags) const;
  void prepare_steps(std::span<const MeasureTiming> measures, const std::vector<std::vector<std::size_t>>& prereqs);
  void plan(const std::vector<std::vector<std::size_t>>& prereqs);

  // One measure as evaluate() needs it, in topological order: everything
  // that does not depend on the draw, precomputed by build().
  struct Step {
    double planned_start = 0;     // deadline start (first stage)
    double planned_complete = 0;  // deadline completion (last stage)
    double stage2_offset = 0;     // two_stage: second stage − first; 0 when single-stage
    double lag = 0;
    double ramp = 0;
    double planned_effective_start = 0;  // start on the planned schedule (NaN while build() computes it)
    std::uint32_t j = 0;                 // input index
    std::uint32_t prereq_begin = 0, prereq_end = 0;  // range of prereqs_
    std::uint16_t mask = 0;              // bit m−1 set when month m may be in effect
    bool two_stage = false;
    bool ramped = false;                 // ramp > 0
    double keep[kMonths] = {};           // 1 when month m may be in effect, else 0 (mask as factors)
  };

  int target_year_ = 0;
  std::vector<int> ids_;                          // by input index
  std::vector<std::pair<int, std::size_t>> by_id_;  // sorted by id
  std::vector<std::size_t> order_;                // topological order of input indices
  std::vector<Step> steps_;                       // by topological position
  std::vector<std::size_t> prereqs_;              // input indices of prerequisites, grouped by step
  std::vector<double> planned_rows_;              // by topological position × 12: the planned activity of ramped steps
  std::vector<double> planned_start_;             // by input index: deadline start (first stage)
  std::vector<double> lag_;                       // by input index
  std::vector<PlannedTiming> planned_;
};

}  // namespace aqplan
