// Internal to the views: the words of the run and comparison tables, in
// English and Chinese.
#pragma once

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "aqplan/views/view.h"

namespace aqplan::views {

struct Words {
  const char* month;
  const char* year;
  const char* base;
  const char* target;
  const char* projected;
  const char* p50;
  const char* met;
  const char* p_met;
  const char* yes;
  const char* no;
  const char* composite;
  const char* deterministic;
  const char* samples;
  const char* at_risk;
  const char* range;
};

inline const Words& words(Language lang) {
  static const Words en{"month", "year", "base", "tgt", "proj", "p50", "met", "P(met)", "yes", "NO", "composite index",
                        "deterministic (every uncertain input at its mode, base-year weather)", "{} samples, seed {}",
                        "'!' marks a month at risk: P(meet) below {} ([report] risk_below).",
                        "p05, p95: 5th and 95th percentiles of the samples (90 % of them lie between)."};
  static const Words zh{"月份", "全年", "基准", "目标", "预测", "中位数", "达标", "达标概率", "是", "否", "综合指数",
                        "确定性计算（不确定输入取众数，气象同基准年）", "{} 次抽样，随机种子 {}",
                        "“!” 表示达标概率低于 {} 的风险月份（[report] risk_below）。",
                        "p05、p95：抽样结果的第 5 和第 95 百分位数（90 % 的抽样落在其间）。"};
  return lang == Language::zh ? zh : en;
}

// P(meet) as a table shows it: two decimals, or three or four when it takes
// them for the shown value to fall on the same side of `risk_below` as the
// value itself, so that a mark and its number never disagree (0.7985 below
// 0.8 is "0.7985", not "0.80"); closer still, four decimals rounded away
// from the threshold (0.79999 is "0.7999"). At most 6 characters.
inline std::string probability_text(double p, double risk_below) {
  for (int d = 2; d <= 4; ++d) {
    std::string s = fmt::format("{:.{}f}", p, d);
    if ((std::stod(s) < risk_below) == (p < risk_below)) return s;
  }
  const double scaled = p * 1e4;
  return fmt::format("{:.4f}", (p < risk_below ? std::floor(scaled) : std::ceil(scaled)) / 1e4);
}

}  // namespace aqplan::views
