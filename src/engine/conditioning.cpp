// The re-forecast's weights and conditional weather (model.md §8).
#include "aqplan/engine/conditioning.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <boost/math/distributions/chi_squared.hpp>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "kernels/dispatch.h"
#include "kernels/fastmath.h"

namespace aqplan {

namespace {

constexpr std::size_t kPairs = kMetricCount * kMonths;
using Matrix = Eigen::MatrixXd;

// Σ: the covariance of the sampler's standardised weather y, flat index
// p·12 + m. Within a month B_m = φ²·B_{m−1} + (1 − φ²)·R_m (B_1 = R_1);
// across months Cov(y[·,m'], y[·,m]) = φ^(m'−m)·B_m for m' ≥ m.
Matrix weather_covariance(const MeteorologyParams& met) {
  std::array<Matrix, kMonths> block;
  for (std::size_t m = 0; m < kMonths; ++m) {
    const Matrix r = met.correlation[m];
    block[m] = m == 0 ? r : Matrix(met.phi * met.phi * block[m - 1] + (1.0 - met.phi * met.phi) * r);
  }
  Matrix cov(kPairs, kPairs);
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m)
      for (std::size_t q = 0; q < kMetricCount; ++q)
        for (std::size_t n = 0; n < kMonths; ++n) {
          const std::size_t first = std::min(m, n), gap = std::max(m, n) - first;
          cov(static_cast<Eigen::Index>(p * kMonths + m), static_cast<Eigen::Index>(q * kMonths + n)) =
              std::pow(met.phi, static_cast<double>(gap)) *
              block[first](static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q));
        }
  return cov;
}

Matrix submatrix(const Matrix& a, const std::vector<std::size_t>& rows, const std::vector<std::size_t>& cols) {
  Matrix out(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < cols.size(); ++j)
      out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          a(static_cast<Eigen::Index>(rows[i]), static_cast<Eigen::Index>(cols[j]));
  return out;
}

double flat(const PerMetricMonth<double>& a, std::size_t i) { return a[i / kMonths][i % kMonths]; }

// n rounded up to whole 4-double vectors (at most 72: kPairs is a multiple of 4).
std::size_t padded(std::size_t n) { return (n + 3) / 4 * 4; }

// The gain K = Σ_US(Σ_SS + D)⁻¹ in the form apply() uses. With t the last
// month holding an observation, the weather after t is y[·,m] =
// φ^(m−t)·y[·,t] + innovations independent of everything observed, so K's
// row of (p, m > t) is φ^(m−t) times the row of (p, t) — also when (p, t)
// itself is observed. Rows are kept only for the unobserved pairs up to t
// and for the six metrics of month t; a pair after t scales its metric's
// month-t row. The product is then (rows × |S|) instead of |U| × |S|.
struct Gain {
  std::vector<double> cols;          // column-major: column j holds `rows` values
  std::size_t rows = 0;
  std::vector<std::uint32_t> row_of;  // per U pair: its row
  std::vector<double> coef;           // per U pair: φ^(m−t), or 1 for its own row
};

Gain gain_of(const Matrix& cov, const Eigen::LLT<Matrix>& llt, const std::vector<std::size_t>& s,
             const std::vector<std::size_t>& u, double phi) {
  std::size_t last = 0;
  for (std::size_t i : s) last = std::max(last, i % kMonths);
  std::vector<std::size_t> rows;  // flat pairs whose K row is computed: U up to t, then (·, t)
  for (std::size_t i : u)
    if (i % kMonths <= last) rows.push_back(i);
  const std::size_t month_t = rows.size();  // the six month-t rows follow the direct ones
  Gain g;
  std::size_t direct_rows = 0;  // rows holds the direct pairs in U order
  for (std::size_t i : u) {
    const std::size_t m = i % kMonths;
    const bool direct = m <= last;
    g.row_of.push_back(static_cast<std::uint32_t>(direct ? direct_rows++ : month_t + i / kMonths));
    g.coef.push_back(direct ? 1.0 : std::pow(phi, static_cast<double>(m - last)));
  }
  if (rows.size() < u.size())  // some pair lies after t
    for (std::size_t p = 0; p < kMetricCount; ++p) rows.push_back(p * kMonths + last);
  g.rows = padded(rows.size());  // zero rows at the end: whole vectors
  if (rows.empty()) return g;
  const Matrix kt = llt.solve(submatrix(cov, s, rows));  // |S| × rows = Kᵀ
  g.cols.assign(s.size() * g.rows, 0.0);
  for (std::size_t j = 0; j < s.size(); ++j)
    for (std::size_t r = 0; r < rows.size(); ++r)
      g.cols[j * g.rows + r] = kt(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(r));
  return g;
}

}  // namespace

Conditioning::Conditioning(const Model& model, const PerMetricMonth<double>& sigma) {
  for (std::size_t i = 0; i < kPairs; ++i) {
    const auto p = kMetrics[i / kMonths];
    const int m = static_cast<int>(i % kMonths);
    const double s = flat(sigma, i);
    if (model.observed(p, m)) {
      if (s > 0.0) s_.push_back(i);
    } else {
      u_.push_back(i);
    }
  }
  if (s_.empty()) return;
  const MeteorologyParams& met = model.weather();
  if (!met.observation_error || !met.misfit_probability)
    throw std::logic_error("conditioning: observation_error and misfit_probability are checked by the scenario loader");
  const double tau = *met.observation_error;
  for (std::size_t i : s_) {
    const double s = flat(sigma, i);
    ln_obs_.push_back(std::log(*model.observed_value(kMetrics[i / kMonths], static_cast<int>(i % kMonths))));
    half_var_s_.push_back(0.5 * s * s);
    inv_sigma_s_.push_back(1.0 / s);
  }
  for (std::size_t i = 0; i < kPairs; ++i) {
    sigma_[i] = flat(sigma, i);
    half_var_[i] = 0.5 * sigma_[i] * sigma_[i];
  }
  const Matrix cov = weather_covariance(met);
  Matrix css = submatrix(cov, s_, s_);
  for (std::size_t k = 0; k < s_.size(); ++k) {
    const double e = tau / sigma_[s_[k]];
    tau_s_.push_back(e);
    css(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)) += e * e;
  }
  const Eigen::LLT<Matrix> llt(css);
  if (llt.info() != Eigen::Success) throw std::logic_error("conditioning: the observations' covariance is not positive definite");
  const Matrix l_inv = llt.matrixL().solve(Matrix::Identity(css.rows(), css.cols()));
  const std::size_t ns = s_.size();
  s_stride_ = padded(ns);
  chol_inv_cols_.assign(ns * s_stride_, 0.0);
  for (std::size_t j = 0; j < ns; ++j)
    for (std::size_t i = j; i < ns; ++i)
      chol_inv_cols_[j * s_stride_ + i] = l_inv(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
  // Padding of the per-observation values (a zero y at padded slots).
  ln_obs_.resize(s_stride_, 0.0);
  half_var_s_.resize(s_stride_, 0.0);
  inv_sigma_s_.resize(s_stride_, 0.0);
  Gain gain = gain_of(cov, llt, s_, u_, met.phi);
  gain_cols_ = std::move(gain.cols);
  gain_rows_ = gain.rows;
  row_.fill(static_cast<std::uint32_t>(kPairs));
  for (std::size_t r = 0; r < u_.size(); ++r) {
    const std::size_t i = u_[r];
    row_[i] = gain.row_of[r];
    coef_[i] = gain.coef[r];
    in_u_[i] = 1;
  }
  const boost::math::chi_squared chi2(static_cast<double>(ns));
  log_floor_ = -0.5 * boost::math::quantile(chi2, *met.misfit_probability);
}

// apply()'s body as a kernel (kernels/dispatch.h): every level gives the
// same bits (each sum in one fixed order, the same fastmath functions).
struct Conditioning::ApplyKernel {
  template <SimdLevel>
  AQPLAN_ALWAYS_INLINE static double run(const Conditioning& k, const double* c, const double* y0, const double* e,
                                         double* out) noexcept {
    const std::size_t ns = k.s_.size(), ns4 = k.s_stride_, rows = k.gain_rows_;
    alignas(32) double y[kPairs], u[kPairs], delta[kPairs + 1], shift[kPairs];
    delta[kPairs] = 0.0;  // the row of the observed pairs (coefficient 0)
    for (std::size_t i = 0; i < ns; ++i) {
      const double v = c[k.s_[i]];
      if (!(v > 0.0)) return -std::numeric_limits<double>::infinity();
      y[i] = v;
    }
    for (std::size_t i = ns; i < ns4; ++i) y[i] = 1.0;  // padding (ln_obs_ … are padded to ns4 too)
    for (std::size_t i = 0; i < ns4; ++i)
      y[i] = (k.ln_obs_[i] - detail::log_fast(y[i]) + k.half_var_s_[i]) * k.inv_sigma_s_[i];
    // ℓ = −½|u|², u = L⁻¹·y (column by column, each u[i]'s sum in j order).
    for (std::size_t i = 0; i < ns4; ++i) u[i] = 0.0;
    for (std::size_t j = 0; j < ns; ++j) {
      const double* col = &k.chol_inv_cols_[j * ns4];
      const double yj = y[j];
      for (std::size_t i = 0; i < ns4; ++i) u[i] += col[i] * yj;
    }
    double log_weight = 0.0;
    for (std::size_t i = 0; i < ns; ++i) log_weight -= 0.5 * u[i] * u[i];
    // Matheron's rule: y_U = y0_U + K·(y_S − y0_S − (τ/σ)·e_S); K's rows
    // as gain_of() keeps them (each row's sum in column order), then each U
    // pair its row times its coefficient; M = exp(σ·y − σ²/2).
    for (std::size_t i = 0; i < ns; ++i) y[i] -= y0[k.s_[i]] + k.tau_s_[i] * e[k.s_[i]];
    for (std::size_t r = 0; r < rows; ++r) delta[r] = 0.0;
    for (std::size_t j = 0; j < ns; ++j) {
      const double* col = &k.gain_cols_[j * rows];  // rows: a multiple of 4 (zero rows added)
      const double rj = y[j];
      for (std::size_t r = 0; r < rows; ++r) delta[r] += col[r] * rj;
    }
    // Over all 72 pairs at once (dense, so it vectorises); an observed pair
    // has coefficient 0 and keeps its value.
    for (std::size_t i = 0; i < kPairs; ++i) shift[i] = k.coef_[i] * delta[k.row_[i]];
    for (std::size_t i = 0; i < kPairs; ++i)
      shift[i] = detail::exp_fast(k.sigma_[i] * (y0[i] + shift[i]) - k.half_var_[i]);
    for (std::size_t i = 0; i < kPairs; ++i) out[i] = k.in_u_[i] != 0 ? c[i] * shift[i] : out[i];
    return log_weight;
  }
};

double Conditioning::apply(const PerMetricMonth<double>& modelled, const PerMetricMonth<double>& prior,
                           const PerMetricMonth<double>& noise, PerMetricMonth<double>& monthly) const {
  static_assert(sizeof(PerMetricMonth<double>) == kPairs * sizeof(double), "PerMetricMonth is 72 contiguous doubles");
  static_assert(kPairs % 4 == 0, "padded() stays within the kernel's arrays");
  return kernels::dispatch<ApplyKernel>(*this, modelled[0].data(), prior[0].data(), noise[0].data(),
                                        monthly[0].data());
}

std::vector<ObservationMisfit> Conditioning::worst_observations(const Model& model, std::size_t count) const {
  Workspace ws = model.make_workspace();
  Draw d = model.mode_draw();
  for (auto& row : d.weather) row.fill(1.0);
  Outcome out;
  model.evaluate_months(d, ws, out);
  std::vector<ObservationMisfit> all;
  for (std::size_t k = 0; k < s_.size(); ++k) {
    const std::size_t i = s_[k];
    ObservationMisfit o;
    o.metric = kMetrics[i / kMonths];
    o.month = static_cast<int>(i % kMonths) + 1;
    o.observed = *model.observed_value(o.metric, o.month - 1);
    o.modelled = flat(out.modelled, i);
    o.y = o.modelled > 0.0 ? (ln_obs_[k] - std::log(o.modelled) + half_var_s_[k]) / sigma_[s_[k]]
                           : std::numeric_limits<double>::infinity();
    all.push_back(o);
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return std::abs(a.y) > std::abs(b.y); });
  if (all.size() > count) all.resize(count);
  return all;
}


void check_reachable(const Model& model, const Sampler& sampler, double max_weight, std::uint64_t samples) {
  const Conditioning* cond = sampler.conditioning();
  if (cond == nullptr || samples == 0 || max_weight >= std::exp(cond->log_weight_floor())) return;
  Diagnostics d;
  for (const ObservationMisfit& o : cond->worst_observations(model, 3))
    d.error(model.observed_at(o.metric, o.month - 1),
            Text(msg::reforecast_unreachable, name(o.metric), o.month, fmt::format("{:g}", o.observed),
                 fmt::format("{:.3g}", o.modelled), fmt::format("{:+.1f}", o.y)));
  throw InputError(std::move(d));
}

}  // namespace aqplan
