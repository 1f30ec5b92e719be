// Internal to the views: the one message catalogue. Every word a view
// prints in a terminal table comes from here, in English and Chinese
// (tests/view_test.cpp fails on an entry without both, and on a Chinese
// table with English words left in it). Data (measure texts, lead units,
// file names, TOML keys) is shown as written.
//
// Placeholders are fmt's: `{}` in the same order in both languages.
#pragma once

#include <cmath>
#include <span>
#include <string>

#include <fmt/format.h>

#include "aqplan/views/view.h"

namespace aqplan::views {

enum class Msg : int {
  // run, merge and compare tables
  month, year, base, target, projected, p50, met, p_met, yes, no, composite, deterministic, samples, at_risk, range,
  compare_title, compare_annual, compare_moved, none, convexity, nitrate_raised, nitrate_vs_reference, band_sources,
  band_sources_row,
  // re-forecast (observed months)
  observed_cell, observed_note, samples_ess, reforecast_title, reforecast_row, budget_title, budget_mean,
  budget_percentile, budget_unreachable, budget_already_met, budget_composite, compare_ess, stat_co, stat_o3,
  // validate
  validated_scenario, validated_dataset,
  // rank
  rank_title, rank_subtitle, removed_delta, delta_p_meet, slip_delta, flags, also_stops, note, note_nox_nitrate,
  note_nox_o3, note_unexplained, flags_legend, per_unit_title, unit_row, unit_variant, unit_alias, unit_near_miss,
  spread_title, input_weather, input_regional, input_growth, input_delay, input_size, input_implemented, no_input_passes,
  cut_listed, cut_test, cut_not_listed,
  // gap
  gap_title, all_sectors, period_year, period_month, dir_all, dir_nox, dir_voc, dir_none, p_meet_now, nothing_to_cut,
  not_reachable, cut_more, removes_least, tonnes_year, tonnes_month, tonnes_basis, no_costs, local_emissions,
  of_sectors, nonlocal_alone, uncut_and_nonlocal, other_sectors, other_species, other_species_and_sectors,
  even_full_cut, beyond_achieved, within_year, for_month, nox_worsens, met_already,
  // schedule
  schedule_title, schedule_title_dataset, schedule_legend, id, in_effect, with_slips, slip, p_late, slack, critical,
  as_written, lead_units, measure, all_year, never, enabling_tag, note_planned_after_year, note_slips_out_of_year, note_moved_out_by,
  note_absorbed, note_moved_by, note_enabling_alone, note_excluded,
  // explain
  explain_title, explain_month, explain_year, explain_runs, explain_status, explain_at_risk, explain_not_decided,
  waterfall_title, step_base, step_base_months, step_base_anomaly, step_observed, step_growth, step_regional, step_weather, step_measure,
  step_more_measures, step_interaction, step_projected, check_ok, check_failed,
  split_title, split_title_o3, split_year, sector, total, part_primary, part_sulfate, part_nitrate, part_ammonium,
  part_organic, part_coarse, part_emitted, part_first_order, species_so2, species_nox, species_co, species_voc,
  species_nh3, species_pm10, species_pm25, local_total, nonlocal_part, observed_part, unattributed_part,
  projected_mean, split_hidden, ammonium_split, ammonium_whole,
  levers_title, levers_cuts, levers_measures, d_median, d_p_meet, tonnes_removed, lever_removed,
  lever_slip, levers_against, lever_none, lever_note_nitrate, lever_note_ozone,
  count_
};

struct Message {
  Msg id;
  const char* key;  // the name tests report
  const char* en;
  const char* zh;
};

// Every entry, in Msg order.
std::span<const Message> catalogue();

// The words of `m` in `lang`.
const char* tr(Msg m, Language lang);

// tr() of one language, with the placeholders filled: t(Msg::samples, n, seed).
struct Words {
  Language lang;
  const char* operator()(Msg m) const { return tr(m, lang); }
  template <class... A>
  std::string operator()(Msg m, const A&... args) const {
    return fmt::format(fmt::runtime(tr(m, lang)), args...);
  }
};

// A name with its Chinese form, when the data gives one: `zh` for a Chinese
// table, else `en`.
inline const std::string& pick(Language lang, const std::string& en, const std::string& zh) {
  return lang == Language::zh && !zh.empty() ? zh : en;
}

// P(meet) as a table shows it: two decimals, or three or four when it takes
// them for the shown value to fall on the same side of `risk_below` as the
// value itself, so that a mark and its number never disagree (0.7985 below
// 0.8 is "0.7985", not "0.80"); closer still, four decimals rounded away
// from the threshold (0.79999 is "0.7999"). At most 6 characters.
inline std::string probability_text(double p, double risk_below) {
  for (int d = 2; d <= 4; ++d) {
    std::string s = fmt::format("{:.{}f}", p, d);
    if ((std::stod(s) < risk_below) == (p < risk_below)) return s;
  }
  const double scaled = p * 1e4;
  return fmt::format("{:.4f}", (p < risk_below ? std::floor(scaled) : std::ceil(scaled)) / 1e4);
}

}  // namespace aqplan::views
