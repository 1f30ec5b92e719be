// apply_changes: a scenario's merged changes applied to the dataset's
// inputs, every measure id they name checked against the ledger and the
// scenario's extra measures (scenario_layer.h).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "aqplan/base/text.h"
#include "base/messages.h"
#include "data/scenario_layer.h"

namespace aqplan::detail {

namespace {

// A copy of `d` with every value multiplied by k ≥ 0.
std::optional<Distribution> scaled(const Distribution& d, double k) {
  const auto& p = d.parameters();
  switch (d.kind()) {
    case DistKind::fixed: return Distribution::fixed(p[0] * k);
    case DistKind::uniform: return Distribution::uniform(p[0] * k, p[1] * k);
    case DistKind::triangular: return Distribution::triangular(p[0] * k, p[1] * k, p[2] * k);
    case DistKind::normal:
      if (k == 0) return Distribution::fixed(0);
      return Distribution::normal(p[0] * k, p[1] * k, p[2] * k, p[3] * k);
    case DistKind::lognormal:
      if (k == 0) return Distribution::fixed(0);
      return Distribution::lognormal(p[0] * k, p[1]);
    case DistKind::bernoulli: return std::nullopt;
  }
  return std::nullopt;
}

class Applier {
 public:
  Applier(ModelInputs& in, Diagnostics& diags) : in_(in), diags_(diags) {
    for (const auto& m : in.ledger.measures) ids_.insert(m.id);
  }

  void extras(std::map<int, Extra>& extras) {
    for (const auto& [id, x] : extras) ids_.insert(id);
    for (auto& [id, x] : extras) {
      for (const auto& [dep, path] : x.deps) known(dep.value, dep.at, path);
      in_.dataset.measures.measures.push_back(std::move(x.params));
      in_.ledger.measures.push_back(std::move(x.row));
    }
    auto& ms = in_.dataset.measures.measures;
    std::sort(ms.begin(), ms.end(), [](const MeasureParams& a, const MeasureParams& b) { return a.id < b.id; });
  }

  void overrides(const std::map<int, Override>& overrides) {
    for (const auto& [id, o] : overrides) {
      const std::string p = fmt::format("override[measure={}]", id);
      if (!known(id, o.at, key_path(p, "measure"))) continue;
      auto& ms = in_.dataset.measures.measures;
      auto it = std::find_if(ms.begin(), ms.end(), [id = id](const MeasureParams& m) { return m.id == id; });
      if (it != ms.end()) apply(o, p, *it);
    }
  }

  void selection(const std::optional<Selection>& sel) {
    if (!sel) return;
    for (const IdList* list : {sel->include ? &*sel->include : nullptr, sel->exclude ? &*sel->exclude : nullptr}) {
      if (!list) continue;
      const char* key = list == &*sel->include ? "measures.include" : "measures.exclude";
      for (std::size_t i = 0; i < list->size(); ++i) known((*list)[i].value, (*list)[i].at, index_path(key, i));
    }
    if (sel->include) {
      for (int id : ids_)
        if (std::none_of(sel->include->begin(), sel->include->end(), [id](const Sourced<int>& s) { return s.value == id; }))
          exclude(id, std::nullopt);
    } else if (sel->exclude) {
      for (const Sourced<int>& s : *sel->exclude) exclude(s.value, s.at);
    }
  }

  void finish() { std::sort(in_.excluded.begin(), in_.excluded.end()); }

 private:
  bool known(int id, const SourceRef& at, const std::string& what) {
    if (ids_.count(id)) return true;
    std::vector<std::string> names;
    for (int x : ids_) names.push_back(std::to_string(x));
    diags_.error(at, Text(msg::scenario_no_such_measure, what, id, did_you_mean_text(std::to_string(id), names)));
    return false;
  }

  void exclude(int id, const std::optional<SourceRef>& at) {
    if (std::find(in_.excluded.begin(), in_.excluded.end(), id) == in_.excluded.end()) in_.excluded.push_back(id);
    if (at && !in_.excluded_at.count(id)) in_.excluded_at[id] = *at;
  }

  void apply(const Override& o, const std::string& p, MeasureParams& m) {
    if (o.delay) m.delay = *o.delay;
    if (o.probability) m.probability = *o.probability;
    if (o.lag_months) m.lag_months = *o.lag_months;
    if (o.deadline) {
      m.timing = *o.deadline;
      m.stages.clear();
    }
    if (o.depends_on) depends_on(*o.depends_on, p, m);
    if (o.scale) scale(*o.scale, p, m);
    if (o.enabled && !*o.enabled) exclude(m.id, o.at);
  }

  // New prerequisites; the measure's timing problems (a cycle through them)
  // are then reported at the override.
  void depends_on(const Sourced<IdList>& deps, const std::string& p, MeasureParams& m) {
    bool ok = true;
    std::vector<int> ids;
    for (std::size_t j = 0; j < deps.value.size(); ++j) {
      const Sourced<int>& dep = deps.value[j];
      const std::string path = index_path(key_path(p, "depends_on"), j);
      if (dep.value == m.id) {
        diags_.error(dep.at, Text(msg::scenario_depends_on_itself, path));
        ok = false;
      } else {
        ok = known(dep.value, dep.at, path) && ok;
      }
      ids.push_back(dep.value);
    }
    if (!ok) return;
    m.depends_on = std::move(ids);
    m.file = deps.at.file;
    m.line = deps.at.line;
    m.column = deps.at.column;
  }

  void scale(const Sourced<double>& k, const std::string& p, MeasureParams& m) {
    const std::string path = key_path(p, "scale");
    if (m.enabling)
      diags_.error(k.at, Text(msg::scenario_scale_enabling, path, m.id));
    for (std::size_t e = 0; e < m.effects.size(); ++e) {  // (effects are numbered from 1 in messages)
      MeasureEffect& eff = m.effects[e];
      const auto s = scaled(eff.size, k.value);
      if (!s) {
        diags_.error(k.at, Text(msg::scenario_scale_bernoulli, path, e + 1, m.id));
        continue;
      }
      if (eff.kind == EffectSize::fraction && s->max() > 1.0) {
        diags_.error(k.at, Text(msg::scenario_scale_beyond_all, path, k.value, e + 1, m.id, eff.size.describe(),
                                in_.dataset.inventory.sectors[static_cast<std::size_t>(eff.sector)].name));
        continue;
      }
      eff.size = *s;
    }
  }

  ModelInputs& in_;
  Diagnostics& diags_;
  std::set<int> ids_;  // the ledger's and the extra measures'
};

// Observed months need the re-forecast's parameters from meteorology.toml:
// an error at the first observed month naming the file and the keys.
void check_reforecast_parameters(const ModelInputs& in, Diagnostics& diags) {
  const MeteorologyParams& met = in.dataset.meteorology;
  std::vector<std::string> missing;
  if (!met.observation_error) missing.emplace_back("observation_error");
  if (!met.misfit_probability) missing.emplace_back("misfit_probability");
  if (missing.empty()) return;
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m)
      if (in.observed[p][m]) {
        diags.error(in.observed_at[p][m],
                    Text(msg::data_reforecast_parameters_missing, in.dataset.files.meteorology, fmt::format("{}", fmt::join(missing, ", "))));
        return;
      }
}

}  // namespace

void apply_changes(Changes&& changes, const std::optional<Selection>& selection, ModelInputs& in, Diagnostics& diags) {
  Applier a(in, diags);
  a.extras(changes.extras);
  a.overrides(changes.overrides);
  a.selection(selection);
  a.finish();
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m)
      if (const auto& obs = changes.observed[p][m]) {
        in.observed[p][m] = obs->value;
        in.observed_at[p][m] = obs->at;
      }
  check_reforecast_parameters(in, diags);
  for (const auto& [s, d] : changes.growth) in.dataset.inventory.sectors[s].growth = d;
  for (const auto& [p, d] : changes.regional) in.dataset.response.regional_change[p] = d;
}

}  // namespace aqplan::detail
