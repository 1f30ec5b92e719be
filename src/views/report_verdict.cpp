// The verdict of the report (views/report_view.h report_verdict): what the
// numbers say, one paragraph per pollutant and one for the composite index.
#include <algorithm>

#include <fmt/format.h>

#include "aqplan/views/report_view.h"
#include "aqplan/views/view.h"
#include "base/messages.h"
#include "views/report_format.h"

namespace aqplan {

namespace {

// The gap row a verdict quotes for metric p: the cheapest reachable
// direction, else the smallest reachable cut; nullptr when the year is met
// already; the first row (unreachable) when no direction reaches the
// confidence.
const GapRow* quoted_gap(const GapResult& g, Metric p) {
  const GapRow* quoted = nullptr;
  for (const GapRow& row : g.rows) {
    if (row.metric != p || row.period != 0 || row.met_already) continue;
    if (!quoted) quoted = &row;
    if (!row.reachable) continue;
    if (row.cheapest) return &row;
    if (!quoted->reachable || row.cut < quoted->cut) quoted = &row;
  }
  return quoted;
}

Text gap_clause(const Report& r, const GapRow& row) {
  const std::string conf = report::percent(r.confidence);
  if (!row.reachable) return Text(msg::report_verdict_unreachable, conf);
  const std::string cut = report::percent(row.cut);
  if (row.direction == GapDirection::all) return Text(msg::report_verdict_cut, conf, cut);
  return Text(msg::report_verdict_cut_species, conf,
              Text(row.direction == GapDirection::nox ? msg::report_verdict_nox : msg::report_verdict_voc), cut);
}

std::string metric_verdict(const Report& r, Metric p, Language lang) {
  const RunResult& run = r.result();
  const ResultRow& year = run.annual_row(p);
  const int d = run.decimals_of(p);
  std::string out = Text(msg::report_verdict_year, metric_label(p, lang), report::percent(year.s.p_meet),
                         report::fixed(year.s.p50, d), std::string(unit(p)), report::fixed(year.target, d))
                        .str(lang);
  std::vector<int> months;
  for (int m = 1; m <= kMonths; ++m)
    if (run.at_risk(run.month_row(p, m))) months.push_back(m);
  out += months.empty() ? Text(msg::report_verdict_no_month).str(lang)
                        : Text(msg::report_verdict_months, report::month_ranges(months, lang)).str(lang);
  if (run.at_risk(year))
    if (const GapRow* row = quoted_gap(r.gap, p)) {
      out += gap_clause(r, *row).str(lang);
      if (row->reachable && row->beyond_achieved)
        out += Text(msg::report_verdict_cut_beyond, report::percent(r.gap.achieved_cut_max)).str(lang);
    }
  return out + Text(msg::report_verdict_end).str(lang);
}

}  // namespace

std::vector<std::string> report_verdict(const Report& r, Language lang) {
  std::vector<std::string> out;
  for (Metric p : kMetrics) out.push_back(metric_verdict(r, p, lang));
  const RunResult& run = r.result();
  const int c = run.composite_decimals;
  out.push_back(Text(msg::report_verdict_composite, report::fixed(run.composite.p50, c),
                     report::fixed(run.composite.base, c), report::fixed(run.composite.target, c),
                     report::percent(run.composite.p_meet))
                    .str(lang));
  return out;
}

}  // namespace aqplan
