#include "aqplan/engine/montecarlo.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "aqplan/engine/conditioning.h"
#include "aqplan/model/evaluation.h"
#include "kernels/fastmath.h"

namespace aqplan {

namespace {

// Bin width of the re-forecast's input statistics (relative changes).
constexpr double kInputBinWidth = 1e-3;

// A tenth of the reporting precision: 10^−(decimals + 1), exactly the double
// nearest it (an exact power of ten divides 1).
double bin_width(int decimals) {
  double scale = 10.0;
  for (int i = 0; i < decimals; ++i) scale *= 10.0;
  return 1.0 / scale;
}

}  // namespace

std::vector<StatSpec> run_stat_specs(const Model& model) {
  const EvaluationRules& r = model.rules();
  std::vector<StatSpec> specs;
  specs.reserve(kStatCount);
  auto upper = [&](Metric p) {
    double hi = r.base_value(p, kAnnual);
    for (int m = 0; m < kMonths; ++m) hi = std::max({hi, r.base_value(p, m), r.target_value(p, m)});
    return 4.0 * hi + 1.0;
  };
  for (Metric p : kMetrics)
    for (int m = 1; m <= kMonths; ++m)
      specs.push_back({fmt::format("{}.{}", name(p), m), bin_width(r.decimals_of(p)), upper(p), 0.0});
  for (Metric p : kMetrics) specs.push_back({fmt::format("{}.year", name(p)), bin_width(r.decimals_of(p)), upper(p), 0.0});
  specs.push_back({"composite", bin_width(r.composite_decimals),
                   4.0 * std::max(r.composite_base, r.composite_target) + 1.0, 0.0});
  if (model.any_observed()) {  // the re-forecast's inputs whose posterior is reported
    for (Metric p : kMetrics) specs.push_back({fmt::format("input.trend.{}", name(p)), kInputBinWidth, 1.0, -1.0});
    for (const ModelSector& s : model.sectors())
      specs.push_back({fmt::format("input.growth.{}", s.name), kInputBinWidth, 1.0, -1.0});
  }
  return specs;
}

namespace {

// "Rounded value ≤ target" for every statistic, with a fast path: far from
// the rounding boundary target + half a unit the answer is a comparison
// (met when v < below[k], not met when v > above[k]); within 1e-9 of it,
// the exact GB/T 8170 rule decides. The composite index is met when,
// rounded to its reporting decimals, it is at most the plan's improvement
// target as reported (rounded the same way).
struct MetRules {
  alignas(32) std::array<double, kStatCount> below{}, above{}, target{};
  std::array<int, kStatCount> decimals{};
  void set(std::size_t k, double target_value, int decimal_places) {
    const double boundary = target_value + 0.5 / std::pow(10.0, decimal_places);
    const double band = 1e-9 * (1.0 + std::abs(target_value));
    below[k] = boundary - band;
    above[k] = boundary + band;
    target[k] = target_value;
    decimals[k] = decimal_places;
  }
};

static_assert(kMonthlyStats == kMetricCount * kMonths && stat_index(kMetrics[1], 1) == kMonths &&
                  stat_index(kMetrics[0], 2) == 1,
              "run_monte_carlo stores Outcome::monthly[p][m] as statistic p·12 + m");

// Samples are accumulated this many at a time (RunAccumulator::add_batch).
constexpr std::size_t kBatch = 64;

struct WorkerState {
  WorkerState(const Model& model, const std::vector<StatSpec>& specs, Weighting weighting)
      : ws(model.make_workspace()),
        draw(model.mode_draw()),
        acc(specs, weighting),
        values(specs.size() * kBatch),
        met(specs.size() * kBatch),
        weights(kBatch, 1.0) {}
  Workspace ws;
  Draw draw;
  Outcome outcome;
  RunAccumulator acc;
  // Statistic i of sample s of the current batch of n at [i·n + s].
  std::vector<double> values;
  std::vector<std::uint8_t> met;  // the inputs' statistics 0 (never met)
  std::vector<double> weights;    // of the batch's samples (re-forecast)
};

}  // namespace

namespace {

// Targets and rounding of every statistic, looked up once.
MetRules met_rules(const Model& model) {
  const EvaluationRules& rules = model.rules();
  MetRules met;
  for (Metric p : kMetrics) {
    const int dec = rules.decimals_of(p);
    for (int m = 1; m <= kMonths; ++m) met.set(stat_index(p, m), rules.target_value(p, m - 1), dec);
    met.set(annual_stat_index(p), rules.target_value(p, kAnnual), dec);
  }
  met.set(kCompositeStat, round_half_even(rules.composite_target, rules.composite_decimals), rules.composite_decimals);
  return met;
}

// One sample evaluated into st.outcome; with a conditioning, the weather
// of the unobserved months drawn given the observed ones, and the sample's
// weight returned (1 without).
double evaluate_sample(const Model& model, const Sampler& sampler, const Conditioning* cond, std::uint64_t seed,
                       std::uint64_t sample, Draw& draw, Workspace& ws, Outcome& outcome) {
  sampler.draw(seed, sample, draw);
  if (cond == nullptr) {
    model.evaluate(draw, ws, outcome);
    return 1.0;
  }
  model.evaluate_months(draw, ws, outcome);
  const double log_weight = cond->apply(outcome.modelled, draw.weather_prior, draw.observation_noise, outcome.monthly);
  model.finish(outcome);
  return detail::exp_fast(log_weight);  // ℓ = −∞ gives 0
}

// Samples [batch, batch + n) drawn and evaluated into st.values:
// statistic i of sample s at [i·n + s] (add_batch's layout).
void evaluate_batch(const Model& model, const Sampler& sampler, const Conditioning* cond, std::uint64_t seed,
                    std::uint64_t batch, std::size_t n, WorkerState& st) {
  double* const values = st.values.data();
  const bool inputs = st.acc.size() > kStatCount;
  for (std::size_t s = 0; s < n; ++s) {
    st.weights[s] = evaluate_sample(model, sampler, cond, seed, batch + s, st.draw, st.ws, st.outcome);
    // stat_index(p, m) = p·12 + m − 1: the monthly values in order.
    for (std::size_t p = 0; p < kMetricCount; ++p)
      for (std::size_t m = 0; m < kMonths; ++m) values[(p * kMonths + m) * n + s] = st.outcome.monthly[p][m];
    for (std::size_t p = 0; p < kMetricCount; ++p) values[(kMonthlyStats + p) * n + s] = st.outcome.annual[p];
    values[kCompositeStat * n + s] = st.outcome.composite.index;
    if (inputs) {  // the re-forecast's inputs: regional trend per metric, growth per sector
      for (std::size_t p = 0; p < kMetricCount; ++p) values[(kStatCount + p) * n + s] = st.draw.regional_change[p];
      for (std::size_t k = 0; k < st.draw.growth.size(); ++k)
        values[(kStatCount + kMetricCount + k) * n + s] = st.draw.growth[k];
    }
  }
}

// st.met from st.values: "rounded value ≤ target" of every statistic.
void flag_met(const MetRules& met, std::size_t n, WorkerState& st) {
  for (std::size_t k = 0; k < kStatCount; ++k) {
    const double* __restrict v = st.values.data() + k * n;
    std::uint8_t* __restrict flag = st.met.data() + k * n;
    const double lo = met.below[k], hi = met.above[k];
    unsigned near_boundary = 0;
    for (std::size_t s = 0; s < n; ++s) {  // branch-free: vectorises
      flag[s] = v[s] < lo ? 1 : 0;
      near_boundary |= static_cast<unsigned>(v[s] >= lo) & static_cast<unsigned>(v[s] <= hi);
    }
    if (near_boundary != 0)  // rare: within 1e-9 of a rounding boundary
      for (std::size_t s = 0; s < n; ++s)
        if (v[s] >= lo && v[s] <= hi) flag[s] = meets_target(v[s], met.target[k], met.decimals[k]) ? 1 : 0;
  }
}

// The first sample of a batch with a value the accumulator refuses.
std::uint64_t first_rejected(const WorkerState& st, std::uint64_t batch, std::size_t n) {
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t k = 0; k < st.acc.size(); ++k)
      if (!RunAccumulator::accepts(st.values[k * n + s])) return batch + s;
  return batch;
}

// One run's shared state: what the workers report.
class Run {
 public:
  Run(const Model& model, const Sampler& sampler, const Conditioning* cond, const MonteCarloOptions& opt)
      : model_(model), sampler_(sampler), cond_(cond), opt_(opt), met_(met_rules(model)) {}

  bool stopped() const {
    return (opt_.cancel && opt_.cancel->load(std::memory_order_relaxed)) || failed_.load(std::memory_order_relaxed);
  }

  // Samples [first, last) into st.acc; false (the error kept) when the
  // accumulator refuses a value.
  bool block(std::uint64_t first, std::uint64_t last, WorkerState& st) {
    for (std::uint64_t batch = first; batch < last; batch += kBatch) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kBatch, last - batch));
      evaluate_batch(model_, sampler_, cond_, opt_.seed, batch, n, st);
      flag_met(met_, n, st);
      // The inputs' statistics are never met (their slots move with n).
      std::fill(st.met.begin() + static_cast<std::ptrdiff_t>(kStatCount * n),
                st.met.begin() + static_cast<std::ptrdiff_t>(st.acc.size() * n), std::uint8_t{0});
      try {
        const std::size_t k = st.acc.size();
        const std::span values(st.values.data(), k * n);
        const std::span met(st.met.data(), k * n);
        if (cond_ != nullptr)
          st.acc.add_batch(values, met, n, std::span<const double>(st.weights.data(), n));
        else
          st.acc.add_batch(values, met, n);
      } catch (const std::exception& e) {
        const std::uint64_t bad = first_rejected(st, batch, n);
        std::lock_guard lock(error_mutex_);
        if (!failed_.exchange(true)) error_ = fmt::format("sample {}: {}", bad, e.what());
        return false;
      }
    }
    const std::uint64_t now = done_.fetch_add(last - first) + (last - first);
    if (opt_.progress) {
      std::unique_lock lock(progress_mutex_, std::try_to_lock);
      if (lock.owns_lock()) opt_.progress(now, opt_.end - opt_.begin);
    }
    return true;
  }

  void throw_if_failed() const {
    if (failed_) throw std::runtime_error(error_);
    if (opt_.cancel && opt_.cancel->load()) throw Cancelled();
  }

 private:
  const Model& model_;
  const Sampler& sampler_;
  const Conditioning* cond_;
  const MonteCarloOptions& opt_;
  const MetRules met_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<bool> failed_{false};
  std::mutex progress_mutex_, error_mutex_;
  std::string error_;
};

}  // namespace

RunAccumulator run_monte_carlo(const Model& model, const Sampler& sampler, const MonteCarloOptions& opt) {
  const std::vector<StatSpec> specs = run_stat_specs(model);
  if (opt.end < opt.begin) throw std::invalid_argument("sample range end before begin");
  const std::uint64_t block = std::max<std::uint64_t>(1, opt.block);
  const std::uint64_t total = opt.end - opt.begin;
  const std::uint64_t nblocks = total / block + (total % block != 0 ? 1 : 0);  // no overflow near 2^64
  const Conditioning* cp = sampler.conditioning();
  const Weighting weighting = cp ? Weighting::weighted : Weighting::none;
  Run run(model, sampler, cp, opt);
  tbb::enumerable_thread_specific<WorkerState> states([&] { return WorkerState(model, specs, weighting); });
  auto body = [&](const tbb::blocked_range<std::uint64_t>& blocks) {
    WorkerState& st = states.local();
    for (std::uint64_t b = blocks.begin(); b != blocks.end(); ++b) {
      if (run.stopped()) return;
      const std::uint64_t first = opt.begin + b * block;
      if (!run.block(first, std::min(opt.end, first + block), st)) return;
    }
  };
  const int threads = opt.threads > 0 ? opt.threads : static_cast<int>(tbb::info::default_concurrency());
  // More threads than cores is allowed (and oversubscribes them): raise
  // TBB's worker limit for this run, which otherwise warns and ignores them.
  const tbb::global_control workers(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] { tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, nblocks, 1), body, tbb::simple_partitioner()); });
  run.throw_if_failed();
  RunAccumulator merged(specs, weighting);
  for (const WorkerState& st : states) merged.merge(st.acc);
  return merged;
}

namespace {

// The value of statistic `stat` in an outcome (montecarlo.h's layout).
double statistic_of(const Outcome& o, std::size_t stat) {
  if (stat < kMonthlyStats) return o.monthly[stat / kMonths][stat % kMonths];
  if (stat < kCompositeStat) return o.annual[stat - kMonthlyStats];
  return o.composite.index;
}

struct ValueWorker {
  explicit ValueWorker(const Model& model) : ws(model.make_workspace()), draw(model.mode_draw()) {}
  Workspace ws;
  Draw draw;
  Outcome outcome;
};

}  // namespace

std::vector<double> sample_values(const Model& model, const Sampler& sampler, const MonteCarloOptions& opt,
                                  std::size_t stat, std::vector<double>* weights) {
  if (opt.end < opt.begin) throw std::invalid_argument("sample range end before begin");
  if (stat >= kStatCount) throw std::invalid_argument(fmt::format("sample_values: no statistic {}", stat));
  const std::uint64_t total = opt.end - opt.begin;
  const std::uint64_t block = std::max<std::uint64_t>(1, opt.block);
  const std::uint64_t nblocks = total / block + (total % block != 0 ? 1 : 0);
  std::vector<double> out(total);
  const Conditioning* cond = sampler.conditioning();
  if (weights) weights->assign(total, 1.0);
  std::atomic<std::uint64_t> done{0};
  std::mutex progress_mutex;
  auto stopped = [&] { return opt.cancel && opt.cancel->load(std::memory_order_relaxed); };
  tbb::enumerable_thread_specific<ValueWorker> workers([&] { return ValueWorker(model); });
  auto body = [&](const tbb::blocked_range<std::uint64_t>& blocks) {
    ValueWorker& w = workers.local();
    for (std::uint64_t b = blocks.begin(); b != blocks.end(); ++b) {
      if (stopped()) return;
      const std::uint64_t first = b * block, last = std::min(total, first + block);
      for (std::uint64_t i = first; i < last; ++i) {
        const double weight =
            evaluate_sample(model, sampler, cond, opt.seed, opt.begin + i, w.draw, w.ws, w.outcome);
        out[i] = statistic_of(w.outcome, stat);
        if (weights) (*weights)[i] = weight;
      }
      const std::uint64_t now = done.fetch_add(last - first) + (last - first);
      std::unique_lock lock(progress_mutex, std::try_to_lock);
      if (opt.progress && lock.owns_lock()) opt.progress(now, total);
    }
  };
  const int threads = opt.threads > 0 ? opt.threads : static_cast<int>(tbb::info::default_concurrency());
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] { tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, nblocks, 1), body, tbb::simple_partitioner()); });
  if (stopped()) throw Cancelled();
  for (std::uint64_t i = 0; i < total; ++i)
    if (!std::isfinite(out[i])) throw std::runtime_error(fmt::format("sample {}: the value {} is not finite", opt.begin + i, out[i]));
  return out;
}

}  // namespace aqplan
