#include "aqplan/model/schedule.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <fmt/format.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "kernels/checks.h"
#include "kernels/months.h"

namespace aqplan {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Two schedule times closer than this (months, ~3 s) are the same time.
constexpr double kTimeTolerance = 1e-9;
constexpr std::uint16_t kAllMonths = (1u << kMonths) - 1u;

// Edges run from prerequisite to dependant.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

Text label(const MeasureTiming& m) { return Text(msg::sched_measure, m.id); }

Text deadline_label(const Deadline& d) {
  if (!d.raw.empty()) return Text(msg::sched_deadline_quoted, d.raw);
  return Text(msg::sched_deadline_kind, kind_name(d.kind));
}

// Checks the fields a hand-built Deadline may get wrong (parse_deadline never
// produces these).
void check_deadline(const MeasureTiming& m, Diagnostics& diags) {
  const Deadline& d = m.deadline;
  auto error = [&](Text what) {
    diags.error(m.file, m.line, m.column, Text(msg::sched_deadline_problem, label(m), deadline_label(d), std::move(what)));
  };
  if (d.kind == DeadlineKind::ongoing) return;
  if (d.month < 1 || d.month > kMonths) {
    error(Text(msg::sched_month_out_of_range, d.month));
    return;
  }
  switch (d.kind) {
    case DeadlineKind::from_date:
      if (d.day < 1 || d.day > days_in_month(d.year, d.month))
        error(Text(msg::sched_no_such_day, fmt::format("{:04}-{:02}", d.year, d.month), d.day));
      break;
    case DeadlineKind::window:
      if (d.end_month < d.month || d.end_month > kMonths)
        error(Text(msg::sched_last_month, d.end_month, d.month));
      break;
    case DeadlineKind::two_stage:
      if (d.end_month <= d.month || d.end_month > kMonths)
        error(Text(msg::sched_second_stage_month, d.end_month, d.month + 1));
      break;
    default:
      break;
  }
}

struct Planned {
  double start = 0;
  double complete = 0;
  double stage2_offset = -1;  // < 0: single stage
  std::uint16_t mask = kAllMonths;
};

Planned planned_timing(const Deadline& d, int target_year) {
  Planned p;
  const double base = double(kMonths) * (d.year - target_year);
  switch (d.kind) {
    case DeadlineKind::by_end_of:
      p.start = p.complete = base + d.month;
      break;
    case DeadlineKind::from_date:
      p.start = p.complete = base + (d.month - 1) + double(d.day - 1) / days_in_month(d.year, d.month);
      break;
    case DeadlineKind::window:
      p.start = p.complete = base + (d.month - 1);
      p.mask = 0;
      for (int m = d.month; m <= d.end_month; ++m) p.mask = std::uint16_t(p.mask | (1u << (m - 1)));
      break;
    case DeadlineKind::two_stage:
      p.start = base + d.month;
      p.complete = base + d.end_month;
      p.stage2_offset = d.end_month - d.month;
      break;
    case DeadlineKind::ongoing:
      p.start = p.complete = 0;
      break;
  }
  return p;
}

// ∫_0^u of the ramp r(x) = clamp(x / ramp, 0, 1) (a unit step when ramp = 0).
inline double ramp_integral(double u, double ramp) {
  if (!(u > 0)) return 0;
  if (ramp <= 0) return u;
  if (u <= ramp) return u * u / (2 * ramp);
  return u - 0.5 * ramp;
}

// Average over [m − 1, m) of the ramp of a stage starting at s (finite).
inline double stage_month_fraction(int m, double s, double ramp) {
  const double a = (m - 1) - s;  // time since start at the month's beginning
  if (a >= ramp) return 1.0;     // fully in effect all month (ramp 0: started by then)
  const double b = m - s;
  if (b <= 0) return 0.0;
  const double v = ramp_integral(b, ramp) - ramp_integral(a, ramp);
  return std::clamp(v, 0.0, 1.0);
}

// Finds, in the strongly connected component `members` (input indices), the
// shortest path along "depends on" edges from its smallest id back to itself.
std::vector<std::size_t> cycle_path(const std::vector<std::size_t>& members, const std::vector<int>& comp,
                                    int component, std::span<const MeasureTiming> measures,
                                    const std::vector<std::vector<std::size_t>>& prereqs_sorted) {
  std::size_t start = members.front();
  for (std::size_t v : members)
    if (measures[v].id < measures[start].id) start = v;
  const std::size_t n = measures.size();
  const std::size_t none = n;
  std::vector<std::size_t> parent(n, none);
  std::vector<char> seen(n, 0);
  std::deque<std::size_t> queue{start};
  std::size_t last = none;  // the node whose prerequisite is `start`
  while (!queue.empty() && last == none) {
    std::size_t x = queue.front();
    queue.pop_front();
    for (std::size_t p : prereqs_sorted[x]) {
      if (comp[p] != component) continue;
      if (p == start) {
        last = x;
        break;
      }
      if (seen[p]) continue;
      seen[p] = 1;
      parent[p] = x;
      queue.push_back(p);
    }
  }
  std::vector<std::size_t> reversed;
  for (std::size_t x = last; x != none; x = (x == start ? none : parent[x])) reversed.push_back(x);
  std::vector<std::size_t> path(reversed.rbegin(), reversed.rend());
  path.push_back(start);
  return path;
}

}  // namespace

namespace {

// Every dependency cycle, each as a path from its smallest id (a
// strongly connected component with more than one measure, or a measure
// depending on itself), reported at its first measure.
void report_cycles(const Graph& g, std::span<const MeasureTiming> measures,
                   const std::vector<std::vector<std::size_t>>& prereqs, Diagnostics& diags) {
  const std::size_t n = measures.size();
  std::vector<int> comp(n, 0);
  const int ncomp = n == 0 ? 0 : static_cast<int>(boost::strong_components(g, comp.data()));
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(ncomp));
  for (std::size_t v = 0; v < n; ++v) members[static_cast<std::size_t>(comp[v])].push_back(v);
  std::vector<std::vector<std::size_t>> prereqs_sorted = prereqs;
  for (auto& p : prereqs_sorted)
    std::sort(p.begin(), p.end(), [&](std::size_t a, std::size_t b) { return measures[a].id < measures[b].id; });
  std::vector<std::vector<std::size_t>> cycles;
  for (int c = 0; c < ncomp; ++c) {
    const auto& mem = members[static_cast<std::size_t>(c)];
    const bool self_loop =
        mem.size() == 1 && std::find(prereqs[mem[0]].begin(), prereqs[mem[0]].end(), mem[0]) != prereqs[mem[0]].end();
    if (mem.size() > 1 || self_loop) cycles.push_back(cycle_path(mem, comp, c, measures, prereqs_sorted));
  }
  std::sort(cycles.begin(), cycles.end(),
            [&](const auto& a, const auto& b) { return measures[a.front()].id < measures[b.front()].id; });
  for (const auto& path : cycles) {
    std::string ids;
    for (std::size_t k = 0; k < path.size(); ++k) ids += fmt::format("{}{}", k == 0 ? "" : " -> ", measures[path[k]].id);
    const MeasureTiming& m = measures[path.front()];
    diags.error(m.file, m.line, m.column, Text(msg::sched_cycle, ids));
  }
}

// A measure's own fields: its deadline, lag and ramp.
void check_fields(const MeasureTiming& m, Diagnostics& diags) {
  check_deadline(m, diags);
  if (!std::isfinite(m.lag_months))
    diags.error(m.file, m.line, m.column, Text(msg::sched_lag_not_finite, label(m), m.lag_months));
  if (!std::isfinite(m.ramp_months) || m.ramp_months < 0)
    diags.error(m.file, m.line, m.column, Text(msg::sched_ramp_invalid, label(m), m.ramp_months));
}

}  // namespace

// Ids by input index and sorted, duplicates reported.
void Schedule::index_ids(std::span<const MeasureTiming> measures, Diagnostics& diags) {
  ids_.reserve(measures.size());
  for (std::size_t j = 0; j < measures.size(); ++j) {
    ids_.push_back(measures[j].id);
    by_id_.emplace_back(measures[j].id, j);
  }
  std::stable_sort(by_id_.begin(), by_id_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 1; k < by_id_.size(); ++k) {
    if (by_id_[k].first != by_id_[k - 1].first) continue;
    const MeasureTiming& m = measures[by_id_[k].second];
    diags.error(m.file, m.line, m.column, Text(msg::sched_duplicate_id, label(m), by_id_[k - 1].second + 1));
  }
  by_id_.erase(std::unique(by_id_.begin(), by_id_.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
               by_id_.end());
}

// Prerequisites (input indices) per measure, after the per-measure checks.
std::vector<std::vector<std::size_t>> Schedule::prerequisites(std::span<const MeasureTiming> measures,
                                                              Diagnostics& diags) const {
  std::vector<std::string> known_ids;
  known_ids.reserve(by_id_.size());
  for (const auto& [id, j] : by_id_) known_ids.push_back(std::to_string(id));
  std::vector<std::vector<std::size_t>> prereqs(measures.size());
  for (std::size_t j = 0; j < measures.size(); ++j) {
    const MeasureTiming& m = measures[j];
    check_fields(m, diags);
    for (std::size_t k = 0; k < m.depends_on.size(); ++k) {
      const int dep = m.depends_on[k];
      const auto before = m.depends_on.begin() + std::ptrdiff_t(k);
      if (std::find(m.depends_on.begin(), before, dep) != before) {
        diags.error(m.file, m.line, m.column, Text(msg::sched_depends_twice, label(m), dep));
        continue;
      }
      const std::optional<std::size_t> i = index_of(dep);
      if (!i) {
        diags.error(m.file, m.line, m.column,
                    Text(msg::sched_depends_unknown, label(m), dep, did_you_mean_text(std::to_string(dep), known_ids)));
        continue;
      }
      prereqs[j].push_back(*i);
    }
  }
  return prereqs;
}

// The per-draw path: one Step per measure in topological order, with what
// does not depend on the draw.
void Schedule::prepare_steps(std::span<const MeasureTiming> measures, const std::vector<std::vector<std::size_t>>& prereqs) {
  const std::size_t n = measures.size();
  planned_start_.resize(n);
  lag_.resize(n);
  steps_.resize(n);
  prereqs_.clear();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t j = order_[k];
    const Planned p = planned_timing(measures[j].deadline, target_year_);
    planned_start_[j] = p.start;
    lag_[j] = measures[j].lag_months;
    Step& st = steps_[k];
    st.planned_start = p.start;
    st.planned_complete = p.complete;
    st.two_stage = p.stage2_offset >= 0;
    st.stage2_offset = st.two_stage ? p.stage2_offset : 0.0;
    st.lag = measures[j].lag_months;
    st.ramp = measures[j].ramp_months;
    st.ramped = st.ramp > 0;
    st.planned_effective_start = std::numeric_limits<double>::quiet_NaN();  // no shortcut until known
    st.j = static_cast<std::uint32_t>(j);
    st.prereq_begin = static_cast<std::uint32_t>(prereqs_.size());
    prereqs_.insert(prereqs_.end(), prereqs[j].begin(), prereqs[j].end());
    st.prereq_end = static_cast<std::uint32_t>(prereqs_.size());
    st.mask = p.mask;
    for (int m = 0; m < kMonths; ++m) st.keep[m] = (p.mask >> m) & 1u ? 1.0 : 0.0;
  }
}

// The planned schedule (no delays, everything implemented): its rows, and
// each measure's slack and whether it is critical.
void Schedule::plan(const std::vector<std::vector<std::size_t>>& prereqs) {
  const std::size_t n = steps_.size();
  ActivityMatrix activity(static_cast<Eigen::Index>(n), kMonths);
  std::vector<double> start(n), complete(n);
  evaluate(std::vector<double>(n, 0.0), std::vector<std::uint8_t>(n, 1), activity, start, complete);
  // Ramped measures that start on their planned effective start get the
  // planned row copied (the row is a function of the start alone).
  planned_rows_.assign(n * kMonths, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    Step& st = steps_[k];
    st.planned_effective_start = start[st.j];
    for (int m = 0; m < kMonths; ++m)
      planned_rows_[k * kMonths + static_cast<std::size_t>(m)] = activity(static_cast<Eigen::Index>(st.j), m);
  }
  planned_.resize(n);
  for (std::size_t j = 0; j < n; ++j) planned_[j] = {planned_start_[j], start[j], complete[j], kInf, false};
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t i : prereqs[j]) {
      const double edge_float = start[j] - complete[i] - lag_[j];
      if (edge_float < planned_[i].slack) planned_[i].slack = edge_float;
      if (std::abs(edge_float) <= kTimeTolerance) {
        planned_[i].critical = true;
        planned_[j].critical = true;
      }
    }
  }
  for (auto& t : planned_)
    if (std::abs(t.slack) <= kTimeTolerance) t.slack = 0;
}

Schedule Schedule::build(std::span<const MeasureTiming> measures, int target_year) {
  Diagnostics diags;
  const std::size_t n = measures.size();
  Schedule s;
  s.target_year_ = target_year;
  s.index_ids(measures, diags);
  const std::vector<std::vector<std::size_t>> prereqs = s.prerequisites(measures, diags);
  // The graph, built once: prerequisite → dependant.
  Graph g(n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i : prereqs[j]) boost::add_edge(i, j, g);
  report_cycles(g, measures, prereqs, diags);
  diags.throw_if_errors();
  // Topological order, once (boost writes it in reverse).
  std::vector<std::size_t> reverse_order;
  reverse_order.reserve(n);
  boost::topological_sort(g, std::back_inserter(reverse_order));
  s.order_.assign(reverse_order.rbegin(), reverse_order.rend());
  s.prepare_steps(measures, prereqs);
  s.plan(prereqs);
  return s;
}

std::optional<std::size_t> Schedule::index_of(int id) const {
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id, [](const auto& e, int v) { return e.first < v; });
  if (it == by_id_.end() || it->first != id) return std::nullopt;
  return it->second;
}

namespace {

// The throwing side of evaluate(), out of line and cold so the hot loop stays small.
[[noreturn, gnu::cold, gnu::noinline]] void throw_size_error(std::size_t delay, std::size_t implemented,
                                                             std::size_t activity, std::size_t start,
                                                             std::size_t complete, std::size_t n) {
  throw std::invalid_argument(fmt::format(
      "Schedule::evaluate: sizes delay {}, implemented {}, activity {}, start {}, complete {}; expected {}", delay,
      implemented, activity, start, complete, n));
}

// Reports the first bad draw input in topological order (delay before implemented).
[[noreturn, gnu::cold, gnu::noinline]] void throw_draw_error(std::span<const std::size_t> order,
                                                             std::span<const int> ids,
                                                             std::span<const double> delay,
                                                             std::span<const std::uint8_t> implemented) {
  for (std::size_t j : order) {
    const double d = delay[j];
    if (!(d >= 0) || !std::isfinite(d))
      throw std::invalid_argument(fmt::format("Schedule::evaluate: measure {}: delay {} is not finite and ≥ 0", ids[j], d));
    if (implemented[j] > 1)
      throw std::invalid_argument(
          fmt::format("Schedule::evaluate: measure {}: implemented is {}, expected 0 or 1", ids[j], implemented[j]));
  }
  throw std::logic_error("Schedule::evaluate: bad draw input not found");  // unreachable
}

// End of month m + 1, m = 0..11.
alignas(32) constexpr double kMonthEnd[kMonths] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

// The twelve months of a row at level L: M12 (three 4-double vectors) under
// AVX2 and wider, M12x2 (six 2-double vectors) under baseline x86-64
// (months.h says why).
template <SimdLevel L>
using Months = std::conditional_t<L == SimdLevel::baseline, detail::M12x2, detail::M12>;
template <class M>
AQPLAN_ALWAYS_INLINE M load_months(const double* p) noexcept {
  if constexpr (std::is_same_v<M, detail::M12>)
    return detail::load12(p);
  else
    return detail::load12x2(p);
}

// No ramp: the month average of a step at s is clamp(m − s, 0, 1) — what
// stage_month_fraction returns for ramp 0, bit for bit — times the window's
// 0/1 (keep). s = +infinity (never) gives 0 in every month. Two stages
// average the steps at s and s2. The twelve months at once as vectors
// (months.h), branch-free but for two_stage; max12(x, 0.0) and min12(y, 1.0)
// are exactly std::max(x, 0.0) and std::min(y, 1.0) in every month (x86's
// maxpd(0, x) and minpd(1, y)). The bounds arrive as opaque() values (Unit,
// made once per call): against the constants themselves GCC 12 emits a
// compare and a blend for each selection instead (months.h).
struct Unit {
  double zero, one;
};
template <class M>
AQPLAN_ALWAYS_INLINE M step_fraction(const M& end, double s, const Unit& u) noexcept {
  return detail::min12(detail::max12(end - s, u.zero), u.one);
}
template <class M>
AQPLAN_ALWAYS_INLINE void step_row(double* row, const double* keep, double s, bool two_stage, double s2,
                                   const Unit& u) noexcept {
  const M end = load_months<M>(kMonthEnd);
  M f = step_fraction(end, s, u);
  if (two_stage) f = 0.5 * (f + step_fraction(end, s2, u));
  detail::store12(row, load_months<M>(keep) * f);
}

// What the body of evaluate() reads and writes (Step is Schedule's private
// type, hence the template: it is only ever deduced).
template <class Step>
struct EvaluateArgs {
  std::span<const Step> steps;
  const std::size_t* prereqs;
  const double* planned_rows;
  const double* delay;
  const std::uint8_t* implemented;
  double* activity;
  std::size_t stride;  // of activity's rows
  double* start;
  double* complete;
};

// The body of Schedule::evaluate after the size check, for each level
// (kernels/dispatch.h); every level gives the same bits. False, having
// written nothing, when the draw is invalid.
template <SimdLevel L, class Step>
AQPLAN_ALWAYS_INLINE bool evaluate_body(const EvaluateArgs<Step>& a) noexcept {
  // In locals: the stores below could alias `a` for all the compiler knows.
  const Step* const steps = a.steps.data();
  const std::size_t n = a.steps.size();
  const std::size_t* const prereqs = a.prereqs;
  const double* const planned_rows = a.planned_rows;
  const double* const delay = a.delay;
  const std::uint8_t* const implemented = a.implemented;
  double* const out = a.activity;
  const std::size_t stride = a.stride;
  double* const start = a.start;
  double* const complete = a.complete;
  const Unit unit{detail::opaque(0.0), detail::opaque(1.0)};

  // Validate the whole draw first, branch-free; the message comes from a cold path.
  if (!kernels::all_finite_nonnegative<L>(delay, n) || !kernels::all_zero_or_one(implemented, n)) [[unlikely]]
    return false;

  for (std::size_t k = 0; k < n; ++k) {
    const Step& st = steps[k];
    const std::size_t j = st.j;
    double s = st.planned_start + delay[j];
    for (std::uint32_t p = st.prereq_begin; p < st.prereq_end; ++p) s = std::max(s, complete[prereqs[p]] + st.lag);
    // Not implemented: never starts. +infinity flows through the formulas
    // below as "never" (complete = +inf, every month 0).
    if (implemented[j] == 0) s = kInf;
    start[j] = s;
    complete[j] = st.planned_complete + (s - st.planned_start);
    double* const row = out + j * stride;

    if (!st.ramped) [[likely]] {
      step_row<Months<L>>(row, st.keep, s, st.two_stage, s + st.stage2_offset, unit);
      continue;
    }

    // Ramped: the planned row when the start is the planned one.
    if (s == st.planned_effective_start) {
      std::copy_n(planned_rows + k * kMonths, kMonths, row);
      continue;
    }
    if (std::isinf(s)) {
      std::fill_n(row, kMonths, 0.0);
      continue;
    }
    const double ramp = st.ramp;
    const double s2 = s + st.stage2_offset;
    for (int m = 1; m <= kMonths; ++m) {
      double v = 0;
      if (st.mask & (1u << (m - 1))) {
        v = st.two_stage ? 0.5 * (stage_month_fraction(m, s, ramp) + stage_month_fraction(m, s2, ramp))
                         : stage_month_fraction(m, s, ramp);
      }
      row[m - 1] = v;
    }
  }
  return true;
}

// The body as a kernel (kernels/dispatch.h).
struct ScheduleKernel {
  template <SimdLevel L, class Step>
  AQPLAN_ALWAYS_INLINE static bool run(const EvaluateArgs<Step>& a) noexcept {
    return evaluate_body<L>(a);
  }
};

}  // namespace

void Schedule::evaluate(std::span<const double> delay, std::span<const std::uint8_t> implemented,
                        Eigen::Ref<ActivityMatrix> activity, std::span<double> start,
                        std::span<double> complete) const {
  const std::size_t n = size();
  if (delay.size() != n || implemented.size() != n || start.size() != n || complete.size() != n ||
      static_cast<std::size_t>(activity.rows()) != n) [[unlikely]]
    throw_size_error(delay.size(), implemented.size(), static_cast<std::size_t>(activity.rows()), start.size(),
                     complete.size(), n);

  const EvaluateArgs<Step> args{steps_,
                                prereqs_.data(),
                                planned_rows_.data(),
                                delay.data(),
                                implemented.data(),
                                activity.data(),
                                static_cast<std::size_t>(activity.outerStride()),
                                start.data(),
                                complete.data()};
  const bool ok = kernels::dispatch<ScheduleKernel>(args);
  if (!ok) [[unlikely]]
    throw_draw_error(order_, ids_, delay, implemented);
}

}  // namespace aqplan
