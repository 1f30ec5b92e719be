#include "views/words.h"

#include <array>

namespace aqplan::views {

namespace {

constexpr std::array<Message, static_cast<std::size_t>(Msg::count_)> kCatalogue{{
    {Msg::month, "month", "month", "月份"},
    {Msg::year, "year", "year", "全年"},
    {Msg::base, "base", "base", "基准"},
    {Msg::target, "target", "tgt", "目标"},
    {Msg::projected, "projected", "proj", "预测"},
    {Msg::p50, "p50", "p50", "中位数"},
    {Msg::met, "met", "met", "达标"},
    {Msg::p_met, "p_met", "P(met)", "达标概率"},
    {Msg::yes, "yes", "yes", "是"},
    {Msg::no, "no", "NO", "否"},
    {Msg::composite, "composite", "composite index", "综合指数"},
    {Msg::deterministic, "deterministic", "deterministic (every uncertain input at its mode, base-year weather)",
     "确定性计算（不确定输入取众数，气象同基准年）"},
    {Msg::samples, "samples", "{} samples, seed {}", "{} 次抽样，随机种子 {}"},
    {Msg::at_risk, "at_risk", "'!' marks a month at risk: P(meet) below {} ([report] risk_below).",
     "“!” 表示达标概率低于 {} 的风险月份（[report] risk_below）。"},
    {Msg::range, "range", "p05, p95: 5th and 95th percentiles of the samples (90 % of them lie between).",
     "p05、p95：抽样结果的第 5 和第 95 百分位数（90 % 的抽样落在其间）。"},
    {Msg::compare_title, "compare_title", "Scenarios compared with common random numbers: {} samples, seed {}",
     "情景比较：{} 次抽样，随机种子 {}（共同随机数）"},
    {Msg::compare_annual, "compare_annual", "annual", "年度指标"},
    {Msg::compare_moved, "compare_moved", "Months whose P(meet) moves by more than {} from [A]:{}",
     "与 [A] 相比达标概率变化超过 {} 的月份：{}"},
    {Msg::none, "none", " none", " 无"},
    {Msg::schedule_title, "schedule_title",
     "Schedule for {}: as planned, and with the slips of '{}' (each measure late by its median slip, carried on to its "
     "dependants).",
     "{} 年实施进度：按计划，以及按情景“{}”的延误（每项措施取延误中位数，并传递给后续措施）。"},
    {Msg::schedule_title_dataset, "schedule_title_dataset",
     "Schedule for {}: as planned, and with the dataset's slips (each measure late by its median slip, carried on to "
     "its dependants).",
     "{} 年实施进度：按计划，以及按数据集的延误（每项措施取延误中位数，并传递给后续措施）。"},
    {Msg::schedule_legend, "schedule_legend",
     "'in effect' is the date a measure starts to act ('all year': from 1 January; after {} = no effect this year); "
     "slip: median months late, P(late) the chance of any slip; slack: months it can slip before a dependant's start "
     "moves; * = later than its deadline because a prerequisite completes later.",
     "生效日期为措施开始起作用的日期（“全年”：自 1 月 1 日起；晚于 {} 年即当年无效果）；延误为延误月数中位数，"
     "延误概率为发生任何延误的概率；富余为措施可延误而不推迟后续措施的月数；* 表示因前置措施完成较晚而晚于完成时限。"},
    {Msg::id, "id", "id", "序号"},
    {Msg::in_effect, "in_effect", "in effect", "生效日期"},
    {Msg::with_slips, "with_slips", "with slips", "计延误生效"},
    {Msg::slip, "slip", "slip", "延误"},
    {Msg::p_late, "p_late", "P(late)", "延误概率"},
    {Msg::slack, "slack", "slack", "富余"},
    {Msg::critical, "critical", "crit", "关键"},
    {Msg::as_written, "as_written", "as written", "原文时限"},
    {Msg::lead_units, "lead_units", "lead units", "牵头单位"},
    {Msg::measure, "measure", "measure", "具体措施"},
    {Msg::all_year, "all_year", "all year", "全年"},
    {Msg::never, "never", "never", "不实施"},
    {Msg::enabling_tag, "enabling_tag", "[enabling] ", "[保障性] "},
    {Msg::note_planned_after_year, "note_planned_after_year",
     "takes effect after {} as planned: a slip changes nothing this year",
     "按计划在 {} 年后才生效：延误不影响当年"},
    {Msg::note_slips_out_of_year, "note_slips_out_of_year", "its slips carry it out of {}: no effect this year",
     "延误后移出 {} 年：当年无效果"},
    {Msg::note_moved_out_by, "note_moved_out_by", "no slip of its own: the slip of measure {} carries it out of {}",
     "自身无延误：因措施 {} 延误而移出 {} 年"},
    {Msg::note_absorbed, "note_absorbed", "its own slip ends before measure {} completes, which sets its start",
     "自身延误在措施 {} 完成前结束，生效日期由该措施决定"},
    {Msg::note_moved_by, "note_moved_by", "no slip of its own: moved by the slip of measure {}",
     "自身无延误：因措施 {} 延误而推迟"},
    {Msg::note_enabling_alone, "note_enabling_alone",
     "enabling and nothing depends on it: a slip moves no emissions", "保障性措施且无后续措施：延误不影响排放"},
    {Msg::note_excluded, "note_excluded", "switched off by the scenario: never in effect", "情景中已取消：不实施"},
}};

constexpr bool in_order() {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i)
    if (static_cast<std::size_t>(kCatalogue[i].id) != i) return false;
  return true;
}
static_assert(in_order(), "the catalogue lists every Msg once, in Msg order");

}  // namespace

std::span<const Message> catalogue() { return kCatalogue; }

const char* tr(Msg m, Language lang) {
  const Message& e = kCatalogue[static_cast<std::size_t>(m)];
  return lang == Language::zh ? e.zh : e.en;
}

}  // namespace aqplan::views
