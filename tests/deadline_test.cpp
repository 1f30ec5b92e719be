#include "aqplan/import/deadline.h"

#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "test_util.h"

namespace aqplan {
namespace {

TEST(Deadline, ByEndOfWithAndWithoutSpaces) {
  for (const char* s : {"2023 年 6 月底前", "2023年6月底前", "2023年 6月 底前", "２０２３年６月底前", "2023年6月末前"}) {
    Deadline d = parse_deadline(s);
    EXPECT_EQ(d.kind, DeadlineKind::by_end_of) << s;
    EXPECT_EQ(d.year, 2023) << s;
    EXPECT_EQ(d.month, 6) << s;
  }
  EXPECT_EQ(parse_deadline(" 2023 年 6 月底前 ").raw, "2023 年 6 月底前");
}

TEST(Deadline, FromDate) {
  Deadline d = parse_deadline("2023年7月1日起");
  EXPECT_EQ(d.kind, DeadlineKind::from_date);
  EXPECT_EQ(d.year, 2023);
  EXPECT_EQ(d.month, 7);
  EXPECT_EQ(d.day, 1);
  EXPECT_EQ(parse_deadline("2023 年 4 月 15 日起").day, 15);
}

TEST(Deadline, FromAMonthIsFromItsFirstDay) {
  const Deadline d = parse_deadline("2023年10月起");
  EXPECT_EQ(d.kind, DeadlineKind::from_date);
  EXPECT_EQ(d.year, 2023);
  EXPECT_EQ(d.month, 10);
  EXPECT_EQ(d.day, 1);
  EXPECT_EQ(d.raw, "2023年10月起");
  EXPECT_EQ(parse_deadline("2023 年 3 月起"), (Deadline{DeadlineKind::from_date, 2023, 3, 1, 0, "2023 年 3 月起"}));
  EXPECT_THROW(parse_deadline("2023年13月起"), DeadlineError);
  EXPECT_THROW(parse_deadline("2023年月起"), DeadlineError);
}

TEST(Deadline, SeasonalWindow) {
  for (const char* s : {"2023年5-9月", "2023 年 5－9 月", "2023年5月-9月", "2023年5~9月", "2023年5至9月"}) {
    Deadline d = parse_deadline(s);
    EXPECT_EQ(d.kind, DeadlineKind::window) << s;
    EXPECT_EQ(d.month, 5) << s;
    EXPECT_EQ(d.end_month, 9) << s;
  }
}

TEST(Deadline, TwoStages) {
  for (const char* s : {"2023 年 3 月和 7 月底前", "2023年3月和7月底前", "2023年3月、7月底前", "2023年3月及7月底前"}) {
    Deadline d = parse_deadline(s);
    EXPECT_EQ(d.kind, DeadlineKind::two_stage) << s;
    EXPECT_EQ(d.month, 3) << s;
    EXPECT_EQ(d.end_month, 7) << s;
  }
}

TEST(Deadline, OngoingAndOtherYears) {
  EXPECT_EQ(parse_deadline("长期坚持").kind, DeadlineKind::ongoing);
  EXPECT_EQ(parse_deadline("长期 坚持").kind, DeadlineKind::ongoing);
  Deadline d = parse_deadline("2024年6月底前");
  EXPECT_EQ(d.year, 2024);
  EXPECT_EQ(d.month, 6);
  EXPECT_EQ(describe(d), "by end of 2024-06");
}

TEST(Deadline, MalformedFormsAreRejectedWithTheText) {
  auto message = [](const char* s) {
    try {
      parse_deadline(s);
    } catch (const DeadlineError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("尽快完成"),
            "unrecognised deadline '尽快完成' (expected 'YYYY年M月底前', 'YYYY年M月D日起', 'YYYY年M月起', 'YYYY年M-N月', "
            "'YYYY年M月和N月底前' or '长期坚持')");
  EXPECT_EQ(message("2023年13月底前"), "deadline '2023年13月底前': month 13 is not in 1-12");
  EXPECT_EQ(message("2023年2月30日起"), "deadline '2023年2月30日起': 2023-02 has no day 30");
  EXPECT_EQ(message("2023年9-5月"), "deadline '2023年9-5月': month 5 does not come after month 9");
  EXPECT_EQ(message("2023年7月和3月底前"), "deadline '2023年7月和3月底前': month 3 does not come after month 7");
  EXPECT_EQ(message(""), "deadline is empty (expected e.g. '2023年6月底前' or '长期坚持')");
  EXPECT_TRUE(message("23年6月底前").starts_with("unrecognised deadline '23年6月底前' (expected"));
}

TEST(Deadline, MalformedFormsAreRejectedInChineseToo) {
  auto text = [](const char* s) {
    try {
      parse_deadline(s);
    } catch (const DeadlineError& e) {
      EXPECT_EQ(e.text().str(Language::en), e.what());
      return e.text().str(Language::zh);
    }
    return std::string("accepted");
  };
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"尽快完成",
       "无法识别的完成时限“尽快完成”（应为 'YYYY年M月底前', 'YYYY年M月D日起', 'YYYY年M月起', 'YYYY年M-N月', "
       "'YYYY年M月和N月底前' 或“长期坚持”）"},
      {"2023年13月底前", "完成时限“2023年13月底前”：月份 13 不在 1-12 之间"},
      {"1023年6月底前", "完成时限“1023年6月底前”：年份 1023 不合理"},
      {"2023年2月30日起", "完成时限“2023年2月30日起”：2023-02 没有第 30 日"},
      {"2023年9-5月", "完成时限“2023年9-5月”：月份 5 不在月份 9 之后"},
      {"", "完成时限为空（应如“2023年6月底前”或“长期坚持”）"},
  };
  for (const auto& [written, zh] : cases) {
    EXPECT_EQ(text(written), zh);
    EXPECT_TRUE(test::english_left(zh, test::symbols()).empty()) << zh;
  }
}

TEST(Deadline, DescribedInEitherLanguage) {
  const std::vector<std::tuple<const char*, std::string, std::string>> cases = {
      {"2023年6月底前", "by end of 2023-06", "2023年06月底前"},
      {"2023年7月1日起", "from 2023-07-01", "2023年07月01日起"},
      {"2023年5-9月", "2023 months 5-9", "2023年5-9月"},
      {"2023年3月和7月底前", "by end of 2023-03 and 2023-07", "2023年03月底前和2023年07月底前"},
      {"长期坚持", "ongoing", "长期坚持"},
  };
  for (const auto& [written, en, zh] : cases) {
    const Deadline d = parse_deadline(written);
    EXPECT_EQ(describe(d), en);
    EXPECT_EQ(describe_text(d).str(Language::en), en);
    EXPECT_EQ(describe_text(d).str(Language::zh), zh);
  }
}

}  // namespace
}  // namespace aqplan
