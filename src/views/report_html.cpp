// The report page (views/report_view.h report_html): text and tables
// written here, charts drawn in the browser by web/report.js from the JSON
// block, every script and style inline.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "aqplan/views/gap_view.h"
#include "aqplan/views/report_view.h"
#include "base/messages.h"
#include "views/report_format.h"
#include "views/web_assets.h"

namespace aqplan {

namespace {

using report::html_escape;

template <class... A>
std::string say(Language lang, const MessageDef& def, const A&... args) {
  return html_escape(Text(def, args...).str(lang));
}

const std::string& scenario_name(const RunResult& r, Language lang) {
  return lang == Language::zh && !r.scenario_zh.empty() ? r.scenario_zh : r.scenario;
}
const std::string& dataset_name(const RunResult& r, Language lang) {
  return lang == Language::zh && !r.dataset_zh.empty() ? r.dataset_zh : r.dataset;
}

std::string head(const Report& r, Language lang) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"aqplan {}\">\n<title>{}</title>\n<script>\n{}</script>\n<style>\n{}</style>\n"
      "</head>\n",
      lang == Language::zh ? "zh-CN" : "en", r.aqplan_version,
      say(lang, msg::report_title, scenario_name(r.result(), lang)), web::report_head_js(), web::report_css());
}

std::string header(const Report& r, Language lang) {
  const RunResult& run = r.result();
  return fmt::format("<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n</header>\n",
                     say(lang, msg::report_title, scenario_name(run, lang)),
                     say(lang, msg::report_subtitle, dataset_name(run, lang), run.year, r.samples, r.seed,
                         r.aqplan_version));
}

// One row of the annual table: base, target, median, p05–p95, P(meet).
std::string annual_row(const RunResult& run, Metric p, Language lang) {
  const ResultRow& y = run.annual_row(p);
  const int d = run.decimals_of(p);
  return fmt::format("<tr{}><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}–{}</td><td>{}%</td></tr>\n",
                     run.at_risk(y) ? " class=\"at-risk\"" : "", html_escape(metric_label(p, lang)),
                     report::fixed(y.base, d), report::fixed(y.target, d), report::fixed(y.s.p50, d),
                     report::fixed(y.s.p05, d), report::fixed(y.s.p95, d), report::percent(y.s.p_meet));
}

std::string verdict_section(const Report& r, Language lang) {
  std::string out = fmt::format("<section id=\"verdict\">\n<h2>{}</h2>\n", say(lang, msg::report_section_verdict));
  const std::vector<std::string> paragraphs = report_verdict(r, lang);
  for (std::size_t i = 0; i < paragraphs.size(); ++i)
    out += fmt::format("<p class=\"verdict\" data-metric=\"{}\">{}</p>\n",
                       i < kMetricCount ? std::string(name(kMetrics[i])) : std::string("composite"),
                       html_escape(paragraphs[i]));
  out += fmt::format("<table class=\"annual\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                     say(lang, msg::report_col_metric), say(lang, msg::report_col_base),
                     say(lang, msg::report_col_target), say(lang, msg::report_col_median),
                     say(lang, msg::report_col_range), say(lang, msg::report_col_p_meet));
  for (Metric p : kMetrics) out += annual_row(r.result(), p, lang);
  return out + "</table>\n</section>\n";
}

// A section of charts: its title, a note, and one chart per (kind, metric).
std::string chart_section(const char* id, const std::string& title, const std::string& note,
                          const std::vector<std::pair<std::string, std::string>>& charts) {
  std::string out = fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", id, title);
  if (!note.empty()) out += fmt::format("<p class=\"note\">{}</p>\n", note);
  for (const auto& [kind, metric] : charts)
    out += metric.empty() ? fmt::format("<div class=\"chart\" data-chart=\"{}\"></div>\n", kind)
                          : fmt::format("<div class=\"chart\" data-chart=\"{}\" data-metric=\"{}\"></div>\n", kind, metric);
  return out + "</section>\n";
}

std::vector<std::pair<std::string, std::string>> per_metric(const char* kind, const std::vector<Metric>& metrics) {
  std::vector<std::pair<std::string, std::string>> out;
  for (Metric p : metrics) out.emplace_back(kind, std::string(name(p)));
  return out;
}

std::string chart_sections(const Report& r, Language lang) {
  const std::vector<Metric> all(kMetrics.begin(), kMetrics.end());
  std::vector<Metric> risky = r.at_risk();
  if (risky.empty()) risky = {Metric::pm25};
  auto tornado = per_metric("tornado", risky);
  tornado.emplace_back("units", "");
  return chart_section("fan", say(lang, msg::report_section_fan), say(lang, msg::report_fan_note), per_metric("fan", all)) +
         chart_section("heatmap", say(lang, msg::report_section_heatmap),
                       say(lang, msg::report_heatmap_note, report::percent(r.result().risk_below)), {{"heatmap", ""}}) +
         chart_section("gantt", say(lang, msg::report_section_gantt), say(lang, msg::report_gantt_note),
                       {{"gantt", ""}}) +
         chart_section("importance", say(lang, msg::report_section_importance),
                       say(lang, msg::report_importance_note, r.analysis_samples, metric_label(r.rank.metric, lang)),
                       tornado);
}

std::string tonnes_text(const GapRow& row) {
  static constexpr const char* kLabel[kSpeciesCount] = {"SO₂", "NOx", "CO", "VOC", "NH₃", "PM₁₀", "PM₂.₅"};
  std::string out;
  for (std::size_t k = 0; k < kSpeciesCount; ++k)
    if (row.tonnes[k] > 0) out += fmt::format("{}{} {:.0f} t", out.empty() ? "" : " · ", kLabel[k], row.tonnes[k]);
  return out;
}

std::string gap_row_html(const GapRow& row, Language lang) {
  std::string cut, after, tonnes;
  if (row.reachable) {
    cut = report::percent(row.cut) + "%";
    after = report::percent(row.p_meet_at_cut) + "%";
    tonnes = tonnes_text(row);
  } else {
    cut = say(lang, msg::report_gap_unreachable);
  }
  return fmt::format("<tr><th>{}</th><td>{}</td><td>{}%</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                     html_escape(metric_label(row.metric, lang)), html_escape(direction_text(row.direction, lang)),
                     report::percent(row.p_meet), cut, after, html_escape(tonnes));
}

std::string gap_section(const Report& r, Language lang) {
  const std::string conf = report::percent(r.confidence);
  std::string out = fmt::format("<section id=\"gap\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
                                say(lang, msg::report_section_gap, conf),
                                say(lang, msg::report_gap_note, conf, r.analysis_samples));
  std::string rows;
  for (const GapRow& row : r.gap.rows)
    if (!row.met_already) rows += gap_row_html(row, lang);
  if (rows.empty()) return out + fmt::format("<p>{}</p>\n</section>\n", say(lang, msg::report_gap_none));
  out += fmt::format("<table class=\"gap\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                     say(lang, msg::report_col_metric), say(lang, msg::report_col_direction),
                     say(lang, msg::report_col_p_meet), say(lang, msg::report_col_cut),
                     say(lang, msg::report_col_p_meet_at_cut), say(lang, msg::report_col_tonnes));
  return out + rows + "</table>\n<div class=\"chart\" data-chart=\"gap\"></div>\n</section>\n";
}

std::string compare_section(const Report& r, Language lang) {
  if (!r.comparison) return {};
  std::string out = fmt::format("<section id=\"compare\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<table class=\"compare\">\n<tr><th>{}</th>",
                                say(lang, msg::report_section_compare),
                                say(lang, msg::report_compare_note, r.samples, r.seed), say(lang, msg::report_col_metric));
  const auto& runs = r.comparison->runs;
  for (std::size_t i = 0; i < runs.size(); ++i)
    out += fmt::format("<th>[{}] {}<br>{} · {}</th>", static_cast<char>('A' + i % 26),
                       html_escape(scenario_name(runs[i], lang)), say(lang, msg::report_col_median),
                       say(lang, msg::report_col_p_meet));
  out += "</tr>\n";
  for (Metric p : kMetrics) {
    out += fmt::format("<tr><th>{}</th>", html_escape(metric_label(p, lang)));
    for (const RunResult& run : runs)
      out += fmt::format("<td>{} · {}%</td>", report::fixed(run.annual_row(p).s.p50, run.decimals_of(p)),
                         report::percent(run.annual_row(p).s.p_meet));
    out += "</tr>\n";
  }
  out += "</table>\n";
  for (Metric p : kMetrics) out += fmt::format("<div class=\"chart\" data-chart=\"compare\" data-metric=\"{}\"></div>\n", name(p));
  return out + "</section>\n";
}

// The command that makes this report again.
std::string reproduce_command(const Report& r, Language lang) {
  std::string files;
  for (const ScenarioReport& s : r.scenarios) files += " " + s.file;
  if (!r.observed_file.empty()) files += " --observed " + r.observed_file;
  return fmt::format("aqplan report{} --samples {} --seed {} --analysis-samples {} --lang {} -o report.html", files,
                     r.samples, r.seed, r.analysis_samples, lang == Language::zh ? "zh" : "en");
}

std::string footer(const Report& r, Language lang) {
  std::string out = fmt::format("<footer id=\"inputs\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<table class=\"inputs\">\n"
                                "<tr><th>{}</th><th>{}</th></tr>\n",
                                say(lang, msg::report_section_inputs), say(lang, msg::report_inputs_note),
                                say(lang, msg::report_col_file), say(lang, msg::report_col_sha256));
  std::vector<std::string> seen;
  for (const ScenarioReport& s : r.scenarios)
    for (const ReportInput& in : s.inputs) {
      if (std::find(seen.begin(), seen.end(), in.path) != seen.end()) continue;
      seen.push_back(in.path);
      out += fmt::format("<tr><td>{}</td><td class=\"hash\">{}</td></tr>\n", html_escape(in.path), in.sha256);
    }
  out += fmt::format("</table>\n<p>{}</p>\n<p>{}</p>\n<pre class=\"command\">{}</pre>\n",
                     say(lang, msg::report_settings, r.seed, r.samples, r.analysis_samples, r.standard, r.aqplan_version),
                     say(lang, msg::report_reproduce), html_escape(reproduce_command(r, lang)));
  out += fmt::format("<p class=\"licence\">{}</p>\n<pre class=\"licence\">{}</pre>\n</footer>\n",
                     say(lang, msg::report_licence, web::echarts_version()), html_escape(web::echarts_notice()));
  return out;
}

std::string scripts(const Report& r, Language lang) {
  return fmt::format("<script type=\"application/json\" id=\"aqplan-data\">{}</script>\n<script>\n{}\n</script>\n"
                     "<script>\n{}\n</script>\n",
                     report_data_json(r, lang), web::echarts_js(), web::report_js());
}

}  // namespace

std::string report_html(const Report& r, Language lang) {
  return head(r, lang) + fmt::format("<body data-lang=\"{}\">\n", lang == Language::zh ? "zh" : "en") + header(r, lang) +
         verdict_section(r, lang) + chart_sections(r, lang) + gap_section(r, lang) + compare_section(r, lang) +
         footer(r, lang) + scripts(r, lang) + "</body>\n</html>\n";
}

}  // namespace aqplan
