#include "aqplan/results/report.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/model/evaluation.h"
#include "aqplan/base/text.h"

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

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

std::string csv_header() { return "metric,month,unit,base,target,mean,sd,p05,p25,p50,p75,p95,p_meet,p_meet_se\n"; }

void csv_line(std::string& out, const ResultRow& row) {
  out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", name(row.metric),
                     row.month > 0 ? std::to_string(row.month) : std::string("year"), unit(row.metric), row.base, row.target,
                     row.s.mean, row.s.sd, row.s.p05, row.s.p25, row.s.p50, row.s.p75, row.s.p95, row.s.p_meet, row.s.p_meet_se);
}

// A CSV field, quoted when it needs to be (RFC 4180).
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct Words {
  const char* month;
  const char* year;
  const char* base;
  const char* target;
  const char* projected;
  const char* p50;
  const char* met;
  const char* p_met;
  const char* yes;
  const char* no;
  const char* composite;
  const char* deterministic;
  const char* samples;
  const char* at_risk;
};

const Words& words(Language lang) {
  static const Words en{"month", "year", "base", "tgt", "proj", "p50", "met", "P(met)", "yes", "NO", "composite index",
                        "deterministic (every uncertain input at its mode, base-year weather)", "{} samples, seed {}",
                        "'!' marks a month at risk: P(meet) < 0.5."};
  static const Words zh{"月份", "全年", "基准", "目标", "预测", "中位数", "达标", "达标概率", "是", "否", "综合指数",
                        "确定性计算（不确定输入取众数，气象同基准年）", "{} 次抽样，随机种子 {}",
                        "“!” 表示达标概率低于 0.5 的风险月份。"};
  return lang == Language::zh ? zh : en;
}

}  // namespace

std::string metric_label(Metric m, Language lang) {
  if (lang == Language::en) return std::string(display_name(m));
  static constexpr const char* kZh[] = {"二氧化硫", "二氧化氮", "可吸入颗粒物", "一氧化碳", "臭氧", "细颗粒物"};
  return fmt::format("{} {}", kZh[static_cast<std::size_t>(m)], display_name(m));
}

std::string to_csv(const RunResult& r, bool bom) {
  std::string out = (bom ? kBom : "") + csv_header();
  for (const auto& row : r.monthly) csv_line(out, row);
  for (const auto& row : r.annual) csv_line(out, row);
  return out;
}

std::string monthly_csv(const RunResult& r, bool bom) {
  std::string out = (bom ? kBom : "") + csv_header();
  for (const auto& row : r.monthly) csv_line(out, row);
  return out;
}

std::string annual_csv(const RunResult& r, bool bom) {
  std::string out = (bom ? kBom : "") + csv_header();
  for (const auto& row : r.annual) csv_line(out, row);
  return out;
}

std::string format_table(const RunResult& r, Language lang) {
  const Words& w = words(lang);
  std::string out;
  out += fmt::format("{} — {} {}, {}\n", r.scenario, r.dataset, r.year,
                     r.deterministic ? std::string(w.deterministic) : fmt::format(fmt::runtime(w.samples), r.samples, r.seed));
  const char* last = r.deterministic ? w.met : w.p_met;
  out += pad_display(w.month, 6);
  for (Metric p : kMetrics) out += "│ " + pad_display(fmt::format("{} {}", metric_label(p, lang), unit(p)), 26);
  out += "\n      ";
  for (int i = 0; i < kMetricCount; ++i)
    out += fmt::format("│ {} {} {} {} ", pad_display(w.base, 5), pad_display(w.target, 5),
                       pad_display(r.deterministic ? w.projected : w.p50, 6), pad_display(last, 8));
  out += "\n";
  auto cell = [&](const ResultRow& row) {
    const int d = decimals(row.metric);
    std::string mark;
    if (r.deterministic) mark = row.s.p_meet >= 1.0 ? w.yes : w.no;
    else mark = fmt::format("{:.2f}{}", row.s.p_meet, row.s.p_meet < 0.5 ? "!" : " ");
    return fmt::format("│ {:>5.{}f} {:>5.{}f} {:>6.{}f} {} ", row.base, d, row.target, d, round_half_even(row.s.p50, d), d,
                       pad_display(mark, 8));
  };
  for (int m = 1; m <= kMonths; ++m) {
    out += fmt::format("{:>5} ", m);
    for (Metric p : kMetrics) out += cell(r.month_row(p, m));
    out += "\n";
  }
  out += pad_display(w.year, 6);
  for (Metric p : kMetrics) out += cell(r.annual_row(p));
  out += "\n";
  out += fmt::format("{}: {} {:.2f}, {} {:.2f}, {} {:.2f}\n", w.composite, w.base, r.composite.base, w.target,
                     r.composite.target, r.deterministic ? w.projected : w.p50, r.composite.p50);
  if (!r.deterministic) out += std::string(w.at_risk) + "\n";
  return out;
}

// --- comparison -----------------------------------------------------------

namespace {
std::vector<Metric> metrics_of(std::optional<Metric> only) {
  if (only) return {*only};
  return {kMetrics.begin(), kMetrics.end()};
}
struct Moved {
  std::size_t run;
  Metric metric;
  int month;
  double reference, value;
};
std::vector<Moved> moved_months(const Comparison& c, std::optional<Metric> only) {
  std::vector<Moved> out;
  for (std::size_t i = 1; i < c.runs.size(); ++i)
    for (Metric p : metrics_of(only))
      for (int m = 1; m <= kMonths; ++m) {
        const double a = c.runs[0].month_row(p, m).s.p_meet, b = c.runs[i].month_row(p, m).s.p_meet;
        if (std::abs(b - a) > c.threshold) out.push_back({i, p, m, a, b});
      }
  return out;
}
}  // namespace

std::string format_comparison(const Comparison& c, std::optional<Metric> metric, Language lang) {
  const Words& w = words(lang);
  std::string out;
  const auto& ref = c.runs.front();
  out += fmt::format(fmt::runtime(lang == Language::zh ? "情景比较：{} 次抽样，随机种子 {}（共同随机数）\n"
                                          : "Scenarios compared with common random numbers: {} samples, seed {}\n"),
                     ref.samples, ref.seed);
  for (std::size_t i = 0; i < c.runs.size(); ++i) out += fmt::format("  [{}] {}\n", static_cast<char>('A' + i), c.runs[i].scenario);
  out += "\n" + pad_display(lang == Language::zh ? "年度指标" : "annual", 22) + pad_display(w.target, 7);
  for (std::size_t i = 0; i < c.runs.size(); ++i)
    out += fmt::format("│ [{}] {} {} ", static_cast<char>('A' + i), pad_display(w.p50, 6), pad_display(w.p_met, 8));
  out += "\n";
  for (Metric p : metrics_of(metric)) {
    const int d = decimals(p);
    out += pad_display(metric_label(p, lang), 22) + pad_display(fmt::format("{:.{}f}", ref.annual_row(p).target, d), 7);
    for (const auto& r : c.runs) {
      const auto& row = r.annual_row(p);
      out += fmt::format("│     {:>6.{}f} {} ", round_half_even(row.s.p50, d), d,
                         pad_display(fmt::format("{:.2f}{}", row.s.p_meet, row.s.p_meet < 0.5 ? "!" : ""), 8));
    }
    out += "\n";
  }
  out += pad_display(w.composite, 22) + pad_display(fmt::format("{:.2f}", ref.composite.target), 7);
  for (const auto& r : c.runs) out += fmt::format("│     {:>6.2f} {} ", r.composite.p50, pad_display("", 8));
  out += "\n";
  const auto moved = moved_months(c, metric);
  out += fmt::format(fmt::runtime(lang == Language::zh ? "\n与 [A] 相比达标概率变化超过 {} 的月份：{}\n"
                                          : "\nMonths whose P(meet) moves by more than {} from [A]:{}\n"),
                     c.threshold, moved.empty() ? (lang == Language::zh ? " 无" : " none") : "");
  for (const auto& mv : moved)
    out += fmt::format("  [{}] {} {:>2}: {:.2f} → {:.2f}\n", static_cast<char>('A' + mv.run), metric_label(mv.metric, lang),
                       mv.month, mv.reference, mv.value);
  return out;
}

std::string comparison_to_json(const Comparison& c, std::optional<Metric> metric) {
  nlohmann::ordered_json j;
  j["samples"] = c.runs.front().samples;
  j["seed"] = c.runs.front().seed;
  j["scenarios"] = nlohmann::ordered_json::array();
  for (const auto& r : c.runs) j["scenarios"].push_back(r.scenario);
  j["annual"] = nlohmann::ordered_json::array();
  for (Metric p : metrics_of(metric)) {
    nlohmann::ordered_json a;
    a["metric"] = std::string(name(p));
    a["unit"] = std::string(unit(p));
    a["target"] = c.runs.front().annual_row(p).target;
    a["p50"] = nlohmann::ordered_json::array();
    a["p_meet"] = nlohmann::ordered_json::array();
    for (const auto& r : c.runs) {
      a["p50"].push_back(r.annual_row(p).s.p50);
      a["p_meet"].push_back(r.annual_row(p).s.p_meet);
    }
    j["annual"].push_back(std::move(a));
  }
  j["composite_index"]["p50"] = nlohmann::ordered_json::array();
  for (const auto& r : c.runs) j["composite_index"]["p50"].push_back(r.composite.p50);
  j["threshold"] = c.threshold;
  j["moved"] = nlohmann::ordered_json::array();
  for (const auto& mv : moved_months(c, metric)) {
    nlohmann::ordered_json m;
    m["scenario"] = c.runs[mv.run].scenario;
    m["metric"] = std::string(name(mv.metric));
    m["month"] = mv.month;
    m["p_meet_reference"] = mv.reference;
    m["p_meet"] = mv.value;
    j["moved"].push_back(std::move(m));
  }
  return j.dump(2) + "\n";
}

std::string comparison_to_csv(const Comparison& c, std::optional<Metric> metric, bool bom) {
  std::string out = bom ? kBom : "";
  out += "scenario,metric,month,target,p50,p_meet,p_meet_se\n";
  for (const auto& r : c.runs)
    for (Metric p : metrics_of(metric)) {
      for (int m = 1; m <= kMonths; ++m) {
        const auto& row = r.month_row(p, m);
        out += fmt::format("{},{},{},{},{},{},{}\n", csv_field(r.scenario), name(p), m, row.target, row.s.p50, row.s.p_meet, row.s.p_meet_se);
      }
      const auto& row = r.annual_row(p);
      out += fmt::format("{},{},year,{},{},{},{}\n", csv_field(r.scenario), name(p), row.target, row.s.p50, row.s.p_meet, row.s.p_meet_se);
    }
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
    row.title_en = m.params->title_en;
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
std::string in_effect(double t, int year) {
  if (!std::isfinite(t)) return "never";
  if (t <= 0) return "all year";
  return date_of(t, year);
}
}  // namespace

std::string format_schedule_table(const std::vector<ScheduleRow>& rows, int year, Language lang) {
  std::string out;
  if (lang == Language::zh) {
    out += fmt::format("{} 年计划进度（不计延误）。生效日期为措施开始起作用的日期；富余为措施可延误而不推迟后续措施的月数；\n"
                       "* 表示因前置措施完成较晚而晚于完成时限。\n\n", year);
    out += fmt::format("{:>3}  {} {} {:>5} {:>4}  {} {} {}\n", "序号", pad_display("生效日期", 12), pad_display("时限日期", 12),
                       "富余", "关键", pad_display("原文时限", 22), pad_display("牵头单位", 30), "具体措施");
  } else out += fmt::format(
      "Planned schedule for {} (no delays). 'in effect' is the date a measure starts to act (after {} = no effect\n"
      "this year); slack is the months it can slip before a dependant's start moves; * = later than its deadline\n"
      "because a prerequisite completes later.\n\n",
      year, year);
  if (lang == Language::en) out += fmt::format("{:>3}  {} {} {:>5} {:>4}  {} {} {}\n", "id", pad_display("in effect", 12), pad_display("deadline", 12), "slack",
                     "crit", pad_display("as written", 22), pad_display("lead units", 30), "measure");
  for (const auto& r : rows) {
    std::string slack = std::isfinite(r.slack) ? fmt::format("{:.1f}", r.slack) : "–";
    std::string moved = r.start > r.planned_start + 1e-9 ? "*" : "";
    out += fmt::format("{:>3}  {} {} {:>5} {:>4}  {} {} {}{}\n", r.id, pad_display(in_effect(r.start, year) + moved, 12),
                       pad_display(in_effect(r.planned_start, year), 12), slack, r.critical ? "yes" : "",
                       pad_display(r.planned.substr(0, r.planned.find(" (")), 22), pad_display(join(r.lead_units, "、"), 30),
                       r.enabling ? "[enabling] " : "",
                       pad_display(lang == Language::en && !r.title_en.empty() ? r.title_en : r.text, 56));
  }
  return out;
}

std::string schedule_to_csv(const std::vector<ScheduleRow>& rows, int year, bool bom) {
  std::string out = bom ? kBom : "";
  out += "id,text,lead_units,planned,depends_on,enabling,planned_start,effective_start,complete,slack_months,critical\n";
  for (const auto& r : rows) {
    std::string deps;
    for (std::size_t i = 0; i < r.depends_on.size(); ++i) {
      if (i) deps += ';';
      deps += std::to_string(r.depends_on[i]);
    }
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", r.id, csv_field(r.text), csv_field(join(r.lead_units, "、")),
                       csv_field(r.planned), deps, r.enabling ? "true" : "false", date_of(r.planned_start, year),
                       date_of(r.start, year), date_of(r.complete, year),
                       std::isfinite(r.slack) ? fmt::format("{}", r.slack) : std::string(), r.critical ? "true" : "false");
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
