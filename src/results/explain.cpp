#include "aqplan/results/explain.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "aqplan/base/limits.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/model/attribution.h"
#include "aqplan/model/check.h"
#include "aqplan/model/evaluation.h"
#include "aqplan/model/reach.h"
#include "base/messages.h"
#include "results/labels.h"

namespace aqplan {

namespace {

constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }
constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }

// The period's statistic in the engine's layout, and in one outcome.
std::size_t stat_of(const ExplainRequest& r) {
  return r.period == 0 ? annual_stat_index(r.metric) : stat_index(r.metric, r.period);
}
double statistic(const Outcome& o, const ExplainRequest& r) {
  return r.period == 0 ? o.annual[mi(r.metric)] : o.monthly[mi(r.metric)][static_cast<std::size_t>(r.period - 1)];
}

// The months of the period, 0-based: [first, last).
std::pair<std::size_t, std::size_t> months_of(const ExplainRequest& r) {
  if (r.period == 0) return {0, kMonths};
  return {static_cast<std::size_t>(r.period - 1), static_cast<std::size_t>(r.period)};
}

struct Value {
  double median = 0, p_meet = 0;
};

// The runs of one explanation: every variant of the plan with the same
// seed and samples, each reduced to the period's median and P(meet).
class Runs {
 public:
  Runs(const Model& model, const ExplainRequest& req, const AnalysisRun& run)
      : model_(model), req_(req), run_(run), target_(model.rules().target_value(req.metric, req.period == 0 ? kAnnual : req.period - 1)),
        decimals_(model.rules().decimals_of(req.metric)) {}

  // A variant; `weather` false switches the weather off (M = 1).
  Value value(SamplingOptions options, bool weather = true) {
    AnalysisRun run = run_;
    if (!weather) run.weather_scale = 0.0;
    std::vector<double> w;
    return summary(variant_values(model_, run, std::move(options), stat_of(req_), &w), w);
  }
  // The plan itself, its observed months checked (results/analysis_run.h),
  // and for a re-forecast the effective sample size (Σw)²/Σw².
  Value plan(std::optional<double>& ess) {
    std::vector<double> w;
    Value v = summary(plan_values(model_, run_, stat_of(req_), w), w);
    if (std::any_of(w.begin(), w.end(), [](double x) { return x != 1.0; })) {
      double sum = 0, sum_sq = 0;
      for (double x : w) {
        sum += x;
        sum_sq += x * x;
      }
      if (sum_sq > 0) ess = sum * sum / sum_sq;
    }
    return v;
  }
  int count() const { return count_; }

 private:
  Value summary(std::vector<double> v, const std::vector<double>& w) {
    ++count_;
    Value out;
    if (v.empty()) return out;
    if (std::any_of(w.begin(), w.end(), [](double x) { return x != 1.0; })) return weighted(v, w);
    std::size_t met = 0;
    for (double x : v) met += meets_target(x, target_, decimals_) ? 1 : 0;
    out.p_meet = static_cast<double>(met) / static_cast<double>(v.size());
    // The ⌈n/2⌉-th smallest (the accumulator's rank rule, without its bins).
    const auto r = static_cast<std::size_t>(std::ceil(0.5 * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(r, 1) - 1), v.end());
    out.median = v[std::max<std::size_t>(r, 1) - 1];
    return out;
  }

  // A re-forecast's variant: the weighted P(meet), and the smallest value
  // whose cumulative weight reaches half the total (with equal weights, the
  // ⌈n/2⌉-th smallest as above).
  Value weighted(const std::vector<double>& v, const std::vector<double>& w) const {
    std::vector<std::size_t> order(v.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b] || (v[a] == v[b] && a < b); });
    long double total = 0, met = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      total += w[i];
      if (meets_target(v[i], target_, decimals_)) met += w[i];
    }
    Value out;
    if (!(total > 0)) return out;
    out.p_meet = static_cast<double>(met / total);
    long double cum = 0;
    for (std::size_t i : order) {
      cum += w[i];
      out.median = v[i];
      if (cum >= 0.5L * total) break;
    }
    return out;
  }

  const Model& model_;
  const ExplainRequest& req_;
  const AnalysisRun& run_;
  double target_;
  int decimals_;
  int count_ = 0;
};

// The measures that can move the period (explain.h), in Model order.
std::vector<std::size_t> moving_measures(const Model& model, const ExplainRequest& req) {
  const std::vector<ModelMeasure>& ms = model.measures();
  const Reach reach(model);
  std::vector<bool> active(ms.size(), true);
  if (req.period > 0) {
    Workspace ws = model.make_workspace();
    const std::vector<double> delay(ms.size(), 0.0);
    std::vector<std::uint8_t> implemented(ms.size());
    for (std::size_t j = 0; j < ms.size(); ++j) implemented[j] = ms[j].excluded ? 0 : 1;
    model.schedule().evaluate(delay, implemented, ws.activity, ws.start, ws.complete);
    for (std::size_t j = 0; j < ms.size(); ++j) active[j] = ws.activity(static_cast<Eigen::Index>(j), req.period - 1) > 0.0;
    // A measure counts when one waiting for it (transitively) is in effect.
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t j = 0; j < ms.size(); ++j)
        for (int dep : ms[j].depends_on)
          if (const auto i = model.schedule().index_of(dep); i && active[j] && !active[*i]) active[*i] = changed = true;
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < ms.size(); ++j)
    if (!ms[j].excluded && active[j] && reach.timing(j, req.metric)) out.push_back(j);
  return out;
}

SamplingOptions nothing_but_observed(const Model& model) {
  SamplingOptions o;
  for (const ModelMeasure& m : model.measures()) o.switched_off.push_back(m.id);
  o.no_growth = true;
  o.no_regional_trend = true;
  return o;
}

// Run 1's draw evaluated once: every value run 1 gives.
double nothing_but_observed_value(const Model& model, const ExplainRequest& req) {
  Draw d = model.mode_draw();
  std::fill(d.implemented.begin(), d.implemented.end(), 0);
  std::fill(d.growth.begin(), d.growth.end(), 0.0);
  d.regional_change.fill(0.0);
  for (auto& row : d.weather) row.fill(1.0);
  Workspace ws = model.make_workspace();
  Outcome o;
  model.evaluate(d, ws, o);
  return statistic(o, req);
}

LeverNote note_of(Metric p, bool nox, double d_median, LeverKind kind) {
  const bool against = kind == LeverKind::cut ? d_median > 0 : d_median < 0;
  if (!nox || !against) return LeverNote::none;
  if (p == Metric::pm25 || p == Metric::pm10) return LeverNote::nitrate;
  return p == Metric::o3 ? LeverNote::ozone : LeverNote::none;
}

WaterfallStep step(StepKind kind, double change, double& level) {
  WaterfallStep s;
  s.kind = kind;
  s.change = change;
  level = kind == StepKind::base || kind == StepKind::projected ? change : level + change;
  s.level = level;
  return s;
}

// Measure j, or one waiting for it (transitively), cuts NOx: its removal or
// slip acts on NOx.
bool acts_on_nox(const Model& model, std::size_t j) {
  const std::vector<ModelMeasure>& ms = model.measures();
  std::vector<std::size_t> stack{j};
  std::vector<bool> seen(ms.size());
  while (!stack.empty()) {
    const std::size_t i = stack.back();
    stack.pop_back();
    if (seen[i]) continue;
    seen[i] = true;
    if (has_species(ms[i].species, Species::nox)) return true;
    for (std::size_t k = 0; k < ms.size(); ++k)
      if (std::find(ms[k].depends_on.begin(), ms[k].depends_on.end(), ms[i].id) != ms[k].depends_on.end()) stack.push_back(k);
  }
  return false;
}

// The measures removed one at a time: their waterfall steps and levers.
void measure_steps(const Model& model, Runs& runs, const std::vector<std::size_t>& moving, const Value& plan,
                   const ExplainRequest& req, ExplainResult& out, std::vector<WaterfallStep>& steps) {
  for (std::size_t j : moving) {
    const ModelMeasure& mm = model.measures()[j];
    SamplingOptions without;
    without.switched_off = {mm.id};
    const Value removed = runs.value(without);
    WaterfallStep s;
    s.kind = StepKind::measure;
    s.measure = mm.id;
    s.text = mm.text;
    s.title_en = mm.title_en;
    s.change = plan.median - removed.median;
    steps.push_back(s);
    SamplingOptions late;
    late.fixed_delay = {{mm.id, kExplainSlipMonths}};
    const Value slipped = runs.value(late);
    for (const auto& [kind, v] : {std::pair{LeverKind::removed, removed}, std::pair{LeverKind::slip, slipped}}) {
      Lever l;
      l.kind = kind;
      l.measure = mm.id;
      l.text = mm.text;
      l.title_en = mm.title_en;
      l.d_median = v.median - plan.median;
      l.d_p_meet = v.p_meet - plan.p_meet;
      l.note = note_of(req.metric, acts_on_nox(model, j), l.d_median, kind);
      out.levers.push_back(std::move(l));
    }
  }
  std::stable_sort(steps.begin(), steps.end(), [](const WaterfallStep& a, const WaterfallStep& b) {
    return std::abs(a.change) > std::abs(b.change);
  });
}

// The waterfall (explain.h), and the measures' levers on the way.
void waterfall(const Model& model, Runs& runs, const ExplainRequest& req, ExplainResult& out) {
  const Metric p = req.metric;
  const EvaluationRules& rules = model.rules();
  std::array<double, kMonths> base_months{};
  for (std::size_t m = 0; m < kMonths; ++m) base_months[m] = rules.base_value(p, static_cast<int>(m));
  const double base_statistic = req.period == 0 ? model.annual_statistic(p, base_months) : out.base;
  SamplingOptions off = nothing_but_observed(model);
  const Value v1 = runs.value(off, false);
  out.check_run = v1.median;
  out.check_expected = nothing_but_observed_value(model, req);
  off.no_growth = false;
  const Value v2 = runs.value(off, false);
  off.no_regional_trend = false;
  const Value v3 = runs.value(off, false);
  const Value v4 = runs.value(off);
  const Value plan = runs.plan(out.ess);
  out.median = plan.median;
  out.p_meet = plan.p_meet;
  double level = 0;
  std::vector<WaterfallStep>& w = out.waterfall;
  w.push_back(step(StepKind::base, out.base, level));
  if (req.period == 0) w.push_back(step(StepKind::base_months, base_statistic - out.base, level));
  bool any_observed = false;
  for (auto [m, end] = months_of(req); m < end; ++m) any_observed = any_observed || model.observed(p, static_cast<int>(m));
  // Known base-year anomalies divide out of the anchors (docs/model.md §5).
  std::array<double, kMonths> anchors{};
  for (std::size_t m = 0; m < kMonths; ++m) anchors[m] = model.anchor(p, static_cast<int>(m));
  const double anchored = req.period == 0 ? model.annual_statistic(p, anchors) : anchors[static_cast<std::size_t>(req.period - 1)];
  if (anchored != base_statistic) w.push_back(step(StepKind::base_anomaly, anchored - base_statistic, level));
  if (any_observed) w.push_back(step(StepKind::observed, v1.median - anchored, level));
  w.push_back(step(StepKind::growth, v2.median - v1.median, level));
  w.push_back(step(StepKind::regional, v3.median - v2.median, level));
  w.push_back(step(StepKind::weather, v4.median - v3.median, level));
  std::vector<WaterfallStep> measures;
  if (out.decided) measure_steps(model, runs, moving_measures(model, req), plan, req, out, measures);
  double sum = 0;
  for (WaterfallStep& s : measures) {
    sum += s.change;
    w.push_back(step(StepKind::measure, s.change, level));
    w.back().measure = s.measure;
    w.back().text = std::move(s.text);
    w.back().title_en = std::move(s.title_en);
  }
  w.push_back(step(StepKind::interaction, (plan.median - v4.median) - sum, level));
  w.push_back(step(StepKind::projected, plan.median, level));
}

// One sample's parts of the period, weighted into the sums of `out`.
class SplitSums {
 public:
  SplitSums(const Model& model, const ExplainRequest& req)
      : model_(model), req_(req), attribution_(model), emissions_(model.sectors().size() * kSpeciesCount * kMonths) {}

  void add(const Draw& d, Workspace& ws, const Outcome& o, ExplainSplit& out) {
    const Metric p = req_.metric;
    model_.projected_emissions(d, ws, emissions_);
    const auto [first, last] = months_of(req_);
    std::array<double, kMonths> g{};
    if (req_.period == 0) g = model_.annual_weights(p, o.monthly[mi(p)]);
    else g[first] = 1.0;
    for (std::size_t m = first; m < last; ++m) {
      for (std::size_t s = 0; s < out.tonnes.size(); ++s)
        for (std::size_t k = 0; k < kSpeciesCount; ++k) out.tonnes[s][k] += emissions_[(s * kSpeciesCount + k) * kMonths + m];
      if (model_.observed(p, static_cast<int>(m))) {
        out.observed += g[m] * o.monthly[mi(p)][m];
        continue;
      }
      attribution_.split(d, emissions_, p, static_cast<int>(m), parts_);
      for (std::size_t s = 0; s < out.cells.size(); ++s)
        for (std::size_t k = 0; k < kSpeciesCount; ++k) out.cells[s][k] += g[m] * parts_.cells[s][k];
      out.local += g[m] * parts_.local;
      out.nonlocal += g[m] * parts_.nonlocal;
      out.unattributed += g[m] * parts_.unattributed;
      out.additive = parts_.additive;
    }
    out.total += statistic(o, req_);
  }

 private:
  const Model& model_;
  const ExplainRequest& req_;
  const Attribution attribution_;
  std::vector<double> emissions_;
  MonthParts parts_;
};

// The split (explain.h): the mean over the plan's samples, summed in sample
// order. Watched like a run (progress, cancel).
ExplainSplit split_pass(const Model& model, const ExplainRequest& req, const AnalysisRun& run) {
  ExplainSplit out;
  for (const ModelSector& s : model.sectors()) out.sectors.push_back(s.name);
  out.cells.assign(out.sectors.size(), {});
  out.tonnes.assign(out.sectors.size(), {});
  out.samples = run.samples;
  out.ammonium_split = model.response().ammonium.given;
  out.additive = req.metric != Metric::o3;
  SplitSums sums(model, req);
  const Sampler sampler(model, weather_scaled(run.weather_scale));
  Draw d = model.mode_draw();
  Workspace ws = model.make_workspace();
  Outcome o;
  const std::shared_ptr<AnalysisFeedback>& f = run.feedback;
  const int k = f ? ++f->runs : 0;
  for (std::uint64_t i = 0; i < run.samples; ++i) {
    if (f && f->cancel && f->cancel->load(std::memory_order_relaxed)) throw Cancelled();
    sampler.draw(run.seed, i, d);
    model.evaluate(d, ws, o);
    sums.add(d, ws, o, out);
    if (f && f->progress && (i + 1) % 1024 == 0) f->progress(k, i + 1, run.samples);
  }
  const double n = run.samples > 0 ? static_cast<double>(run.samples) : 1.0;
  for (auto* rows : {&out.cells, &out.tonnes})
    for (auto& row : *rows)
      for (double& x : row) x /= n;
  for (double* x : {&out.local, &out.nonlocal, &out.observed, &out.unattributed, &out.total}) *x /= n;
  return out;
}

// Levers (a): an extra cut of each sector's species that the metric reads
// and the sector emits in the period.
void cut_levers(const Model& model, Runs& runs, const Value& plan, const ExplainRequest& req, ExplainResult& out) {
  const Reach reach(model);
  const auto [first, last] = months_of(req);
  for (std::size_t s = 0; s < model.sectors().size(); ++s) {
    const ModelSector& sec = model.sectors()[s];
    for (Species k : kSpecies) {
      double base = 0;
      for (std::size_t m = first; m < last; ++m) base += sec.emissions[si(k)] * sec.profile[si(k)][m];
      if (!(base > 0.0) || !reach.sector_species(s, k, req.metric)) continue;
      SamplingOptions cut;
      cut.extra_cut[si(k)] = kExplainCut;
      cut.extra_cut_sectors = {sec.name};
      const Value v = runs.value(cut);
      Lever l;
      l.kind = LeverKind::cut;
      l.sector = sec.name;
      l.species = k;
      l.d_median = v.median - plan.median;
      l.d_p_meet = v.p_meet - plan.p_meet;
      l.tonnes = kExplainCut * out.split.tonnes[s][si(k)];
      l.note = note_of(req.metric, k == Species::nox, l.d_median, LeverKind::cut);
      out.levers.push_back(std::move(l));
    }
  }
}

// The labels, base and target of the result.
ExplainResult header(const Model& model, const ExplainRequest& req, const AnalysisRun& run) {
  ExplainResult r;
  r.request = req;
  detail::copy_labels(model, r);
  r.samples = run.samples;
  r.seed = run.seed;
  const int period = req.period == 0 ? kAnnual : req.period - 1;
  r.base = model.rules().base_value(req.metric, period);
  r.target = model.rules().target_value(req.metric, period);
  r.decimals = model.rules().decimals_of(req.metric);
  r.risk_below = model.rules().risk_below;
  r.decided = false;
  for (auto [m, end] = months_of(req); m < end; ++m) r.decided = r.decided || !model.observed(req.metric, static_cast<int>(m));
  return r;
}

}  // namespace

ExplainResult explain_period(const ModelInputs& inputs, const ExplainRequest& req, const AnalysisRun& run) {
  if (run.samples > limits().max_kept_samples)
    throw InputError("--samples", 0, 0,
                     Text(req.period == 0 ? msg::explain_too_many_samples_year : msg::explain_too_many_samples_month,
                          run.samples, limits().max_kept_samples, raise_hint("max_kept_samples")));
  const Model model = Model::build(inputs);
  ExplainResult out = header(model, req, run);
  Runs runs(model, req, run);
  waterfall(model, runs, req, out);
  out.split = split_pass(model, req, run);
  if (out.decided) cut_levers(model, runs, Value{out.median, out.p_meet}, req, out);
  std::stable_sort(out.levers.begin(), out.levers.end(), [](const Lever& a, const Lever& b) {
    if (std::abs(a.d_p_meet) != std::abs(b.d_p_meet)) return std::abs(a.d_p_meet) > std::abs(b.d_p_meet);
    return std::abs(a.d_median) > std::abs(b.d_median);
  });
  out.runs = runs.count() + 1;
  return out;
}

ExplainResult explain_scenario(const AnalysisRequest& request, const ExplainRequest& explain) {
  const Scenario sc = load_checked_scenario(request.scenario, request.scenario_options);
  return explain_period(sc.inputs, explain, analysis_run(request, sc));
}

}  // namespace aqplan
