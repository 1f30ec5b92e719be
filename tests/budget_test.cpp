// The remaining budget of a re-forecast (model/budget.h): a mean metric's
// closed form worked by hand, in a common and a leap year; O3's mixture
// solved and plugged back; both ends (out of reach, met whatever comes);
// when a budget does not apply.
#include "aqplan/model/budget.h"

#include <gtest/gtest.h>

#include <cmath>

#include "aqplan/base/distribution.h"
#include "aqplan/model/model.h"
#include "test_util.h"

namespace aqplan {
namespace {

constexpr auto kNo2 = static_cast<std::size_t>(Metric::no2);
constexpr auto kCo = static_cast<std::size_t>(Metric::co);
constexpr auto kO3 = static_cast<std::size_t>(Metric::o3);

// The bundled dataset with `observed` as the first months of `metric` and
// its annual target set to `target`.
ModelInputs with_observed(ModelInputs in, Metric metric, std::initializer_list<double> observed, double target) {
  const auto p = static_cast<std::size_t>(metric);
  std::size_t m = 0;
  for (double v : observed) in.observed[p][m++] = v;
  in.targets.target[p][kAnnual] = target;
  return in;
}

// The model's annual statistic with the observed months in place and every
// other month at x.
double annual_with(const Model& model, Metric p, double x) {
  MonthlyValues v{};
  for (int m = 0; m < kMonths; ++m) v[static_cast<std::size_t>(m)] = model.observed_value(p, m).value_or(x);
  return model.annual_statistic(p, v);
}

// One-sector inputs (only ongoing measures, so any year schedules) moved to
// target year `year`.
ModelInputs in_year(int year) {
  ModelInputs in = test::one_sector_inputs();
  in.dataset.base_year = in.targets.base_year = year - 1;
  in.dataset.target_year = in.targets.target_year = year;
  return in;
}

TEST(RemainingBudget, AMeanMetricByHand) {
  // NO2, target 37 (integers), January–March observed at 60, 55, 45 in 2023:
  // the year must average below 37.5 over 365 days, so the 275 days to come
  // may average (37.5·365 − (60·31 + 55·28 + 45·31)) / 275
  //            = (13687.5 − (1860 + 1540 + 1395)) / 275 = 8892.5 / 275.
  const Model model = Model::build(with_observed(load_dataset_inputs(test::bundled_dataset()), Metric::no2, {60, 55, 45}, 37));
  ASSERT_EQ(model.target_year(), 2023);
  const RemainingBudget b = remaining_budget(model)[kNo2];
  EXPECT_EQ(b.metric, Metric::no2);
  ASSERT_TRUE(b.applies);
  EXPECT_EQ(b.months_left, 9);
  EXPECT_EQ(b.boundary, 37.5);
  EXPECT_FALSE(b.boundary_meets) << "37.5 rounds half-even to 38";
  EXPECT_TRUE(b.reachable);
  EXPECT_FALSE(b.already_met);
  EXPECT_NEAR(b.limit, 8892.5 / 275.0, 1e-12);
  EXPECT_NEAR(b.limit, 32.336363636, 1e-8);
  // The months to come just below the limit meet the target, just above do not.
  const int decimals = model.rules().decimals_of(Metric::no2);
  EXPECT_TRUE(meets_target(annual_with(model, Metric::no2, b.limit - 1e-6), 37, decimals));
  EXPECT_FALSE(meets_target(annual_with(model, Metric::no2, b.limit + 1e-6), 37, decimals));
  EXPECT_NEAR(annual_with(model, Metric::no2, b.limit), 37.5, 1e-12);
}

TEST(RemainingBudget, TheBoundaryFollowsRoundHalfEven) {
  ModelInputs in = load_dataset_inputs(test::bundled_dataset());
  in = with_observed(std::move(in), Metric::no2, {30}, 38);
  in = with_observed(std::move(in), Metric::co, {1.5}, 1.8);
  const auto budgets = remaining_budget(Model::build(in));
  EXPECT_EQ(budgets[kNo2].boundary, 38.5);
  EXPECT_TRUE(budgets[kNo2].boundary_meets) << "38.5 rounds half-even to 38";
  EXPECT_DOUBLE_EQ(budgets[kCo].boundary, 1.85);
  EXPECT_TRUE(budgets[kCo].boundary_meets) << "1.85 rounds half-even to 1.8";
}

TEST(RemainingBudget, LeapYearDays) {
  // The same observations in 2024: February has 29 days, the year 366.
  // (37.5·366 − (60·31 + 55·29 + 45·31)) / 275 = (13725 − 4850) / 275 = 8875 / 275.
  const Model model = Model::build(with_observed(in_year(2024), Metric::no2, {60, 55, 45}, 37));
  const RemainingBudget b = remaining_budget(model)[kNo2];
  ASSERT_TRUE(b.applies);
  EXPECT_NEAR(b.limit, 8875.0 / 275.0, 1e-12);
  EXPECT_NEAR(annual_with(model, Metric::no2, b.limit), 37.5, 1e-12);
  // 2023's budget differs: February's 29th day is in the observed part.
  const Model common = Model::build(with_observed(in_year(2023), Metric::no2, {60, 55, 45}, 37));
  EXPECT_NEAR(remaining_budget(common)[kNo2].limit, 8892.5 / 275.0, 1e-12);
}

TEST(RemainingBudget, OzoneWithEveryObservedMonthAtTheBoundaryIsTheBoundary) {
  // A mixture of identical lognormals has their quantile: months to come at
  // the boundary give the boundary, whatever the days. Both parities.
  for (double target : {170.0, 171.0}) {
    const double b_value = target + 0.5;
    const Model model = Model::build(with_observed(load_dataset_inputs(test::bundled_dataset()), Metric::o3,
                                                   {b_value, b_value, b_value, b_value, b_value, b_value}, target));
    const RemainingBudget b = remaining_budget(model)[kO3];
    ASSERT_TRUE(b.applies);
    EXPECT_EQ(b.months_left, 6);
    EXPECT_EQ(b.boundary, b_value);
    EXPECT_EQ(b.boundary_meets, target == 170.0);
    EXPECT_TRUE(b.reachable);
    EXPECT_FALSE(b.already_met);
    EXPECT_NEAR(b.limit, b_value, 1e-9 * b_value) << target;
  }
}

TEST(RemainingBudget, OzoneAfterAHighSpringIsSolvedOnTheMixture) {
  const Model model = Model::build(with_observed(load_dataset_inputs(test::bundled_dataset()), Metric::o3,
                                                 {130, 150, 175, 185, 180}, 170));
  const RemainingBudget b = remaining_budget(model)[kO3];
  ASSERT_TRUE(b.applies);
  EXPECT_TRUE(b.reachable);
  EXPECT_FALSE(b.already_met);
  ASSERT_TRUE(std::isfinite(b.limit));
  // Months to come must stay below the target (the spring used the room),
  // and below every observed month above it.
  EXPECT_LT(b.limit, 170.0);
  EXPECT_GT(b.limit, 100.0);
  // Plugged back: at the limit the year rounds to the target; 1e-6 above, it does not meet.
  const int decimals = model.rules().decimals_of(Metric::o3);
  EXPECT_EQ(round_half_even(annual_with(model, Metric::o3, b.limit), decimals), 170.0);
  EXPECT_FALSE(meets_target(annual_with(model, Metric::o3, b.limit * (1 + 1e-6)), 170, decimals));
  EXPECT_NEAR(annual_with(model, Metric::o3, b.limit), 170.5, 1e-9 * 170.5);
}

TEST(RemainingBudget, OutOfReachWhenTheObservedMonthsAloneExceed) {
  ModelInputs in = load_dataset_inputs(test::bundled_dataset());
  // NO2: eleven months at 100 leave 100·334/365 = 91.5 with December at 0.
  in = with_observed(std::move(in), Metric::no2, {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100}, 37);
  // O3: six months at 3× the target hold half the days; with the rest near
  // 0 the P90 is their own P80, 3·170·exp(σ_d·(z_0.8 − z_0.9)) ≫ 170.5.
  in = with_observed(std::move(in), Metric::o3, {510, 510, 510, 510, 510, 510}, 170);
  const Model model = Model::build(in);
  const auto budgets = remaining_budget(model);
  for (std::size_t p : {kNo2, kO3}) {
    ASSERT_TRUE(budgets[p].applies) << p;
    EXPECT_FALSE(budgets[p].reachable) << p;
    EXPECT_TRUE(std::isnan(budgets[p].limit)) << p;
  }
  EXPECT_FALSE(meets_target(annual_with(model, Metric::no2, 0.0), 37, 0));
  EXPECT_FALSE(meets_target(annual_with(model, Metric::o3, 1e-9), 170, 0));
}

TEST(RemainingBudget, OzoneWithOneMonthLeftCanBeMetWhateverComes) {
  // Eleven O3 months at 150: December's 31 days are 8.5 % of the year, less
  // than the 10 % above the P90, so however high December is the P90 stays
  // at the observed mixture's q/W quantile, 150·exp(σ_d·(Φ⁻¹(0.9·365/334) − Φ⁻¹(0.9))).
  ModelInputs in = load_dataset_inputs(test::bundled_dataset());
  const std::initializer_list<double> eleven{150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150};
  in = with_observed(std::move(in), Metric::o3, eleven, 170);
  // CO, q = 0.95: December's days are more than the 5 % above the P95.
  in = with_observed(std::move(in), Metric::co, {1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5}, 1.8);
  const Model model = Model::build(in);
  const auto budgets = remaining_budget(model);
  const RemainingBudget& o3 = budgets[kO3];
  ASSERT_TRUE(o3.applies);
  EXPECT_EQ(o3.months_left, 1);
  EXPECT_TRUE(o3.reachable);
  EXPECT_TRUE(o3.already_met);
  EXPECT_EQ(o3.limit, std::numeric_limits<double>::infinity());
  const double sigma = model.daily_dispersion(Metric::o3);
  const double ceiling = 150.0 * std::exp(sigma * (normal_quantile(0.9 * 365.0 / 334.0) - normal_quantile(0.9)));
  EXPECT_NEAR(annual_with(model, Metric::o3, 1e12), ceiling, 1e-9 * ceiling);
  EXPECT_LT(ceiling, 170.5);

  const RemainingBudget& co = budgets[kCo];
  ASSERT_TRUE(co.applies);
  EXPECT_FALSE(co.already_met);
  ASSERT_TRUE(std::isfinite(co.limit));
  EXPECT_GT(co.limit, 1.85) << "one month of eleven may exceed the boundary";
  EXPECT_TRUE(meets_target(annual_with(model, Metric::co, co.limit), 1.8, 1));
  EXPECT_FALSE(meets_target(annual_with(model, Metric::co, co.limit * (1 + 1e-6)), 1.8, 1));
}

TEST(RemainingBudget, DoesNotApplyWithNoMonthOrEveryMonthObserved) {
  for (const RemainingBudget& b : remaining_budget(test::bundled_model())) {
    EXPECT_FALSE(b.applies) << name(b.metric);
    EXPECT_EQ(b.months_left, kMonths);
    EXPECT_TRUE(std::isnan(b.limit));
  }
  ModelInputs in = load_dataset_inputs(test::bundled_dataset());
  in = with_observed(std::move(in), Metric::no2, {30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30}, 27);
  in = with_observed(std::move(in), Metric::o3, {160, 160}, 170);
  const auto budgets = remaining_budget(Model::build(in));
  EXPECT_FALSE(budgets[kNo2].applies);
  EXPECT_EQ(budgets[kNo2].months_left, 0);
  EXPECT_TRUE(std::isnan(budgets[kNo2].limit));
  EXPECT_TRUE(budgets[kO3].applies);
  EXPECT_EQ(budgets[kO3].months_left, 10);
  EXPECT_FALSE(budgets[kCo].applies) << "nothing observed";
}

}  // namespace
}  // namespace aqplan
