#include "aqplan/results/analysis.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/model/evaluation.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/base/text.h"

namespace aqplan {

namespace {

constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }

// The slip of rank's "slip sensitivity": exactly three months late.
constexpr double kSlipMonths = 3.0;

// One run of the compiled model with the variant `options` describes.
RunResult run_once(const Model& model, const AnalysisRun& run, SamplingOptions options = {}) {
  options.weather_scale = run.weather_scale;
  const Sampler sampler(model, std::move(options));
  MonteCarloOptions mc;
  mc.seed = run.seed;
  mc.end = run.samples;
  mc.threads = run.threads;
  return summarize(model, run_monte_carlo(model, sampler, mc), run.seed);
}

bool cuts_nox(const MeasureParams& m) {
  return std::any_of(m.effects.begin(), m.effects.end(), [](const MeasureEffect& e) { return has_species(e.species, Species::nox); });
}

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

// Spearman rank correlation of each uncertain input with the annual
// statistic of `metric`, over the first `n` samples of the run.
std::vector<InputImportance> input_importance(const Model& model, Metric metric, const AnalysisRun& run, std::uint64_t n) {
  const Sampler sampler(model, weather_scaled(run.weather_scale));
  Draw d = model.mode_draw();
  Workspace ws = model.make_workspace();
  Outcome o;
  const auto& measures = model.measures();
  const auto& effects = model.effects();
  const auto& sectors = model.inputs().dataset.inventory.sectors;
  // The columns, labelled once: what each sample contributes to them is read
  // from its Draw by kind and index.
  enum class Kind { weather, regional, growth, delay, size, implemented };
  struct Column {
    std::string label;
    Kind kind;
    std::size_t index;
    std::vector<double> values;
  };
  std::vector<Column> columns;
  columns.push_back({fmt::format("weather ({})", name(metric)), Kind::weather, 0, {}});
  columns.push_back({fmt::format("regional trend ({})", name(metric)), Kind::regional, 0, {}});
  for (std::size_t s = 0; s < sectors.size(); ++s) columns.push_back({"growth of " + sectors[s].name, Kind::growth, s, {}});
  for (std::size_t j = 0; j < measures.size(); ++j) {
    if (measures[j].excluded) continue;
    columns.push_back({fmt::format("delay of measure {}", measures[j].id), Kind::delay, j, {}});
    if (!measures[j].params->effects.empty())
      columns.push_back({fmt::format("size of measure {}", measures[j].id), Kind::size, j, {}});
    columns.push_back({fmt::format("implementation of measure {}", measures[j].id), Kind::implemented, j, {}});
  }
  for (auto& c : columns) c.values.reserve(n);
  std::vector<double> y;
  y.reserve(n);
  std::vector<double> size(measures.size());
  for (std::uint64_t i = 0; i < n; ++i) {
    sampler.draw(run.seed, i, d);
    model.evaluate(d, ws, o);
    y.push_back(o.annual[mi(metric)]);
    double weather = 0;
    for (double m : d.weather[mi(metric)]) weather += std::log(m);
    std::fill(size.begin(), size.end(), 0.0);
    for (std::size_t e = 0; e < effects.size(); ++e) size[static_cast<std::size_t>(effects[e].measure)] += d.effect_size[e];
    for (auto& c : columns) {
      switch (c.kind) {
        case Kind::weather: c.values.push_back(weather); break;
        case Kind::regional: c.values.push_back(d.regional_change[mi(metric)]); break;
        case Kind::growth: c.values.push_back(d.growth[c.index]); break;
        case Kind::delay: c.values.push_back(d.delay[c.index]); break;
        case Kind::size: c.values.push_back(size[c.index]); break;
        case Kind::implemented: c.values.push_back(d.implemented[c.index]); break;
      }
    }
  }
  // Label order, so that equal correlations list alphabetically.
  std::sort(columns.begin(), columns.end(), [](const Column& a, const Column& b) { return a.label < b.label; });
  const std::vector<double> ry = ranks(y);
  std::vector<InputImportance> out;
  for (const auto& c : columns) {
    const auto& x = c.values;
    if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x.front(); })) continue;  // certain
    out.push_back({c.label, pearson(ranks(x), ry)});
  }
  std::stable_sort(out.begin(), out.end(), [](const InputImportance& a, const InputImportance& b) {
    return std::abs(a.spearman) > std::abs(b.spearman);
  });
  return out;
}

}  // namespace

RankResult rank_measures(const ModelInputs& inputs, Metric metric, const AnalysisRun& run) {
  RankResult r;
  r.metric = metric;
  const Model plan_model = Model::build(inputs);
  r.plan = run_once(plan_model, run);
  const Schedule& sch = plan_model.schedule();

  // Dependants, transitively: what never starts without a measure.
  std::map<int, std::vector<int>> direct;
  for (const auto& m : plan_model.measures())
    for (int dep : m.params->depends_on) direct[dep].push_back(m.id);
  auto dependants_of = [&](int id) {
    std::vector<int> out, stack{id};
    while (!stack.empty()) {
      int cur = stack.back();
      stack.pop_back();
      for (int d : direct[cur])
        if (std::find(out.begin(), out.end(), d) == out.end()) {
          out.push_back(d);
          stack.push_back(d);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
  };

  for (std::size_t j = 0; j < plan_model.measures().size(); ++j) {
    const ModelMeasure& mm = plan_model.measures()[j];
    if (mm.excluded) continue;
    const std::vector<int> deps = dependants_of(mm.id);
    if (mm.params->effects.empty() && deps.empty()) continue;  // paperwork with nothing waiting on it
    MeasureImpact impact;
    impact.id = mm.id;
    impact.text = mm.ledger->text;
    impact.title_en = mm.params->title_en;
    impact.lead_units = mm.ledger->lead_units;
    impact.enabling = mm.params->enabling;
    impact.critical = sch.planned(j).critical;
    impact.dependants = deps;

    SamplingOptions without;
    without.switched_off = {mm.id};
    const RunResult removed = run_once(plan_model, run, without);
    SamplingOptions late;
    late.fixed_delay = {{mm.id, kSlipMonths}};
    const RunResult slipped = run_once(plan_model, run, late);
    for (Metric p : kMetrics) {
      const auto& base = r.plan.annual_row(p).s;
      impact.removed_mean[mi(p)] = removed.annual_row(p).s.mean - base.mean;
      impact.removed_p_meet[mi(p)] = removed.annual_row(p).s.p_meet - base.p_meet;
      impact.slip_mean[mi(p)] = slipped.annual_row(p).s.mean - base.mean;
      impact.slip_p_meet[mi(p)] = slipped.annual_row(p).s.p_meet - base.p_meet;
    }
    if (impact.removed_mean[mi(metric)] < 0 && cuts_nox(*mm.params)) {
      if (metric == Metric::pm25 || metric == Metric::pm10)
        impact.note = "removing this NOx cut lowers PM: in the NOx-saturated winter, ammonium nitrate rises under moderate "
                      "NOx cuts (nitrate response N(x), docs/model.md §3)";
      else if (metric == Metric::o3)
        impact.note = "removing this NOx cut lowers O3: where O3 is VOC-limited, NOx cuts raise it (O3 surface, docs/model.md §3)";
    } else if (impact.removed_mean[mi(metric)] < 0) {
      impact.note = "removing this measure lowers the statistic (within Monte Carlo noise, or through the growth of its sector)";
    }
    r.measures.push_back(std::move(impact));
  }
  const std::size_t k = mi(metric);
  std::stable_sort(r.measures.begin(), r.measures.end(),
                   [k](const MeasureImpact& a, const MeasureImpact& b) { return a.removed_mean[k] > b.removed_mean[k]; });

  std::map<std::string, LeadUnitImpact> units;
  for (const auto& m : r.measures) {
    for (const auto& u : m.lead_units) {
      LeadUnitImpact& lu = units[u];
      lu.unit = u;
      ++lu.measures;
      if (m.lead_units.size() > 1) ++lu.shared;
      lu.removed_mean += m.removed_mean[k];
      lu.removed_p_meet += m.removed_p_meet[k];
    }
  }
  for (auto& [u, lu] : units) r.units.push_back(lu);
  std::stable_sort(r.units.begin(), r.units.end(),
                   [](const LeadUnitImpact& a, const LeadUnitImpact& b) { return a.removed_mean > b.removed_mean; });

  r.importance_samples = std::min<std::uint64_t>(run.samples, 5000);
  r.inputs = input_importance(plan_model, metric, run, r.importance_samples);
  return r;
}

namespace {
std::string join_ids(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
  return out;
}
}  // namespace

std::string format_rank(const RankResult& r, Language lang) {
  const std::size_t k = mi(r.metric);
  const int d = decimals(r.metric) + 2;
  std::string out = fmt::format(
      "Which measures matter for annual {} ({}): change when a measure is removed, and when it is exactly three months "
      "late.\n{} samples, seed {}, common random numbers. Plan: mean {:.{}f}, P(meet {}) {:.3f}.\n\n",
      metric_label(r.metric, lang), unit(r.metric), r.plan.samples, r.plan.seed, r.plan.annual_row(r.metric).s.mean, d,
      format_value(r.metric, r.plan.annual_row(r.metric).target), r.plan.annual_row(r.metric).s.p_meet);
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
  return j.dump(2) + "\n";
}

std::string rank_to_csv(const RankResult& r, bool bom) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  out += "id,metric,removed_mean,removed_p_meet,slip_mean,slip_p_meet,critical,enabling,lead_units\n";
  for (const auto& m : r.measures)
    for (Metric p : kMetrics)
      out += fmt::format("{},{},{},{},{},{},{},{},\"{}\"\n", m.id, name(p), m.removed_mean[mi(p)], m.removed_p_meet[mi(p)],
                         m.slip_mean[mi(p)], m.slip_p_meet[mi(p)], m.critical, m.enabling, join(m.lead_units, "、"));
  return out;
}

// ---------------------------------------------------------------------------

namespace {

double p_meet_of(const RunResult& r, Metric p, int period) {
  return period == 0 ? r.annual_row(p).s.p_meet : r.month_row(p, period).s.p_meet;
}

}  // namespace

GapResult gap_to_target(const ModelInputs& inputs, const GapRequest& req, const AnalysisRun& run) {
  GapResult g;
  g.request = req;
  const Inventory& inv = inputs.dataset.inventory;
  for (const auto& s : req.sectors)
    if (!inv.find(s)) throw InputError("--sectors", 0, 0, fmt::format("unknown sector '{}'{}", s, did_you_mean_suffix(s, inv.names())));
  g.sectors = req.sectors.empty() ? inv.names() : req.sectors;

  const Model model = Model::build(inputs);
  const RunResult now = run_once(model, run);
  // Species masks of the directions.
  struct Direction {
    const char* label;
    std::array<bool, kSpeciesCount> species;
  };
  const Direction all{"all species", {true, true, true, true, true, true, true}};
  const Direction nox{"NOx only", {false, true, false, false, false, false, false}};
  const Direction voc{"VOC only", {false, false, false, true, false, false, false}};

  auto with_cut = [&](const Direction& dir, double x) {
    SamplingOptions cut;
    cut.extra_cut_sectors = req.sectors;
    for (std::size_t k = 0; k < kSpeciesCount; ++k) cut.extra_cut[k] = dir.species[k] ? x : 0.0;
    return run_once(model, run, cut);
  };

  std::vector<Metric> metrics = req.metric ? std::vector<Metric>{*req.metric} : std::vector<Metric>(kMetrics.begin(), kMetrics.end());
  for (Metric p : metrics) {
    const double p0 = p_meet_of(now, p, req.period);
    std::vector<Direction> dirs = {all};
    if (p == Metric::o3) dirs = {nox, voc, all};
    if (p0 >= req.confidence) {
      GapRow row;
      row.metric = p;
      row.period = req.period;
      row.direction = "–";
      row.p_meet = p0;
      row.met_already = true;
      row.reachable = true;
      row.note = fmt::format("P(meet) is already {:.3f} ≥ {}: nothing more to cut", p0, req.confidence);
      g.rows.push_back(row);
      continue;
    }
    std::vector<GapRow> rows;
    for (const Direction& dir : dirs) {
      GapRow row;
      row.metric = p;
      row.period = req.period;
      row.direction = dir.label;
      row.p_meet = p0;
      row.p_meet_at_full = p_meet_of(with_cut(dir, 1.0), p, req.period);
      if (row.p_meet_at_full < req.confidence) {
        row.reachable = false;
        row.note = fmt::format("even cutting 100 % of local {} emissions{} reaches only P(meet) = {:.3f}: the non-local "
                               "share alone exceeds the target too often",
                               dir.label == all.label ? std::string("") : std::string(dir.label),
                               req.sectors.empty() ? "" : " of the named sectors", row.p_meet_at_full);
      } else {
        double lo = 0.0, hi = 1.0, p_hi = row.p_meet_at_full;
        while (hi - lo > req.tolerance) {
          const double mid = 0.5 * (lo + hi);
          const double pm = p_meet_of(with_cut(dir, mid), p, req.period);
          if (pm >= req.confidence) {
            hi = mid;
            p_hi = pm;
          } else {
            lo = mid;
          }
        }
        row.reachable = true;
        row.cut = hi;
        row.p_meet_at_cut = p_hi;
        for (std::size_t k = 0; k < kSpeciesCount; ++k) {
          if (!dir.species[k]) continue;
          double total = 0;
          for (const auto& s : g.sectors) total += inv.sectors[static_cast<std::size_t>(*inv.find(s))].emissions[k];
          row.tonnes[k] = hi * total;
        }
      }
      if (p == Metric::o3 && dir.label == nox.label) {
        const double small = p_meet_of(with_cut(dir, 0.1), p, req.period);
        if (small < p0)
          row.note += fmt::format("{}a 10 % NOx cut makes O3 worse (P(meet) {:.3f} → {:.3f}): O3 is VOC-limited here",
                                  row.note.empty() ? "" : "; ", p0, small);
      }
      rows.push_back(row);
    }
    // The cheapest reachable direction: the smallest total tonnage.
    double best = std::numeric_limits<double>::infinity();
    std::size_t best_i = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].reachable) continue;
      const double t = std::accumulate(rows[i].tonnes.begin(), rows[i].tonnes.end(), 0.0);
      if (t < best) {
        best = t;
        best_i = i;
      }
    }
    if (best_i < rows.size()) rows[best_i].cheapest = true;
    g.rows.insert(g.rows.end(), rows.begin(), rows.end());
  }
  return g;
}

std::string format_gap(const GapResult& g, Language lang) {
  std::string out = fmt::format("Extra uniform cut of local emissions ({}) needed to be {:.0f} % sure of meeting the {} target.\n\n",
                                g.request.sectors.empty() ? std::string("all sectors") : join(g.sectors, ", "),
                                100 * g.request.confidence, g.request.period == 0 ? std::string("annual") : fmt::format("month {}", g.request.period));
  for (const auto& r : g.rows) {
    out += fmt::format("{} {}: P(meet) now {:.3f}", pad_display(metric_label(r.metric, lang), 20), r.direction, r.p_meet);
    if (r.met_already) out += " — nothing more to cut\n";
    else if (!r.reachable) out += fmt::format(" — not reachable: with 100 % cut P(meet) = {:.3f}\n", r.p_meet_at_full);
    else {
      out += fmt::format(" — cut {:.1f} % more{} → P(meet) {:.3f}\n", 100 * r.cut, r.cheapest ? " (cheapest)" : "", r.p_meet_at_cut);
      std::string t;
      for (Species k : kSpecies)
        if (r.tonnes[static_cast<std::size_t>(k)] > 0) t += fmt::format(" {} {:.0f}", name(k), r.tonnes[static_cast<std::size_t>(k)]);
      out += fmt::format("{:>22}t/yr:{}\n", "", t);
    }
    if (!r.note.empty() && !r.met_already) out += fmt::format("{:>22}{}\n", "", r.note);
  }
  return out;
}

std::string gap_to_json(const GapResult& g) {
  nlohmann::ordered_json j;
  j["confidence"] = g.request.confidence;
  j["period"] = g.request.period == 0 ? nlohmann::ordered_json("year") : nlohmann::ordered_json(g.request.period);
  j["sectors"] = g.sectors;
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
      e["tonnes_per_year"] = std::move(t);
      e["cheapest"] = r.cheapest;
    }
    if (!r.met_already) e["p_meet_at_full_cut"] = r.p_meet_at_full;
    if (!r.note.empty()) e["note"] = r.note;
    j["rows"].push_back(std::move(e));
  }
  return j.dump(2) + "\n";
}

std::string gap_to_csv(const GapResult& g, bool bom) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  out += "metric,period,direction,p_meet,met_already,reachable,cut,p_meet_at_cut,p_meet_at_full_cut";
  for (Species k : kSpecies) out += fmt::format(",{}_t", name(k));
  out += "\n";
  for (const auto& r : g.rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{}", name(r.metric), r.period == 0 ? std::string("year") : std::to_string(r.period),
                       r.direction, r.p_meet, r.met_already, r.reachable, r.cut, r.p_meet_at_cut, r.p_meet_at_full);
    for (double t : r.tonnes) out += fmt::format(",{}", t);
    out += "\n";
  }
  return out;
}

}  // namespace aqplan
