// An experiment, not a production kernel: would evaluating several samples
// per vector register ("sample lanes") make the model's emissions stage much
// faster than the production layout (one sample at a time, twelve months in
// vectors, src/kernels/months.h)? docs/notes/throughput-limit.md
// uses the answer to size the remaining work on the throughput target.
//
// The stage is the hot loop of Model::evaluate's emissions stage on a
// synthetic plan with the bundled plan's shape (44 measures, 14 sectors,
// 7 species, 31 sector-wide terms, 82 weighted rows of ρ, 59 per-species
// terms):
//   G[s,m]   = (1 + g_s)·Π_sector-terms (1 − r·a[j,m])
//   ρ[row,m] = G[s,m]·Π_row-terms (1 − min(1, r·inv)·a[j,m])   (inv < 0: r itself)
//   Δ[k,m]   = Σ_rows of species k  w[row,m]·(ρ[row,m] − 1), for two weight sets.
// Three layouts of the same arithmetic, per sample:
//   BM_LayoutMonthVectors  — production layout: 12 months = three 4-double vectors (AVX2);
//   BM_LayoutSampleLanes4  — 4 samples in the lanes of a 4-double vector, month by month (AVX2);
//   BM_LayoutSampleLanes8  — 8 samples in the lanes of an 8-double vector (AVX-512F).
// Each benchmark first checks that its layout gives the month-vector layout's
// numbers bit for bit (the same IEEE operations in the same order), and
// skips, saying why, on a CPU without the instructions it needs.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

namespace {

#if defined(__x86_64__) && defined(__GNUC__)

constexpr std::size_t kMeasures = 44, kSectors = 14, kSpecies = 7, kRows = 82, kSectorTerms = 31, kRowTerms = 59,
                      kEffects = 67, kMonths = 12;
constexpr std::size_t kSamples = 64;  // a batch of the engine (montecarlo.cpp kBatch)
constexpr std::uint32_t kNoWeight = ~0u;

struct Term {
  std::uint32_t measure, target, effect;  // target: sector·12 (sector terms)
  double inv;                             // < 0: a fraction; else 1/E (tonnes)
};
struct Row {
  std::uint32_t sector, term_begin, term_end, impact, plain;  // weight offsets or kNoWeight
};

// The synthetic plan and one batch of per-sample inputs, sample-major
// (activity[s][j][m], r[s][e], growth[s][sector]) and lane-major copies for
// the lane layouts (activity[(j·12 + m)·L + lane] within a group of L samples).
struct Plan {
  std::vector<Term> sector_terms, row_terms;
  std::vector<Row> rows;
  std::array<std::uint32_t, kSpecies + 1> species_rows{};
  std::vector<double> w_impact, w_plain;  // [(k·S + s)·12 + m]
  std::vector<double> activity, r, growth;

  Plan() {
    std::mt19937_64 rng(20231);
    std::uniform_int_distribution<std::uint32_t> measure(0, kMeasures - 1), sector(0, kSectors - 1);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (std::uint32_t i = 0; i < kSectorTerms; ++i)
      sector_terms.push_back({measure(rng), static_cast<std::uint32_t>(sector(rng) * kMonths), i, -1.0});
    std::uint32_t next_term = 0;
    for (std::uint32_t k = 0; k < kSpecies; ++k) {
      species_rows[k] = static_cast<std::uint32_t>(rows.size());
      const std::uint32_t n = k + 1 < kSpecies ? kRows / kSpecies : kRows - (kSpecies - 1) * (kRows / kSpecies);
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint32_t s = i % kSectors;
        const std::uint32_t w = static_cast<std::uint32_t>((k * kSectors + s) * kMonths);
        Row row{s, static_cast<std::uint32_t>(row_terms.size()), 0, w, i % 3 == 0 ? w : kNoWeight};
        for (std::uint32_t t = 0; t < (i % 3 == 0 ? 2u : 1u) && next_term < kRowTerms; ++t, ++next_term)
          row_terms.push_back({measure(rng), 0, static_cast<std::uint32_t>(kSectorTerms + next_term % (kEffects - kSectorTerms)),
                               next_term % 4 == 0 ? 0.01 : -1.0});
        row.term_end = static_cast<std::uint32_t>(row_terms.size());
        rows.push_back(row);
      }
    }
    species_rows[kSpecies] = static_cast<std::uint32_t>(rows.size());
    w_impact.resize(kSpecies * kSectors * kMonths);
    w_plain.resize(w_impact.size());
    for (double& w : w_impact) w = u(rng);
    for (double& w : w_plain) w = u(rng);
    // Activity: off, fully on, or part way, as a schedule gives.
    activity.resize(kSamples * kMeasures * kMonths);
    for (double& a : activity) a = u(rng) < 0.4 ? 0.0 : (u(rng) < 0.5 ? 1.0 : u(rng));
    r.resize(kSamples * kEffects);
    for (double& x : r) x = 0.3 * u(rng);
    growth.resize(kSamples * kSectors);
    for (double& g : growth) g = 0.02 * (u(rng) - 0.5);
  }

  // The lane-major copy of a sample-major array of `width` values per sample.
  template <std::size_t L>
  std::vector<double> lanes(const std::vector<double>& v, std::size_t width) const {
    std::vector<double> out(v.size());
    for (std::size_t group = 0; group < kSamples / L; ++group)
      for (std::size_t i = 0; i < width; ++i)
        for (std::size_t lane = 0; lane < L; ++lane)
          out[(group * width + i) * L + lane] = v[(group * L + lane) * width + i];
    return out;
  }
};

const Plan& plan() {
  static const Plan p;
  return p;
}

constexpr std::size_t kOut = 2 * kSpecies * kMonths;  // Δ_impact[k][m], Δ_plain[k][m] per sample

// Production layout, as src/months.h: twelve months as three 4-double vectors.
using V4 = double __attribute__((vector_size(32)));
using V4U = double __attribute__((vector_size(32), aligned(8), may_alias));
using V8 = double __attribute__((vector_size(64)));
using V8U = double __attribute__((vector_size(64), aligned(8), may_alias));

__attribute__((target("avx2"), noinline)) void month_vectors(const Plan& p, const double* act, const double* r,
                                                            const double* g, double* out) {
  alignas(32) double G[kSectors * kMonths];
  for (std::size_t s = 0; s < kSectors; ++s)
    for (std::size_t m = 0; m < kMonths; ++m) G[s * kMonths + m] = 1.0 + g[s];
  for (const Term& t : p.sector_terms) {
    const double rr = r[t.effect];
    V4U* Gv = reinterpret_cast<V4U*>(G + t.target);
    const V4U* a = reinterpret_cast<const V4U*>(act + t.measure * kMonths);
    for (int i = 0; i < 3; ++i) Gv[i] = Gv[i] * (1.0 - rr * a[i]);
  }
  for (std::size_t k = 0; k < kSpecies; ++k) {
    V4 impact[3] = {}, plain[3] = {};
    for (std::uint32_t ri = p.species_rows[k]; ri < p.species_rows[k + 1]; ++ri) {
      const Row& row = p.rows[ri];
      const V4U* Gv = reinterpret_cast<const V4U*>(G + row.sector * kMonths);
      V4 rho[3] = {Gv[0], Gv[1], Gv[2]};
      for (std::uint32_t i = row.term_begin; i < row.term_end; ++i) {
        const Term& t = p.row_terms[i];
        double rr = r[t.effect];
        if (t.inv >= 0.0) rr = std::min(1.0, rr * t.inv);
        const V4U* a = reinterpret_cast<const V4U*>(act + t.measure * kMonths);
        for (int v = 0; v < 3; ++v) rho[v] = rho[v] * (1.0 - rr * a[v]);
      }
      if (row.impact != kNoWeight) {
        const V4U* w = reinterpret_cast<const V4U*>(p.w_impact.data() + row.impact);
        for (int v = 0; v < 3; ++v) impact[v] = impact[v] + w[v] * (rho[v] - 1.0);
      }
      if (row.plain != kNoWeight) {
        const V4U* w = reinterpret_cast<const V4U*>(p.w_plain.data() + row.plain);
        for (int v = 0; v < 3; ++v) plain[v] = plain[v] + w[v] * (rho[v] - 1.0);
      }
    }
    V4U* o = reinterpret_cast<V4U*>(out + 2 * k * kMonths);
    for (int v = 0; v < 3; ++v) {
      o[v] = impact[v];
      o[3 + v] = plain[v];
    }
  }
}

// Sample lanes: the same operations, lane = sample; V a vector of L doubles,
// VU its unaligned may-alias twin. Inputs lane-major; out[(i·L) + lane].
template <typename V, typename VU, std::size_t L>
__attribute__((always_inline)) inline void sample_lanes(const Plan& p, const double* act, const double* r,
                                                        const double* g, double* out) {
#define AQPLAN_LOAD(x) (*reinterpret_cast<const VU*>(x))
  V G[kSectors * kMonths];
  for (std::size_t s = 0; s < kSectors; ++s) {
    const V one = AQPLAN_LOAD(g + s * L) + 1.0;
    for (std::size_t m = 0; m < kMonths; ++m) G[s * kMonths + m] = one;
  }
  for (const Term& t : p.sector_terms) {
    const V rr = AQPLAN_LOAD(r + t.effect * L);
    const double* a = act + t.measure * kMonths * L;
    for (std::size_t m = 0; m < kMonths; ++m) G[t.target + m] = G[t.target + m] * (1.0 - rr * AQPLAN_LOAD(a + m * L));
  }
  for (std::size_t k = 0; k < kSpecies; ++k) {
    V impact[kMonths] = {}, plain[kMonths] = {};
    for (std::uint32_t ri = p.species_rows[k]; ri < p.species_rows[k + 1]; ++ri) {
      const Row& row = p.rows[ri];
      V rho[kMonths];
      for (std::size_t m = 0; m < kMonths; ++m) rho[m] = G[row.sector * kMonths + m];
      for (std::uint32_t i = row.term_begin; i < row.term_end; ++i) {
        const Term& t = p.row_terms[i];
        V rr = AQPLAN_LOAD(r + t.effect * L);
        if (t.inv >= 0.0) {
          const V c = rr * t.inv, one = c * 0.0 + 1.0;
          rr = one < c ? one : c;  // std::min(1.0, c), lane by lane
        }
        const double* a = act + t.measure * kMonths * L;
        for (std::size_t m = 0; m < kMonths; ++m) rho[m] = rho[m] * (1.0 - rr * AQPLAN_LOAD(a + m * L));
      }
      if (row.impact != kNoWeight)
        for (std::size_t m = 0; m < kMonths; ++m) impact[m] = impact[m] + p.w_impact[row.impact + m] * (rho[m] - 1.0);
      if (row.plain != kNoWeight)
        for (std::size_t m = 0; m < kMonths; ++m) plain[m] = plain[m] + p.w_plain[row.plain + m] * (rho[m] - 1.0);
    }
    for (std::size_t m = 0; m < kMonths; ++m) {
      *reinterpret_cast<VU*>(out + (2 * k * kMonths + m) * L) = impact[m];
      *reinterpret_cast<VU*>(out + ((2 * k + 1) * kMonths + m) * L) = plain[m];
    }
  }
#undef AQPLAN_LOAD
}

__attribute__((target("avx2"), noinline)) void sample_lanes4(const Plan& p, const double* act, const double* r,
                                                            const double* g, double* out) {
  sample_lanes<V4, V4U, 4>(p, act, r, g, out);
}
__attribute__((target("avx512f,avx512dq,avx512vl,prefer-vector-width=512"), noinline)) void sample_lanes8(
    const Plan& p, const double* act, const double* r, const double* g, double* out) {
  sample_lanes<V8, V8U, 8>(p, act, r, g, out);
}

// Every sample of the batch in the month-vector layout, sample-major.
std::vector<double> reference() {
  const Plan& p = plan();
  std::vector<double> out(kSamples * kOut);
  for (std::size_t s = 0; s < kSamples; ++s)
    month_vectors(p, &p.activity[s * kMeasures * kMonths], &p.r[s * kEffects], &p.growth[s * kSectors],
                  &out[s * kOut]);
  return out;
}

void BM_LayoutMonthVectors(benchmark::State& state) {
  if (!__builtin_cpu_supports("avx2")) {
    state.SkipWithError("the CPU lacks AVX2");
    return;
  }
  const Plan& p = plan();
  std::vector<double> out(kSamples * kOut);
  for (auto _ : state) {
    for (std::size_t s = 0; s < kSamples; ++s)
      month_vectors(p, &p.activity[s * kMeasures * kMonths], &p.r[s * kEffects], &p.growth[s * kSectors],
                    &out[s * kOut]);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kSamples));
}
BENCHMARK(BM_LayoutMonthVectors);

template <std::size_t L>
void BM_LayoutSampleLanes(benchmark::State& state) {
  const bool ok = L == 4 ? __builtin_cpu_supports("avx2") : __builtin_cpu_supports("avx512f");
  if (!ok) {
    state.SkipWithError(L == 4 ? "the CPU lacks AVX2" : "the CPU lacks AVX-512F");
    return;
  }
  const Plan& p = plan();
  const std::vector<double> act = p.lanes<L>(p.activity, kMeasures * kMonths);
  const std::vector<double> r = p.lanes<L>(p.r, kEffects);
  const std::vector<double> g = p.lanes<L>(p.growth, kSectors);
  std::vector<double> out(kSamples * kOut);
  auto batch = [&] {
    for (std::size_t first = 0; first < kSamples; first += L) {
      if constexpr (L == 4)
        sample_lanes4(p, &act[first * kMeasures * kMonths], &r[first * kEffects], &g[first * kSectors],
                      &out[first * kOut]);
      else
        sample_lanes8(p, &act[first * kMeasures * kMonths], &r[first * kEffects], &g[first * kSectors],
                      &out[first * kOut]);
    }
  };
  batch();
  const std::vector<double> expected = p.lanes<L>(reference(), kOut);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (std::memcmp(&out[i], &expected[i], sizeof(double)) != 0) {
      state.SkipWithError("the lane layout does not give the month-vector layout's bits");
      return;
    }
  for (auto _ : state) {
    batch();
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kSamples));
}
BENCHMARK(BM_LayoutSampleLanes<4>)->Name("BM_LayoutSampleLanes4");
BENCHMARK(BM_LayoutSampleLanes<8>)->Name("BM_LayoutSampleLanes8");

#endif  // x86-64 with GCC

}  // namespace
