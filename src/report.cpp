#include "aqplan/report.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/evaluation.h"
#include "aqplan/text.h"

namespace aqplan {

RunResult result_skeleton(const Model& model) {
  const ModelInputs& in = model.inputs();
  RunResult r;
  r.scenario = in.scenario_name;
  r.dataset = in.dataset.name;
  r.year = model.target_year();
  for (Metric p : kMetrics) {
    for (int m = 1; m <= kMonths; ++m)
      r.monthly.push_back({p, m, in.targets.base_value(p, m - 1), in.targets.target_value(p, m - 1), {}});
  }
  std::array<double, kMetricCount> base{}, target{};
  for (Metric p : kMetrics) {
    r.annual.push_back({p, 0, in.targets.base_value(p, kAnnual), in.targets.target_value(p, kAnnual), {}});
    base[static_cast<std::size_t>(p)] = in.targets.base_value(p, kAnnual);
    target[static_cast<std::size_t>(p)] = in.targets.target_value(p, kAnnual);
  }
  const CompositeIndexTable table = in.standard.index_table(r.year);
  r.composite.base = composite_index(base, table).index;
  r.composite.target = composite_index(target, table).index;
  return r;
}

namespace {
Summary point(double v, double target, Metric p) {
  Summary s;
  s.mean = s.p05 = s.p25 = s.p50 = s.p75 = s.p95 = v;
  s.sd = 0;
  s.p_meet = meets_target(v, target, p) ? 1.0 : 0.0;
  s.p_meet_se = 0;
  return s;
}
}  // namespace

RunResult deterministic_result(const Model& model, const Outcome& o) {
  RunResult r = result_skeleton(model);
  r.samples = 1;
  r.deterministic = true;
  for (auto& row : r.monthly)
    row.s = point(o.monthly[static_cast<std::size_t>(row.metric)][static_cast<std::size_t>(row.month - 1)], row.target, row.metric);
  for (auto& row : r.annual) row.s = point(o.annual[static_cast<std::size_t>(row.metric)], row.target, row.metric);
  r.composite.mean = r.composite.p05 = r.composite.p50 = r.composite.p95 = o.composite.index;
  r.composite.sd = 0;
  return r;
}

namespace {
nlohmann::ordered_json row_json(const ResultRow& row) {
  nlohmann::ordered_json j;
  j["metric"] = std::string(name(row.metric));
  if (row.month > 0) j["month"] = row.month;
  else j["month"] = nullptr;
  j["unit"] = std::string(unit(row.metric));
  j["base"] = row.base;
  j["target"] = row.target;
  j["mean"] = row.s.mean;
  j["sd"] = row.s.sd;
  j["p05"] = row.s.p05;
  j["p25"] = row.s.p25;
  j["p50"] = row.s.p50;
  j["p75"] = row.s.p75;
  j["p95"] = row.s.p95;
  j["p_meet"] = row.s.p_meet;
  j["p_meet_se"] = row.s.p_meet_se;
  return j;
}
}  // namespace

std::string to_json(const RunResult& r) {
  nlohmann::ordered_json j;
  j["scenario"] = r.scenario;
  j["dataset"] = r.dataset;
  j["year"] = r.year;
  j["samples"] = r.samples;
  j["seed"] = r.seed;
  j["monthly"] = nlohmann::ordered_json::array();
  for (const auto& row : r.monthly) j["monthly"].push_back(row_json(row));
  j["annual"] = nlohmann::ordered_json::array();
  for (const auto& row : r.annual) j["annual"].push_back(row_json(row));
  auto& c = j["composite_index"];
  c["base"] = r.composite.base;
  c["target"] = r.composite.target;
  c["mean"] = r.composite.mean;
  c["sd"] = r.composite.sd;
  c["p05"] = r.composite.p05;
  c["p50"] = r.composite.p50;
  c["p95"] = r.composite.p95;
  return j.dump(2) + "\n";
}

std::string to_csv(const RunResult& r, bool bom) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  out += "metric,month,unit,base,target,mean,sd,p05,p25,p50,p75,p95,p_meet,p_meet_se\n";
  auto line = [&](const ResultRow& row) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", name(row.metric),
                       row.month > 0 ? std::to_string(row.month) : std::string("year"), unit(row.metric), row.base, row.target,
                       row.s.mean, row.s.sd, row.s.p05, row.s.p25, row.s.p50, row.s.p75, row.s.p95, row.s.p_meet, row.s.p_meet_se);
  };
  for (const auto& row : r.monthly) line(row);
  for (const auto& row : r.annual) line(row);
  return out;
}

std::string format_table(const RunResult& r) {
  std::string out;
  out += fmt::format("{} — {} {}, {}\n", r.scenario, r.dataset, r.year,
                     r.deterministic ? "deterministic (every uncertain input at its mode, base-year weather)"
                                     : fmt::format("{} samples, seed {}", r.samples, r.seed));
  const char* last = r.deterministic ? "met" : "P(met)";
  out += "month ";
  for (Metric p : kMetrics) out += fmt::format("│ {:<25}", fmt::format("{} {}", display_name(p), unit(p)));
  out += "\n      ";
  for (int i = 0; i < kMetricCount; ++i) out += fmt::format("│ {:>5} {:>5} {:>6} {:>6} ", "base", "tgt", r.deterministic ? "proj" : "p50", last);
  out += "\n";
  auto cell = [&](const ResultRow& row) {
    const int d = decimals(row.metric);
    std::string mark;
    if (r.deterministic) mark = row.s.p_meet >= 1.0 ? "yes" : "NO";
    else mark = fmt::format("{:.2f}{}", row.s.p_meet, row.s.p_meet < 0.5 ? "!" : " ");
    return fmt::format("│ {:>5.{}f} {:>5.{}f} {:>6.{}f} {:>6} ", row.base, d, row.target, d,
                       round_half_even(row.s.p50, d), d, mark);
  };
  for (int m = 1; m <= kMonths; ++m) {
    out += fmt::format("{:>5} ", m);
    for (Metric p : kMetrics) out += cell(r.month_row(p, m));
    out += "\n";
  }
  out += " year ";
  for (Metric p : kMetrics) out += cell(r.annual_row(p));
  out += "\n";
  out += fmt::format("composite index: base {:.2f}, target {:.2f}, projected {:.2f}\n", r.composite.base, r.composite.target,
                     r.composite.p50);
  if (!r.deterministic) out += "'!' marks a month at risk: P(meet) < 0.5.\n";
  return out;
}

}  // namespace aqplan

namespace aqplan {

std::vector<ScheduleRow> schedule_rows(const Model& model) {
  std::vector<ScheduleRow> rows;
  const Schedule& sch = model.schedule();
  for (std::size_t j = 0; j < model.measures().size(); ++j) {
    const ModelMeasure& m = model.measures()[j];
    const PlannedTiming& p = sch.planned(j);
    ScheduleRow row;
    row.id = m.id;
    row.text = m.ledger->text;
    row.lead_units = m.ledger->lead_units;
    row.planned = m.timing.raw.empty() ? describe(m.timing) : fmt::format("{} ({})", m.timing.raw, describe(m.timing));
    row.planned_start = p.deadline_start;
    row.start = p.start;
    row.complete = p.complete;
    row.slack = p.slack;
    row.critical = p.critical;
    row.enabling = m.params->enabling;
    row.depends_on = m.params->depends_on;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string date_of(double t, int year) {
  if (!std::isfinite(t)) return "never";
  // Whole days, to the nearest minute of a month's fraction.
  int month_index = static_cast<int>(std::floor(t + 1e-9));
  double frac = std::max(0.0, t - month_index);
  int y = year + static_cast<int>(std::floor(month_index / 12.0));
  int m = ((month_index % 12) + 12) % 12 + 1;
  int day = 1 + static_cast<int>(std::lround(frac * days_in_month(y, m)));
  if (day > days_in_month(y, m)) {
    day = 1;
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return fmt::format("{}-{:02}-{:02}", y, m, day);
}

namespace {
std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? std::string(sep) : "") + v[i];
  return out;
}
std::string in_effect(double t, int year) {
  if (!std::isfinite(t)) return "never";
  if (t <= 0) return "all year";
  return date_of(t, year);
}
}  // namespace

std::string format_schedule_table(const std::vector<ScheduleRow>& rows, int year) {
  std::string out = fmt::format(
      "Planned schedule for {} (no delays). 'in effect' is the date a measure starts to act (after {} = no effect\n"
      "this year); slack is the months it can slip before a dependant's start moves; * = later than its deadline\n"
      "because a prerequisite completes later.\n\n",
      year, year);
  out += fmt::format("{:>3}  {} {} {:>5} {:>4}  {} {} {}\n", "id", pad_display("in effect", 12), pad_display("deadline", 12), "slack",
                     "crit", pad_display("as written", 22), pad_display("lead units", 30), "measure");
  for (const auto& r : rows) {
    std::string slack = std::isfinite(r.slack) ? fmt::format("{:.1f}", r.slack) : "–";
    std::string moved = r.start > r.planned_start + 1e-9 ? "*" : "";
    out += fmt::format("{:>3}  {} {} {:>5} {:>4}  {} {} {}{}\n", r.id, pad_display(in_effect(r.start, year) + moved, 12),
                       pad_display(in_effect(r.planned_start, year), 12), slack, r.critical ? "yes" : "",
                       pad_display(r.planned.substr(0, r.planned.find(" (")), 22), pad_display(join(r.lead_units, "、"), 30),
                       r.enabling ? "[enabling] " : "", pad_display(r.text, 40));
  }
  return out;
}

std::string schedule_to_json(const std::vector<ScheduleRow>& rows, int year) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    nlohmann::ordered_json m;
    m["id"] = r.id;
    m["text"] = r.text;
    m["lead_units"] = r.lead_units;
    m["planned"] = r.planned;
    m["depends_on"] = r.depends_on;
    m["enabling"] = r.enabling;
    m["planned_start"] = date_of(r.planned_start, year);
    m["effective_start"] = date_of(r.start, year);
    m["complete"] = date_of(r.complete, year);
    if (std::isfinite(r.slack)) m["slack_months"] = r.slack;
    else m["slack_months"] = nullptr;
    m["critical"] = r.critical;
    j.push_back(std::move(m));
  }
  nlohmann::ordered_json root;
  root["year"] = year;
  root["measures"] = std::move(j);
  return root.dump(2) + "\n";
}

}  // namespace aqplan
