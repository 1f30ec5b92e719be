#include "aqplan/results/rank.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "aqplan/base/distribution.h"
#include "aqplan/base/paths.h"
#include "aqplan/base/text.h"
#include "aqplan/data/ledger_file.h"
#include "aqplan/data/scenario.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/model/check.h"

namespace aqplan {

namespace {

constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }

// The slip of rank's "slip sensitivity": exactly three months late.
constexpr double kSlipMonths = 3.0;

// Ranks of v (average ranks for ties), for Spearman's correlation.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    const double avg = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

// The uncertain inputs of one metric's annual statistic, as columns of
// sampled values: what each sample contributes is read from its Draw by
// kind and index.
struct InputColumn {
  std::string label;
  UncertainInput what;
  std::vector<double> values;
};

std::vector<InputColumn> input_columns(const Model& model, Metric metric) {
  using Kind = InputKind;
  std::vector<InputColumn> columns;
  columns.push_back({fmt::format("weather ({})", name(metric)), {Kind::weather, 0, metric}, {}});
  columns.push_back({fmt::format("regional trend ({})", name(metric)), {Kind::regional, 0, metric}, {}});
  const auto& sectors = model.sectors();
  for (std::size_t s = 0; s < sectors.size(); ++s) columns.push_back({"growth of " + sectors[s].name, {Kind::growth, s}, {}});
  const auto& measures = model.measures();
  for (std::size_t j = 0; j < measures.size(); ++j) {
    if (measures[j].excluded) continue;
    columns.push_back({fmt::format("delay of measure {}", measures[j].id), {Kind::delay, j}, {}});
    if (measures[j].has_effects) columns.push_back({fmt::format("size of measure {}", measures[j].id), {Kind::size, j}, {}});
    columns.push_back({fmt::format("implementation of measure {}", measures[j].id), {Kind::implemented, j}, {}});
  }
  return columns;
}

// Each column's value in one sample.
void record(std::vector<InputColumn>& columns, const Model& model, const Draw& d, Metric metric,
            std::vector<double>& size) {
  using Kind = InputKind;
  double weather = 0;
  for (double m : d.weather[mi(metric)]) weather += std::log(m);
  std::fill(size.begin(), size.end(), 0.0);
  const auto& effects = model.effects();
  for (std::size_t e = 0; e < effects.size(); ++e) size[static_cast<std::size_t>(effects[e].measure)] += d.effect_size[e];
  for (auto& c : columns) {
    const std::size_t i = c.what.index;
    switch (c.what.kind) {
      case Kind::weather: c.values.push_back(weather); break;
      case Kind::regional: c.values.push_back(d.regional_change[mi(metric)]); break;
      case Kind::growth: c.values.push_back(d.growth[i]); break;
      case Kind::delay: c.values.push_back(d.delay[i]); break;
      case Kind::size: c.values.push_back(size[i]); break;
      case Kind::implemented: c.values.push_back(d.implemented[i]); break;
    }
  }
}

// The columns of the inputs that can reach `metric`, sampled over the first
// n samples of the run, with the metric's annual statistic in y; the labels
// of the others in `unreachable`.
std::vector<InputColumn> sample_inputs(const Model& model, Metric metric, const AnalysisRun& run, std::uint64_t n,
                                       std::vector<double>& y, std::vector<std::string>& unreachable) {
  const Reach reach(model);
  std::vector<InputColumn> columns;
  for (InputColumn& c : input_columns(model, metric)) {
    if (reach.input(c.what, metric)) columns.push_back(std::move(c));
    else unreachable.push_back(std::move(c.label));
  }
  std::sort(unreachable.begin(), unreachable.end());
  const Sampler sampler(model, weather_scaled(run.weather_scale));
  Draw d = model.mode_draw();
  Workspace ws = model.make_workspace();
  Outcome o;
  std::vector<double> size(model.measures().size());
  for (std::uint64_t i = 0; i < n; ++i) {
    sampler.draw(run.seed, i, d);
    model.evaluate(d, ws, o);
    y.push_back(o.annual[mi(metric)]);
    record(columns, model, d, metric, size);
  }
  return columns;
}

}  // namespace

// Spearman rank correlation of each uncertain input that can reach `metric`
// with its annual statistic, over the first samples of the run; listed
// when it passes the cut (InputSelection).
SpreadExplanation explain_spread(const Model& model, Metric metric, const AnalysisRun& run) {
  SpreadExplanation out;
  InputSelection& sel = out.selection;
  sel.samples = std::min<std::uint64_t>(run.samples, kImportanceSamples);
  std::vector<double> y;
  std::vector<InputColumn> columns = sample_inputs(model, metric, run, sel.samples, y, sel.unreachable);
  // Label order, so that equal correlations list alphabetically.
  std::sort(columns.begin(), columns.end(), [](const InputColumn& a, const InputColumn& b) { return a.label < b.label; });
  const std::vector<double> ry = ranks(y);
  std::vector<InputImportance> tested;
  for (const auto& c : columns) {
    const auto& x = c.values;
    if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x.front(); })) continue;  // certain
    InputImportance in;
    in.input = c.label;
    in.spearman = pearson(ranks(x), ry);
    in.what = c.what;
    if (c.what.kind == InputKind::growth) in.sector = model.sectors()[c.what.index].name;
    else if (c.what.kind != InputKind::weather && c.what.kind != InputKind::regional)
      in.measure = model.measures()[c.what.index].id;
    tested.push_back(std::move(in));
  }
  sel.tested = tested.size();
  if (sel.samples > 1) sel.se = 1.0 / std::sqrt(static_cast<double>(sel.samples - 1));
  if (sel.tested > 0) sel.z = normal_quantile(1.0 - sel.alpha / (2.0 * static_cast<double>(sel.tested)));
  sel.cut = sel.z * sel.se;
  for (auto& t : tested) {
    if (sel.samples > 1 && std::abs(t.spearman) > sel.cut) out.inputs.push_back(std::move(t));
    else ++sel.not_significant;
  }
  std::stable_sort(out.inputs.begin(), out.inputs.end(), [](const InputImportance& a, const InputImportance& b) {
    return std::abs(a.spearman) > std::abs(b.spearman);
  });
  return out;
}

namespace {

// Dependants, transitively: what never starts without each measure.
class Dependants {
 public:
  explicit Dependants(const Model& model) {
    for (const auto& m : model.measures())
      for (int dep : m.depends_on) direct_[dep].push_back(m.id);
  }
  std::vector<int> of(int id) const {
    std::vector<int> out, stack{id};
    while (!stack.empty()) {
      const int cur = stack.back();
      stack.pop_back();
      const auto it = direct_.find(cur);
      if (it == direct_.end()) continue;
      for (int d : it->second)
        if (std::find(out.begin(), out.end(), d) == out.end()) {
          out.push_back(d);
          stack.push_back(d);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::map<int, std::vector<int>> direct_;
};

// Why removing a measure lowers the chosen metric, when it does.
RemovalNote removal_note(const MeasureImpact& impact, const ModelMeasure& mm, Metric metric) {
  if (impact.removed_mean[mi(metric)] >= 0) return RemovalNote::none;
  if (has_species(mm.species, Species::nox)) {
    if (metric == Metric::pm25 || metric == Metric::pm10) return RemovalNote::nox_nitrate;
    if (metric == Metric::o3) return RemovalNote::nox_o3;
    return RemovalNote::none;
  }
  return RemovalNote::unexplained;
}

// Measure j removed, and three months late, against the plan.
MeasureImpact measure_impact(const Model& model, std::size_t j, const RunResult& plan, const AnalysisRun& run,
                             Metric metric, std::vector<int> dependants) {
  const ModelMeasure& mm = model.measures()[j];
  MeasureImpact impact;
  impact.id = mm.id;
  impact.text = mm.text;
  impact.title_en = mm.title_en;
  impact.lead_units = mm.lead_units;
  impact.enabling = mm.enabling;
  impact.critical = model.schedule().planned(j).critical;
  impact.dependants = std::move(dependants);
  SamplingOptions without;
  without.switched_off = {mm.id};
  const RunResult removed = run_variant(model, run, without);
  SamplingOptions late;
  late.fixed_delay = {{mm.id, kSlipMonths}};
  const RunResult slipped = run_variant(model, run, late);
  for (Metric p : kMetrics) {
    const auto& base = plan.annual_row(p).s;
    impact.removed_mean[mi(p)] = removed.annual_row(p).s.mean - base.mean;
    impact.removed_p_meet[mi(p)] = removed.annual_row(p).s.p_meet - base.p_meet;
    impact.slip_mean[mi(p)] = slipped.annual_row(p).s.mean - base.mean;
    impact.slip_p_meet[mi(p)] = slipped.annual_row(p).s.p_meet - base.p_meet;
  }
  impact.note = removal_note(impact, mm, metric);
  return impact;
}

// The name the per-unit table counts `written` under, and how it got there.
struct ResolvedUnit {
  std::string unit;
  bool variant = false, confirmed = false;
};
ResolvedUnit resolve_unit(const std::string& written, const LeadUnits& known) {
  if (std::find(known.units.begin(), known.units.end(), written) != known.units.end()) return {written};
  for (const auto& [variant, canonical] : known.aliases)
    if (variant == written) return {canonical, true, true};
  if (auto s = did_you_mean(written, known.units)) return {*s, true, false};
  return {written};
}

// The measures' impacts summed per lead unit (aliases and near misses
// counted under the known name), largest first.
std::vector<LeadUnitImpact> lead_unit_impacts(const std::vector<MeasureImpact>& measures, Metric metric,
                                              const LeadUnits& known) {
  std::map<std::string, LeadUnitImpact> units;
  for (const auto& m : measures)
    for (const auto& written : m.lead_units) {
      const ResolvedUnit r = resolve_unit(written, known);
      LeadUnitImpact& lu = units[r.unit];
      lu.unit = r.unit;
      ++lu.measures;
      if (m.lead_units.size() > 1) ++lu.shared;
      lu.removed_mean += m.removed_mean[mi(metric)];
      lu.removed_p_meet += m.removed_p_meet[mi(metric)];
      if (!r.variant) continue;
      auto v = std::find_if(lu.variants.begin(), lu.variants.end(), [&](const UnitVariant& x) { return x.written == written; });
      if (v == lu.variants.end()) v = lu.variants.insert(lu.variants.end(), UnitVariant{written, r.confirmed, {}});
      v->measures.push_back(m.id);
    }
  std::vector<LeadUnitImpact> out;
  for (auto& [u, lu] : units) {
    for (auto& v : lu.variants) std::sort(v.measures.begin(), v.measures.end());
    out.push_back(lu);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const LeadUnitImpact& a, const LeadUnitImpact& b) { return a.removed_mean > b.removed_mean; });
  return out;
}

}  // namespace

RankResult rank_measures(const ModelInputs& inputs, Metric metric, const AnalysisRun& run) {
  return rank_measures(inputs, metric, run, read_lead_units(default_data_dir() + "/lead-units.toml"));
}

RankResult rank_measures(const ModelInputs& inputs, Metric metric, const AnalysisRun& run, const LeadUnits& known) {
  RankResult r;
  r.metric = metric;
  const Model model = Model::build(inputs);
  r.plan = plan_run(model, run);
  const Dependants dependants(model);
  for (std::size_t j = 0; j < model.measures().size(); ++j) {
    const ModelMeasure& mm = model.measures()[j];
    if (mm.excluded) continue;
    std::vector<int> deps = dependants.of(mm.id);
    if (!mm.has_effects && deps.empty()) continue;  // paperwork with nothing waiting on it
    r.measures.push_back(measure_impact(model, j, r.plan, run, metric, std::move(deps)));
  }
  const std::size_t k = mi(metric);
  std::stable_sort(r.measures.begin(), r.measures.end(),
                   [k](const MeasureImpact& a, const MeasureImpact& b) { return a.removed_mean[k] > b.removed_mean[k]; });
  r.units = lead_unit_impacts(r.measures, metric, known);
  SpreadExplanation spread = explain_spread(model, metric, run);
  r.inputs = std::move(spread.inputs);
  r.input_selection = std::move(spread.selection);
  r.importance_samples = r.input_selection.samples;
  return r;
}

RankResult rank_scenario(const AnalysisRequest& request, Metric metric) {
  const Scenario sc = load_checked_scenario(request.scenario, request.scenario_options);
  return rank_measures(sc.inputs, metric, analysis_run(request, sc));
}

}  // namespace aqplan
