#include "aqplan/views/rank_view.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"
#include "views/words.h"

namespace aqplan {

namespace {
constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }
}  // namespace

namespace {

using views::Msg;

// How the inputs above were chosen: the cut, and what was left out.
std::string format_input_selection(const views::Words& t, const RankResult& r) {
  const InputSelection& sel = r.input_selection;
  std::string out;
  if (r.inputs.empty()) out += fmt::format("  {}\n", t(Msg::no_input_passes));
  out += fmt::format("  {}\n", t(Msg::cut_listed, sel.cut, sel.se, sel.z));
  out += fmt::format("  {}\n", t(Msg::cut_test, 100 * sel.alpha, sel.tested));
  out += fmt::format("  {}\n", t(Msg::cut_not_listed, sel.not_significant, sel.unreachable.size(), display_name(r.metric)));
  return out;
}

std::string join_ids(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(v[i]);
  }
  return out;
}

std::string format_measures(const views::Words& t, const RankResult& r, Language lang) {
  const std::size_t k = mi(r.metric);
  const int d = r.plan.decimals_of(r.metric) + 2;
  std::string out = fmt::format("{}  {} {}  {} {}  {} {} {}\n", pad_left(t(Msg::id), 4), pad_left(t(Msg::removed_delta), 9),
                                pad_left(t(Msg::delta_p_meet), 9), pad_left(t(Msg::slip_delta), 9),
                                pad_left(t(Msg::delta_p_meet), 9), pad_display(t(Msg::flags), 5),
                                pad_display(t(Msg::lead_units), 34), t(Msg::measure));
  for (const auto& m : r.measures) {
    std::string flags = std::string(m.critical ? "C" : "") + (m.enabling ? "E" : "") + (m.lead_units.size() > 1 ? "S" : "");
    out += fmt::format("{:>4}  {:>+9.{}f} {:>+9.3f}  {:>+9.{}f} {:>+9.3f}  {:<5} {} {}\n", m.id, m.removed_mean[k], d,
                       m.removed_p_meet[k], m.slip_mean[k], d, m.slip_p_meet[k], flags,
                       pad_display(join(m.lead_units, "、"), 34),
                       pad_display(lang == Language::en && !m.title_en.empty() ? m.title_en : m.text, 40));
    if (!m.dependants.empty()) out += fmt::format("{:>6}{}\n", "", t(Msg::also_stops, join_ids(m.dependants)));
    if (m.note != RemovalNote::none) out += fmt::format("{:>6}{}\n", "", t(Msg::note, removal_note_text(m.note, lang)));
  }
  return out + t(Msg::flags_legend) + "\n\n";
}

std::string format_units(const views::Words& t, const RankResult& r) {
  const int d = r.plan.decimals_of(r.metric) + 2;
  std::string out = std::string(t(Msg::per_unit_title)) + "\n";
  for (const auto& u : r.units) {
    out += fmt::format("  {} {:>+9.{}f} {:>+9.3f}  {}\n", pad_display(u.unit, 34), u.removed_mean, d, u.removed_p_meet,
                       t(Msg::unit_row, u.measures, u.shared));
    for (const auto& v : u.variants)
      out += fmt::format("      {}\n", t(Msg::unit_variant, v.written, join_ids(v.measures),
                                         t(v.confirmed ? Msg::unit_alias : Msg::unit_near_miss)));
  }
  return out;
}

}  // namespace

std::string removal_note_text(RemovalNote note, Language lang) {
  switch (note) {
    case RemovalNote::none: return {};
    case RemovalNote::nox_nitrate: return views::tr(Msg::note_nox_nitrate, lang);
    case RemovalNote::nox_o3: return views::tr(Msg::note_nox_o3, lang);
    case RemovalNote::unexplained: return views::tr(Msg::note_unexplained, lang);
  }
  return {};
}

std::string input_label(const InputImportance& in, Language lang) {
  const views::Words t{lang};
  switch (in.what.kind) {
    case InputKind::weather: return t(Msg::input_weather, lang == Language::zh ? display_name(in.what.metric) : name(in.what.metric));
    case InputKind::regional: return t(Msg::input_regional, lang == Language::zh ? display_name(in.what.metric) : name(in.what.metric));
    case InputKind::growth: return t(Msg::input_growth, in.sector);
    case InputKind::delay: return t(Msg::input_delay, in.measure);
    case InputKind::size: return t(Msg::input_size, in.measure);
    case InputKind::implemented: return t(Msg::input_implemented, in.measure);
  }
  return in.input;
}

std::string format_rank(const RankResult& r, Language lang) {
  const views::Words t{lang};
  const int target_decimals = r.plan.decimals_of(r.metric);
  const ResultRow& plan = r.plan.annual_row(r.metric);
  std::string out = t(Msg::rank_title, metric_label(r.metric, lang), unit(r.metric)) + "\n";
  out += t(Msg::rank_subtitle, r.plan.samples, r.plan.seed, fmt::format("{:.{}f}", plan.s.mean, target_decimals + 2),
           fmt::format("{:.{}f}", plan.target, target_decimals), plan.s.p_meet);
  if (r.plan.reforecast) out += t(Msg::compare_ess, r.plan.ess);
  out += "\n\n" + format_measures(t, r, lang) + format_units(t, r);
  out += "\n";
  out += t(Msg::spread_title, display_name(r.metric), r.importance_samples);
  out += "\n";
  for (std::size_t i = 0; i < r.inputs.size() && i < 12; ++i)
    out += fmt::format("  {:>+6.3f}  {}\n", r.inputs[i].spearman, input_label(r.inputs[i], lang));
  out += format_input_selection(t, r);
  return out;
}

std::string rank_to_json(const RankResult& r) {
  nlohmann::ordered_json j;
  j["metric"] = std::string(name(r.metric));
  j["samples"] = r.plan.samples;
  j["seed"] = r.plan.seed;
  if (r.plan.reforecast) j["ess"] = r.plan.ess;  // a re-forecast's samples are weighted
  j["plan"] = {{"mean", r.plan.annual_row(r.metric).s.mean}, {"p_meet", r.plan.annual_row(r.metric).s.p_meet}};
  j["measures"] = nlohmann::ordered_json::array();
  for (const auto& m : r.measures) {
    nlohmann::ordered_json e;
    e["id"] = m.id;
    e["text"] = m.text;
    e["lead_units"] = m.lead_units;
    e["enabling"] = m.enabling;
    e["critical"] = m.critical;
    e["dependants"] = m.dependants;
    for (const char* key : {"removed", "slip"}) {
      nlohmann::ordered_json per;
      for (Metric p : kMetrics) {
        const bool removed = std::string(key) == "removed";
        per[std::string(name(p))] = {{"mean", removed ? m.removed_mean[mi(p)] : m.slip_mean[mi(p)]},
                                     {"p_meet", removed ? m.removed_p_meet[mi(p)] : m.slip_p_meet[mi(p)]}};
      }
      e[key] = std::move(per);
    }
    if (m.note != RemovalNote::none) e["note"] = removal_note_text(m.note, Language::en);
    j["measures"].push_back(std::move(e));
  }
  j["lead_units"] = nlohmann::ordered_json::array();
  for (const auto& u : r.units) {
    nlohmann::ordered_json variants = nlohmann::ordered_json::array();
    for (const auto& v : u.variants)
      variants.push_back({{"written", v.written}, {"confirmed_alias", v.confirmed}, {"measures", v.measures}});
    j["lead_units"].push_back({{"unit", u.unit}, {"measures", u.measures}, {"shared", u.shared},
                               {"removed_mean", u.removed_mean}, {"removed_p_meet", u.removed_p_meet},
                               {"variants", std::move(variants)}});
  }
  j["inputs"] = nlohmann::ordered_json::array();
  for (const auto& in : r.inputs) j["inputs"].push_back({{"input", in.input}, {"spearman", in.spearman}});
  const InputSelection& sel = r.input_selection;
  j["input_selection"] = {{"samples", sel.samples},
                          {"tested", sel.tested},
                          {"alpha", sel.alpha},
                          {"z", sel.z},
                          {"se", sel.se},
                          {"cut", sel.cut},
                          {"not_significant", sel.not_significant},
                          {"unreachable", sel.unreachable}};
  return j.dump(2) + "\n";
}

std::string rank_to_csv(const RankResult& r, bool bom) {
  std::string out(byte_order_mark(bom));
  out += "id,metric,removed_mean,removed_p_meet,slip_mean,slip_p_meet,critical,enabling,lead_units\n";
  for (const auto& m : r.measures)
    for (Metric p : kMetrics)
      // Changes of concentration two decimals past the reporting precision,
      // of probability four.
      out += fmt::format("{},{},{:.{}f},{:.4f},{:.{}f},{:.4f},{},{},\"{}\"\n", m.id, name(p), m.removed_mean[mi(p)],
                         r.plan.decimals_of(p) + 2, m.removed_p_meet[mi(p)], m.slip_mean[mi(p)], r.plan.decimals_of(p) + 2,
                         m.slip_p_meet[mi(p)], m.critical, m.enabling, join(m.lead_units, "、"));
  return out;
}

Rendered render(const RankResult& r, const ViewOptions& o) {
  return render_report(o, format_rank(r, table_language(o, r.plan.language)), rank_to_csv(r, o.excel), rank_to_json(r), "rank");
}

}  // namespace aqplan
