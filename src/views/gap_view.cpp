#include "aqplan/views/gap_view.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"
#include "views/words.h"

namespace aqplan {

namespace {

using views::Msg;

// The species of a tonnes line: SO₂ NOx CO VOC NH₃ PM₁₀ PM₂.₅.
constexpr const char* kSpeciesLabel[kSpeciesCount] = {"SO₂", "NOx", "CO", "VOC", "NH₃", "PM₁₀", "PM₂.₅"};

// What a direction cuts, in words: "local NOx emissions of steel, power".
std::string cut_words(const views::Words& t, const GapResult& g, GapDirection d) {
  const char* species = d == GapDirection::nox ? "NOx " : d == GapDirection::voc ? "VOC " : "";
  return t(Msg::local_emissions, species, g.all_sectors ? std::string() : t(Msg::of_sectors, join(g.sectors, ", ")));
}

std::string uncut_reason(const views::Words& t, Uncut u) {
  switch (u) {
    case Uncut::nothing: return t(Msg::nonlocal_alone);
    case Uncut::other_sectors: return t(Msg::uncut_and_nonlocal, t(Msg::other_sectors));
    case Uncut::other_species: return t(Msg::uncut_and_nonlocal, t(Msg::other_species));
    case Uncut::other_species_and_sectors: return t(Msg::uncut_and_nonlocal, t(Msg::other_species_and_sectors));
  }
  return {};
}

std::string format_gap_row(const views::Words& t, const GapResult& g, const GapRow& r, Language lang) {
  const char* colon = lang == Language::zh ? "：" : ": ";
  std::string out = fmt::format("{} {}{}{}", pad_display(metric_label(r.metric, lang), 20), direction_text(r.direction, lang),
                                colon, t(Msg::p_meet_now, r.p_meet));
  if (r.met_already) return out + t(Msg::nothing_to_cut) + "\n";
  if (!r.reachable) out += t(Msg::not_reachable, r.p_meet_at_full) + "\n";
  else {
    out += t(Msg::cut_more, 100 * r.cut, r.cheapest ? t(Msg::removes_least) : "", r.p_meet_at_cut) + "\n";
    std::string tonnes;
    for (std::size_t k = 0; k < kSpeciesCount; ++k)
      if (r.tonnes[k] > 0) tonnes += fmt::format(" {} {:.0f}", kSpeciesLabel[k], r.tonnes[k]);
    out += fmt::format("{:>22}{}{}{}\n", "", g.request.period == 0 ? std::string(t(Msg::tonnes_year))
                                                                     : t(Msg::tonnes_month, g.request.period),
                       lang == Language::zh ? "：" : ":", lang == Language::zh ? tonnes.substr(1) : tonnes);
  }
  if (const std::string note = gap_note(g, r, lang); !note.empty()) out += fmt::format("{:>22}{}\n", "", note);
  return out;
}

}  // namespace

std::string direction_text(GapDirection d, Language lang) {
  switch (d) {
    case GapDirection::all: return views::tr(Msg::dir_all, lang);
    case GapDirection::nox: return views::tr(Msg::dir_nox, lang);
    case GapDirection::voc: return views::tr(Msg::dir_voc, lang);
    case GapDirection::none: return views::tr(Msg::dir_none, lang);
  }
  return {};
}

std::string gap_note(const GapResult& g, const GapRow& r, Language lang) {
  const views::Words t{lang};
  std::vector<std::string> notes;
  if (r.met_already) notes.push_back(t(Msg::met_already, r.p_meet, g.request.confidence.value_or(0.0)));
  else if (!r.reachable)
    notes.push_back(t(Msg::even_full_cut, cut_words(t, g, r.direction), r.p_meet_at_full, uncut_reason(t, r.uncut)));
  else if (r.beyond_achieved)
    notes.push_back(t(Msg::beyond_achieved, 100 * r.cut, cut_words(t, g, r.direction),
                      g.request.period == 0 ? std::string(t(Msg::within_year)) : t(Msg::for_month, g.request.period),
                      100 * g.achieved_cut_max));
  if (r.nox_worsens) notes.push_back(t(Msg::nox_worsens, r.p_meet, r.p_meet_at_small_nox_cut));
  return join(notes, lang == Language::zh ? "；" : "; ");
}

std::string format_gap(const GapResult& g, Language lang) {
  const views::Words t{lang};
  std::string out = t(Msg::gap_title, g.request.sectors.empty() ? std::string(t(Msg::all_sectors)) : join(g.sectors, ", "),
                      100 * g.request.confidence.value_or(0.0),
                      g.request.period == 0 ? std::string(t(Msg::period_year)) : t(Msg::period_month, g.request.period));
  if (g.ess) out += t(Msg::compare_ess, *g.ess);
  out += "\n\n";
  for (const auto& r : g.rows) out += format_gap_row(t, g, r, lang);
  out += "\n";
  out += t(Msg::tonnes_basis, g.tonnes_samples);
  out += "\n";
  out += t(Msg::no_costs);
  return out + "\n";
}

std::string gap_to_json(const GapResult& g) {
  nlohmann::ordered_json j;
  j["confidence"] = g.request.confidence.value_or(0.0);
  j["period"] = g.request.period == 0 ? nlohmann::ordered_json("year") : nlohmann::ordered_json(g.request.period);
  j["sectors"] = g.sectors;
  if (g.ess) j["ess"] = *g.ess;  // a re-forecast's samples are weighted
  j["tonnes_basis"] = "cut × mean projected post-plan emissions of the cut sectors in the period";
  j["tonnes_samples"] = g.tonnes_samples;
  j["cost_ranking"] = "none: no cost data; cheapest marks only a direction that removes no more of any species";
  j["achieved_cut_max"] = g.achieved_cut_max;
  j["rows"] = nlohmann::ordered_json::array();
  for (const auto& r : g.rows) {
    nlohmann::ordered_json e;
    e["metric"] = std::string(name(r.metric));
    e["direction"] = direction_text(r.direction, Language::en);
    e["p_meet"] = r.p_meet;
    e["met_already"] = r.met_already;
    e["reachable"] = r.reachable;
    if (r.reachable && !r.met_already) {
      e["cut"] = r.cut;
      e["p_meet_at_cut"] = r.p_meet_at_cut;
      nlohmann::ordered_json t;
      for (Species k : kSpecies) t[std::string(name(k))] = r.tonnes[static_cast<std::size_t>(k)];
      e["tonnes"] = t;
      if (g.request.period == 0) e["tonnes_per_year"] = std::move(t);
      e["cheapest"] = r.cheapest;
      e["beyond_achieved"] = r.beyond_achieved;
    }
    if (!r.met_already) e["p_meet_at_full_cut"] = r.p_meet_at_full;
    if (const std::string note = gap_note(g, r, Language::en); !note.empty()) e["note"] = note;
    j["rows"].push_back(std::move(e));
  }
  return j.dump(2) + "\n";
}

std::string gap_to_csv(const GapResult& g, bool bom) {
  std::string out(byte_order_mark(bom));
  out += "metric,period,direction,p_meet,met_already,reachable,cut,p_meet_at_cut,p_meet_at_full_cut";
  for (Species k : kSpecies) out += fmt::format(",{}_t", name(k));
  out += ",cheapest,beyond_achieved\n";
  for (const auto& r : g.rows) {
    // Probabilities and the cut (a fraction) with four decimals, tonnes with one.
    out += fmt::format("{},{},{},{:.4f},{},{},{:.4f},{:.4f},{:.4f}", name(r.metric),
                       r.period == 0 ? std::string("year") : std::to_string(r.period), direction_text(r.direction, Language::en), r.p_meet, r.met_already,
                       r.reachable, r.cut, r.p_meet_at_cut, r.p_meet_at_full);
    for (double t : r.tonnes) out += fmt::format(",{:.1f}", t);
    out += fmt::format(",{},{}\n", r.cheapest, r.beyond_achieved);
  }
  return out;
}



Rendered render(const GapResult& g, const ViewOptions& o) {
  return render_report(o, format_gap(g, table_language(o, g.language)), gap_to_csv(g, o.excel), gap_to_json(g), "gap");
}

}  // namespace aqplan
