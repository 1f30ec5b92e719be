// aqplan/results/gap.h — what more must be cut to be c sure: the smallest
// extra uniform cut x of local emissions (all sectors or named ones) that
// lifts P(meet) to the confidence c, by bisection on x with common random
// numbers; for O3 along NOx-only, VOC-only and all-species directions,
// since O3 is not monotone in NOx. Shown by views/gap_view.h.
//
// Tonnes: what the cut removes in the target's period (the target year, or
// that month): the cut × the plan's projected emissions of the cut sectors
// and species in the period (after growth and the measures, each month's
// share by the sector's monthly profile), averaged over the run's samples
// (mean_projected_tonnes).
//
// No cost data: directions are not ranked by cost. A direction is marked
// `cheapest` only when it removes no more tonnes of any species than every
// other reachable direction of its metric and period, which makes it the
// cheapest whatever the costs per tonne.
//
// Units: probabilities in [0, 1]; cuts as fractions (0.1 = 10 %); tonnes in
// t per period (t in the year, or t in the month).
// Thread safety: reentrant; each call runs the parallel engine.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/results/analysis_run.h"

namespace aqplan {

struct GapRequest {
  // P(meet) to reach; default: the scenario's [report] risk_below (the
  // threshold below which run marks a period at risk, kDefaultRiskBelow).
  std::optional<double> confidence;
  std::optional<Metric> metric;    // every metric when empty
  int period = 0;                  // 0 = the year; 1..12 a month
  std::vector<std::string> sectors;  // every sector when empty
  double tolerance = 0.005;        // of x, for the bisection
};

// The species a row cuts: every one, NOx only or VOC only (O3), or none
// (the target is met already).
enum class GapDirection { all, nox, voc, none };

// Besides the non-local share, what a 100 % cut of the row's direction
// leaves uncut (when the confidence is not reachable).
enum class Uncut { nothing, other_sectors, other_species, other_species_and_sectors };

struct GapRow {
  Metric metric = Metric::pm25;
  int period = 0;
  GapDirection direction = GapDirection::all;
  double p_meet = 0;      // now
  bool met_already = false;
  bool reachable = false;
  double cut = 0;             // smallest x reaching the confidence (when reachable)
  double p_meet_at_cut = 0;
  double p_meet_at_full = 0;  // with every local tonne of the direction cut
  std::array<double, kSpeciesCount> tonnes{};  // t removed by the cut in the period (see above)
  // Removes no more tonnes of any species than every other reachable
  // direction of this metric and period (of which there is at least one).
  bool cheapest = false;
  // The cut is above what control measures have achieved (GapResult::achieved_cut_max).
  bool beyond_achieved = false;
  Uncut uncut = Uncut::nothing;  // when !reachable
  // O3, NOx only: a 10 % NOx cut lowers P(meet) (O3 is VOC-limited), to this.
  bool nox_worsens = false;
  double p_meet_at_small_nox_cut = 0;
};

struct GapResult {
  GapRequest request;
  std::vector<std::string> sectors;  // the sectors cut
  bool all_sectors = true;           // every sector of the inventory is cut
  std::vector<GapRow> rows;
  std::uint64_t tonnes_samples = 0;  // samples averaged for the tonnes
  double achieved_cut_max = 0;       // data/domain.toml [achieved] extra_cut_max
  std::string language = "en";       // the dataset's table language
  std::optional<double> ess;         // a re-forecast's effective sample size of the plan's run
  // Per sector cut (parallel to `sectors`), its projected emissions in the
  // period, t per species (mean_projected_tonnes of that sector alone): a
  // row's tonnes by sector are its cut times these (sector_tonnes).
  std::vector<std::array<double, kSpeciesCount>> sector_projected;
};

// What row's cut removes from sector `s` (an index into g.sectors) in the
// period, t per species (0 for the species the row does not cut); summed
// over the sectors, row.tonnes (to rounding).
std::array<double, kSpeciesCount> sector_tonnes(const GapResult& g, const GapRow& row, std::size_t s);

// Throws InputError for an unknown sector name (with "did you mean").
GapResult gap_to_target(const ModelInputs& inputs, const GapRequest& request, const AnalysisRun& run);

// gap_to_target of a scenario file, with the request's samples and seed
// (defaults as rank_scenario's).
GapResult gap_scenario(const AnalysisRequest& request, const GapRequest& gap);

// The plan's projected emissions of `sectors` in `period` (0 the target
// year, 1..12 a month), t per species: the mean over the run's samples of
// Σ_s Σ_m E[s,k]·profile[s,k,m]·ρ[s,k,m] (Model::projected_emissions),
// summed in sample order (the same bits for any thread count).
std::array<double, kSpeciesCount> mean_projected_tonnes(const Model& model, const AnalysisRun& run,
                                                        const std::vector<std::string>& sectors, int period);
// The same, of each of `sectors` alone (in their order), in one pass over
// the samples; with `total`, also mean_projected_tonnes of them all (the
// same bits) in that pass.
std::vector<std::array<double, kSpeciesCount>> mean_projected_tonnes_by_sector(
    const Model& model, const AnalysisRun& run, const std::vector<std::string>& sectors, int period,
    std::array<double, kSpeciesCount>* total = nullptr);

// Sets `cheapest` on the reachable row that removes no more tonnes of any
// species than each other reachable row, when there are at least two
// reachable rows and one such row; clears it everywhere else.
void mark_cheapest(std::vector<GapRow>& rows);

// "year" → 0, "1".."12" → the month; nullopt for anything else.
std::optional<int> parse_gap_period(std::string_view text);


}  // namespace aqplan
