#include "aqplan/model/schedule.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"
#include "aqplan/model/model.h"
#include "aqplan/data/measure_data.h"
#include "aqplan/base/simd.h"
#include "kernels/dispatch.h"
#include "test_util.h"

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

// The same problems in Chinese, and the CLI reporting a dataset's cycles in
// the planner's language.
std::string build_error_zh(const std::vector<MeasureTiming>& v) {
  try {
    Schedule::build(v, 2023);
  } catch (const InputError& e) {
    return e.diagnostics().to_string(Language::zh);
  }
  return "built";
}

TEST(ScheduleBuild, EveryProblemIsReportedInChinese) {
  std::vector<MeasureTiming> v{measure(7, "2023年3月底前"), measure(9, "2023年12月底前", {71}),
                               measure(32, "2023年5月底前"), measure(33, "2023年5月1日起", {320, 32, 32}, std::nan("")),
                               measure(7, "长期坚持", {}, 0, std::nan(""))};
  EXPECT_EQ(build_error_zh(v),
            "措施 7：编号重复（首次定义在输入第 1 项）\n"
            "措施 9：depends_on：未知措施 71（是否应为“7”？）\n"
            "措施 33：lag_months：nan 不是有限数值\n"
            "措施 33：depends_on：未知措施 320（是否应为“32”？）\n"
            "措施 33：depends_on：32 列出了两次\n"
            "措施 7：ramp_months：nan 不是 ≥ 0 的有限数值\n");
  MeasureTiming a = measure(1, "2023年6月底前");
  a.deadline.month = 13;
  MeasureTiming b = measure(2, "2023年3月和7月底前");
  b.deadline.end_month = 3;
  MeasureTiming c = measure(3, "2023年2月1日起");
  c.deadline.day = 30;
  MeasureTiming d = measure(4, "2023年5-9月");
  d.deadline.end_month = 4;
  d.deadline.raw.clear();
  EXPECT_EQ(build_error_zh({a, b, c, d, measure(16, "长期坚持", {22}), measure(22, "长期坚持", {16})}),
            "措施 1：完成时限“2023年6月底前”：月份 13 不在 1-12 之间\n"
            "措施 2：完成时限“2023年3月和7月底前”：第二阶段月份 3 不在 4-12 之间\n"
            "措施 3：完成时限“2023年2月1日起”：2023-02 没有第 30 日\n"
            "措施 4：完成时限（`window`）：结束月份 4 不在 5-12 之间\n"
            "措施依赖成环：16 -> 22 -> 16\n");
}

TEST(ScheduleBuild, ADatasetsCyclesAreReportedInChinese) {
  test::TempDir dir;
  std::filesystem::copy(test::bundled_dataset(), dir.path() / "zezhou", std::filesystem::copy_options::recursive);
  std::filesystem::copy(test::source_dir() + "/data/standards", dir.path() / "standards",
                        std::filesystem::copy_options::recursive);
  const std::string measures = (dir.path() / "zezhou" / "measures.toml").string();
  std::string toml = test::read_file(measures);
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"id = 22\ntitle_en", "id = 22\ndepends_on = [16]\ntitle_en"}, {"id = 7\ntitle_en", "id = 7\ndepends_on = [9]\ntitle_en"}}) {
    const auto at = toml.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    toml.replace(at, from.size(), to);
  }
  test::write_file(measures, toml);
  const auto zh = test::run_cli_to({"validate", (dir.path() / "zezhou").string()}, "", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(zh.exit_code, 2) << zh.err;
  EXPECT_EQ(zh.err, measures + ":126:6: 措施依赖成环：7 -> 9 -> 7\n" + measures + ":227:6: 措施依赖成环：16 -> 22 -> 16\n");
  std::string lines = zh.err;
  for (std::size_t at; (at = lines.find(measures)) != std::string::npos;) lines.erase(at, measures.size());
  EXPECT_TRUE(test::english_left(lines, test::symbols()).empty()) << lines;
  const auto en = test::run_cli({"validate", (dir.path() / "zezhou").string()});
  EXPECT_EQ(en.exit_code, 2);
  EXPECT_EQ(en.err, measures + ":126:6: measure cycle: 7 -> 9 -> 7\n" + measures + ":227:6: measure cycle: 16 -> 22 -> 16\n");
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

// --- evaluate() against a reference written from the header's equations -----

// What evaluate() returns, computed the plain way: recursion over
// prerequisites, the stage/ramp/window fraction month by month. The
// floating-point order follows the header's formulas as the implementation
// writes them: start + (M2 − M1) for the second stage, a month is 1 when the
// time since the start at its beginning is ≥ the ramp and 0 when the stage
// starts at or after its end, else the integral of the ramp over the month.
struct Reference {
  std::vector<Row> rows;
  std::vector<double> start, complete;
};

// ∫_0^u of clamp(x / R, 0, 1) (a unit step when R = 0).
double ramp_area(double u, double R) {
  if (u <= 0) return 0;
  if (R == 0) return u;
  if (u <= R) return u * u / (2 * R);
  return u - R / 2;
}

// Average over month m (1..12) of one stage starting at s, ramping over R.
double stage_fraction(int m, double s, double R) {
  const double a = (m - 1) - s, b = m - s;  // time since the start at the month's beginning, end
  if (a >= R) return 1;                     // at full effect all month
  if (b <= 0) return 0;                     // not started by the month's end
  return std::clamp(ramp_area(b, R) - ramp_area(a, R), 0.0, 1.0);
}

Reference reference_evaluate(const std::vector<MeasureTiming>& ms, int target_year, const std::vector<double>& delay,
                             const std::vector<std::uint8_t>& implemented) {
  const std::size_t n = ms.size();
  std::map<int, std::size_t> index;
  for (std::size_t j = 0; j < n; ++j) index[ms[j].id] = j;
  Reference r;
  r.rows.assign(n, Row{});
  r.start.assign(n, 0);
  r.complete.assign(n, 0);
  std::vector<int> state(n, 0);  // 0 new, 1 in progress, 2 done
  std::function<void(std::size_t)> visit = [&](std::size_t j) {
    if (state[j] == 2) return;
    ASSERT_EQ(state[j], 0) << "cycle at measure " << ms[j].id;
    state[j] = 1;
    const MeasureTiming& m = ms[j];
    const Deadline& d = m.deadline;
    const double base = 12.0 * (d.year - target_year);
    double ps = 0, pc = 0, stage2 = -1;
    int first = 1, last = 12;  // months the measure may be in effect
    switch (d.kind) {
      case DeadlineKind::by_end_of: ps = pc = base + d.month; break;
      case DeadlineKind::from_date:
        ps = pc = base + (d.month - 1) + double(d.day - 1) / days_in_month(d.year, d.month);
        break;
      case DeadlineKind::window:
        ps = pc = base + (d.month - 1);
        first = d.month;
        last = d.end_month;
        break;
      case DeadlineKind::two_stage:
        ps = base + d.month;
        pc = base + d.end_month;
        stage2 = d.end_month - d.month;
        break;
      case DeadlineKind::ongoing: ps = pc = 0; break;
    }
    double s = ps + delay[j];
    for (int dep : m.depends_on) {
      const std::size_t i = index.at(dep);
      visit(i);
      s = std::max(s, r.complete[i] + m.lag_months);
    }
    if (!implemented[j] || std::isinf(s)) {
      r.start[j] = r.complete[j] = kInf;  // never; every month 0
    } else {
      r.start[j] = s;
      r.complete[j] = pc + (s - ps);
      for (int mo = first; mo <= last; ++mo) {
        const double f = stage_fraction(mo, s, m.ramp_months);
        r.rows[j][static_cast<std::size_t>(mo - 1)] =
            stage2 < 0 ? f : 0.5 * (f + stage_fraction(mo, s + stage2, m.ramp_months));
      }
    }
    state[j] = 2;
  };
  for (std::size_t j = 0; j < n; ++j) visit(j);
  return r;
}

// Random draws: half on time, the rest late by up to 8 months (a few by a
// year or more); some measures not implemented.
void random_draw(std::mt19937_64& rng, std::size_t n, std::vector<double>& delay, std::vector<std::uint8_t>& impl) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  delay.assign(n, 0.0);
  impl.assign(n, 1);
  for (std::size_t j = 0; j < n; ++j) {
    const double x = u(rng);
    if (x < 0.5) delay[j] = 0;
    else if (x < 0.95) delay[j] = 8 * u(rng);
    else delay[j] = 12 + 12 * u(rng);
    if (u(rng) < 0.1) impl[j] = 0;
  }
}

// Exact comparison (EXPECT_EQ on doubles) of evaluate() and the reference.
void expect_same_as_reference(const Schedule& s, const std::vector<MeasureTiming>& ms, const std::vector<double>& delay,
                              const std::vector<std::uint8_t>& impl, const std::string& what) {
  const Draw got = run(s, delay, impl);
  const Reference want = reference_evaluate(ms, s.target_year(), delay, impl);
  for (std::size_t j = 0; j < ms.size(); ++j) {
    ASSERT_EQ(s.id(j), ms[j].id);
    EXPECT_EQ(got.start[j], want.start[j]) << what << " measure " << ms[j].id << " delay " << delay[j];
    EXPECT_EQ(got.complete[j], want.complete[j]) << what << " measure " << ms[j].id << " delay " << delay[j];
    EXPECT_EQ(got.row(j), want.rows[j]) << what << " measure " << ms[j].id << " delay " << delay[j];
  }
}

TEST(ScheduleReference, BundledPlanMatchesTheReferenceExactly) {
  const Model& model = test::bundled_model();
  std::vector<MeasureTiming> ms;
  for (const ModelMeasure& mm : model.measures()) {
    MeasureTiming t;
    t.id = mm.id;
    t.deadline = mm.timing;
    t.depends_on = mm.depends_on;
    t.lag_months = mm.lag_months;
    t.ramp_months = mm.ramp_months;
    ms.push_back(std::move(t));
  }
  const Schedule& s = model.schedule();
  ASSERT_EQ(s.size(), ms.size());
  std::mt19937_64 rng(20230101);
  std::vector<double> delay;
  std::vector<std::uint8_t> impl;
  expect_same_as_reference(s, ms, std::vector<double>(ms.size(), 0.0), std::vector<std::uint8_t>(ms.size(), 1),
                           "planned:");
  for (int draw = 0; draw < 2000 && !HasFailure(); ++draw) {
    random_draw(rng, ms.size(), delay, impl);
    expect_same_as_reference(s, ms, delay, impl, "draw " + std::to_string(draw) + ":");
  }
}

// A random acyclic plan: every deadline kind, years around the target,
// prerequisites among earlier measures with lags from −3 to +6 months, a
// third of the measures ramping; in shuffled input order.
std::vector<MeasureTiming> random_plan(std::mt19937_64& rng, int target_year) {
  std::uniform_int_distribution<int> count(1, 40), kind(0, 4), month(1, 12), year(target_year - 1, target_year + 1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int n = count(rng);
  std::vector<MeasureTiming> ms;
  for (int k = 0; k < n; ++k) {
    MeasureTiming m;
    m.id = 100 + 3 * k;
    Deadline& d = m.deadline;
    d.kind = static_cast<DeadlineKind>(kind(rng));
    if (d.kind != DeadlineKind::ongoing) {
      d.year = u(rng) < 0.7 ? target_year : year(rng);
      d.month = month(rng);
    }
    if (d.kind == DeadlineKind::from_date)
      d.day = std::uniform_int_distribution<int>(1, days_in_month(d.year, d.month))(rng);
    if (d.kind == DeadlineKind::window) d.end_month = std::uniform_int_distribution<int>(d.month, 12)(rng);
    if (d.kind == DeadlineKind::two_stage) {
      d.month = std::uniform_int_distribution<int>(1, 11)(rng);
      d.end_month = std::uniform_int_distribution<int>(d.month + 1, 12)(rng);
    }
    for (int i = 0; i < k; ++i)
      if (u(rng) < 2.0 / (k + 1)) m.depends_on.push_back(100 + 3 * i);
    if (!m.depends_on.empty()) m.lag_months = u(rng) < 0.3 ? 0.0 : -3 + 9 * u(rng);
    if (u(rng) < 0.35) m.ramp_months = u(rng) < 0.2 ? 1.0 : 0.1 + 5 * u(rng);
    ms.push_back(std::move(m));
  }
  std::shuffle(ms.begin(), ms.end(), rng);
  return ms;
}

TEST(ScheduleReference, RandomPlansWithRampsWindowsStagesAndNegativeLagsMatchExactly) {
  std::mt19937_64 rng(77);
  std::vector<double> delay;
  std::vector<std::uint8_t> impl;
  int ramped = 0, windows = 0, stages = 0, negative_lags = 0;
  for (int plan = 0; plan < 200 && !HasFailure(); ++plan) {
    const std::vector<MeasureTiming> ms = random_plan(rng, 2023);
    for (const MeasureTiming& m : ms) {
      ramped += m.ramp_months > 0;
      windows += m.deadline.kind == DeadlineKind::window;
      stages += m.deadline.kind == DeadlineKind::two_stage;
      negative_lags += m.lag_months < 0;
    }
    const Schedule s = Schedule::build(ms, 2023);
    expect_same_as_reference(s, ms, std::vector<double>(ms.size(), 0.0), std::vector<std::uint8_t>(ms.size(), 1),
                             "plan " + std::to_string(plan) + " planned:");
    for (int draw = 0; draw < 20; ++draw) {
      random_draw(rng, ms.size(), delay, impl);
      expect_same_as_reference(s, ms, delay, impl, "plan " + std::to_string(plan) + " draw " + std::to_string(draw) + ":");
    }
  }
  // The plans did exercise every feature.
  EXPECT_GT(ramped, 100);
  EXPECT_GT(windows, 100);
  EXPECT_GT(stages, 100);
  EXPECT_GT(negative_lags, 50);
}

TEST(ScheduleReference, EveryBadDrawInputIsRejectedWhereverItIs) {
  // Five measures: bad values at every position (the validation runs a vector
  // of delays at a time, then the rest one by one).
  std::vector<MeasureTiming> v{measure(1, "长期坚持"), measure(2, "2023年6月底前", {1}), measure(3, "2023年5-9月"),
                               measure(4, "2023年3月和7月底前", {}, 0, 2), measure(5, "2023年4月15日起", {3}, -1)};
  const Schedule s = Schedule::build(v, 2023);
  ActivityMatrix a(5, 12);
  std::vector<double> st(5), co(5);
  const double bad_delays[] = {-1.0, -1e-300, kInf, -kInf, std::nan("")};
  for (std::size_t p = 0; p < v.size(); ++p) {
    for (double bad : bad_delays) {
      std::vector<double> delay(5, 1.0);
      delay[p] = bad;
      EXPECT_THROW(s.evaluate(delay, std::vector<std::uint8_t>(5, 1), a, st, co), std::invalid_argument)
          << "delay " << bad << " at " << p;
    }
    for (std::uint8_t bad : {std::uint8_t{2}, std::uint8_t{255}}) {
      std::vector<std::uint8_t> impl(5, 1);
      impl[p] = bad;
      EXPECT_THROW(s.evaluate(std::vector<double>(5, 0.0), impl, a, st, co), std::invalid_argument)
          << "implemented " << int(bad) << " at " << p;
    }
  }
  // −0 is ≥ 0: accepted, and the same draw as +0.
  std::vector<double> minus_zero(5, -0.0);
  std::vector<std::uint8_t> all(5, 1);
  EXPECT_NO_THROW(s.evaluate(minus_zero, all, a, st, co));
  const Draw plus_zero = run_planned(s);
  EXPECT_EQ(a, plus_zero.activity);
  EXPECT_EQ(st, plus_zero.start);
}

TEST(ScheduleReference, WritesIntoABlockOfAWiderMatrix) {
  // activity may be a view with an outer stride other than 12: only its
  // twelve columns are written.
  std::vector<MeasureTiming> v = ledger_like();
  const Schedule s = Schedule::build(v, 2023);
  std::mt19937_64 rng(5);
  std::vector<double> delay;
  std::vector<std::uint8_t> impl;
  random_draw(rng, v.size(), delay, impl);
  const Draw want = run(s, delay, impl);
  Eigen::Matrix<double, Eigen::Dynamic, 15, Eigen::RowMajor> wide(static_cast<Eigen::Index>(v.size()), 15);
  wide.setConstant(-7.0);
  std::vector<double> st(v.size()), co(v.size());
  s.evaluate(delay, impl, wide.leftCols<12>(), st, co);
  EXPECT_EQ(ActivityMatrix(wide.leftCols<12>()), want.activity);
  EXPECT_TRUE((wide.rightCols<3>().array() == -7.0).all());
  EXPECT_EQ(st, want.start);
  EXPECT_EQ(co, want.complete);
}

// --- evaluate() compiled for every level (kernels/dispatch.h) -----------------

class ScheduleSimd : public test::EverySimdLevel {
 protected:
  Draw run_at(SimdLevel level, const Schedule& s, const std::vector<double>& delay,
              const std::vector<std::uint8_t>& impl) {
    EXPECT_TRUE(detail::force_simd_level(level));
    return run(s, delay, impl);
  }
};

bool same_bits(const Draw& a, const Draw& b) {
  auto same = [](const double* x, const double* y, std::size_t n) { return std::memcmp(x, y, n * sizeof(double)) == 0; };
  return a.activity.rows() == b.activity.rows() && a.start.size() == b.start.size() &&
         a.complete.size() == b.complete.size() &&
         same(a.activity.data(), b.activity.data(), static_cast<std::size_t>(a.activity.size())) &&
         same(a.start.data(), b.start.data(), a.start.size()) &&
         same(a.complete.data(), b.complete.data(), a.complete.size());
}

TEST_F(ScheduleSimd, EveryLevelGivesTheBaselineBits) {
  std::mt19937_64 rng(4242);
  std::vector<double> delay;
  std::vector<std::uint8_t> impl;
  int compared = 0, partial_months = 0;
  auto compare = [&](const Schedule& s, const std::string& what) {
    const Draw base = run_at(SimdLevel::baseline, s, delay, impl);
    for (SimdLevel level : levels())
      ASSERT_TRUE(same_bits(base, run_at(level, s, delay, impl))) << what << " at " << simd_level_name(level);
    ++compared;
    for (Eigen::Index k = 0; k < base.activity.size(); ++k)
      partial_months += base.activity.data()[k] > 0 && base.activity.data()[k] < 1;
  };
  // The bundled plan (single and two stages, windows, no ramps).
  const Schedule& bundled = test::bundled_model().schedule();
  for (int draw = 0; draw < 500 && !HasFailure(); ++draw) {
    random_draw(rng, bundled.size(), delay, impl);
    compare(bundled, "bundled plan, draw " + std::to_string(draw));
  }
  // Random plans: every deadline kind, ramps, negative lags.
  for (int plan = 0; plan < 100 && !HasFailure(); ++plan) {
    const Schedule s = Schedule::build(random_plan(rng, 2023), 2023);
    delay.assign(s.size(), 0.0);
    impl.assign(s.size(), 1);
    compare(s, "plan " + std::to_string(plan) + " planned");
    for (int draw = 0; draw < 10 && !HasFailure(); ++draw) {
      random_draw(rng, s.size(), delay, impl);
      compare(s, "plan " + std::to_string(plan) + " draw " + std::to_string(draw));
    }
  }
  EXPECT_EQ(compared, 500 + 100 * 11);
  EXPECT_GT(partial_months, 1000);  // not only 0s and 1s
}

TEST_F(ScheduleSimd, EveryBadDrawInputIsRejectedAtEachLevelWhereverItIs) {
  // 19 measures: delays in vectors of four (AVX2) or two (baseline) and a
  // tail, implemented flags in words of eight and a tail.
  std::vector<MeasureTiming> v;
  for (int k = 0; k < 19; ++k) v.push_back(measure(100 + k, k % 2 ? "长期坚持" : "2023年6月底前"));
  const Schedule s = Schedule::build(v, 2023);
  const std::size_t n = v.size();
  ActivityMatrix a(static_cast<Eigen::Index>(n), 12);
  std::vector<double> st(n), co(n);
  auto message = [&](const std::vector<double>& delay, const std::vector<std::uint8_t>& impl) -> std::string {
    try {
      s.evaluate(delay, impl, a, st, co);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "accepted";
  };
  for (SimdLevel level : levels()) {
    ASSERT_TRUE(detail::force_simd_level(level));
    const std::string at = std::string(simd_level_name(level)) + ": ";
    for (std::size_t p = 0; p < n; ++p) {
      const std::string id = "measure " + std::to_string(s.id(p)) + ":";
      for (double bad : {-1.0, -1e-300, kInf, -kInf, std::nan("")}) {
        std::vector<double> delay(n, 1.0);
        delay[p] = bad;
        EXPECT_NE(message(delay, std::vector<std::uint8_t>(n, 1)).find(id), std::string::npos)
            << at << "delay " << bad << " at " << p;
      }
      for (std::uint8_t bad : {std::uint8_t{2}, std::uint8_t{128}, std::uint8_t{255}}) {
        std::vector<std::uint8_t> impl(n, 1);
        impl[p] = bad;
        EXPECT_NE(message(std::vector<double>(n, 0.0), impl).find(id), std::string::npos)
            << at << "implemented " << int(bad) << " at " << p;
      }
    }
    EXPECT_EQ(message(std::vector<double>(n, -0.0), std::vector<std::uint8_t>(n, 0)), "accepted") << at;
  }
}

}  // namespace
}  // namespace aqplan
