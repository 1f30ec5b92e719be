// aqplan/engine/conditioning.h — the re-forecast of model.md §8: months already
// observed in the target year inform the months still to come.
//
// For a sample with persistent inputs θ (delays, sizes, growth, trend,
// response), C̃[p,m] is the model's value with the weather factor 1. The
// weather law of §5 (ln M = σ·y − σ²/2, y Gaussian with the seasonal
// correlations R_m across metrics and the AR(1) φ across months; σ the
// effective one of the draws, Sampler::weather_sigma) turns an observed
// value V[p,m] into the standardised weather it implies for this sample:
//   y[p,m] = (ln(V[p,m]/C̃[p,m]) + σ²/2) / σ.
// With S the observed (metric, month) pairs, U the others, Σ the 72×72
// covariance of y (built once), and the observation error τ (ln units,
// MeteorologyParams::observation_error) as D = diag((τ/σ)²) in y units:
//   log-weight  ℓ = −½·y_Sᵀ(Σ_SS + D)⁻¹y_S ≤ 0   (the weight exp(ℓ) ∈ (0, 1]
//               needs no normalisation: any split of the samples gives the
//               same weights; the Jacobian is common to all samples)
//   weather     y_U given y_S ~ N(K·y_S, Σ_UU − K·Σ_SU), K = Σ_US(Σ_SS + D)⁻¹,
//               drawn by Matheron's rule from the sample's own unconditional
//               weather y0 (Sampler: the same random numbers as without
//               observations) and observation noise e ~ N(0, 1):
//               y_U = y0_U + K·(y_S − y0_S − (τ/σ)·e_S),
//               which has exactly that law. After the last observed month
//               t the weather is AR(1), so K's row of (p, m > t) is
//               φ^(m−t) times the row of (p, t): the product needs only the
//               rows of the unobserved pairs up to t and the six of month t.
// Pairs whose σ is 0 carry no weather and are left out of S (they neither
// weigh nor condition); their months still take the observed value.
//
// Units: y, ε standard normal; σ, τ, ℓ natural-log units; concentrations in
// the metric's unit.
// Thread safety: immutable after construction; apply() is const, allocates
// nothing and may run on any number of threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/data/model_inputs.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/model/model.h"

namespace aqplan {

// An observation the model cannot reach: its standardised weather y (model.md
// §8) at every input's mode.
struct ObservationMisfit {
  Metric metric = Metric::so2;
  int month = 0;          // 1..12
  double observed = 0;    // metric unit
  double modelled = 0;    // C̃ at the mode, metric unit
  double y = 0;           // (ln(observed/modelled) + σ²/2)/σ
};

class Conditioning {
 public:
  // From the model's observed months, the weather law and τ of the model's
  // meteorology, and the σ the sampler draws with.
  Conditioning(const Model& model, const PerMetricMonth<double>& sigma);

  // |S|: the observations that weigh (0: no conditioning; apply() is not
  // to be called).
  std::size_t observations() const { return s_.size(); }

  // One sample: `modelled` = C̃ of every month (Outcome::modelled with the
  // weather 1), `prior` and `noise` = Draw::weather_prior and
  // Draw::observation_noise. Writes monthly[p][m] = C̃[p,m]·M[p,m] for
  // every unobserved pair of U (observed months keep their value) and
  // returns ℓ (−∞ when some observed pair's C̃ is not positive).
  double apply(const PerMetricMonth<double>& modelled, const PerMetricMonth<double>& prior,
               const PerMetricMonth<double>& noise, PerMetricMonth<double>& monthly) const;

  // −½·χ²(|S|) at MeteorologyParams::misfit_probability: a run whose
  // largest log-weight is below it is outside anything the model can
  // produce (model.md §8).
  double log_weight_floor() const { return log_floor_; }

  // The observations furthest from the model at every input's mode (largest
  // |y| first), at most `count`.
  std::vector<ObservationMisfit> worst_observations(const Model& model, std::size_t count) const;

 private:
  struct ApplyKernel;  // apply()'s body, compiled per vector level
  std::vector<std::size_t> s_, u_;        // flat indices p·12 + m
  std::vector<double> ln_obs_;            // ln V of S
  // 1/σ, σ²/2 and τ/σ of S, contiguous for apply() (ln_obs_, inv_sigma_s_
  // and half_var_s_ padded with zeros to s_stride_); σ itself is sigma_.
  std::vector<double> inv_sigma_s_, half_var_s_, tau_s_;
  std::size_t s_stride_ = 0;  // |S| rounded up to a multiple of 4
  // L⁻¹, L the lower Cholesky factor of Σ_SS + D: column-major |S|×|S|
  // (zeros above the diagonal and in the padding), column j at j·s_stride_.
  std::vector<double> chol_inv_cols_;
  // K = Σ_US(Σ_SS + D)⁻¹ as rows shared by the U pairs (conditioning.cpp,
  // gain_of): column-major, column j (gain_rows_ values) at j·gain_rows_.
  std::vector<double> gain_cols_;
  std::size_t gain_rows_ = 0;
  // Per flat pair p·12 + m: σ and σ²/2; for a U pair its K row (row_) and
  // coefficient (coef_) and in_u_ = 1; any other pair row 72 (zero) and 0.
  std::array<double, kMetricCount * kMonths> sigma_{}, half_var_{}, coef_{};
  std::array<std::uint32_t, kMetricCount * kMonths> row_{};
  std::array<std::uint8_t, kMetricCount * kMonths> in_u_{};
  double log_floor_ = 0;
};


// Model.md §8's check of a finished run of `model` drawn by `sampler`
// (`samples` samples, largest weight `max_weight`): a run whose largest
// weight is below e^(log_weight_floor) is outside anything the model can
// produce. Throws InputError at the observations furthest from the model (a
// unit slip is the usual cause); does nothing without a conditioning or
// samples.
void check_reachable(const Model& model, const Sampler& sampler, double max_weight, std::uint64_t samples);

}  // namespace aqplan
