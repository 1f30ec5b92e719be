// A month's concentration split by sector and species (model/attribution.h):
// it adds up to what the model evaluates, it is what the equations say on a
// one-sector case, and O3's cells are the first-order changes they claim.
#include <gtest/gtest.h>

#include <cmath>

#include "aqplan/data/scenario.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/model/attribution.h"
#include "test_util.h"

namespace aqplan {
namespace {

constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }
constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }

std::vector<double> emissions_of(const Model& m, const Draw& d) {
  Workspace ws = m.make_workspace();
  std::vector<double> e(m.sectors().size() * kSpeciesCount * kMonths);
  m.projected_emissions(d, ws, e);
  return e;
}

TEST(Attribution, PartsAddUpToTheModelsValueInEveryMonthOfEveryMetric) {
  const Model& m = test::bundled_model();
  const Attribution attribution(m);
  const Sampler sampler(m);
  Draw d = m.mode_draw();
  Workspace ws = m.make_workspace();
  Outcome o;
  MonthParts parts;
  int months_with_parts = 0;
  for (std::uint64_t i = 0; i < 20; ++i) {
    sampler.draw(5, i, d);
    m.evaluate(d, ws, o);
    const std::vector<double> e = emissions_of(m, d);
    for (Metric p : kMetrics)
      for (int month = 0; month < kMonths; ++month) {
        attribution.split(d, e, p, month, parts);
        const double value = o.monthly[mi(p)][static_cast<std::size_t>(month)];
        ASSERT_NEAR(parts.nonlocal + parts.local, value, 1e-12 * value) << name(p) << " month " << month + 1;
        EXPECT_EQ(parts.additive, p != Metric::o3);
        if (!parts.additive) continue;
        double sum = parts.unattributed;
        for (const auto& row : parts.cells)
          for (double c : row) sum += c;
        ASSERT_NEAR(sum, parts.local, 1e-12 * value) << name(p) << " month " << month + 1;
        EXPECT_EQ(parts.unattributed, 0.0);  // every species the bundled response reads is emitted every month
        months_with_parts += parts.local > 0;
      }
  }
  EXPECT_EQ(months_with_parts, 20 * 5 * kMonths);
}

// One sector (steel) emitting everything, a certain 40 % cut of its NOx (the
// winter nitrate peak) and 50 % of its NH3, nothing uncertain: every weight
// is 1 and every ratio the remaining fraction, so the parts are closed forms.
TEST(Attribution, OneSectorIsTheClosedForm) {
  const ModelInputs in = test::one_sector_inputs();
  const auto steel = static_cast<std::size_t>(*in.dataset.inventory.find("steel"));
  const Model m = Model::build(in);
  const Draw d = m.mode_draw();
  MonthParts parts;
  Attribution(m).split(d, emissions_of(m, d), Metric::pm25, 0, parts);
  const ResponseParams& rp = in.dataset.response;
  const double c0 = in.targets.base_value(Metric::pm25, 0), B = rp.nonlocal_share[mi(Metric::pm25)][0].mode();
  const double loc = c0 * (1 - B), A = 1 - (0.22 * 0.5 + 0.44 * 0.25);
  const double N = 1 + 0.41 * 0.4 + 0.834 * 0.16 - 2.244 * 0.064;  // N(0.4), winter
  const double fs = 0.273, fn = 0.225;
  const auto& cell = parts.cells[steel];
  EXPECT_NEAR(cell[si(Species::pm25)], loc * 0.45, 1e-12);
  EXPECT_NEAR(cell[si(Species::so2)], loc * 0.15 * A * (1 - fs), 1e-12);
  EXPECT_NEAR(cell[si(Species::nox)], loc * 0.28 * N * A * (1 - fn), 1e-12);
  EXPECT_NEAR(cell[si(Species::nh3)], loc * A * (0.15 * fs + 0.28 * N * fn), 1e-12);
  EXPECT_NEAR(cell[si(Species::voc)], loc * 0.12, 1e-12);
  EXPECT_NEAR(parts.nonlocal, c0 * B * (1 + rp.regional_change[mi(Metric::pm25)].mode()), 1e-12);
  for (std::size_t s = 0; s < parts.cells.size(); ++s) {
    if (s == steel) continue;
    for (double c : parts.cells[s]) EXPECT_EQ(c, 0.0);
  }
  // NO2 is steel's NOx, ground-weighted: 60 % of the local part is left.
  Attribution(m).split(d, emissions_of(m, d), Metric::no2, 0, parts);
  const double no2 = in.targets.base_value(Metric::no2, 0) * (1 - rp.nonlocal_share[mi(Metric::no2)][0].mode());
  EXPECT_NEAR(parts.cells[steel][si(Species::nox)], 0.6 * no2, 1e-12);
}

// O3's cells: the change of O3 if a sector's NOx or VOC were removed, to
// first order — what a small extra cut of that sector's species, scaled up,
// measures. In winter (VOC-limited) removing NOx raises O3.
TEST(Attribution, OzoneCellsAreFirstOrderChanges) {
  const Model& m = test::bundled_model();
  const Attribution attribution(m);
  Draw d = m.mode_draw();
  const std::vector<double> e = emissions_of(m, d);
  Workspace ws = m.make_workspace();
  Outcome base, cut;
  m.evaluate(d, ws, base);
  const auto steel = static_cast<std::size_t>(std::find_if(m.sectors().begin(), m.sectors().end(),
                                                           [](const ModelSector& s) { return s.name == "steel"; }) -
                                              m.sectors().begin());
  MonthParts parts;
  for (int month : {0, 6}) {
    attribution.split(d, e, Metric::o3, month, parts);
    EXPECT_FALSE(parts.additive);
    for (Species k : {Species::nox, Species::voc}) {
      constexpr double c = 1e-5;
      Draw x = d;
      x.extra_cut[si(k)] = c;
      std::fill(x.extra_cut_sector.begin(), x.extra_cut_sector.end(), 0);
      x.extra_cut_sector[steel] = 1;
      m.evaluate(x, ws, cut);
      const auto mm = static_cast<std::size_t>(month);
      const double measured = (cut.monthly[mi(Metric::o3)][mm] - base.monthly[mi(Metric::o3)][mm]) / c;
      EXPECT_NEAR(parts.cells[steel][si(k)], measured, 1e-3 * std::abs(measured)) << name(k) << " month " << month + 1;
    }
    if (month == 0) {
      EXPECT_GT(parts.cells[steel][si(Species::nox)], 0.0) << "winter: removing NOx raises O3";
    }
    EXPECT_LT(parts.cells[steel][si(Species::voc)], 0.0);
  }
}

}  // namespace
}  // namespace aqplan
