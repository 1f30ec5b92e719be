// aqplan/results/run.h — the main use case: a scenario's Monte Carlo
// projection (or its deterministic run), whole, or in parts run by separate
// processes and merged. Each function loads the scenario, compiles the
// model, runs the engine and summarises, owning the defaults a planner gets
// when neither the scenario nor the request says otherwise.
//
// Thread safety: reentrant; a run uses `threads` worker threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/data/scenario.h"
#include "aqplan/engine/run_part.h"
#include "aqplan/results/run_result.h"
#include "aqplan/results/schedule_table.h"

namespace aqplan {

// Samples and seed of a run that neither the scenario's [montecarlo] nor the
// request gives.
inline constexpr std::uint64_t kDefaultSamples = 100000;
inline constexpr std::uint64_t kDefaultSeed = 1;

// The sensitivity of a run (RunResult::spread) is estimated on its first
// min(samples, kSpreadSamples) samples, run three times with common random
// numbers: as the scenario says, with the base year typical, and with no
// weather (docs/montecarlo.md).
inline constexpr std::uint64_t kSpreadSamples = 20000;

// The shares of each annual variance on samples [0, min(samples,
// kSpreadSamples)) of the run seeded `seed` of `model` (weather σ times
// `weather_scale`): what run and merge put in RunResult::spread.
void add_spread(const Model& model, double weather_scale, std::uint64_t seed, std::uint64_t samples, int threads,
                const std::atomic<bool>* cancel, RunResult& out);

// A re-forecast's forecast before the observations (Reforecast::prior_p_meet)
// is estimated on the first min(samples, kReforecastPriorSamples) samples of
// the same scenario without its observed months.
inline constexpr std::uint64_t kReforecastPriorSamples = 20000;
// Fills out.reforecast's prior P(meet) (nothing when out has no
// reforecast): `inputs` are the scenario's, observed months included.
void add_prior(const ModelInputs& inputs, double weather_scale, std::uint64_t seed, std::uint64_t samples, int threads,
               const std::atomic<bool>* cancel, RunResult& out);

struct RunRequest {
  std::string scenario;  // scenario file
  ScenarioOptions scenario_options;  // data/scenario.h (an --observed file)
  std::optional<std::uint64_t> samples;  // default: the scenario's, else kDefaultSamples
  std::optional<std::uint64_t> seed;     // default: the scenario's, else kDefaultSeed
  int threads = 0;                       // 0 = every core; results do not depend on it
  bool deterministic = false;            // one run, every uncertain input at its mode, base-year weather
  // Called now and then from a worker thread with the samples done so far.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  // When it becomes true, the run stops at its next block and throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

struct RunOutput {
  RunResult result;
  ScheduleTable schedule;  // the planned schedule of the scenario's measures
};

// Throws InputError for bad input, Cancelled when cancelled, and
// std::runtime_error when the model produces a non-finite value.
RunOutput run_scenario(const RunRequest& request);

// Part k of p of a run (engine/run_part.h): its samples, saved as a RunPart
// whose fingerprint is that of the input files as loaded.
RunPart run_scenario_part(const RunRequest& request, std::uint64_t part, std::uint64_t parts);

// The results of the whole run from its part files (every part, any order):
// bit for bit what run_scenario gives for the same samples and seed.
// InputError (naming the file) for a part that is unreadable, from other
// input files or another aqplan version, missing, doubled or overlapping.
// `options` must be those of the parts' runs: an observations file is one
// of the input files of the fingerprint.
RunOutput merge_scenario_parts(const std::string& scenario, const std::vector<std::string>& part_files,
                               const ScenarioOptions& options = {});

}  // namespace aqplan
