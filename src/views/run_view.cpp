#include "aqplan/views/run_view.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"
#include "aqplan/model/evaluation.h"
#include "aqplan/views/schedule_view.h"
#include "views/words.h"

namespace aqplan {

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
  j["observed"] = row.observed;
  return j;
}
}  // namespace

namespace {

// A re-forecast (model.md §8): the effective sample size, the year's P(meet)
// before and after the observations, the remaining budget, and the inputs'
// prior and posterior means.
nlohmann::ordered_json reforecast_json(const RunResult& r) {
  const Reforecast& f = *r.reforecast;
  nlohmann::ordered_json j;
  j["observations"] = f.observations;
  j["ess"] = r.ess;
  j["prior_samples"] = f.prior_samples;
  j["annual"] = nlohmann::ordered_json::array();
  for (Metric p : kMetrics) {
    const std::size_t pi = static_cast<std::size_t>(p);
    const RemainingBudget& b = f.budget[pi];
    nlohmann::ordered_json e;
    e["metric"] = std::string(name(p));
    e["prior_p_meet"] = f.prior_p_meet[pi];
    e["p_meet"] = r.annual_row(p).s.p_meet;
    auto& bj = e["budget"];
    bj["applies"] = b.applies;
    bj["months_left"] = b.months_left;
    bj["statistic"] = f.percentile[pi] ? "monthly_percentile" : "mean";
    bj["limit"] = b.applies && b.reachable && !b.already_met ? nlohmann::ordered_json(b.limit) : nlohmann::ordered_json(nullptr);
    bj["reachable"] = b.reachable;
    bj["already_met"] = b.already_met;
    bj["boundary"] = b.applies ? nlohmann::ordered_json(b.boundary) : nlohmann::ordered_json(nullptr);
    j["annual"].push_back(e);
  }
  j["composite_index"] = {{"prior_p_meet", f.prior_composite_p_meet}, {"p_meet", r.composite.p_meet}};
  j["inputs"] = nlohmann::ordered_json::array();
  for (const InputPosterior& in : f.inputs)
    j["inputs"].push_back({{"name", in.name}, {"prior_mean", in.prior}, {"posterior_mean", in.posterior}});
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
  j["risk_below"] = r.risk_below;
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
  c["p_meet"] = r.composite.p_meet;
  if (r.reforecast) j["reforecast"] = reforecast_json(r);
  if (r.spread) {
    auto& sp = j["spread"];
    sp["samples"] = r.spread_samples;
    sp["annual"] = nlohmann::ordered_json::array();
    for (Metric p : kMetrics) {
      const SpreadShares& x = (*r.spread)[static_cast<std::size_t>(p)];
      nlohmann::ordered_json e;
      e["metric"] = std::string(name(p));
      e["weather_base_year"] = x.weather_base;
      e["weather_target_year"] = x.weather_target;
      e["plan"] = x.plan;
      sp["annual"].push_back(e);
    }
  }
  return j.dump(2) + "\n";
}

namespace {

std::string csv_header() { return "metric,month,unit,base,target,mean,sd,p05,p25,p50,p75,p95,p_meet,p_meet_se,observed\n"; }

// Each field with the digits it deserves: concentrations two decimals past
// the standard's reporting precision, probabilities four.
void csv_line(std::string& out, const ResultRow& row, int decimals) {
  const int d = decimals + 2;
  out += fmt::format("{},{},{},{:.{}f},{:.{}f},{:.{}f},{:.{}f},{:.{}f},{:.{}f},{:.{}f},{:.{}f},{:.{}f},{:.4f},{:.4f},{}\n",
                     name(row.metric), row.month > 0 ? std::to_string(row.month) : std::string("year"),
                     unit(row.metric), row.base, decimals, row.target, decimals, row.s.mean, d, row.s.sd, d, row.s.p05, d,
                     row.s.p25, d, row.s.p50, d, row.s.p75, d, row.s.p95, d, row.s.p_meet, row.s.p_meet_se, row.observed);
}

// The composite index as a row of the annual table (dimensionless; no
// quartiles of its own; P(meet): of the rounded index ≤ its target).
void composite_line(std::string& out, const RunResult& r) {
  const int c = r.composite_decimals, d = c + 2;
  const CompositeSummary& x = r.composite;
  out += fmt::format("composite_index,year,1,{:.{}f},{:.{}f},{:.{}f},{:.{}f},{:.{}f},,{:.{}f},,{:.{}f},{:.4f},,false\n",
                     x.base, c, x.target, c, x.mean, d, x.sd, d, x.p05, d, x.p50, d, x.p95, d, x.p_meet);
}

}  // namespace

std::string to_csv(const RunResult& r, bool bom) {
  std::string out = std::string(byte_order_mark(bom)) + csv_header();
  for (const auto& row : r.monthly) csv_line(out, row, r.decimals_of(row.metric));
  for (const auto& row : r.annual) csv_line(out, row, r.decimals_of(row.metric));
  composite_line(out, r);
  return out;
}

std::string monthly_csv(const RunResult& r, bool bom) {
  std::string out = std::string(byte_order_mark(bom)) + csv_header();
  for (const auto& row : r.monthly) csv_line(out, row, r.decimals_of(row.metric));
  return out;
}

std::string annual_csv(const RunResult& r, bool bom) {
  std::string out = std::string(byte_order_mark(bom)) + csv_header();
  for (const auto& row : r.annual) csv_line(out, row, r.decimals_of(row.metric));
  composite_line(out, r);
  return out;
}

namespace {

// "1, 2, 12" ("1、2、12" in Chinese): the months where `raised` says so.
template <class Raised>
std::string months_where(Language lang, Raised raised) {
  std::string out;
  for (int m = 1; m <= kMonths; ++m)
    if (raised(static_cast<std::size_t>(m - 1))) out += (out.empty() ? "" : lang == Language::zh ? "、" : ", ") + std::to_string(m);
  return out;
}

bool shows(const std::vector<Metric>& metrics, Metric p) { return std::find(metrics.begin(), metrics.end(), p) != metrics.end(); }

// The notes under a run's table: why the O3 and CO medians sit above the
// deterministic run, and where the scenario's NOx cuts raise nitrate.
std::string notes(const views::Words& t, const RunResult& r, const std::vector<Metric>& metrics) {
  using views::Msg;
  std::string out;
  if (!r.deterministic && (shows(metrics, Metric::o3) || shows(metrics, Metric::co))) out += std::string(t(Msg::convexity)) + "\n";
  const std::string months =
      months_where(t.lang, [&](std::size_t m) {
        return r.nitrate_response[m] > r.nitrate_response_without_measures[m] + 1e-9 &&
               !r.month_row(Metric::pm25, static_cast<int>(m) + 1).observed;  // a measured month is what it is
      });
  if (!months.empty() && (shows(metrics, Metric::pm25) || shows(metrics, Metric::pm10)))
    out += t(Msg::nitrate_raised, months) + "\n";
  return out;
}

// Where each shown metric's annual band comes from, in whole percent.
std::string spread_lines(const views::Words& t, const RunResult& r, const std::vector<Metric>& metrics) {
  using views::Msg;
  if (!r.spread) return {};
  std::string out = t(Msg::band_sources, r.spread_samples) + "\n";
  auto percent = [](double share) { return static_cast<int>(std::lround(100.0 * share)); };
  for (Metric p : metrics) {
    const SpreadShares& x = (*r.spread)[static_cast<std::size_t>(p)];
    out += t(Msg::band_sources_row, metric_label(p, t.lang), percent(x.weather_base), percent(x.weather_target), percent(x.plan)) +
           "\n";
  }
  return out;
}

// What the observations did to the year (P(meet) before → now) and what
// the months to come must stay below.
std::string reforecast_lines(const views::Words& t, const RunResult& r, const std::vector<Metric>& metrics) {
  using views::Msg;
  if (!r.reforecast || r.deterministic) return {};
  const Reforecast& f = *r.reforecast;
  auto prob = [](double p) { return fmt::format("{:.2f}", p); };
  std::string out = t(Msg::reforecast_title, f.observations, f.prior_samples) + "\n";
  for (Metric p : metrics)
    out += t(Msg::reforecast_row, metric_label(p, t.lang), prob(f.prior_p_meet[static_cast<std::size_t>(p)]),
             prob(r.annual_row(p).s.p_meet)) +
           "\n";
  out += "  " + t(Msg::budget_composite, prob(f.prior_composite_p_meet), prob(r.composite.p_meet)) + "\n";
  std::string budget;
  for (Metric p : metrics) {
    const RemainingBudget& b = f.budget[static_cast<std::size_t>(p)];
    if (!b.applies) continue;
    const int d = r.decimals_of(p);
    const double target = r.annual_row(p).target;
    if (!b.reachable)
      budget += t(Msg::budget_unreachable, metric_label(p, t.lang), target, d);
    else if (b.already_met)
      budget += t(Msg::budget_already_met, metric_label(p, t.lang), b.months_left, target, d);
    else if (f.percentile[static_cast<std::size_t>(p)])
      budget += t(Msg::budget_percentile, metric_label(p, t.lang), b.limit, d + 1, unit(p), b.months_left,
                  t(p == Metric::co ? Msg::stat_co : Msg::stat_o3), target);
    else
      budget += t(Msg::budget_mean, metric_label(p, t.lang), b.limit, d + 1, unit(p), b.months_left, target);
    budget += "\n";
  }
  if (!budget.empty()) out += std::string(t(Msg::budget_title)) + "\n" + budget;
  return out;
}

}  // namespace

std::string format_table(const RunResult& r, Language lang, const RunTableOptions& shown) {
  const views::Words t{lang};
  using views::Msg;
  const std::vector<Metric> metrics = shown.metrics.empty() ? std::vector<Metric>(kMetrics.begin(), kMetrics.end()) : shown.metrics;
  const bool range = shown.range && !r.deterministic;
  std::string out;
  const std::string runs = r.deterministic ? std::string(t(Msg::deterministic))
                          : r.reforecast  ? t(Msg::samples_ess, r.samples, r.ess, r.seed)
                                          : t(Msg::samples, r.samples, r.seed);
  out += fmt::format("{} — {} {}, {}\n", views::pick(lang, r.scenario, r.scenario_zh), views::pick(lang, r.dataset, r.dataset_zh),
                     r.year, runs);
  const char* last = r.deterministic ? t(Msg::met) : t(Msg::p_met);
  out += pad_display(t(Msg::month), 6);
  const int block = range ? 42 : 28;  // display columns of a metric's cells, less the "│ " before them
  for (Metric p : metrics) out += "│ " + pad_display(fmt::format("{} {}", metric_label(p, lang), unit(p)), block);
  out += "\n      ";
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    out += fmt::format("│ {} {} ", pad_display(t(Msg::base), 5), pad_display(t(Msg::target), 5));
    if (range) out += pad_display("p05", 6) + " ";
    out += pad_display(r.deterministic ? t(Msg::projected) : t(Msg::p50), 6) + " ";
    if (range) out += pad_display("p95", 6) + " ";
    out += pad_display(last, 8) + " ";
  }
  out += "\n";
  auto cell = [&](const ResultRow& row) {
    const int d = r.decimals_of(row.metric);
    std::string mark;
    if (row.observed) mark = t(Msg::observed_cell);
    else if (r.deterministic) mark = row.s.p_meet >= 1.0 ? t(Msg::yes) : t(Msg::no);
    else mark = views::probability_text(row.s.p_meet, r.risk_below) + (r.at_risk(row) ? "!" : " ");
    std::string s = fmt::format("│ {:>5.{}f} {:>5.{}f} ", row.base, d, row.target, d);
    if (range) s += fmt::format("{:>6.{}f} ", round_half_even(row.s.p05, d), d);
    s += fmt::format("{:>6.{}f} ", round_half_even(row.s.p50, d), d);
    if (range) s += fmt::format("{:>6.{}f} ", round_half_even(row.s.p95, d), d);
    return s + pad_display(mark, 8) + " ";
  };
  for (int m = 1; m <= kMonths; ++m) {
    out += fmt::format("{:>5} ", m);
    for (Metric p : metrics) out += cell(r.month_row(p, m));
    out += "\n";
  }
  out += pad_display(t(Msg::year), 6);
  for (Metric p : metrics) out += cell(r.annual_row(p));
  out += "\n";
  const int cd = r.composite_decimals;
  out += fmt::format(fmt::runtime(t.lang == Language::zh ? "{}：{} {:.{}f}，{} {:.{}f}，{} {:.{}f}\n"
                                                         : "{}: {} {:.{}f}, {} {:.{}f}, {} {:.{}f}\n"),
                     t(Msg::composite), t(Msg::base), r.composite.base, cd,
                     t(Msg::target), r.composite.target, cd, r.deterministic ? t(Msg::projected) : t(Msg::p50),
                     r.composite.p50, cd);
  if (range) out += std::string(t(Msg::range)) + "\n";
  if (!r.deterministic) out += t(Msg::at_risk, r.risk_below) + "\n";
  if (std::any_of(r.monthly.begin(), r.monthly.end(), [](const ResultRow& row) { return row.observed; }))
    out += std::string(t(Msg::observed_note)) + "\n";
  out += reforecast_lines(t, r, metrics);
  out += spread_lines(t, r, metrics);
  out += notes(t, r, metrics);
  return out;
}


Rendered render(const RunOutput& run, const ViewOptions& o, const RunTableOptions& shown) {
  const RunResult& r = run.result;
  Rendered out;
  std::string json = to_json(r);
  out.text = choose(o, format_table(r, table_language(o, r.language), shown), to_csv(r, o.excel), json);
  out.files = {{"results.json", std::move(json)},
               {"monthly.csv", monthly_csv(r, o.excel)},
               {"annual.csv", annual_csv(r, o.excel)},
               {"schedule.csv", schedule_to_csv(run.schedule, o.excel)}};
  return out;
}

}  // namespace aqplan
