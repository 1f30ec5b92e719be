#include "aqplan/views/rank_view.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"

namespace aqplan {

namespace {
constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }
}  // namespace

namespace {
// How the inputs above were chosen: the cut, and what was left out.
std::string format_input_selection(const RankResult& r) {
  const InputSelection& sel = r.input_selection;
  std::string out;
  if (r.inputs.empty()) out += fmt::format("  {}\n", "(no input passes the cut)");
  out += fmt::format("  listed: |ρ| > {:.3f} = z·SE, SE = 1/√(n − 1) = {:.4f}, z = {:.2f}\n", sel.cut, sel.se, sel.z);
  out += fmt::format("  (two-sided, family-wise {:g} % over the {} inputs tested, Bonferroni)\n", 100 * sel.alpha, sel.tested);
  out += fmt::format("  not listed: {} inputs below the cut", sel.not_significant);
  out += fmt::format(", {} that cannot reach {} (model structure)\n", sel.unreachable.size(), display_name(r.metric));
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
}  // namespace

std::string format_rank(const RankResult& r, Language lang) {
  const std::size_t k = mi(r.metric);
  const int target_decimals = r.plan.decimals_of(r.metric);
  const int d = target_decimals + 2;
  std::string out = fmt::format(
      "Which measures matter for annual {} ({}): change when a measure is removed, and when it is exactly three months "
      "late.\n{} samples, seed {}, common random numbers. Plan: mean {:.{}f}, P(meet {}) {:.3f}.\n\n",
      metric_label(r.metric, lang), unit(r.metric), r.plan.samples, r.plan.seed, r.plan.annual_row(r.metric).s.mean, d,
      fmt::format("{:.{}f}", r.plan.annual_row(r.metric).target, target_decimals), r.plan.annual_row(r.metric).s.p_meet);
  out += fmt::format("{:>4}  {:>9} {:>9}  {:>9} {:>9}  {:<5} {} {}\n", "id", "removed Δ", "ΔP(meet)", "slip Δ", "ΔP(meet)",
                     "flags", pad_display("lead units", 34), "measure");
  for (const auto& m : r.measures) {
    std::string flags = std::string(m.critical ? "C" : "") + (m.enabling ? "E" : "") + (m.lead_units.size() > 1 ? "S" : "");
    out += fmt::format("{:>4}  {:>+9.{}f} {:>+9.3f}  {:>+9.{}f} {:>+9.3f}  {:<5} {} {}\n", m.id, m.removed_mean[k], d,
                       m.removed_p_meet[k], m.slip_mean[k], d, m.slip_p_meet[k], flags,
                       pad_display(join(m.lead_units, "、"), 34),
                       pad_display(lang == Language::en && !m.title_en.empty() ? m.title_en : m.text, 40));
    if (!m.dependants.empty()) out += fmt::format("{:>6}… removing it also stops {}\n", "", join_ids(m.dependants));
    if (!m.note.empty()) out += fmt::format("{:>6}note: {}\n", "", m.note);
  }
  out += "flags: C on the critical path, E enabling (acts through its dependants), S lead units shared.\n\n";
  out += "Per lead unit (sum of its measures; a measure with several lead units counts for each):\n";
  for (const auto& u : r.units)
    out += fmt::format("  {} {:>+9.{}f} {:>+9.3f}  {} measure(s), {} shared\n", pad_display(u.unit, 34), u.removed_mean, d,
                       u.removed_p_meet, u.measures, u.shared);
  out += fmt::format("\nWhat explains the spread of annual {} (Spearman rank correlation over {} samples):\n",
                     display_name(r.metric), r.importance_samples);
  for (std::size_t i = 0; i < r.inputs.size() && i < 12; ++i)
    out += fmt::format("  {:>+6.3f}  {}\n", r.inputs[i].spearman, r.inputs[i].input);
  out += format_input_selection(r);
  return out;
}

std::string rank_to_json(const RankResult& r) {
  nlohmann::ordered_json j;
  j["metric"] = std::string(name(r.metric));
  j["samples"] = r.plan.samples;
  j["seed"] = r.plan.seed;
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
    if (!m.note.empty()) e["note"] = m.note;
    j["measures"].push_back(std::move(e));
  }
  j["lead_units"] = nlohmann::ordered_json::array();
  for (const auto& u : r.units)
    j["lead_units"].push_back({{"unit", u.unit}, {"measures", u.measures}, {"shared", u.shared},
                               {"removed_mean", u.removed_mean}, {"removed_p_meet", u.removed_p_meet}});
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
