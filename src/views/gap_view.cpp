#include "aqplan/views/gap_view.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"

namespace aqplan {

namespace {

// "t in 2023" / "t in month 1": the period the tonnes are of.
std::string tonnes_period(const GapResult& g) {
  return g.request.period == 0 ? fmt::format("t in the year") : fmt::format("t in month {}", g.request.period);
}

// What the tonnes are, and that nothing is ranked by cost.
std::string format_gap_footer(const GapResult& g) {
  std::string out = "\n";
  out += fmt::format("Tonnes: the cut × the plan's projected emissions of the cut sectors in the period");
  out += fmt::format(" (after growth and measures; mean of {} samples).\n", g.tonnes_samples);
  out += fmt::format("No cost data: directions are not ranked by cost.\n");
  return out;
}

}  // namespace

std::string format_gap(const GapResult& g, Language lang) {
  std::string out = fmt::format("Extra uniform cut of local emissions ({}) needed to be {:.0f} % sure of meeting the {} target.\n\n",
                                g.request.sectors.empty() ? std::string("all sectors") : join(g.sectors, ", "),
                                100 * g.request.confidence.value_or(0.0), g.request.period == 0 ? std::string("annual") : fmt::format("month {}", g.request.period));
  for (const auto& r : g.rows) {
    out += fmt::format("{} {}: P(meet) now {:.3f}", pad_display(metric_label(r.metric, lang), 20), r.direction, r.p_meet);
    if (r.met_already) out += " — nothing more to cut\n";
    else if (!r.reachable) out += fmt::format(" — not reachable: with 100 % cut P(meet) = {:.3f}\n", r.p_meet_at_full);
    else {
      out += fmt::format(" — cut {:.1f} % more{} → P(meet) {:.3f}\n", 100 * r.cut,
                         r.cheapest ? " (removes least of every species)" : "", r.p_meet_at_cut);
      std::string t;
      for (Species k : kSpecies)
        if (r.tonnes[static_cast<std::size_t>(k)] > 0) t += fmt::format(" {} {:.0f}", name(k), r.tonnes[static_cast<std::size_t>(k)]);
      out += fmt::format("{:>22}{}:{}\n", "", tonnes_period(g), t);
    }
    if (!r.note.empty() && !r.met_already) out += fmt::format("{:>22}{}\n", "", r.note);
  }
  return out + format_gap_footer(g);
}

std::string gap_to_json(const GapResult& g) {
  nlohmann::ordered_json j;
  j["confidence"] = g.request.confidence.value_or(0.0);
  j["period"] = g.request.period == 0 ? nlohmann::ordered_json("year") : nlohmann::ordered_json(g.request.period);
  j["sectors"] = g.sectors;
  j["tonnes_basis"] = "cut × mean projected post-plan emissions of the cut sectors in the period";
  j["tonnes_samples"] = g.tonnes_samples;
  j["cost_ranking"] = "none: no cost data; cheapest marks only a direction that removes no more of any species";
  j["achieved_cut_max"] = g.achieved_cut_max;
  j["rows"] = nlohmann::ordered_json::array();
  for (const auto& r : g.rows) {
    nlohmann::ordered_json e;
    e["metric"] = std::string(name(r.metric));
    e["direction"] = r.direction;
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
    if (!r.note.empty()) e["note"] = r.note;
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
                       r.period == 0 ? std::string("year") : std::to_string(r.period), r.direction, r.p_meet, r.met_already,
                       r.reachable, r.cut, r.p_meet_at_cut, r.p_meet_at_full);
    for (double t : r.tonnes) out += fmt::format(",{:.1f}", t);
    out += fmt::format(",{},{}\n", r.cheapest, r.beyond_achieved);
  }
  return out;
}



Rendered render(const GapResult& g, const ViewOptions& o) {
  return render_report(o, format_gap(g, table_language(o, "en")), gap_to_csv(g, o.excel), gap_to_json(g), "gap");
}

}  // namespace aqplan
