#include "aqplan/engine/montecarlo.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "aqplan/model/evaluation.h"

namespace aqplan {

namespace {

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
  return specs;
}

namespace {

// "Rounded value ≤ target" for every statistic, with a fast path: far from
// the rounding boundary target + half a unit the answer is a comparison
// (met when v < below[k], not met when v > above[k]); within 1e-9 of it,
// the exact GB/T 8170 rule decides. The composite index is never "met" (no
// target): its band is empty and below everything.
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
  explicit WorkerState(const Model& model, const std::vector<StatSpec>& specs)
      : ws(model.make_workspace()), draw(model.mode_draw()), acc(specs), values(kStatCount * kBatch), met(kStatCount * kBatch) {}
  Workspace ws;
  Draw draw;
  Outcome outcome;
  RunAccumulator acc;
  // Statistic i of sample s of the current batch of n at [i·n + s].
  std::vector<double> values;
  std::vector<std::uint8_t> met;
};

}  // namespace

RunAccumulator run_monte_carlo(const Model& model, const Sampler& sampler, const MonteCarloOptions& opt) {
  const std::vector<StatSpec> specs = run_stat_specs(model);
  if (opt.end < opt.begin) throw std::invalid_argument("sample range end before begin");
  const std::uint64_t total = opt.end - opt.begin;
  const std::uint64_t block = std::max<std::uint64_t>(1, opt.block);
  const std::uint64_t nblocks = (total + block - 1) / block;

  // Targets and rounding, looked up once.
  const EvaluationRules& rules = model.rules();
  MetRules met;
  for (Metric p : kMetrics) {
    const int dec = rules.decimals_of(p);
    for (int m = 1; m <= kMonths; ++m) met.set(stat_index(p, m), rules.target_value(p, m - 1), dec);
    met.set(annual_stat_index(p), rules.target_value(p, kAnnual), dec);
  }
  met.below[kCompositeStat] = met.above[kCompositeStat] = -std::numeric_limits<double>::infinity();

  tbb::enumerable_thread_specific<WorkerState> states([&] { return WorkerState(model, specs); });
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> failed{false};
  std::mutex progress_mutex, error_mutex;
  std::string error;

  auto body = [&](const tbb::blocked_range<std::uint64_t>& blocks) {
    WorkerState& st = states.local();
    for (std::uint64_t b = blocks.begin(); b != blocks.end(); ++b) {
      if ((opt.cancel && opt.cancel->load(std::memory_order_relaxed)) || failed.load(std::memory_order_relaxed)) return;
      const std::uint64_t first = opt.begin + b * block;
      const std::uint64_t last = std::min(opt.end, first + block);
      for (std::uint64_t batch = first; batch < last; batch += kBatch) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kBatch, last - batch));
        // Statistic i of sample s at [i·n + s] (add_batch's layout).
        double* const values = st.values.data();
        for (std::size_t s = 0; s < n; ++s) {
          sampler.draw(opt.seed, batch + s, st.draw);
          model.evaluate(st.draw, st.ws, st.outcome);
          // stat_index(p, m) = p·12 + m − 1: the monthly values in order.
          for (std::size_t p = 0; p < kMetricCount; ++p)
            for (std::size_t m = 0; m < kMonths; ++m) values[(p * kMonths + m) * n + s] = st.outcome.monthly[p][m];
          for (std::size_t p = 0; p < kMetricCount; ++p) values[(kMonthlyStats + p) * n + s] = st.outcome.annual[p];
          values[kCompositeStat * n + s] = st.outcome.composite.index;
        }
        for (std::size_t k = 0; k < kStatCount; ++k) {
          const double* __restrict v = values + k * n;
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
        try {
          st.acc.add_batch(std::span(st.values.data(), kStatCount * n), std::span(st.met.data(), kStatCount * n), n);
        } catch (const std::exception& e) {
          // Name the first sample of the batch with a value the accumulator refused.
          auto first_bad = [&]() -> std::uint64_t {
            for (std::size_t s = 0; s < n; ++s)
              for (std::size_t k = 0; k < kStatCount; ++k)
                if (!RunAccumulator::accepts(st.values[k * n + s])) return batch + s;
            return batch;
          };
          const std::uint64_t bad = first_bad();
          std::lock_guard lock(error_mutex);
          if (!failed.exchange(true)) error = fmt::format("sample {}: {}", bad, e.what());
          return;
        }
      }
      const std::uint64_t now = done.fetch_add(last - first) + (last - first);
      if (opt.progress) {
        std::unique_lock lock(progress_mutex, std::try_to_lock);
        if (lock.owns_lock()) opt.progress(now, total);
      }
    }
  };

  const int threads = opt.threads > 0 ? opt.threads : static_cast<int>(tbb::info::default_concurrency());
  tbb::task_arena arena(threads);
  arena.execute([&] { tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, nblocks, 1), body, tbb::simple_partitioner()); });

  if (failed) throw std::runtime_error(error);
  if (opt.cancel && opt.cancel->load()) throw Cancelled();
  RunAccumulator total_acc(specs);
  for (const WorkerState& st : states) total_acc.merge(st.acc);
  return total_acc;
}

}  // namespace aqplan
