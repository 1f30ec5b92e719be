#include "aqplan/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <string>

#include <Eigen/Cholesky>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/data/domain.h"
#include "test_util.h"

namespace aqplan {
namespace {

namespace fs = std::filesystem;

const std::string kBundled = std::string(AQPLAN_SOURCE_DIR) + "/data/zezhou-2023";

int month_index(int month) { return month - 1; }

// ---- the bundled dataset ----

class BundledDataset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ds_ = new Dataset(load_dataset(kBundled)); }
  static void TearDownTestSuite() {
    delete ds_;
    ds_ = nullptr;
  }
  static const Dataset& ds() { return *ds_; }
  static const Sector& sector(const std::string& name) {
    auto i = ds().inventory.find(name);
    EXPECT_TRUE(i) << name;
    return ds().inventory.sectors.at(static_cast<std::size_t>(i.value_or(0)));
  }

 private:
  static inline Dataset* ds_ = nullptr;
};

TEST_F(BundledDataset, Header) {
  EXPECT_EQ(ds().base_year, 2022);
  EXPECT_EQ(ds().target_year, 2023);
  EXPECT_EQ(ds().standard, "gb3095-2012");
  EXPECT_EQ(fs::path(ds().files.targets).filename(), "targets.csv");
  EXPECT_EQ(fs::path(ds().files.ledger).filename(), "ledger.toml");
  EXPECT_EQ(fs::path(ds().files.standards), (fs::path(AQPLAN_SOURCE_DIR) / "data/standards").lexically_normal());
}

TEST_F(BundledDataset, InventorySpotChecks) {
  EXPECT_EQ(ds().inventory.sectors.size(), 14u);
  EXPECT_EQ(ds().inventory.sectors.front().name, "power");  // file order kept
  EXPECT_EQ(sector("steel").emission(Species::nox), 6500);
  EXPECT_EQ(sector("residential_coal").emission(Species::so2), 1700);
  EXPECT_EQ(sector("power").height, HeightClass::tall);
  EXPECT_EQ(sector("power").impact, 0.25);
  EXPECT_EQ(sector("steel").impact, 0.6);
  EXPECT_EQ(sector("road_dust").impact, 1.0);
  EXPECT_EQ(sector("heavy_vehicles").growth, Distribution::triangular(0.02, 0.06, 0.10));
  EXPECT_EQ(sector("solvents").growth, Distribution::triangular(-0.03, 0.0, 0.03));
  for (const Sector& s : ds().inventory.sectors) {
    EXPECT_LE(s.emission(Species::pm25), s.emission(Species::pm10)) << s.name;
    for (Species k : kSpecies) {
      const auto& p = s.profile_of(k);
      EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12) << s.name;
    }
  }
}

TEST_F(BundledDataset, ProfilesFollowTheTable) {
  // agriculture: NH3 ×1.5 Apr–Aug, every other species flat.
  const auto& nh3 = sector("agriculture").profile_of(Species::nh3);
  EXPECT_NEAR(std::accumulate(nh3.begin(), nh3.end(), 0.0), 1.0, 1e-12);
  for (int m = 1; m <= 12; ++m) {
    const bool peak = m >= 4 && m <= 8;
    // 5 months at 1.5 and 7 at 1: weight / (5·1.5 + 7).
    EXPECT_NEAR(nh3[month_index(m)], (peak ? 1.5 : 1.0) / 14.5, 1e-12) << m;
    EXPECT_NEAR(sector("agriculture").profile_of(Species::pm25)[month_index(m)], 1.0 / 12, 1e-12) << m;
  }
  // industrial_boilers: 85 % of the year in Nov–Mar.
  const auto& boilers = sector("industrial_boilers").profile_of(Species::so2);
  double heating = 0;
  for (int m : {11, 12, 1, 2, 3}) heating += boilers[month_index(m)];
  EXPECT_NEAR(heating, 0.85, 1e-12);
  // residential_coal: 90 % in Nov–Mar.
  const auto& household = sector("residential_coal").profile_of(Species::co);
  heating = 0;
  for (int m : {11, 12, 1, 2, 3}) heating += household[month_index(m)];
  EXPECT_NEAR(heating, 0.90, 1e-12);
  // construction_dust: Mar–Nov only.
  const auto& dust = sector("construction_dust").profile_of(Species::pm10);
  EXPECT_EQ(dust[month_index(1)], 0.0);
  EXPECT_EQ(dust[month_index(12)], 0.0);
  EXPECT_NEAR(dust[month_index(6)], 1.0 / 9, 1e-12);
}

TEST_F(BundledDataset, MeasuresSpotChecks) {
  const auto& ms = ds().measures.measures;
  ASSERT_EQ(ms.size(), 44u);
  for (int id = 1; id <= 44; ++id) EXPECT_NE(ds().measures.find(id), nullptr) << id;
  const std::set<int> enabling{7, 8, 27, 32, 41, 42, 43};
  for (const auto& m : ms) {
    EXPECT_EQ(m.enabling, enabling.count(m.id) == 1) << m.id;
    EXPECT_EQ(m.effects.empty(), m.enabling) << m.id;
  }
  const MeasureParams* m9 = ds().measures.find(9);
  ASSERT_NE(m9, nullptr);
  EXPECT_EQ(m9->depends_on, std::vector<int>{7});
  EXPECT_EQ(m9->lag_months, 9);
  // Engineering measures slip more: on time with p = 0.6, else 1–6 months.
  for (int id : {2, 4, 9, 15, 16, 21, 33}) {
    EXPECT_EQ(ds().measures.find(id)->delay.p_on_time, 0.6) << id;
    EXPECT_EQ(ds().measures.find(id)->delay.late, Distribution::uniform(1, 6)) << id;
  }
  EXPECT_EQ(ds().measures.find(1)->delay.p_on_time, 0.7);
  EXPECT_EQ(ds().measures.find(1)->delay.late, Distribution::uniform(1, 4));
  // Measure 1 acts on five sectors, each on every species.
  const MeasureParams* m1 = ds().measures.find(1);
  EXPECT_EQ(m1->effects.size(), 5u);
  EXPECT_EQ(m1->effects[0].species, kAllSpecies);
  // Measure 4: steel nox 0.30/0.40/0.50 as a fraction; "pm" is pm10 and pm25.
  const MeasureParams* m4 = ds().measures.find(4);
  ASSERT_EQ(m4->effects.size(), 3u);
  EXPECT_EQ(m4->effects[1].sector, *ds().inventory.find("steel"));
  EXPECT_EQ(m4->effects[1].species, species_bit(Species::nox));
  EXPECT_EQ(m4->effects[1].kind, EffectSize::fraction);
  EXPECT_EQ(m4->effects[1].size, Distribution::triangular(0.30, 0.40, 0.50));
  EXPECT_EQ(m4->effects[2].species, species_bit(Species::pm10) | species_bit(Species::pm25));
  // Timing overrides: 3 completes at the end of 2024; 33 in two stages.
  ASSERT_TRUE(ds().measures.find(3)->timing);
  EXPECT_EQ(ds().measures.find(3)->timing->year, 2024);
  EXPECT_EQ(ds().measures.find(3)->timing->month, 12);
  const MeasureParams* m33 = ds().measures.find(33);
  ASSERT_EQ(m33->stages.size(), 2u);
  EXPECT_EQ(m33->stages[0].month, 5);
  EXPECT_EQ(m33->stages[1].month, 9);
  EXPECT_EQ(m33->depends_on, std::vector<int>{32});
  EXPECT_FALSE(ds().measures.find(44)->timing);  // its window comes from the ledger
}

TEST_F(BundledDataset, ResponseSpotChecks) {
  const ResponseParams& r = ds().response;
  const auto B = [&](Metric p, int month) { return r.nonlocal_share[static_cast<std::size_t>(p)][month_index(month)].mode(); };
  EXPECT_EQ(B(Metric::pm25, 1), 0.45);
  EXPECT_EQ(B(Metric::pm25, 7), 0.50);
  EXPECT_EQ(B(Metric::o3, 11), 0.75);
  EXPECT_EQ(B(Metric::no2, 6), 0.20);
  EXPECT_EQ(r.regional_change[static_cast<std::size_t>(Metric::o3)], Distribution::triangular(-0.02, 0.01, 0.05));
  for (int m = 0; m < kMonths; ++m) {
    double sum = 0;
    for (const auto& row : r.pm25_shares) sum += row[static_cast<std::size_t>(m)];
    EXPECT_NEAR(sum, 1.0, 1e-12);
    const double n1 = 1 + r.nitrate.a[m].mode() + r.nitrate.b[m].mode() + r.nitrate.c[m].mode();
    EXPECT_NEAR(n1, 0.0, 1e-12);
  }
  EXPECT_EQ(r.pm25_shares[static_cast<std::size_t>(Pm25Component::ammonium_nitrate)][month_index(1)], 0.28);
  EXPECT_EQ(r.pm25_shares[static_cast<std::size_t>(Pm25Component::ammonium_nitrate)][month_index(7)], 0.15);
  EXPECT_EQ(r.ozone.aN[month_index(4)].mode(), -0.25);
  EXPECT_EQ(r.ozone.aN[month_index(7)].mode(), -0.10);
  EXPECT_EQ(r.ozone.aN[month_index(12)].mode(), -0.45);
  EXPECT_EQ(r.ozone.floor, 0.2);
  EXPECT_EQ(r.ammonia.b.mode(), 0.44);
  // Ammonium's mass fraction of each salt (molar masses), for explain's split.
  EXPECT_TRUE(r.ammonium.given);
  EXPECT_EQ(r.ammonium.sulfate, 0.273);
  EXPECT_EQ(r.ammonium.nitrate, 0.225);
}

TEST_F(BundledDataset, MeteorologySpotChecks) {
  const MeteorologyParams& m = ds().meteorology;
  const auto p = [](Metric x) { return static_cast<Eigen::Index>(x); };
  EXPECT_EQ(m.correlation[month_index(1)](p(Metric::pm25), p(Metric::o3)), -0.40);
  EXPECT_EQ(m.correlation[month_index(10)](p(Metric::o3), p(Metric::pm25)), -0.40);
  EXPECT_EQ(m.correlation[month_index(7)](p(Metric::pm25), p(Metric::o3)), 0.30);
  EXPECT_EQ(m.correlation[month_index(7)](p(Metric::pm25), p(Metric::pm10)), 0.90);
  for (const auto& c : m.correlation) {
    EXPECT_TRUE(c.isApprox(c.transpose()));
    EXPECT_EQ(Eigen::LLT<CorrelationMatrix>(c).info(), Eigen::Success);
  }
  EXPECT_EQ(m.sigma[static_cast<std::size_t>(Metric::pm25)][month_index(10)], 0.20);
  EXPECT_EQ(m.sigma[static_cast<std::size_t>(Metric::pm25)][month_index(4)], 0.15);
  EXPECT_EQ(m.phi, 0.2);
  EXPECT_EQ(m.daily_dispersion[static_cast<std::size_t>(Metric::o3)].mode, DailyDispersion::Mode::calibrate);
  EXPECT_EQ(m.daily_dispersion[static_cast<std::size_t>(Metric::pm25)].mode, DailyDispersion::Mode::not_used);
}

TEST_F(BundledDataset, DailySeriesSpotChecks) {
  const DailySeriesParams& d = ds().meteorology.days;
  const auto i = [](Metric x) { return static_cast<std::size_t>(x); };
  const auto e = [](Metric x) { return static_cast<Eigen::Index>(x); };
  ASSERT_TRUE(d.given);
  EXPECT_EQ(fs::path(d.at.file).filename(), "meteorology.toml");
  EXPECT_GT(d.at.line, 0);
  EXPECT_EQ(d.k, 1.0);
  EXPECT_EQ(d.s[i(Metric::pm25)][month_index(1)], 0.60);
  EXPECT_EQ(d.s[i(Metric::pm25)][month_index(10)], 0.60);
  EXPECT_EQ(d.s[i(Metric::pm25)][month_index(4)], 0.45);
  EXPECT_EQ(d.s[i(Metric::so2)][month_index(9)], 0.18);
  EXPECT_EQ(d.s[i(Metric::o3)][month_index(3)], 0.30);
  EXPECT_EQ(d.psi[i(Metric::o3)][month_index(1)], 0.45);
  EXPECT_EQ(d.psi[i(Metric::o3)][month_index(7)], 0.55);
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(d.psi[i(Metric::co)][month_index(m)], 0.60) << m;
  // The file lists pm25 pm10 so2 no2 co o3; the matrices are in metric.h order.
  EXPECT_EQ(d.correlation[month_index(1)](e(Metric::pm25), e(Metric::o3)), -0.30);
  EXPECT_EQ(d.correlation[month_index(12)](e(Metric::o3), e(Metric::no2)), -0.45);
  EXPECT_EQ(d.correlation[month_index(7)](e(Metric::pm25), e(Metric::pm10)), 0.88);
  EXPECT_EQ(d.correlation[month_index(7)](e(Metric::no2), e(Metric::o3)), 0.05);
  for (const auto& c : d.correlation) {
    EXPECT_EQ(c, c.transpose());
    EXPECT_EQ(Eigen::LLT<CorrelationMatrix>(c).info(), Eigen::Success);
  }
}

// ---- bad files: a copy of the bundled dataset with one edit ----

class BadDataset : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "aqplan-dataset-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    for (const char* f : {"dataset.toml", "inventory.toml", "measures.toml", "response.toml", "meteorology.toml"})
      fs::copy_file(fs::path(kBundled) / f, dir_ / f);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& file) const { return (dir_ / file).string(); }
  std::string text(const std::string& file) const { return read_text_file(path(file)); }

  // Replaces the first `old` after the first `anchor` in `file`.
  void edit(const std::string& file, const std::string& anchor, const std::string& old, const std::string& now) {
    std::string t = text(file);
    const std::size_t a = t.find(anchor);
    ASSERT_NE(a, std::string::npos) << anchor;
    const std::size_t p = t.find(old, a);
    ASSERT_NE(p, std::string::npos) << old;
    t.replace(p, old.size(), now);
    std::ofstream(path(file), std::ios::binary) << t;
  }

  // "file:line:col" of the first `needle` after `anchor` in the (edited) file.
  std::string at(const std::string& file, const std::string& anchor, const std::string& needle) const {
    const std::string t = text(file);
    const std::size_t a = t.find(anchor);
    EXPECT_NE(a, std::string::npos) << anchor;
    const std::size_t p = t.find(needle, a);
    EXPECT_NE(p, std::string::npos) << needle;
    const std::string before = t.substr(0, p);
    const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t bol = before.rfind('\n') == std::string::npos ? 0 : before.rfind('\n') + 1;
    return fmt::format("{}:{}:{}", path(file), line, 1 + utf8_length(before.substr(bol)));
  }

  // Every diagnostic of load_dataset, formatted; empty if it loads.
  std::vector<std::string> problems() const {
    try {
      load_dataset(dir_.string());
    } catch (const InputError& e) {
      std::vector<std::string> out;
      for (const auto& d : e.diagnostics().items()) out.push_back(d.to_string());
      return out;
    }
    return {};
  }

  void expect_problem(const std::string& expected) const {
    const auto all = problems();
    std::string listing;
    for (const auto& p : all) listing += "  " + p + "\n";
    EXPECT_NE(std::find(all.begin(), all.end(), expected), all.end())
        << "expected: " << expected << "\ngot:\n" << listing;
  }

  fs::path dir_;
};

TEST_F(BadDataset, CopyOfBundledLoads) { EXPECT_TRUE(problems().empty()); }

TEST_F(BadDataset, SharesMustSumToOne) {
  edit("response.toml", "secondary_organic", "0.12", "0.13");
  expect_problem(at("response.toml", "", "[pm25_components]") +
                 ": pm25_components: shares sum to 1.01 in months 1, 2, 3, 11, 12, expected 1");
}

TEST_F(BadDataset, AmmoniumMassFractionsAreOptionalFractions) {
  edit("response.toml", "[ammonium]", "ammonium_nitrate = 0.225", "ammonium_nitrate = 1.225");
  edit("response.toml", "[ammonium]", "ammonium_sulfate = 0.273", "ammonium_sulphate = 0.273");
  expect_problem(at("response.toml", "[ammonium]", "1.225") + ": ammonium.ammonium_nitrate: 1.225 is outside [0, 1]");
  expect_problem(at("response.toml", "[ammonium]", "ammonium_sulphate") +
                 ": ammonium: unknown key 'ammonium_sulphate' (did you mean 'ammonium_sulfate'?)");
  // Without the table the dataset loads, and the salts are not split.
  std::string t = text("response.toml");
  t.erase(t.find("\n[ammonium]"));
  std::ofstream(path("response.toml"), std::ios::binary) << t;
  ASSERT_TRUE(problems().empty());
  EXPECT_FALSE(load_dataset(dir_.string()).response.ammonium.given);
}

TEST_F(BadDataset, FractionSupportMustLieInZeroOne) {
  edit("measures.toml", "id = 5\n", "max = 0.30 }", "max = 1.2 }");
  expect_problem(at("measures.toml", "id = 5\n", "{ dist") +
                 ": measure[id=5].effect[0].fraction: triangular(0.1, 0.2, 1.2) has support [0.1, 1.2], outside "
                 "[0, 1]");
}

TEST_F(BadDataset, ProfilesNonNegativeNotAllZeroTwelveValues) {
  edit("inventory.toml", "[sectors.steel]", "profile = 1", "profile = -1");
  edit("inventory.toml", "[sectors.coal_chemical]", "profile = 1", "profile = 0");
  edit("inventory.toml", "[sectors.industrial_kilns]", "profile = 1", "profile = [1,1,1,1,1,1,1,1,1,1,1,1,1]");
  expect_problem(at("inventory.toml", "[sectors.steel]", "-1") + ": sectors.steel.profile: -1 is outside [0, inf)");
  expect_problem(at("inventory.toml", "[sectors.coal_chemical]", "0  # flat") +
                 ": sectors.coal_chemical.profile: all weights are zero");
  expect_problem(at("inventory.toml", "[sectors.industrial_kilns]", "[1,1") +
                 ": sectors.industrial_kilns.profile: 13 values, expected 12");
}

TEST_F(BadDataset, MonthRangesMustCoverEveryMonthOnce) {
  edit("inventory.toml", "[sectors.building_materials]", R"("3-12" = 1.0)", R"("3-11" = 1.0)");
  edit("response.toml", "[nonlocal_share]", R"("4-10" = 0.50)", R"("3-10" = 0.50)");
  expect_problem(at("inventory.toml", "[sectors.building_materials]", "{ \"1-2\"") +
                 ": sectors.building_materials.profile: month 12 not covered");
  expect_problem(at("response.toml", "[nonlocal_share]", "{ \"11-3\"") +
                 ": nonlocal_share.pm25: month 3 covered more than once (by '11-3' and '3-10')");
}

TEST_F(BadDataset, Pm25CannotExceedPm10) {
  edit("inventory.toml", "[sectors.steel]", "pm25 = 2400", "pm25 = 4600");
  expect_problem(at("inventory.toml", "[sectors.steel]", "{ so2") +
                 ": sectors.steel.emissions: pm25 (4600 t/yr) exceeds pm10 (4500 t/yr), which includes it");
}

TEST_F(BadDataset, CorrelationMustBeSymmetric) {
  edit("meteorology.toml", "[correlation.\"10-3\"]", "[ 1.00,  0.34,", "[ 1.00,  0.35,");
  expect_problem(at("meteorology.toml", "[correlation.\"10-3\"]", "[\n") +
                 ": correlation.10-3.matrix: not symmetric: [0][1] = 0.35 but [1][0] = 0.34");
}

TEST_F(BadDataset, CorrelationDiagonalMustBeOne) {
  edit("meteorology.toml", "[correlation.\"4-9\"]", "[ 0.41,  0.68,  1.00,", "[ 0.41,  0.68,  0.90,");
  expect_problem(at("meteorology.toml", "[correlation.\"4-9\"]", "0.90,  0.77") +
                 ": correlation.4-9.matrix[2][2]: diagonal entry 0.9, expected 1");
}

TEST_F(BadDataset, CorrelationEntriesWithinMinusOneOne) {
  edit("meteorology.toml", "[correlation.\"10-3\"]", "-0.18,  0.45]", "-1.50,  0.45]");
  edit("meteorology.toml", "[correlation.\"10-3\"]", "[-0.18,", "[-1.50,");
  expect_problem(at("meteorology.toml", "[correlation.\"10-3\"]", "-1.50,  0.45]") +
                 ": correlation.10-3.matrix[0][4]: -1.5 is outside [-1, 1]");
  expect_problem(at("meteorology.toml", "[correlation.\"10-3\"]", "-1.50, -0.30") +
                 ": correlation.10-3.matrix[4][0]: -1.5 is outside [-1, 1]");
}

TEST_F(BadDataset, CorrelationMustBePositiveDefinite) {
  // so2–no2 = −0.9 while both correlate positively with pm25: the
  // (so2, no2, pm25) minor has determinant −1.18.
  edit("meteorology.toml", "[correlation.\"10-3\"]", "[ 1.00,  0.34,", "[ 1.00, -0.90,");
  edit("meteorology.toml", "[correlation.\"10-3\"]", "[ 0.34,  1.00,", "[-0.90,  1.00,");
  expect_problem(at("meteorology.toml", "", "[correlation.\"10-3\"]") +
                 ": correlation.10-3: correlation matrix is not positive definite");
}

TEST_F(BadDataset, UnknownNamesSuggestTheClosest) {
  edit("measures.toml", "id = 5\n", "sector = \"steel\"", "sector = \"stel\"");
  edit("measures.toml", "id = 12\n", "species = \"nox\"", "species = \"nx\"");
  edit("response.toml", "[nonlocal_share]", "no2 = 0.20", "no3 = 0.20");
  edit("meteorology.toml", "[correlation.\"4-9\"]", "\"o3\", \"pm25\"]", "\"o3\", \"pm52\"]");
  expect_problem(at("measures.toml", "id = 5\n", "\"stel\"") +
                 ": measure[id=5].effect[0].sector: unknown sector 'stel' (did you mean 'steel'?); the sectors are " +
                 test::kBundledSectors);
  expect_problem(at("measures.toml", "id = 12\n", "\"nx\"") +
                 ": measure[id=12].effect[0].species: unknown species 'nx' (did you mean 'nox'?)");
  expect_problem(at("response.toml", "[nonlocal_share]", "no3") +
                 ": nonlocal_share: unknown key 'no3' (did you mean 'no2'?)");
  expect_problem(at("response.toml", "", "[nonlocal_share]") + ": nonlocal_share: missing key 'no2'");
  expect_problem(at("meteorology.toml", "[correlation.\"4-9\"]", "\"pm52\"") +
                 ": correlation.4-9.metrics[5]: unknown metric 'pm52' (did you mean 'pm25'?)");
}

TEST_F(BadDataset, UnknownKeysAndWrongTypes) {
  edit("inventory.toml", "[sectors.steel]", "description =", "descripton =");
  edit("inventory.toml", "[sectors.steel]", "height = \"low\"", "height = 3");
  edit("measures.toml", "id = 13\n", "[[measure.effect]]", "ramp_month = 2\n[[measure.effect]]");
  expect_problem(at("inventory.toml", "[sectors.steel]", "descripton") +
                 ": sectors.steel: unknown key 'descripton' (did you mean 'description'?)");
  expect_problem(at("inventory.toml", "", "[sectors.steel]") + ": sectors.steel: missing key 'description'");
  expect_problem(at("inventory.toml", "[sectors.steel]", "3\n") +
                 ": sectors.steel.height: expected a string, got an integer");
  expect_problem(at("measures.toml", "id = 13\n", "ramp_month") +
                 ": measure[id=13]: unknown key 'ramp_month' (did you mean 'ramp_months'?)");
}

TEST_F(BadDataset, TonnesCannotExceedTheSectorsEmissions) {
  edit("measures.toml", "id = 5\n", R"(fraction = { dist = "triangular", min = 0.10, mode = 0.20, max = 0.30 })",
       R"(tonnes = { dist = "uniform", min = 100000, max = 200000 })");
  expect_problem(at("measures.toml", "id = 5\n", "{ dist") +
                 ": measure[id=5].effect[0].tonnes: up to 200000 t/yr exceeds the co emissions of sector 'steel' "
                 "(180000 t/yr)");
}

TEST_F(BadDataset, DuplicateIdsAndUnknownDependencies) {
  edit("measures.toml", "# 8.", "id = 8\n", "id = 7\n");
  edit("measures.toml", "id = 9\n", "depends_on = [7]", "depends_on = [99]");
  const std::string first = at("measures.toml", "", "id = 7\n");
  const std::string first_line = first.substr(0, first.rfind(':')).substr(path("measures.toml").size() + 1);
  expect_problem(at("measures.toml", "# 8.", "7\n") + ": measure[id=7]: duplicate id 7 (first defined at line " +
                 first_line + ")");
  expect_problem(at("measures.toml", "id = 9\n", "99") + ": measure[id=9].depends_on[0]: no measure with id 99");
}

TEST_F(BadDataset, NitrateCubicMustVanishAtOne) {
  edit("response.toml", "[nitrate]", "\"11-3\" = -2.244", "\"11-3\" = -2.2");
  expect_problem(at("response.toml", "", "[nitrate]") +
                 ": nitrate: N(1) = 1 + a + b + c = 0.044 in months 1, 2, 3, 11, 12, expected 0 (at the modes)");
}

TEST_F(BadDataset, EnablingMeasuresHaveNoEffects) {
  edit("measures.toml", "id = 7\n", "enabling = true\n",
       "enabling = true\n[[measure.effect]]\nsector = \"steel\"\nspecies = \"co\"\nfraction = 0.1\n");
  expect_problem(at("measures.toml", "id = 7\n", "[[measure.effect]]") +
                 ": measure[id=7]: an enabling measure has no effects of its own");
}

TEST_F(BadDataset, EveryProblemOfEveryFileInOneError) {
  edit("inventory.toml", "[sectors.steel]", "height = \"low\"", "height = \"lo\"");
  edit("measures.toml", "id = 9\n", "depends_on = [7]", "depends_on = [99]");
  edit("meteorology.toml", "", "phi = 0.2", "phi = 1.2");
  edit("response.toml", "[impact]", "tall = 0.25", "tall = -0.25");
  const auto all = problems();
  const std::string listing = std::accumulate(all.begin(), all.end(), std::string(),
                                              [](std::string a, const std::string& b) { return a + b + "\n"; });
  EXPECT_EQ(all.size(), 4u) << listing;
  expect_problem(at("inventory.toml", "[sectors.steel]", "\"lo\"") +
                 ": sectors.steel.height: unknown height class 'lo' (did you mean 'low'?)");
  expect_problem(at("meteorology.toml", "phi = ", "1.2") + ": phi: 1.2 is outside (-1, 1)");
  expect_problem(at("response.toml", "[impact]", "-0.25") + ": impact.tall: -0.25 is negative");
}

TEST_F(BadDataset, SyntaxErrorsAndMissingFilesAreReportedWithTheOthers) {
  fs::remove(dir_ / "meteorology.toml");
  edit("response.toml", "[impact]", "ground = 1.0", "ground = = 1.0");
  const auto all = problems();
  ASSERT_EQ(all.size(), 2u);
  // The syntax error is on the line of `ground`; toml++ chooses the column.
  const std::string ground = at("response.toml", "[impact]", "ground = =");
  EXPECT_EQ(all[0].rfind(ground.substr(0, ground.rfind(':') + 1), 0), 0u) << all[0];
  EXPECT_NE(all[0].find(": TOML syntax error: "), std::string::npos) << all[0];
  EXPECT_EQ(all[1], path("meteorology.toml") + ": cannot read: No such file or directory");
}

TEST_F(BadDataset, BadTimingOverride) {
  edit("measures.toml", "id = 3\n", "timing = \"2024年12月底前\"", "timing = \"next spring\"");
  const auto all = problems();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].rfind(at("measures.toml", "id = 3\n", "\"next spring\"") + ": measure[id=3].timing: ", 0), 0u)
      << all[0];
}

// ---- [days] of meteorology.toml ----

TEST_F(BadDataset, DaysAreOptional) {
  std::string t = text("meteorology.toml");
  t.erase(t.find("\n# Daily values within a month"));
  std::ofstream(path("meteorology.toml"), std::ios::binary) << t;
  ASSERT_TRUE(problems().empty());
  const DailySeriesParams d = load_dataset(dir_.string()).meteorology.days;
  EXPECT_FALSE(d.given);
  EXPECT_EQ(d.at.file, path("meteorology.toml"));  // the file a refusal names
  EXPECT_EQ(d.at.line, 0);
}

TEST_F(BadDataset, DaysSpreadAndPersistenceInRange) {
  edit("meteorology.toml", "[days.s]", R"(so2 = { "10-3" = 0.28)", R"(so2 = { "10-3" = -0.28)");
  edit("meteorology.toml", "[days.s]", R"("4-9" = 0.45 })", R"("4-9" = 4.5 })");
  edit("meteorology.toml", "[days.psi]", "pm25 = 0.60", "pm25 = 1.0");
  edit("meteorology.toml", "[days.psi]", R"("4-9" = 0.55 })", R"("4-9" = -0.1 })");
  expect_problem(at("meteorology.toml", "[days.s]", "-0.28") + ": days.s.so2.10-3: -0.28 is outside [0, inf)");
  expect_problem(at("meteorology.toml", "[days.s]", "4.5") + ": days.s.pm25.4-9: sigma 4.5 is above 3, the largest "
                 "plausible spread of a lognormal (" + domain().file + ")");
  expect_problem(at("meteorology.toml", "[days.psi]", "1.0") +
                 ": days.psi.pm25: 1 is outside [0, 1) (the lag-1 autocorrelation of consecutive days)");
  expect_problem(at("meteorology.toml", "[days.psi]", "-0.1") +
                 ": days.psi.o3.4-9: -0.1 is outside [0, 1) (the lag-1 autocorrelation of consecutive days)");
}

// [sigma] is read by the same per-metric reader as [days]: a negative
// spread and a distribution where a number belongs are refused at the value.
TEST_F(BadDataset, SigmaNonNegativeNumbers) {
  edit("meteorology.toml", "[sigma]", "so2 = 0.20", "so2 = -0.20");
  edit("meteorology.toml", "[sigma]", R"(pm10 = { "10-3" = 0.20)", R"(pm10 = { "10-3" = { dist = "normal", mean = 0.2, sd = 0.1 })");
  expect_problem(at("meteorology.toml", "[sigma]", "-0.20") + ": sigma.so2: -0.2 is outside [0, inf)");
  expect_problem(at("meteorology.toml", "[sigma]", "{ dist") +
                 ": sigma.pm10.10-3: expected a number (a distribution is not accepted here)");
}

TEST_F(BadDataset, DaysCalibrationFactorPositiveAndBounded) {
  edit("meteorology.toml", "[days]", "calibration_factor = 1.0", "calibration_factor = 0");
  expect_problem(at("meteorology.toml", "calibration_factor", "0\n") +
                 ": days.calibration_factor: 0 is not a positive number");
  edit("meteorology.toml", "[days]", "calibration_factor = 0", "calibration_factor = 6");
  expect_problem(at("meteorology.toml", "calibration_factor", "6\n") +
                 ": days.calibration_factor: 6 times the largest s (0.6) is 3.6, above 3, the largest plausible "
                 "spread of a lognormal (" + domain().file + ")");
  edit("meteorology.toml", "[days]", "calibration_factor = 6", "calibration_factor = 1.25");
  EXPECT_TRUE(problems().empty());
  EXPECT_EQ(load_dataset(dir_.string()).meteorology.days.k, 1.25);
}

TEST_F(BadDataset, DaysCorrelationChecked) {
  edit("meteorology.toml", "[days.correlation.\"10-3\"]", "[ 1.00,  0.85,", "[ 1.00,  0.86,");
  const std::string summer = "[days.correlation.\"4-9\"]";
  edit("meteorology.toml", summer, "[ 1.00,  0.88,  0.40,  0.40,", "[ 1.00,  0.88,  0.40, -0.90,");
  edit("meteorology.toml", summer, "[ 0.40,  0.45,  0.40,  1.00,", "[-0.90,  0.45,  0.40,  1.00,");
  expect_problem(at("meteorology.toml", "[days.correlation.\"10-3\"]", "[\n") +
                 ": days.correlation.10-3.matrix: not symmetric: [0][1] = 0.86 but [1][0] = 0.85");
  expect_problem(at("meteorology.toml", "", "[days.correlation.\"4-9\"]") +
                 ": days.correlation.4-9: correlation matrix is not positive definite");
}

TEST_F(BadDataset, DaysKeysChecked) {
  edit("meteorology.toml", "[days]", "[days.psi]", "[days.psy]");
  edit("meteorology.toml", "[days.s]", "co = {", "c0 = {");
  expect_problem(at("meteorology.toml", "[days]", "psy") + ": days: unknown key 'psy' (did you mean 'psi'?)");
  expect_problem(at("meteorology.toml", "", "[days]") + ": days: missing key 'psi'");
  expect_problem(at("meteorology.toml", "[days.s]", "c0") + ": days.s: unknown key 'c0' (did you mean 'co'?)");
  expect_problem(at("meteorology.toml", "", "[days.s]") + ": days.s: missing key 'co'");
}

}  // namespace
}  // namespace aqplan
