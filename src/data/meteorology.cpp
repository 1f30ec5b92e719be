#include "aqplan/data/meteorology.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <Eigen/Cholesky>
#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "aqplan/data/domain.h"
#include "data/dataset_parts.h"

namespace aqplan {

std::optional<BaseYearWeather> parse_base_year_weather(std::string_view s) {
  if (s == "draw") return BaseYearWeather::draw;
  if (s == "typical") return BaseYearWeather::typical;
  return std::nullopt;
}

std::string_view name(BaseYearWeather b) { return b == BaseYearWeather::draw ? "draw" : "typical"; }

}  // namespace aqplan

namespace aqplan::detail {

namespace {

// Symmetry and unit-diagonal tolerance (entries are written with a few decimals).
constexpr double kTolerance = 1e-9;

// One season's correlation table: { metrics = [...6 names...], matrix = [[...]...] }.
// Returns the matrix in metric.h order. `season` names the season in messages.
// The file's metric order → metric.h index; nullopt (errors recorded) when
// it is not the six metrics, each once.
std::optional<std::array<int, kMetricCount>> read_metric_order(TomlReader& r, const toml::table& t, std::string_view path) {
  const toml::node* v = r.require(t, path, "metrics");
  const std::string p = key_path(path, "metrics");
  const toml::array* a = v ? r.array(*v, p) : nullptr;
  if (!a) return std::nullopt;
  if (a->size() != static_cast<std::size_t>(kMetricCount)) {
    r.error(*v, Text(msg::data_metric_names_count, p, a->size()));
    return std::nullopt;
  }
  std::array<int, kMetricCount> index{};
  std::array<bool, kMetricCount> seen{};
  bool ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto s = r.string((*a)[i], index_path(p, i));
    const auto m = s ? parse_metric(*s) : std::nullopt;
    if (s && !m)
      r.error((*a)[i], Text(msg::data_unknown_metric_at, index_path(p, i), *s, did_you_mean_text(*s, metric_names())));
    if (!m) {
      ok = false;
      continue;
    }
    const auto k = static_cast<std::size_t>(*m);
    if (seen[k]) {
      r.error((*a)[i], Text(msg::data_listed_twice, index_path(p, i), *s));
      ok = false;
    }
    seen[k] = true;
    index[i] = static_cast<int>(k);
  }
  if (!ok) return std::nullopt;
  return index;
}

// The matrix in the file's order: 6 rows of 6 values in [−1, 1], 1 on the diagonal.
CorrelationMatrix read_rows(TomlReader& r, const toml::node& mnode, const std::string& p) {
  CorrelationMatrix file_order = CorrelationMatrix::Identity();
  const toml::array* rows = r.array(mnode, p);
  if (!rows) return file_order;
  if (rows->size() != static_cast<std::size_t>(kMetricCount)) {
    r.error(mnode, Text(msg::data_rows_count, p, rows->size()));
    return file_order;
  }
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const std::string rp = index_path(p, i);
    const toml::array* row = r.array((*rows)[i], rp);
    if (!row) continue;
    if (row->size() != static_cast<std::size_t>(kMetricCount)) {
      r.error((*rows)[i], Text(msg::data_row_values_count, rp, row->size()));
      continue;
    }
    for (std::size_t j = 0; j < row->size(); ++j) {
      const std::string ep = index_path(rp, j);
      auto x = r.number((*row)[j], ep);
      if (!x) continue;
      if (i == j && std::abs(*x - 1.0) > kTolerance) r.error((*row)[j], Text(msg::data_diagonal_not_one, ep, *x));
      else if (*x < -1.0 || *x > 1.0) r.error((*row)[j], Text(msg::data_outside_minus_one_one, ep, *x));
      file_order(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = *x;
    }
  }
  return file_order;
}

std::optional<CorrelationMatrix> read_matrix(TomlReader& r, const toml::node& n, std::string_view path) {
  const toml::table* t = r.table(n, path);
  if (!t) return std::nullopt;
  static const std::vector<std::string> allowed{"metrics", "matrix", "source"};
  const std::size_t before = r.diagnostics().error_count();
  r.check_keys(*t, path, allowed);
  const auto index = read_metric_order(r, *t, path);
  const toml::node* mnode = r.require(*t, path, "matrix");
  const CorrelationMatrix file_order =
      mnode ? read_rows(r, *mnode, key_path(path, "matrix")) : CorrelationMatrix(CorrelationMatrix::Identity());
  if (r.diagnostics().error_count() != before) return std::nullopt;
  for (int i = 0; i < kMetricCount; ++i) {
    for (int j = i + 1; j < kMetricCount; ++j) {
      const double a = file_order(i, j), b = file_order(j, i);
      if (std::abs(a - b) <= kTolerance) continue;
      r.error(*mnode, Text(msg::data_not_symmetric, key_path(path, "matrix"), fmt::format("[{}][{}]", i, j), a,
                           fmt::format("[{}][{}]", j, i), b));
    }
  }
  if (r.diagnostics().error_count() != before || !index) return std::nullopt;
  CorrelationMatrix out;
  for (int i = 0; i < kMetricCount; ++i)
    for (int j = 0; j < kMetricCount; ++j)
      out((*index)[static_cast<std::size_t>(i)], (*index)[static_cast<std::size_t>(j)]) = file_order(i, j);
  Eigen::LLT<CorrelationMatrix> llt(out);
  if (llt.info() != Eigen::Success) {
    r.error(n, Text(msg::data_not_positive_definite, path));
    return std::nullopt;
  }
  return out;
}

// One known anomaly factor: finite, > 0 and within data/domain.toml's range.
std::optional<double> read_anomaly_factor(TomlReader& r, const toml::node& e, const std::string& p) {
  const auto x = r.number(e, p);
  if (!x) return std::nullopt;
  if (!(*x > 0.0) || !std::isfinite(*x)) {
    r.error(e, Text(msg::data_anomaly_not_positive, p, *x));
    return std::nullopt;
  }
  const DomainBounds& d = domain();
  if (*x < d.base_anomaly_min || *x > d.base_anomaly_max) {
    r.error(e, Text(msg::data_anomaly_implausible, p, *x, d.base_anomaly_min, d.base_anomaly_max, d.file));
    return std::nullopt;
  }
  return x;
}

// One metric's known months: twelve factors, or a table of months and
// month ranges ("1" = 1.2, "11-2" = 0.9) naming each month at most once;
// months not named stay unknown.
void read_metric_anomaly(TomlReader& r, const toml::node& n, const std::string& p,
                         std::array<std::optional<double>, kMonths>& out) {
  if (const toml::array* a = n.as_array()) {
    if (a->size() != static_cast<std::size_t>(kMonths)) {
      r.error(n, Text(msg::reader_not_twelve_values, p, a->size()));
      return;
    }
    for (std::size_t m = 0; m < a->size(); ++m) out[m] = read_anomaly_factor(r, (*a)[m], index_path(p, m));
    return;
  }
  const toml::table* t = r.table(n, p);
  if (!t) return;
  std::array<std::string, kMonths> named_by;
  for (const auto& [k, v] : entries_in_file_order(*t)) {
    const auto range = parse_month_range(k->str());
    if (!range) {
      r.error(k->source(), Text(msg::reader_not_a_month_range, p, k->str()));
      continue;
    }
    const auto x = read_anomaly_factor(r, *v, key_path(p, k->str()));
    for (int m = range->first;; m = m % 12 + 1) {
      std::string& by = named_by[static_cast<std::size_t>(m - 1)];
      if (!by.empty()) r.error(k->source(), Text(msg::reader_month_covered_twice, p, m, by, k->str()));
      by = std::string(k->str());
      out[static_cast<std::size_t>(m - 1)] = x;
      if (m == range->second) break;
    }
  }
}

}  // namespace

std::optional<BaseYearWeather> read_base_year(TomlReader& r, const toml::node& n, const std::string& path) {
  const auto s = r.string(n, path);
  if (!s) return std::nullopt;
  const auto b = parse_base_year_weather(*s);
  if (!b) r.error(n, Text(msg::data_base_year_choice, path, *s));
  return b;
}

void read_base_anomaly(TomlReader& r, const toml::node& n, const std::string& path, BaseAnomaly& out) {
  const toml::table* t = r.table(n, path);
  if (!t) return;
  std::vector<std::string> allowed = metric_names();
  allowed.emplace_back("source");
  r.check_keys(*t, path, allowed);
  for (Metric m : kMetrics)
    if (const toml::node* v = t->get(name(m)))
      read_metric_anomaly(r, *v, key_path(path, name(m)), out[static_cast<std::size_t>(m)]);
}

namespace {

// [daily_dispersion]: percentile metrics default to calibration; mean
// metrics do not use it.
void read_daily_dispersion(TomlReader& r, const toml::table& doc, MeteorologyParams& out) {
  out.daily_dispersion[static_cast<std::size_t>(Metric::co)].mode = DailyDispersion::Mode::calibrate;
  out.daily_dispersion[static_cast<std::size_t>(Metric::o3)].mode = DailyDispersion::Mode::calibrate;
  if (const toml::node* n = doc.get("daily_dispersion")) {
    if (const toml::table* t = r.table(*n, "daily_dispersion")) {
      static const std::vector<std::string> allowed{"co", "o3", "source"};
      r.check_keys(*t, "daily_dispersion", allowed);
      for (Metric m : {Metric::co, Metric::o3}) {
        const toml::node* v = t->get(name(m));
        if (!v) continue;
        const std::string p = key_path("daily_dispersion", name(m));
        auto& dd = out.daily_dispersion[static_cast<std::size_t>(m)];
        dd.at = {r.file(), static_cast<int>(v->source().begin.line), static_cast<int>(v->source().begin.column)};
        if (const auto* s = v->as_string()) {
          if (s->get() != "calibrate")
            r.error(*v, Text(msg::data_calibrate_or_number, p, s->get()));
        } else if (auto x = r.number(*v, p)) {
          if (*x < 0) r.error(*v, Text(msg::data_negative, p, *x));
          dd.mode = DailyDispersion::Mode::value;
          dd.value = *x;
        }
      }
    }
  }
}

}  // namespace

namespace {

// A correlation table: one matrix for the whole year ({ metrics, matrix }) or
// a month-range table of seasons ({ "10-3" = {...}, "4-9" = {...} }). Months
// whose matrix is in error keep theirs; `season` (optional) gets each
// month's season key ("all" for one matrix).
void read_correlation(TomlReader& r, const toml::node& n, const std::string& path,
                      std::array<CorrelationMatrix, kMonths>& out, std::array<std::string, kMonths>* season) {
  const toml::table* t = n.as_table();
  if (!t) {
    r.table(n, path);  // records the type error
    return;
  }
  if (t->contains("matrix")) {
    if (auto c = read_matrix(r, n, path)) {
      out.fill(*c);
      if (season) season->fill("all");
    }
    return;
  }
  std::vector<std::string> keys;
  const auto ranges = r.month_ranges(*t, path, &keys);
  if (!ranges) return;
  std::vector<std::optional<CorrelationMatrix>> mats;
  for (std::size_t g = 0; g < keys.size(); ++g)
    mats.push_back(read_matrix(r, *ranges->second[g], key_path(path, keys[g])));
  for (std::size_t m = 0; m < static_cast<std::size_t>(kMonths); ++m) {
    const auto g = static_cast<std::size_t>(ranges->first[m]);
    if (mats[g]) out[m] = *mats[g];
    if (season) (*season)[m] = keys[g];
  }
}

// What is wrong with one value at `path`, or nullopt when it is fine.
using ValueProblem = std::function<std::optional<Text>(const std::string& path, double x)>;

// A table of every metric's month-dependent number (TomlReader::monthly:
// scalar, twelve values or month ranges; no distribution), each value
// checked by `problem`. [sigma] and [days] s and psi.
void read_metric_months(TomlReader& r, const toml::node& n, const std::string& path,
                        std::array<std::array<double, kMonths>, kMetricCount>& out, const ValueProblem& problem) {
  const toml::table* t = r.table(n, path);
  if (!t) return;
  std::vector<std::string> allowed = metric_names();
  allowed.emplace_back("source");
  r.check_keys(*t, path, allowed);
  const std::function<std::optional<double>(const toml::node&, std::string_view)> element =
      [&](const toml::node& e, std::string_view p) -> std::optional<double> {
    if (e.is_table() && e.as_table()->contains("dist")) {
      r.error(e, Text(msg::reader_no_distribution_here, p));
      return std::nullopt;
    }
    const auto x = r.number(e, p);
    if (!x) return std::nullopt;
    if (auto why = problem(std::string(p), *x)) {
      r.error(e, std::move(*why));
      return std::nullopt;
    }
    return x;
  };
  for (Metric m : kMetrics) {
    const toml::node* v = r.require(*t, path, name(m));
    if (!v) continue;
    if (auto g = r.monthly<double>(*v, key_path(path, name(m)), element))
      for (int month = 0; month < kMonths; ++month)
        out[static_cast<std::size_t>(m)][static_cast<std::size_t>(month)] = g->at(month);
  }
}

// days.calibration_factor: positive, finite, and k·s within the largest
// plausible lognormal spread (data/domain.toml) for every s read.
void read_calibration_factor(TomlReader& r, const toml::node& n, DailySeriesParams& out) {
  const std::string p = "days.calibration_factor";
  const auto k = r.number(n, p);
  if (!k) return;
  if (!(*k > 0.0) || !std::isfinite(*k)) {
    r.error(n, Text(msg::data_not_positive_number, p, *k));
    return;
  }
  out.k = *k;
  double s_max = 0.0;
  for (const auto& row : out.s)
    for (double s : row) s_max = std::max(s_max, s);
  const DomainBounds& d = domain();
  if (*k * s_max > d.lognormal_sigma_max)
    r.error(n, Text(msg::data_days_k_too_large, p, *k, s_max, fmt::format("{:.6g}", *k * s_max), d.lognormal_sigma_max,
                     d.file));
}

// [sigma]'s rule: not below 0 (TomlReader::monthly_number's kNonNegative).
std::optional<Text> non_negative(const std::string& p, double x) {
  if (x < kNonNegative.lo || x > kNonNegative.hi) return Text(msg::reader_outside_range, p, x, describe_range(kNonNegative));
  return std::nullopt;
}

// [days]: the daily series' parameters (model.md "The daily layer").
void read_days(TomlReader& r, const toml::node& n, DailySeriesParams& out) {
  out.at = ref(r, n);
  const toml::table* t = r.table(n, "days");
  if (!t) return;
  out.given = true;
  static const std::vector<std::string> allowed{"source", "calibration_factor", "s", "psi", "correlation"};
  r.check_keys(*t, "days", allowed);
  const DomainBounds& d = domain();
  if (const toml::node* v = r.require(*t, "days", "s"))
    read_metric_months(r, *v, "days.s", out.s, [&](const std::string& p, double x) -> std::optional<Text> {
      if (!(x >= 0.0)) return Text(msg::reader_outside_range, p, x, describe_range(kNonNegative));
      if (x > d.lognormal_sigma_max)
        return Text(msg::reader_lognormal_sigma_too_large, p, x, d.lognormal_sigma_max, d.file);
      return std::nullopt;
    });
  if (const toml::node* v = r.require(*t, "days", "psi"))
    read_metric_months(r, *v, "days.psi", out.psi, [](const std::string& p, double x) -> std::optional<Text> {
      if (!(x >= 0.0 && x < 1.0)) return Text(msg::data_days_psi_range, p, x);
      return std::nullopt;
    });
  if (const toml::node* v = r.require(*t, "days", "correlation"))
    read_correlation(r, *v, "days.correlation", out.correlation, nullptr);
  if (const toml::node* v = t->get("calibration_factor")) read_calibration_factor(r, *v, out);
}

}  // namespace

MeteorologyParams read_meteorology(TomlReader& r, const toml::table& doc) {
  MeteorologyParams out;
  for (auto& m : out.correlation) m = CorrelationMatrix::Identity();
  static const std::vector<std::string> allowed_top{"source", "description",      "sigma",     "correlation",
                                                    "phi",    "daily_dispersion", "base_year", "base_anomaly",
                                                    "observation_error", "misfit_probability", "days"};
  r.check_keys(doc, "", allowed_top);
  if (const toml::node* n = doc.get("base_year"))
    if (auto b = read_base_year(r, *n, "base_year")) out.base_year = *b;
  if (const toml::node* n = doc.get("base_anomaly")) read_base_anomaly(r, *n, "base_anomaly", out.base_anomaly);

  if (const toml::node* n = r.require(doc, "", "sigma"))
    read_metric_months(r, *n, "sigma", out.sigma, non_negative);

  if (const toml::node* n = r.require(doc, "", "correlation"))
    read_correlation(r, *n, "correlation", out.correlation, &out.season);

  if (const toml::node* n = r.require(doc, "", "phi")) {
    if (auto phi = r.number(*n, "phi")) {
      if (!(*phi > -1.0 && *phi < 1.0)) r.error(*n, Text(msg::data_outside_open_minus_one_one, "phi", *phi));
      out.phi = *phi;
    }
  }

  if (const toml::node* n = doc.get("observation_error")) {
    if (auto tau = r.number(*n, "observation_error")) {
      if (!(*tau > 0.0 && *tau <= 1.0)) r.error(*n, Text(msg::data_observation_error_range, *tau));
      out.observation_error = *tau;
    }
  }
  if (const toml::node* n = doc.get("misfit_probability")) {
    if (auto p = r.number(*n, "misfit_probability")) {
      if (!(*p >= 0.5 && *p < 1.0)) r.error(*n, Text(msg::data_misfit_probability_range, *p));
      out.misfit_probability = *p;
    }
  }

  read_daily_dispersion(r, doc, out);
  out.days.at = {r.file(), 0, 0};
  for (auto& m : out.days.correlation) m = CorrelationMatrix::Identity();
  if (const toml::node* n = doc.get("days")) read_days(r, *n, out.days);
  return out;
}

}  // namespace aqplan::detail
