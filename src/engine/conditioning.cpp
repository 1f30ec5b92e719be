// The re-forecast's weights and conditional weather (model.md §8).
#include "aqplan/engine/conditioning.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <boost/math/distributions/chi_squared.hpp>

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
  const double tau = met.observation_error;
  for (std::size_t i : s_) {
    const double s = flat(sigma, i);
    ln_obs_.push_back(std::log(*model.observed_value(kMetrics[i / kMonths], static_cast<int>(i % kMonths))));
    sigma_s_.push_back(s);
    half_var_s_.push_back(0.5 * s * s);
  }
  for (std::size_t i : u_) {
    const double s = flat(sigma, i);
    sigma_u_.push_back(s);
    half_var_u_.push_back(0.5 * s * s);
  }
  const Matrix cov = weather_covariance(met);
  Matrix css = submatrix(cov, s_, s_);
  for (std::size_t k = 0; k < s_.size(); ++k) {
    const double e = tau / sigma_s_[k];
    tau_s_.push_back(e);
    css(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)) += e * e;
  }
  const Eigen::LLT<Matrix> llt(css);
  if (llt.info() != Eigen::Success) throw std::logic_error("conditioning: the observations' covariance is not positive definite");
  const Matrix l = llt.matrixL();
  const std::size_t ns = s_.size(), nu = u_.size();
  chol_s_.assign(ns * ns, 0.0);
  for (std::size_t i = 0; i < ns; ++i)
    for (std::size_t j = 0; j <= i; ++j) chol_s_[i * ns + j] = l(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
  if (nu > 0) {
    const Matrix csu = submatrix(cov, s_, u_);
    const Matrix kt = llt.solve(csu);  // |S|×|U| = Kᵀ
    k_cols_.assign(ns * nu, 0.0);
    for (std::size_t j = 0; j < ns; ++j)
      for (std::size_t r = 0; r < nu; ++r) k_cols_[j * nu + r] = kt(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(r));
  }
  const boost::math::chi_squared chi2(static_cast<double>(ns));
  log_floor_ = -0.5 * boost::math::quantile(chi2, 0.9999);
}

double Conditioning::apply(const PerMetricMonth<double>& modelled, const PerMetricMonth<double>& prior,
                           const PerMetricMonth<double>& noise, PerMetricMonth<double>& monthly) const {
  static_assert(sizeof(PerMetricMonth<double>) == kPairs * sizeof(double), "PerMetricMonth is 72 contiguous doubles");
  const double* const c = modelled[0].data();
  const double* const y0 = prior[0].data();
  const double* const e = noise[0].data();
  double* const out = monthly[0].data();
  const std::size_t ns = s_.size(), nu = u_.size();
  alignas(32) double y[kPairs], yu[kPairs];
  for (std::size_t k = 0; k < ns; ++k) {
    const double v = c[s_[k]];
    if (!(v > 0.0)) return -std::numeric_limits<double>::infinity();
    y[k] = v;
  }
  for (std::size_t k = 0; k < ns; ++k) y[k] = (ln_obs_[k] - detail::log_fast(y[k]) + half_var_s_[k]) / sigma_s_[k];
  // ℓ = −½|u|², L·u = y (forward substitution).
  double log_weight = 0.0;
  {
    alignas(32) double u[kPairs];
    for (std::size_t i = 0; i < ns; ++i) {
      const double* row = &chol_s_[i * ns];
      double acc = y[i];
      for (std::size_t j = 0; j < i; ++j) acc -= row[j] * u[j];
      u[i] = acc / row[i];
      log_weight -= 0.5 * u[i] * u[i];
    }
  }
  // Matheron's rule: y_U = y0_U + K·(y_S − y0_S − (τ/σ)·e_S), column by
  // column (each row's sum in column order); then M = exp(σ·y − σ²/2).
  for (std::size_t k = 0; k < ns; ++k) y[k] -= y0[s_[k]] + tau_s_[k] * e[s_[k]];
  for (std::size_t r = 0; r < nu; ++r) yu[r] = y0[u_[r]];
  for (std::size_t j = 0; j < ns; ++j) {
    const double* col = &k_cols_[j * nu];
    const double rj = y[j];
    for (std::size_t r = 0; r < nu; ++r) yu[r] += col[r] * rj;
  }
  for (std::size_t r = 0; r < nu; ++r) yu[r] = detail::exp_fast(sigma_u_[r] * yu[r] - half_var_u_[r]);
  for (std::size_t r = 0; r < nu; ++r) out[u_[r]] = c[u_[r]] * yu[r];
  return log_weight;
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
    o.y = o.modelled > 0.0 ? (ln_obs_[k] - std::log(o.modelled) + half_var_s_[k]) / sigma_s_[k]
                           : std::numeric_limits<double>::infinity();
    all.push_back(o);
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return std::abs(a.y) > std::abs(b.y); });
  if (all.size() > count) all.resize(count);
  return all;
}

std::optional<Conditioning> conditioning_of(const Model& model, const Sampler& sampler) {
  if (!sampler.conditioned()) return std::nullopt;
  Conditioning c(model, sampler.weather_sigma());
  if (c.observations() == 0) return std::nullopt;
  return c;
}

}  // namespace aqplan
