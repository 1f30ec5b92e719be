#include "aqplan/views/explain_view.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"
#include "aqplan/model/evaluation.h"
#include "views/words.h"

namespace aqplan {

namespace {

using views::Msg;
constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }

// Measures listed one by one in the table's waterfall; the rest are summed.
constexpr std::size_t kShownMeasures = 8;
// Levers of each kind in the table (every lever is in the JSON and CSV).
constexpr std::size_t kShownLevers = 3;

// A column of the split: the species, the part of the metric it carries.
struct Column {
  Species species;
  Msg part;
  const char* code;  // the part's JSON name
};

std::vector<Column> columns(Metric p) {
  const Column primary{Species::pm25, Msg::part_primary, "primary"}, sulfate{Species::so2, Msg::part_sulfate, "sulfate"},
      nitrate{Species::nox, Msg::part_nitrate, "nitrate"}, ammonium{Species::nh3, Msg::part_ammonium, "ammonium"},
      organic{Species::voc, Msg::part_organic, "secondary_organic"};
  switch (p) {
    case Metric::pm25: return {primary, sulfate, nitrate, ammonium, organic};
    case Metric::pm10: return {primary, {Species::pm10, Msg::part_coarse, "coarse"}, sulfate, nitrate, ammonium, organic};
    case Metric::so2: return {{Species::so2, Msg::part_emitted, "emitted"}};
    case Metric::no2: return {{Species::nox, Msg::part_emitted, "emitted"}};
    case Metric::co: return {{Species::co, Msg::part_emitted, "emitted"}};
    case Metric::o3:
      return {{Species::nox, Msg::part_first_order, "first_order_change"}, {Species::voc, Msg::part_first_order, "first_order_change"}};
  }
  return {};
}

Msg species_word(Species k) {
  constexpr Msg kWords[] = {Msg::species_so2, Msg::species_nox, Msg::species_co,  Msg::species_voc,
                            Msg::species_nh3, Msg::species_pm10, Msg::species_pm25};
  return kWords[si(k)];
}

// `s` right-aligned in `width` terminal columns.
std::string right(const std::string& s, int width) {
  return std::string(static_cast<std::size_t>(std::max(0, width - display_width(s))), ' ') + s;
}

std::string period_words(const views::Words& t, int period) {
  return period == 0 ? std::string(t(Msg::explain_year)) : t(Msg::explain_month, period);
}

std::string measure_words(const views::Words& t, int id, const std::string& text, const std::string& title_en) {
  return t(Msg::step_measure, id) + (t.lang == Language::en && !title_en.empty() ? title_en : text);
}

// Values one decimal past the standard's reporting precision.
int shown_decimals(const ExplainResult& r) { return r.decimals + 1; }

std::string format_header(const views::Words& t, const ExplainResult& r, Language lang) {
  const int d = r.decimals;
  std::string out = t(Msg::explain_title, metric_label(r.request.metric, lang), period_words(t, r.request.period),
                      views::pick(lang, r.scenario, r.scenario_zh), views::pick(lang, r.dataset, r.dataset_zh));
  out += fmt::format("\n{}{}\n", t(Msg::explain_runs, r.samples, r.seed, r.runs),
                     r.ess ? t(Msg::compare_ess, *r.ess) : std::string());
  out += t(Msg::explain_status, fmt::format("{:.{}f}", r.target, d), unit(r.request.metric),
           fmt::format("{:.{}f}", r.median, shown_decimals(r)), views::probability_text(r.p_meet, r.risk_below));
  if (r.p_meet < r.risk_below) out += t(Msg::explain_at_risk, r.risk_below);
  out += "\n";
  if (!r.decided) out += t(Msg::explain_not_decided, r.year) + "\n";
  return out + "\n";
}

// One line of the waterfall: label, bar (signed; none for a level) and level.
std::string bar_line(const std::string& label, const std::optional<double>& change, double level, int d) {
  return fmt::format("  {} {:>9} {:>9.{}f}\n", pad_display(label, 52),
                     change ? fmt::format("{:+.{}f}", *change, d) : std::string(), level, d);
}

std::string format_waterfall(const views::Words& t, const ExplainResult& r) {
  const int d = shown_decimals(r);
  std::string out = t(Msg::waterfall_title, unit(r.request.metric)) + "\n";
  std::size_t measures = 0, hidden = 0;
  double hidden_sum = 0, hidden_level = 0;
  const double visible = 0.5 * std::pow(10.0, -d);
  for (const WaterfallStep& s : r.waterfall) {
    // A period the model does not decide: only what was observed moves it.
    if (!r.decided && s.kind != StepKind::base && s.kind != StepKind::base_anomaly && s.kind != StepKind::observed &&
        s.kind != StepKind::projected)
      continue;
    if (s.kind == StepKind::measure && (measures++ >= kShownMeasures || std::abs(s.change) < visible)) {
      ++hidden;
      hidden_sum += s.change;
      hidden_level = s.level;
      continue;
    }
    if (hidden > 0 && s.kind != StepKind::measure) {
      out += bar_line(t(Msg::step_more_measures, hidden), hidden_sum, hidden_level, d);
      hidden = 0;
    }
    switch (s.kind) {
      case StepKind::base: out += bar_line(t(Msg::step_base, r.year - 1), std::nullopt, s.level, d); break;
      case StepKind::base_months: out += bar_line(t(Msg::step_base_months), s.change, s.level, d); break;
      case StepKind::base_anomaly: out += bar_line(t(Msg::step_base_anomaly), s.change, s.level, d); break;
      case StepKind::observed: out += bar_line(t(Msg::step_observed, r.year), s.change, s.level, d); break;
      case StepKind::growth: out += bar_line(t(Msg::step_growth), s.change, s.level, d); break;
      case StepKind::regional: out += bar_line(t(Msg::step_regional), s.change, s.level, d); break;
      case StepKind::weather: out += bar_line(t(Msg::step_weather), s.change, s.level, d); break;
      case StepKind::measure: out += bar_line(measure_words(t, s.measure, s.text, s.title_en), s.change, s.level, d); break;
      case StepKind::interaction: out += bar_line(t(Msg::step_interaction), s.change, s.level, d); break;
      case StepKind::projected: out += bar_line(t(Msg::step_projected), std::nullopt, s.level, d); break;
    }
  }
  const std::string value = fmt::format("{:.{}f}", r.check_run, d);
  out += r.check_run == r.check_expected ? t(Msg::check_ok, value)
                                         : t(Msg::check_failed, value, fmt::format("{:.{}f}", r.check_expected, d));
  return out + "\n\n";
}

// A sector's value in the split's "total" column (additive), or how much
// it matters (the largest change, for o3).
double sector_weight(const ExplainSplit& s, std::size_t i, const std::vector<Column>& cols) {
  double sum = 0, largest = 0;
  for (const Column& c : cols) {
    sum += s.cells[i][si(c.species)];
    largest = std::max(largest, std::abs(s.cells[i][si(c.species)]));
  }
  return s.additive ? sum : largest;
}

std::string split_heading(const views::Words& t, const ExplainResult& r, const std::vector<Column>& cols,
                          const std::vector<int>& width) {
  std::string parts = pad_display(t(Msg::sector), 20), species = std::string(20, ' ');
  for (std::size_t c = 0; c < cols.size(); ++c) {
    parts += right(t(cols[c].part), width[c]);
    species += right(t(species_word(cols[c].species)), width[c]);
  }
  if (r.split.additive) parts += right(t(Msg::total), 10);
  return parts + "\n" + species + "\n";
}

// The split's rows, largest first; sectors whose every cell rounds to 0 are counted, not shown.
std::string split_rows(const views::Words& t, const ExplainResult& r, const std::vector<Column>& cols,
                       const std::vector<int>& width) {
  const ExplainSplit& s = r.split;
  const int d = shown_decimals(r);
  const double shown = 0.5 * std::pow(10.0, -d);
  std::vector<std::size_t> order(s.sectors.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(sector_weight(s, a, cols)) > std::abs(sector_weight(s, b, cols));
  });
  std::string out;
  int hidden = 0;
  for (std::size_t i : order) {
    const bool visible = std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return std::abs(s.cells[i][si(c.species)]) >= shown; });
    if (!visible) {
      ++hidden;
      continue;
    }
    out += pad_display(s.sectors[i], 20);
    for (std::size_t c = 0; c < cols.size(); ++c) out += right(fmt::format("{:.{}f}", s.cells[i][si(cols[c].species)], d), width[c]);
    if (s.additive) out += right(fmt::format("{:.{}f}", sector_weight(s, i, cols), d), 10);
    out += "\n";
  }
  if (hidden > 0) out += t(Msg::split_hidden, hidden, fmt::format("{:.{}f}", shown, d + 1)) + "\n";
  return out;
}

std::string split_totals(const views::Words& t, const ExplainResult& r) {
  const ExplainSplit& s = r.split;
  const int d = shown_decimals(r);
  auto line = [&](Msg m, double v) { return fmt::format("  {} {:>9.{}f}\n", pad_display(t(m), 52), v, d); };
  std::string out = line(Msg::local_total, s.local);
  if (s.unattributed != 0.0) out += line(Msg::unattributed_part, s.unattributed);
  out += line(Msg::nonlocal_part, s.nonlocal);
  if (s.observed != 0.0) out += line(Msg::observed_part, s.observed);
  out += line(Msg::projected_mean, s.total);
  const Metric p = r.request.metric;
  if (p == Metric::pm25 || p == Metric::pm10) out += std::string(t(s.ammonium_split ? Msg::ammonium_split : Msg::ammonium_whole)) + "\n";
  if (r.request.period == 0) out += std::string(t(Msg::split_year)) + "\n";
  return out;
}

std::string format_split(const views::Words& t, const ExplainResult& r, Language lang) {
  const Metric p = r.request.metric;
  const std::vector<Column> cols = columns(p);
  std::vector<int> width;
  for (const Column& c : cols) width.push_back(std::max({9, display_width(t(c.part)), display_width(t(species_word(c.species)))}) + 2);
  std::string out = t(r.split.additive ? Msg::split_title : Msg::split_title_o3, metric_label(p, lang),
                      period_words(t, r.request.period), unit(p), r.split.samples) + "\n";
  out += split_heading(t, r, cols, width) + split_rows(t, r, cols, width) + split_totals(t, r);
  return out + "\n";
}

// `s` cut with "…" to `width` columns, without padding.
std::string clip(const std::string& s, int width) {
  std::string out = pad_display(s, width);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string lever_values(const ExplainResult& r, const std::string& label, const Lever& l) {
  std::string out = fmt::format("{} {:>+10.{}f} {:>+10.3f}", pad_display(label, 38), l.d_median, shown_decimals(r) + 1, l.d_p_meet);
  if (l.kind == LeverKind::cut) out += fmt::format(" {:>10.0f}", l.tonnes);
  return out + "\n";
}

std::string note_line(const views::Words& t, LeverNote note) {
  if (note == LeverNote::none) return {};
  return fmt::format("        {}\n", t(note == LeverNote::nitrate ? Msg::lever_note_nitrate : Msg::lever_note_ozone));
}

// The cuts: the first kShownLevers, and the one that most moves the period
// the other way when none of those does.
std::string cut_lines(const views::Words& t, const ExplainResult& r) {
  std::string out;
  std::size_t shown = 0;
  bool against_shown = false;
  for (const Lever& l : r.levers) {
    if (l.kind != LeverKind::cut || shown >= kShownLevers) continue;
    out += lever_values(r, fmt::format("    {} {}", l.sector, t(species_word(l.species))), l) + note_line(t, l.note);
    against_shown = against_shown || l.note != LeverNote::none;
    ++shown;
  }
  if (shown == 0) return fmt::format("    {}\n", t(Msg::lever_none));
  const auto against = std::find_if(r.levers.begin(), r.levers.end(), [](const Lever& l) { return l.kind == LeverKind::cut && l.note != LeverNote::none; });
  if (!against_shown && against != r.levers.end())
    out += fmt::format("  {}\n", t(Msg::levers_against)) +
           lever_values(r, fmt::format("    {} {}", against->sector, t(species_word(against->species))), *against) +
           note_line(t, against->note);
  return out;
}

// The measures: the first kShownLevers measures of the sorted levers, each
// with its removal and its slip.
std::string measure_lines(const views::Words& t, const ExplainResult& r) {
  std::vector<int> ids;
  for (const Lever& l : r.levers)
    if (l.kind != LeverKind::cut && ids.size() < kShownLevers && std::find(ids.begin(), ids.end(), l.measure) == ids.end())
      ids.push_back(l.measure);
  if (ids.empty()) return fmt::format("    {}\n", t(Msg::lever_none));
  std::string out;
  for (int id : ids) {
    bool first = true;
    for (const Lever& l : r.levers) {
      if (l.kind == LeverKind::cut || l.measure != id) continue;
      if (first) out += fmt::format("    {}\n", clip(measure_words(t, id, l.text, l.title_en), 76));
      first = false;
    }
    for (LeverKind kind : {LeverKind::removed, LeverKind::slip})
      for (const Lever& l : r.levers)
        if (l.kind == kind && l.measure == id)
          out += lever_values(r, "      " + (kind == LeverKind::removed ? std::string(t(Msg::lever_removed))
                                                                         : t(Msg::lever_slip, fmt::format("{:g}", kExplainSlipMonths))),
                              l) +
                 note_line(t, l.note);
  }
  return out;
}

std::string format_levers(const views::Words& t, const ExplainResult& r) {
  std::string out = std::string(t(Msg::levers_title)) + "\n";
  const std::string heading = fmt::format("{} {} {}", std::string(38, ' '), right(t(Msg::d_median), 10), right(t(Msg::d_p_meet), 10));
  out += fmt::format("  {}\n", t(Msg::levers_cuts, fmt::format("{:g}", 100 * kExplainCut), period_words(t, r.request.period)));
  out += fmt::format("{} {}\n", heading, right(t(Msg::tonnes_removed), 10));
  out += cut_lines(t, r);
  out += fmt::format("  {}\n", t(Msg::levers_measures, fmt::format("{:g}", kExplainSlipMonths)));
  out += fmt::format("{}\n", heading);
  return out + measure_lines(t, r);
}

}  // namespace

std::string format_explain(const ExplainResult& r, Language lang) {
  const views::Words t{lang};
  std::string out = format_header(t, r, lang) + format_waterfall(t, r);
  if (!r.decided) return out;
  return out + format_split(t, r, lang) + format_levers(t, r);
}

namespace {

const char* step_code(StepKind k) {
  constexpr const char* kCodes[] = {"base",     "base_months", "base_anomaly", "observed",    "growth",
                                    "regional", "weather",     "measure",      "interaction", "projected"};
  return kCodes[static_cast<std::size_t>(k)];
}
const char* lever_code(LeverKind k) {
  constexpr const char* kCodes[] = {"cut", "removed", "slip"};
  return kCodes[static_cast<std::size_t>(k)];
}
const char* note_code(LeverNote n) {
  constexpr const char* kCodes[] = {"", "nitrate", "ozone"};
  return kCodes[static_cast<std::size_t>(n)];
}

nlohmann::ordered_json split_json(const ExplainResult& r) {
  const ExplainSplit& s = r.split;
  const std::vector<Column> cols = columns(r.request.metric);
  nlohmann::ordered_json j;
  j["basis"] = "mean over the plan's samples (weather drawn); the year: months weighted by d(annual)/d(month)";
  j["samples"] = s.samples;
  j["additive"] = s.additive;
  j["ammonium_split"] = s.ammonium_split;
  for (const Column& c : cols) j["parts"][std::string(name(c.species))] = c.code;
  j["sectors"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < s.sectors.size(); ++i) {
    nlohmann::ordered_json e;
    e["sector"] = s.sectors[i];
    double total = 0;
    for (const Column& c : cols) {
      e["parts"][std::string(name(c.species))] = s.cells[i][si(c.species)];
      e["tonnes"][std::string(name(c.species))] = s.tonnes[i][si(c.species)];
      total += s.cells[i][si(c.species)];
    }
    if (s.additive) e["total"] = total;
    j["sectors"].push_back(std::move(e));
  }
  for (auto [key, v] : {std::pair{"local", s.local}, std::pair{"nonlocal", s.nonlocal}, std::pair{"observed", s.observed},
                        std::pair{"unattributed", s.unattributed}, std::pair{"total", s.total}})
    j[key] = v;
  return j;
}

nlohmann::ordered_json levers_json(const ExplainResult& r) {
  nlohmann::ordered_json j;
  j["cut"] = kExplainCut;
  j["slip_months"] = kExplainSlipMonths;
  j["tonnes_basis"] = "cut × mean post-plan emissions of the sector and species in the period";
  j["rows"] = nlohmann::ordered_json::array();
  for (const Lever& l : r.levers) {
    nlohmann::ordered_json e;
    e["kind"] = lever_code(l.kind);
    if (l.kind == LeverKind::cut) {
      e["sector"] = l.sector;
      e["species"] = std::string(name(l.species));
    } else {
      e["measure"] = l.measure;
      e["text"] = l.text;
    }
    e["d_median"] = l.d_median;
    e["d_p_meet"] = l.d_p_meet;
    if (l.kind == LeverKind::cut) e["tonnes"] = l.tonnes;
    if (l.note != LeverNote::none) e["note"] = note_code(l.note);
    j["rows"].push_back(std::move(e));
  }
  return j;
}

}  // namespace

std::string explain_to_json(const ExplainResult& r) {
  nlohmann::ordered_json j;
  j["scenario"] = r.scenario;
  j["dataset"] = r.dataset;
  j["year"] = r.year;
  j["metric"] = std::string(name(r.request.metric));
  j["unit"] = std::string(unit(r.request.metric));
  j["period"] = r.request.period == 0 ? nlohmann::ordered_json("year") : nlohmann::ordered_json(r.request.period);
  for (auto [key, v] : {std::pair{"samples", r.samples}, std::pair{"seed", r.seed}}) j[key] = v;
  j["runs"] = r.runs;
  if (r.ess) j["ess"] = *r.ess;  // a re-forecast's samples are weighted
  for (auto [key, v] : {std::pair{"base", r.base}, std::pair{"target", r.target}, std::pair{"risk_below", r.risk_below},
                        std::pair{"median", r.median}, std::pair{"p_meet", r.p_meet}})
    j[key] = v;
  j["median_rule"] = "the ceil(n/2)-th smallest of the n samples";
  j["decided"] = r.decided;
  j["waterfall"] = nlohmann::ordered_json::array();
  for (const WaterfallStep& s : r.waterfall) {
    nlohmann::ordered_json e;
    e["step"] = step_code(s.kind);
    if (s.kind == StepKind::measure) {
      e["measure"] = s.measure;
      e["text"] = s.text;
    }
    e["change"] = s.change;
    e["level"] = s.level;
    j["waterfall"].push_back(std::move(e));
  }
  j["check"] = {{"run", r.check_run}, {"evaluation", r.check_expected}, {"equal", r.check_run == r.check_expected}};
  j["split"] = split_json(r);
  j["levers"] = levers_json(r);
  return j.dump(2) + "\n";
}

std::string explain_to_csv(const ExplainResult& r, bool bom) {
  std::string out(byte_order_mark(bom));
  out += "section,item,measure,sector,species,value,level,d_p_meet,tonnes,note\n";
  // Concentrations two decimals past the reporting precision, probabilities four, tonnes one.
  const int d = r.decimals + 2;
  for (const WaterfallStep& s : r.waterfall)
    out += fmt::format("waterfall,{},{},,,{:.{}f},{:.{}f},,,\n", step_code(s.kind),
                       s.kind == StepKind::measure ? std::to_string(s.measure) : std::string(), s.change, d, s.level, d);
  const ExplainSplit& sp = r.split;
  for (std::size_t i = 0; i < sp.sectors.size(); ++i)
    for (const Column& c : columns(r.request.metric))
      out += fmt::format("split,{},,{},{},{:.{}f},,,{:.1f},\n", c.code, csv_field(sp.sectors[i]), name(c.species),
                         sp.cells[i][si(c.species)], d, sp.tonnes[i][si(c.species)]);
  for (auto [key, v] : {std::pair{"local", sp.local}, std::pair{"nonlocal", sp.nonlocal}, std::pair{"observed", sp.observed},
                        std::pair{"unattributed", sp.unattributed}, std::pair{"total", sp.total}})
    out += fmt::format("split,{},,,,{:.{}f},,,,\n", key, v, d);
  for (const Lever& l : r.levers) {
    const bool cut = l.kind == LeverKind::cut;
    out += fmt::format("lever,{},{},{},{},{:.{}f},,{:.4f},{},{}\n", lever_code(l.kind), cut ? std::string() : std::to_string(l.measure),
                       cut ? csv_field(l.sector) : std::string(), cut ? std::string(name(l.species)) : std::string(), l.d_median,
                       d, l.d_p_meet, cut ? fmt::format("{:.1f}", l.tonnes) : std::string(), note_code(l.note));
  }
  return out;
}

Rendered render(const ExplainResult& r, const ViewOptions& o) {
  return render_report(o, format_explain(r, table_language(o, r.language)), explain_to_csv(r, o.excel), explain_to_json(r),
                       "explain");
}

}  // namespace aqplan
