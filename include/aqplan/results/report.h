// aqplan/results/report.h — the results of a run as planners read them: per metric
// and month (and for the year) the base-year value, the target, the
// distribution of the projection and the probability of meeting the target;
// the composite index; and their JSON and terminal-table forms.
//
// A deterministic run (every uncertain input at its mode) fills the same
// structure with one sample: mean = every quantile = the projection, sd = 0,
// p_meet 0 or 1 and p_meet_se = 0, so every consumer reads one schema.
//
// JSON (field names are a contract; nothing in it depends on timing or
// thread count, so identical runs give identical bytes):
//   {"scenario", "dataset", "year", "samples", "seed",
//    "monthly": [{"metric","month","unit","base","target","mean","sd",
//                 "p05","p25","p50","p75","p95","p_meet","p_meet_se"} ×72],
//    "annual": [same fields, "month": null, ×6],
//    "composite_index": {"base","target","mean","sd","p05","p50","p95"}}
//
// Units: concentrations in the metric's unit; probabilities in [0, 1].
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/model/model.h"

namespace aqplan {

struct Summary {
  double mean = 0, sd = 0, p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
  double p_meet = 0, p_meet_se = 0;
};

struct ResultRow {
  Metric metric = Metric::so2;
  int month = 0;  // 1..12; 0 for the annual row
  double base = 0;
  double target = 0;
  Summary s;
};

struct CompositeSummary {
  double base = 0, target = 0, mean = 0, sd = 0, p05 = 0, p50 = 0, p95 = 0;
};

struct RunResult {
  std::string scenario;
  std::string dataset;
  int year = 0;
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  bool deterministic = false;
  std::vector<ResultRow> monthly;  // metric-major: so2 1..12, no2 1..12, ...
  std::vector<ResultRow> annual;   // one per metric, metric order
  CompositeSummary composite;

  const ResultRow& month_row(Metric p, int month) const { return monthly[static_cast<std::size_t>(p) * kMonths + static_cast<std::size_t>(month - 1)]; }
  const ResultRow& annual_row(Metric p) const { return annual[static_cast<std::size_t>(p)]; }
};

// The rows of a run with base and target filled from the model's targets
// (and the composite index of the base-year and target annual values); the
// summaries are left for the caller.
RunResult result_skeleton(const Model& model);

// A deterministic run: one evaluation of the mode draw.
RunResult deterministic_result(const Model& model, const Outcome& outcome);

std::string to_json(const RunResult& r);

// Language of the terminal views (headers, metric names, words).
enum class Language { en, zh };

// CSV with the JSON's field names as header: the monthly rows then the annual
// rows (month "year") (to_csv), or only one of them. `bom` prepends a UTF-8
// byte-order mark, so that Excel on Windows reads Chinese text correctly.
std::string to_csv(const RunResult& r, bool bom = false);
std::string monthly_csv(const RunResult& r, bool bom = false);
std::string annual_csv(const RunResult& r, bool bom = false);

// Month × metric table for a terminal: base, target, projection (p50) and
// whether it meets the target (deterministic) or P(meet) (Monte Carlo),
// marking months at risk (P(meet) < 0.5).
std::string format_table(const RunResult& r, Language lang = Language::en);

// The name of a metric in a terminal view: "PM₂.₅" or "细颗粒物 PM₂.₅".
std::string metric_label(Metric m, Language lang);

}  // namespace aqplan

namespace aqplan {

// One measure on the planned schedule (every delay 0), for `aqplan schedule`.
struct ScheduleRow {
  int id = 0;
  std::string text;        // the ledger text
  std::string title_en;    // short English title, if the dataset gives one
  std::vector<std::string> lead_units;
  std::string planned;     // the timing as understood, e.g. "by end of 2023-06"
  double planned_start = 0;  // t (months of the target year) from the deadline alone
  double start = 0;          // effective planned start, after prerequisites
  double complete = 0;
  double slack = 0;          // months; +infinity when no dependant
  bool critical = false;
  bool enabling = false;
  std::vector<int> depends_on;
};

std::vector<ScheduleRow> schedule_rows(const Model& model);

// "2023-07-01" for the date at t months into `year` (t = 6 → 1 July);
// "never" for +infinity.
std::string date_of(double t, int year);

std::string format_schedule_table(const std::vector<ScheduleRow>& rows, int year, Language lang = Language::en);
std::string schedule_to_json(const std::vector<ScheduleRow>& rows, int year);
std::string schedule_to_csv(const std::vector<ScheduleRow>& rows, int year, bool bom = false);

// Several scenarios run with the same seed and samples (common random
// numbers), side by side: the annual p50 and P(meet) of each metric, the
// composite index, and the months whose P(meet) differs from the first
// scenario's by more than `threshold`.
struct Comparison {
  std::vector<RunResult> runs;  // the first is the reference
  double threshold = 0.1;
};
// `metric` limits the rows to one metric when set.
std::string format_comparison(const Comparison& c, std::optional<Metric> metric, Language lang = Language::en);
std::string comparison_to_json(const Comparison& c, std::optional<Metric> metric);
std::string comparison_to_csv(const Comparison& c, std::optional<Metric> metric, bool bom = false);

}  // namespace aqplan
