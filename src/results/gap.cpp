#include "aqplan/results/gap.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "aqplan/base/text.h"
#include "aqplan/data/domain.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/model/check.h"
#include "base/messages.h"

namespace aqplan {

namespace {

double p_meet_of(const RunResult& r, Metric p, int period) {
  return period == 0 ? r.annual_row(p).s.p_meet : r.month_row(p, period).s.p_meet;
}

// A direction of extra cuts: the species it cuts.
struct Direction {
  GapDirection kind;
  std::array<bool, kSpeciesCount> species;
  bool all_species() const {
    return std::all_of(species.begin(), species.end(), [](bool b) { return b; });
  }
};
constexpr Direction kAll{GapDirection::all, {true, true, true, true, true, true, true}};
constexpr Direction kNox{GapDirection::nox, {false, true, false, false, false, false, false}};
constexpr Direction kVoc{GapDirection::voc, {false, false, false, true, false, false, false}};

// The species a row's direction cuts: those of its Direction, none for `none`.
std::array<bool, kSpeciesCount> species_cut(GapDirection d) {
  switch (d) {
    case GapDirection::all: return kAll.species;
    case GapDirection::nox: return kNox.species;
    case GapDirection::voc: return kVoc.species;
    case GapDirection::none: break;
  }
  return {};
}

// Besides the non-local share, what a 100 % cut of `dir` leaves.
Uncut uncut_by(const Direction& dir, const GapResult& g) {
  if (dir.all_species()) return g.all_sectors ? Uncut::nothing : Uncut::other_sectors;
  return g.all_sectors ? Uncut::other_species : Uncut::other_species_and_sectors;
}

// The runs of one gap analysis: the plan, and the plan with extra cuts.
class GapSearch {
 public:
  GapSearch(const Model& model, const GapRequest& req, const AnalysisRun& run, const GapResult& g)
      : model_(model), req_(req), run_(run), g_(g), now_(plan_run(model, run)),
        by_sector_(mean_projected_tonnes_by_sector(model, run, g.sectors, req.period, &projected_)) {}

  const RunResult& now() const { return now_; }
  // Per cut sector, its projected tonnes in the period (GapResult::sector_projected).
  const std::vector<std::array<double, kSpeciesCount>>& by_sector() const { return by_sector_; }

  double p_meet_with_cut(const Direction& dir, double x, Metric p) const {
    SamplingOptions cut;
    cut.extra_cut_sectors = req_.sectors;
    for (std::size_t k = 0; k < kSpeciesCount; ++k) cut.extra_cut[k] = dir.species[k] ? x : 0.0;
    return p_meet_of(run_variant(model_, run_, cut), p, req_.period);
  }

  GapRow row(Metric p, const Direction& dir, double p0) const {
    GapRow row;
    row.metric = p;
    row.period = req_.period;
    row.direction = dir.kind;
    row.p_meet = p0;
    row.p_meet_at_full = p_meet_with_cut(dir, 1.0, p);
    if (row.p_meet_at_full < *req_.confidence) {
      row.uncut = uncut_by(dir, g_);
    } else {
      bisect(row, dir, p);
      row.beyond_achieved = row.cut > g_.achieved_cut_max;
    }
    if (p == Metric::o3 && dir.kind == GapDirection::nox) {
      row.p_meet_at_small_nox_cut = p_meet_with_cut(dir, 0.1, p);
      row.nox_worsens = row.p_meet_at_small_nox_cut < p0;
    }
    return row;
  }

 private:
  // The smallest cut reaching the confidence, to the request's tolerance,
  // and the tonnes it removes in the period.
  void bisect(GapRow& row, const Direction& dir, Metric p) const {
    double lo = 0.0, hi = 1.0, p_hi = row.p_meet_at_full;
    while (hi - lo > req_.tolerance) {
      const double mid = 0.5 * (lo + hi);
      const double pm = p_meet_with_cut(dir, mid, p);
      if (pm >= *req_.confidence) {
        hi = mid;
        p_hi = pm;
      } else {
        lo = mid;
      }
    }
    row.reachable = true;
    row.cut = hi;
    row.p_meet_at_cut = p_hi;
    for (std::size_t k = 0; k < kSpeciesCount; ++k) row.tonnes[k] = dir.species[k] ? hi * projected_[k] : 0.0;
  }

  const Model& model_;
  const GapRequest& req_;
  const AnalysisRun& run_;
  const GapResult& g_;
  RunResult now_;
  std::array<double, kSpeciesCount> projected_{};
  std::vector<std::array<double, kSpeciesCount>> by_sector_;
};

GapRow met_already(Metric p, int period, double p0) {
  GapRow row;
  row.metric = p;
  row.period = period;
  row.direction = GapDirection::none;
  row.p_meet = p0;
  row.met_already = true;
  row.reachable = true;
  return row;
}

}  // namespace

GapResult gap_to_target(const ModelInputs& inputs, const GapRequest& request, const AnalysisRun& run) {
  GapRequest req = request;
  if (!req.confidence) req.confidence = inputs.risk_below;
  GapResult g;
  g.request = req;
  const Inventory& inv = inputs.dataset.inventory;
  for (const auto& s : req.sectors)
    if (!inv.find(s))
      throw InputError("--sectors", 0, 0,
                       Text(msg::gap_unknown_sector, s, did_you_mean_text(s, inv.names()), join(inv.names(), ", ")));
  g.sectors = req.sectors.empty() ? inv.names() : req.sectors;
  g.all_sectors = std::all_of(inv.sectors.begin(), inv.sectors.end(), [&](const Sector& s) {
    return std::find(g.sectors.begin(), g.sectors.end(), s.name) != g.sectors.end();
  });
  g.achieved_cut_max = domain().extra_cut_achieved_max;
  g.language = inputs.dataset.language;
  g.tonnes_samples = run.samples;

  const Model model = Model::build(inputs);
  const GapSearch search(model, req, run, g);
  g.sector_projected = search.by_sector();
  if (search.now().reforecast) g.ess = search.now().ess;
  const std::vector<Metric> metrics =
      req.metric ? std::vector<Metric>{*req.metric} : std::vector<Metric>(kMetrics.begin(), kMetrics.end());
  for (Metric p : metrics) {
    const double p0 = p_meet_of(search.now(), p, req.period);
    if (p0 >= *req.confidence) {
      g.rows.push_back(met_already(p, req.period, p0));
      continue;
    }
    std::vector<GapRow> rows;
    for (const Direction& dir : p == Metric::o3 ? std::vector<Direction>{kNox, kVoc, kAll} : std::vector<Direction>{kAll})
      rows.push_back(search.row(p, dir, p0));
    mark_cheapest(rows);
    g.rows.insert(g.rows.end(), rows.begin(), rows.end());
  }
  return g;
}

void mark_cheapest(std::vector<GapRow>& rows) {
  // a removes no more of any species than b.
  auto no_more = [](const GapRow& a, const GapRow& b) {
    for (std::size_t k = 0; k < kSpeciesCount; ++k)
      if (a.tonnes[k] > b.tonnes[k]) return false;
    return true;
  };
  std::vector<std::size_t> reachable;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].cheapest = false;
    if (rows[i].reachable && !rows[i].met_already) reachable.push_back(i);
  }
  if (reachable.size() < 2) return;
  for (std::size_t i : reachable) {
    const bool least = std::all_of(reachable.begin(), reachable.end(), [&](std::size_t j) { return no_more(rows[i], rows[j]); });
    if (least) {
      rows[i].cheapest = true;
      return;
    }
  }
}

namespace {

// The projected emissions of each of the run's samples, in sample order,
// handed to add(e): e[(s·kSpeciesCount + k)·kMonths + m], t in month m.
template <class Add>
void each_sample_emissions(const Model& model, const AnalysisRun& run, Add add) {
  const Sampler sampler(model, weather_scaled(run.weather_scale));
  Draw d = model.mode_draw();
  Workspace ws = model.make_workspace();
  std::vector<double> e(model.sectors().size() * kSpeciesCount * kMonths);
  for (std::uint64_t i = 0; i < run.samples; ++i) {
    sampler.draw(run.seed, i, d);
    model.projected_emissions(d, ws, e);
    add(std::as_const(e));
  }
}

// The model's index of each of `sectors` that it has, in the model's order.
std::vector<std::size_t> sector_indices(const Model& model, const std::vector<std::string>& sectors) {
  std::vector<std::size_t> out;
  for (std::size_t s = 0; s < model.sectors().size(); ++s)
    if (std::find(sectors.begin(), sectors.end(), model.sectors()[s].name) != sectors.end()) out.push_back(s);
  return out;
}

// Months [first, last) of a period (0 the year, 1..12 a month).
std::pair<std::size_t, std::size_t> period_months(int period) {
  const std::size_t m0 = period == 0 ? 0 : static_cast<std::size_t>(period - 1);
  return {m0, period == 0 ? kMonths : m0 + 1};
}

// Adds sector s's tonnes of each species in months [first, last) of e to sum.
void add_sector(std::array<double, kSpeciesCount>& sum, const std::vector<double>& e, std::size_t s,
                std::pair<std::size_t, std::size_t> months) {
  for (std::size_t k = 0; k < kSpeciesCount; ++k)
    for (std::size_t m = months.first; m < months.second; ++m) sum[k] += e[(s * kSpeciesCount + k) * kMonths + m];
}

void divide_by_samples(std::array<double, kSpeciesCount>& sum, std::uint64_t samples) {
  if (samples > 0)
    for (double& t : sum) t /= static_cast<double>(samples);
}

}  // namespace

std::array<double, kSpeciesCount> mean_projected_tonnes(const Model& model, const AnalysisRun& run,
                                                        const std::vector<std::string>& sectors, int period) {
  const std::vector<std::size_t> cut = sector_indices(model, sectors);
  const std::pair<std::size_t, std::size_t> months = period_months(period);
  std::array<double, kSpeciesCount> sum{};
  each_sample_emissions(model, run, [&](const std::vector<double>& e) {
    for (std::size_t s : cut) add_sector(sum, e, s, months);
  });
  divide_by_samples(sum, run.samples);
  return sum;
}

std::vector<std::array<double, kSpeciesCount>> mean_projected_tonnes_by_sector(
    const Model& model, const AnalysisRun& run, const std::vector<std::string>& sectors, int period,
    std::array<double, kSpeciesCount>* total) {
  std::vector<std::size_t> index;  // the model's index of sectors[i]
  for (const std::string& name : sectors) {
    const std::vector<std::size_t> one = sector_indices(model, {name});
    if (one.empty()) throw std::invalid_argument("mean_projected_tonnes_by_sector: no sector " + name);
    index.push_back(one.front());
  }
  const std::pair<std::size_t, std::size_t> months = period_months(period);
  const std::vector<std::size_t> in_model_order = sector_indices(model, sectors);
  std::vector<std::array<double, kSpeciesCount>> sums(sectors.size());
  std::array<double, kSpeciesCount> all{};
  each_sample_emissions(model, run, [&](const std::vector<double>& e) {
    for (std::size_t i = 0; i < index.size(); ++i) add_sector(sums[i], e, index[i], months);
    // The total as mean_projected_tonnes sums it (model order), for the same bits.
    for (std::size_t s : in_model_order) add_sector(all, e, s, months);
  });
  for (auto& sum : sums) divide_by_samples(sum, run.samples);
  divide_by_samples(all, run.samples);
  if (total) *total = all;
  return sums;
}

std::array<double, kSpeciesCount> sector_tonnes(const GapResult& g, const GapRow& row, std::size_t s) {
  std::array<double, kSpeciesCount> out{};
  if (!row.reachable || row.met_already || s >= g.sector_projected.size()) return out;
  const std::array<bool, kSpeciesCount> cut = species_cut(row.direction);
  for (std::size_t k = 0; k < kSpeciesCount; ++k)
    if (cut[k]) out[k] = row.cut * g.sector_projected[s][k];
  return out;
}

GapResult gap_scenario(const AnalysisRequest& request, const GapRequest& gap) {
  const Scenario sc = load_checked_scenario(request.scenario, request.scenario_options);
  return gap_to_target(sc.inputs, gap, analysis_run(request, sc));
}

std::optional<int> parse_gap_period(std::string_view text) {
  if (text == "year") return 0;
  int m = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), m);
  if (ec != std::errc() || end != text.data() + text.size() || m < 1 || m > 12) return std::nullopt;
  return m;
}

}  // namespace aqplan
