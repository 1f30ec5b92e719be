#include "aqplan/views/compare_view.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"
#include "aqplan/model/evaluation.h"
#include "views/words.h"

namespace aqplan {

std::string format_comparison(const Comparison& c, Language lang) {
  const views::Words t{lang};
  using views::Msg;
  std::string out;
  const auto& ref = c.runs.front();
  out += t(Msg::compare_title, ref.samples, ref.seed) + "\n";
  for (std::size_t i = 0; i < c.runs.size(); ++i)
    out += fmt::format("  [{}] {}{}\n", static_cast<char>('A' + i), views::pick(lang, c.runs[i].scenario, c.runs[i].scenario_zh),
                       c.runs[i].reforecast ? t(Msg::compare_ess, c.runs[i].ess) : std::string());
  out += '\n';
  out += pad_display(t(Msg::compare_annual), 22);
  out += pad_display(t(Msg::target), 7);
  for (std::size_t i = 0; i < c.runs.size(); ++i)
    out += fmt::format("│ [{}] {} {} ", static_cast<char>('A' + i), pad_display(t(Msg::p50), 6), pad_display(t(Msg::p_met), 8));
  out += "\n";
  for (Metric p : shown_metrics(c)) {
    const int d = ref.decimals_of(p);
    out += pad_display(metric_label(p, lang), 22) + pad_display(fmt::format("{:.{}f}", ref.annual_row(p).target, d), 7);
    for (const auto& r : c.runs) {
      const auto& row = r.annual_row(p);
      out += fmt::format("│     {:>6.{}f} {} ", round_half_even(row.s.p50, d), d,
                         pad_display(views::probability_text(row.s.p_meet, r.risk_below) + (r.at_risk(row) ? "!" : ""), 8));
    }
    out += "\n";
  }
  const int cd = ref.composite_decimals;
  out += pad_display(t(Msg::composite), 22) + pad_display(fmt::format("{:.{}f}", ref.composite.target, cd), 7);
  for (const auto& r : c.runs) out += fmt::format("│     {:>6.{}f} {} ", r.composite.p50, cd, pad_display("", 8));
  out += "\n";
  const auto moved = moved_months(c);
  for (std::size_t i = 1; i < c.runs.size(); ++i) {
    std::string months;
    for (std::size_t m = 0; m < kMonths; ++m)
      if (c.runs[i].nitrate_response[m] > ref.nitrate_response[m] + 1e-9 && c.runs[i].nox_tonnes[m] < ref.nox_tonnes[m])
        months += (months.empty() ? "" : t.lang == Language::zh ? "、" : ", ") + std::to_string(m + 1);
    if (!months.empty()) out += t(Msg::nitrate_vs_reference, static_cast<char>('A' + i), months) + "\n";
  }
  out += '\n';
  out += t(Msg::compare_moved, c.threshold, moved.empty() ? t(Msg::none) : "");
  out += '\n';
  for (const auto& mv : moved)
    out += fmt::format("  [{}] {} {:>2}: {:.2f} → {:.2f}\n", static_cast<char>('A' + mv.run), metric_label(mv.metric, lang),
                       mv.month, mv.reference, mv.value);
  return out;
}

std::string comparison_to_json(const Comparison& c) {
  nlohmann::ordered_json j;
  j["samples"] = c.runs.front().samples;
  j["seed"] = c.runs.front().seed;
  j["scenarios"] = nlohmann::ordered_json::array();
  for (const auto& r : c.runs) j["scenarios"].push_back(r.scenario);
  if (std::any_of(c.runs.begin(), c.runs.end(), [](const RunResult& r) { return r.reforecast.has_value(); })) {
    j["ess"] = nlohmann::ordered_json::array();  // effective sample size of each (re-forecasts are weighted)
    for (const auto& r : c.runs) j["ess"].push_back(r.ess);
  }
  j["annual"] = nlohmann::ordered_json::array();
  for (Metric p : shown_metrics(c)) {
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
  for (const auto& mv : moved_months(c)) {
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

std::string comparison_to_csv(const Comparison& c, bool bom) {
  std::string out(byte_order_mark(bom));
  out += "scenario,metric,month,target,p50,p_meet,p_meet_se\n";
  // Concentrations two decimals past the reporting precision, probabilities
  // four; each scenario ends with its composite index (no P(meet) of its own).
  auto line = [&](const RunResult& r, const ResultRow& row, const std::string& month) {
    const int d = r.decimals_of(row.metric);
    out += fmt::format("{},{},{},{:.{}f},{:.{}f},{:.4f},{:.4f}\n", csv_field(r.scenario), name(row.metric), month,
                       row.target, d, row.s.p50, d + 2, row.s.p_meet, row.s.p_meet_se);
  };
  for (const auto& r : c.runs) {
    for (Metric p : shown_metrics(c)) {
      for (int m = 1; m <= kMonths; ++m) line(r, r.month_row(p, m), std::to_string(m));
      line(r, r.annual_row(p), "year");
    }
    const int cd = r.composite_decimals;
    out += fmt::format("{},composite_index,year,{:.{}f},{:.{}f},,\n", csv_field(r.scenario), r.composite.target, cd,
                       r.composite.p50, cd + 2);
  }
  return out;
}



Rendered render(const Comparison& c, const ViewOptions& o) {
  return render_report(o, format_comparison(c, table_language(o, c.runs.front().language)), comparison_to_csv(c, o.excel), comparison_to_json(c), "comparison");
}

}  // namespace aqplan
