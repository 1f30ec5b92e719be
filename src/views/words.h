// Internal to the views: the words of the run and comparison tables, in
// English and Chinese.
#pragma once

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
};

inline const Words& words(Language lang) {
  static const Words en{"month", "year", "base", "tgt", "proj", "p50", "met", "P(met)", "yes", "NO", "composite index",
                        "deterministic (every uncertain input at its mode, base-year weather)", "{} samples, seed {}",
                        "'!' marks a month at risk: P(meet) < 0.5."};
  static const Words zh{"月份", "全年", "基准", "目标", "预测", "中位数", "达标", "达标概率", "是", "否", "综合指数",
                        "确定性计算（不确定输入取众数，气象同基准年）", "{} 次抽样，随机种子 {}",
                        "“!” 表示达标概率低于 0.5 的风险月份。"};
  return lang == Language::zh ? zh : en;
}

}  // namespace aqplan::views
