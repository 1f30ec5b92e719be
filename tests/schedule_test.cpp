#include "aqplan/schedule.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "aqplan/diagnostic.h"

namespace aqplan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using Row = std::array<double, 12>;

MeasureTiming measure(int id, const char* deadline, std::vector<int> deps = {}, double lag = 0, double ramp = 0) {
  MeasureTiming m;
  m.id = id;
  m.deadline = parse_deadline(deadline);
  m.depends_on = std::move(deps);
  m.lag_months = lag;
  m.ramp_months = ramp;
  return m;
}

struct Draw {
  ActivityMatrix activity;
  std::vector<double> start, complete;

  Row row(std::size_t j) const {
    Row r{};
    for (int m = 0; m < 12; ++m) r[static_cast<std::size_t>(m)] = activity(static_cast<Eigen::Index>(j), m);
    return r;
  }
};

Draw run(const Schedule& s, const std::vector<double>& delay, const std::vector<std::uint8_t>& implemented) {
  Draw d;
  d.activity.resize(static_cast<Eigen::Index>(s.size()), 12);
  d.start.assign(s.size(), -1);
  d.complete.assign(s.size(), -1);
  s.evaluate(delay, implemented, d.activity, d.start, d.complete);
  return d;
}

Draw run_planned(const Schedule& s) {
  return run(s, std::vector<double>(s.size(), 0.0), std::vector<std::uint8_t>(s.size(), 1));
}

// Activity row of a single measure with the given delay.
Row single_row(const MeasureTiming& m, double delay = 0) {
  std::vector<MeasureTiming> v{m};
  Schedule s = Schedule::build(v, 2023);
  return run(s, {delay}, {1}).row(0);
}

void expect_row(const Row& got, const Row& want) {
  for (std::size_t m = 0; m < 12; ++m) EXPECT_NEAR(got[m], want[m], 1e-12) << "month " << m + 1;
}

std::string build_error(const std::vector<MeasureTiming>& v) {
  try {
    Schedule::build(v, 2023);
  } catch (const InputError& e) {
    return e.diagnostics().to_string();
  }
  return "built";
}

// --- planned timing of each deadline kind ----------------------------------

TEST(ScheduleActivity, ByEndOfMonthIsInEffectFromTheNextMonth) {
  expect_row(single_row(measure(1, "2023年6月底前")), {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1});
}

TEST(ScheduleActivity, FromAMidMonthDateGivesAPartialFirstMonth) {
  // 15 April: days 15..30 of 30 are in effect.
  expect_row(single_row(measure(1, "2023年4月15日起")), {0, 0, 0, 16.0 / 30, 1, 1, 1, 1, 1, 1, 1, 1});
  expect_row(single_row(measure(1, "2023年7月1日起")), {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1});
}

TEST(ScheduleActivity, WindowIsInEffectOnlyInItsMonths) {
  expect_row(single_row(measure(1, "2023年5-9月")), {0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0});
  // A slip of 1.5 months into the window loses May and half of June.
  expect_row(single_row(measure(1, "2023年5-9月"), 1.5), {0, 0, 0, 0, 0, 0.5, 1, 1, 1, 0, 0, 0});
}

TEST(ScheduleActivity, TwoStagesGiveHalfThenAll) {
  expect_row(single_row(measure(1, "2023年3月和7月底前")), {0, 0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1});
  // A delay shifts both stages.
  expect_row(single_row(measure(1, "2023年3月和7月底前"), 1), {0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1});
}

TEST(ScheduleActivity, OngoingIsInEffectAllYear) {
  expect_row(single_row(measure(1, "长期坚持")), {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
}

TEST(ScheduleActivity, DeadlineAfterTheTargetYearGivesNoEffect) {
  expect_row(single_row(measure(1, "2024年6月底前")), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  // A delay pushing a deadline past December does the same.
  expect_row(single_row(measure(1, "2023年10月底前"), 3), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
}

TEST(ScheduleActivity, DeadlineBeforeTheTargetYearIsInEffectAllYear) {
  expect_row(single_row(measure(1, "2022年6月底前")), {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  expect_row(single_row(measure(1, "2022年5-9月")), {0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0});
}

TEST(ScheduleActivity, RampIsIntegratedExactlyOverEachMonth) {
  // Starts at t = 3 and ramps over 2 months: April averages t/2 over [0,1],
  // May over [1,2].
  expect_row(single_row(measure(1, "2023年3月底前", {}, 0, 2)), {0, 0, 0, 0.25, 0.75, 1, 1, 1, 1, 1, 1, 1});
  // Each stage ramps to its half: 0.5 · (0.25, 0.75, 1).
  expect_row(single_row(measure(1, "2023年3月和7月底前", {}, 0, 2)),
             {0, 0, 0, 0.125, 0.375, 0.5, 0.5, 0.625, 0.875, 1, 1, 1});
}

TEST(ScheduleActivity, StartAndCompleteAreReported) {
  std::vector<MeasureTiming> v{measure(6, "2023年3月和7月底前"), measure(3, "2024年12月底前"),
                               measure(33, "2023年4月15日起")};
  Schedule s = Schedule::build(v, 2023);
  Draw d = run(s, {1, 0, 0}, {1, 1, 1});
  EXPECT_DOUBLE_EQ(d.start[0], 4);
  EXPECT_DOUBLE_EQ(d.complete[0], 8);
  EXPECT_DOUBLE_EQ(d.start[1], 24);
  EXPECT_DOUBLE_EQ(d.start[2], 3 + 14.0 / 30);
}

// --- dependencies and slips --------------------------------------------------

TEST(ScheduleSlip, PermitDelayPushesPhaseOutOutOfTheYear) {
  // zezhou-defaults.md: 7 permits by end of March; 9 depends on 7, end of
  // December, lag 9 months (the plan gives no float).
  std::vector<MeasureTiming> v{measure(7, "2023年3月底前"), measure(9, "2023年12月底前", {7}, 9)};
  Schedule s = Schedule::build(v, 2023);
  const std::size_t i7 = *s.index_of(7), i9 = *s.index_of(9);
  Draw on_time = run_planned(s);
  Draw late = run(s, {3, 0}, {1, 1});
  EXPECT_GE(late.start[i9] - on_time.start[i9], 3.0);
  EXPECT_DOUBLE_EQ(late.complete[i7], 6);
  expect_row(late.row(i9), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
}

TEST(ScheduleSlip, SlipPropagatesDownstreamWithinTheYear) {
  // 21 clean heating by end of October; 24 coal-ban zones ongoing, not before 21.
  std::vector<MeasureTiming> v{measure(24, "长期坚持", {21}), measure(21, "2023年10月底前")};
  Schedule s = Schedule::build(v, 2023);
  expect_row(run_planned(s).row(0), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1});
  Draw late = run(s, {0, 1}, {1, 1});
  EXPECT_DOUBLE_EQ(late.start[0], 11);
  expect_row(late.row(0), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
}

TEST(ScheduleSlip, NotImplementedPrerequisiteMeansDependantsNeverStart) {
  std::vector<MeasureTiming> v{measure(32, "2023年5月底前"), measure(33, "2023年5月1日起", {32}),
                               measure(50, "长期坚持", {33}), measure(34, "长期坚持")};
  Schedule s = Schedule::build(v, 2023);
  Draw d = run(s, {0, 0, 0, 0}, {0, 1, 1, 1});
  for (std::size_t j : {0u, 1u, 2u}) {
    EXPECT_EQ(d.start[j], kInf) << s.id(j);
    EXPECT_EQ(d.complete[j], kInf) << s.id(j);
    expect_row(d.row(j), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  }
  expect_row(d.row(3), {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
}

TEST(ScheduleSlip, EvaluateRejectsBadDrawInputs) {
  std::vector<MeasureTiming> v{measure(1, "长期坚持")};
  Schedule s = Schedule::build(v, 2023);
  ActivityMatrix a(1, 12);
  std::vector<double> st(1), co(1);
  const std::vector<std::uint8_t> yes{1};
  EXPECT_THROW(s.evaluate(std::vector<double>{-1.0}, yes, a, st, co), std::invalid_argument);
  EXPECT_THROW(s.evaluate(std::vector<double>{0.0, 0.0}, yes, a, st, co), std::invalid_argument);
  EXPECT_THROW(s.evaluate(std::vector<double>{0.0}, std::vector<std::uint8_t>{2}, a, st, co), std::invalid_argument);
}

// --- build errors ------------------------------------------------------------

TEST(ScheduleBuild, CyclesAreReportedWithTheirPaths) {
  std::vector<MeasureTiming> two{measure(16, "2023年12月底前", {22}), measure(22, "2023年10月底前", {16}),
                                 measure(17, "2024年6月底前", {16})};
  EXPECT_EQ(build_error(two), "measure cycle: 16 -> 22 -> 16\n");

  // A 3-cycle and a 2-cycle in one input: both reported, each from its smallest id.
  std::vector<MeasureTiming> both{measure(9, "长期坚持", {3}), measure(5, "长期坚持", {9}),
                                  measure(3, "长期坚持", {5}), measure(22, "长期坚持", {16}),
                                  measure(16, "长期坚持", {22})};
  EXPECT_EQ(build_error(both), "measure cycle: 3 -> 5 -> 9 -> 3\nmeasure cycle: 16 -> 22 -> 16\n");

  std::vector<MeasureTiming> self{measure(4, "长期坚持", {4})};
  EXPECT_EQ(build_error(self), "measure cycle: 4 -> 4\n");
}

TEST(ScheduleBuild, CycleDiagnosticPointsAtTheMeasure) {
  std::vector<MeasureTiming> v{measure(16, "长期坚持", {22}), measure(22, "长期坚持", {16})};
  v[0].file = "data/zezhou-2023/measures.toml";
  v[0].line = 120;
  v[0].column = 1;
  EXPECT_EQ(build_error(v), "data/zezhou-2023/measures.toml:120:1: measure cycle: 16 -> 22 -> 16\n");
}

TEST(ScheduleBuild, EveryProblemIsReported) {
  std::vector<MeasureTiming> v{measure(7, "2023年3月底前"), measure(9, "2023年12月底前", {71}),
                               measure(32, "2023年5月底前"), measure(33, "2023年5月1日起", {320, 32, 32}, std::nan("")),
                               measure(7, "长期坚持", {}, 0, std::nan(""))};
  EXPECT_EQ(build_error(v),
            "measure 7: duplicate id (first defined at input position 1)\n"
            "measure 9: depends_on: unknown measure 71 (did you mean '7'?)\n"
            "measure 33: lag_months: nan is not a finite number\n"
            "measure 33: depends_on: unknown measure 320 (did you mean '32'?)\n"
            "measure 33: depends_on: 32 is listed twice\n"
            "measure 7: ramp_months: nan is not a finite number ≥ 0\n");
}

TEST(ScheduleBuild, HandBuiltDeadlinesAreChecked) {
  MeasureTiming a = measure(1, "2023年6月底前");
  a.deadline.month = 13;
  MeasureTiming b = measure(2, "2023年3月和7月底前");
  b.deadline.end_month = 3;
  EXPECT_EQ(build_error({a, b}),
            "measure 1: deadline '2023年6月底前': month 13 is not in 1-12\n"
            "measure 2: deadline '2023年3月和7月底前': second stage month 3 is not in 4-12\n");
}

// --- critical path -----------------------------------------------------------

TEST(ScheduleCriticalPath, SlackAndCriticalFlagsOnAHandCheckedGraph) {
  // 1: end Mar (t 3).                 2: end Jun (t 6), after 1 + lag 1.
  // 3: from 1 Apr (t 3), after 1.     4: end May (t 5).
  // 5: from 1 May (t 4), after 2 and 4 -> pushed to t 6 by 2.
  // 6: ongoing, alone.
  std::vector<MeasureTiming> v{measure(5, "2023年5月1日起", {4, 2}), measure(1, "2023年3月底前"),
                               measure(2, "2023年6月底前", {1}, 1), measure(3, "2023年4月1日起", {1}),
                               measure(4, "2023年5月底前"), measure(6, "长期坚持")};
  Schedule s = Schedule::build(v, 2023);
  auto p = [&](int id) { return s.planned(*s.index_of(id)); };
  // Edge floats: 1->2: 6-3-1 = 2; 1->3: 3-3 = 0; 2->5: 6-6 = 0; 4->5: 6-5 = 1.
  EXPECT_DOUBLE_EQ(p(1).slack, 0);
  EXPECT_DOUBLE_EQ(p(2).slack, 0);
  EXPECT_EQ(p(3).slack, kInf);
  EXPECT_DOUBLE_EQ(p(4).slack, 1);
  EXPECT_EQ(p(5).slack, kInf);
  EXPECT_EQ(p(6).slack, kInf);
  EXPECT_TRUE(p(1).critical);
  EXPECT_TRUE(p(2).critical);
  EXPECT_TRUE(p(3).critical);  // its start ties with 1's completion: bound
  EXPECT_FALSE(p(4).critical);
  EXPECT_TRUE(p(5).critical);  // bound by 2
  EXPECT_FALSE(p(6).critical);
  EXPECT_DOUBLE_EQ(p(5).deadline_start, 4);
  EXPECT_DOUBLE_EQ(p(5).start, 6);
  EXPECT_DOUBLE_EQ(p(5).complete, 6);
}

TEST(ScheduleCriticalPath, DependantPushedByPrerequisiteShowsEffectiveStart) {
  // 33 planned from 1 May depends on 32 due end of May: effective start end of May.
  std::vector<MeasureTiming> v{measure(33, "2023年5月1日起", {32}), measure(32, "2023年5月底前")};
  Schedule s = Schedule::build(v, 2023);
  EXPECT_DOUBLE_EQ(s.planned(0).deadline_start, 4);
  EXPECT_DOUBLE_EQ(s.planned(0).start, 5);
  EXPECT_TRUE(s.planned(0).critical);
  EXPECT_TRUE(s.planned(1).critical);
  EXPECT_DOUBLE_EQ(s.planned(1).slack, 0);
}

// --- no hidden state, no order dependence -------------------------------------

std::vector<MeasureTiming> ledger_like() {
  return {measure(6, "2023年3月和7月底前"), measure(7, "2023年3月底前"), measure(9, "2023年12月底前", {7}, 9),
          measure(16, "2023年12月底前", {22}), measure(17, "2024年6月底前", {16}), measure(21, "2023年10月底前"),
          measure(22, "2023年10月底前"), measure(23, "2023年10月底前"), measure(24, "长期坚持", {21}, 0, 1),
          measure(25, "长期坚持", {23}), measure(28, "2023年7月1日起", {}, 0, 2), measure(32, "2023年5月底前"),
          measure(33, "2023年5月1日起", {32}, 0.5), measure(43, "2023年5月底前"), measure(44, "2023年5-9月", {43})};
}

TEST(ScheduleDeterminism, SameOutputTwiceAndForAnyInputOrder) {
  std::vector<MeasureTiming> base = ledger_like();
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> u(0.0, 4.0);
  std::vector<double> delay_by_pos;
  std::vector<std::uint8_t> impl_by_pos;
  for (std::size_t j = 0; j < base.size(); ++j) {
    delay_by_pos.push_back(j % 3 == 0 ? 0.0 : u(rng));
    impl_by_pos.push_back(base[j].id == 23 ? 0 : 1);
  }
  Schedule s = Schedule::build(base, 2023);
  Draw first = run(s, delay_by_pos, impl_by_pos);
  Draw second = run(s, delay_by_pos, impl_by_pos);
  EXPECT_EQ(first.activity, second.activity);
  EXPECT_EQ(first.start, second.start);
  EXPECT_EQ(first.complete, second.complete);

  std::vector<std::size_t> perm(base.size());
  for (std::size_t j = 0; j < perm.size(); ++j) perm[j] = j;
  for (int round = 0; round < 3; ++round) {
    if (round == 0)
      std::reverse(perm.begin(), perm.end());
    else
      std::shuffle(perm.begin(), perm.end(), rng);
    std::vector<MeasureTiming> permuted;
    std::vector<double> delay;
    std::vector<std::uint8_t> impl;
    for (std::size_t k : perm) {
      permuted.push_back(base[k]);
      delay.push_back(delay_by_pos[k]);
      impl.push_back(impl_by_pos[k]);
    }
    Schedule t = Schedule::build(permuted, 2023);
    Draw d = run(t, delay, impl);
    for (std::size_t k = 0; k < perm.size(); ++k) {
      const std::size_t j = perm[k];  // same measure in the original order
      ASSERT_EQ(t.id(k), s.id(j));
      EXPECT_EQ(d.row(k), first.row(j)) << "measure " << s.id(j);
      EXPECT_EQ(d.start[k], first.start[j]) << "measure " << s.id(j);
      EXPECT_EQ(d.complete[k], first.complete[j]) << "measure " << s.id(j);
      EXPECT_EQ(t.planned(k).slack, s.planned(j).slack) << "measure " << s.id(j);
      EXPECT_EQ(t.planned(k).critical, s.planned(j).critical) << "measure " << s.id(j);
    }
  }
}

TEST(ScheduleDeterminism, TopologicalOrderPutsPrerequisitesFirst) {
  Schedule s = Schedule::build(ledger_like(), 2023);
  std::vector<std::size_t> pos(s.size());
  auto order = s.topological_order();
  ASSERT_EQ(order.size(), s.size());
  for (std::size_t k = 0; k < order.size(); ++k) pos[order[k]] = k;
  auto before = [&](int a, int b) { return pos[*s.index_of(a)] < pos[*s.index_of(b)]; };
  EXPECT_TRUE(before(7, 9));
  EXPECT_TRUE(before(22, 16));
  EXPECT_TRUE(before(16, 17));
  EXPECT_TRUE(before(32, 33));
  EXPECT_FALSE(s.index_of(99).has_value());
}

}  // namespace
}  // namespace aqplan
