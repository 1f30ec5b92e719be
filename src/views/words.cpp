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
    // explain
    {Msg::explain_title, "explain_title", "What makes {} in {}, and what would move it — {}, {}",
     "{}（{}）：预测的成因与可改变它的措施 — {}，{}"},
    {Msg::explain_month, "explain_month", "month {}", "{} 月"},
    {Msg::explain_year, "explain_year", "the year", "全年"},
    {Msg::explain_runs, "explain_runs", "{} samples, seed {}; {} runs with common random numbers.",
     "{} 次抽样，随机种子 {}；共 {} 次运行（共同随机数）。"},
    {Msg::explain_status, "explain_status", "Target {} {}; projected median {}, P(meet) {}.",
     "目标 {} {}；预测中位数 {}，达标概率 {}。"},
    {Msg::explain_at_risk, "explain_at_risk", " At risk: P(meet) below {}.", "存在风险：达标概率低于 {}。"},
    {Msg::explain_not_decided, "explain_not_decided",
     "Observed in {}: the model does not decide it, and no measure or cut moves it.",
     "{} 年已有观测值：模型不作预测，任何措施或削减都不改变它。"},
    {Msg::waterfall_title, "waterfall_title",
     "From the base-year value to the projected median ({}; each step adds one factor, with common random numbers):",
     "从基准年值到预测中位数（{}；每步加入一个因素，共同随机数）："},
    {Msg::step_base, "step_base", "base year {}", "{} 年基准值"},
    {Msg::step_base_months, "step_base_months", "annual statistic of the base year's months",
     "由基准年各月值计算的年统计量"},
    {Msg::step_observed, "step_observed", "months observed in {}", "{} 年已观测月份"},
    {Msg::step_growth, "step_growth", "activity growth", "活动水平增长"},
    {Msg::step_regional, "step_regional", "regional trend of the non-local part", "外来部分的区域变化"},
    {Msg::step_weather, "step_weather", "weather (median with it less without)", "气象波动（有与无之中位数差）"},
    {Msg::step_measure, "step_measure", "measure {} ", "措施 {} "},
    {Msg::step_more_measures, "step_more_measures", "other measures ({})", "其余措施（{} 项）"},
    {Msg::step_interaction, "step_interaction", "measures together, beyond their parts one at a time",
     "措施共同作用（超出逐项贡献之和的部分）"},
    {Msg::step_projected, "step_projected", "projected median", "预测中位数"},
    {Msg::check_ok, "check_ok",
     "Check: with every measure off and no growth, regional trend or weather, every sample gives {}, as one "
     "evaluation does.",
     "校验：所有措施取消且无增长、区域变化和气象波动时，各次抽样均为 {}，与单次计算一致。"},
    {Msg::check_failed, "check_failed",
     "CHECK FAILED: with every measure off and no growth, regional trend or weather the median is {}, one evaluation "
     "gives {}; please report this.",
     "校验失败：所有措施取消且无增长、区域变化和气象波动时中位数为 {}，单次计算为 {}；请报告此问题。"},
    {Msg::split_title, "split_title",
     "What is left to act on: {} in {} by sector and precursor ({}, mean of {} samples):",
     "可继续削减的来源：{}（{}）按部门和前体物分解（{}，{} 次抽样均值）："},
    {Msg::split_title_o3, "split_title_o3",
     "{} in {} is not a sum of parts. What removing each sector's NOₓ or VOC would change, to first order ({}, + = "
     "it rises; mean of {} samples):",
     "{}（{}）不能按来源相加分解。各部门氮氧化物或挥发性有机物全部去除时的一阶变化（{}，+ 表示上升；{} 次抽样均值）："},
    {Msg::split_year, "split_year", "The year: each month's parts weighted by its share of the annual statistic.",
     "全年：各月分量按其对年统计量的贡献加权。"},
    {Msg::sector, "sector", "sector", "部门"},
    {Msg::total, "total", "total", "合计"},
    {Msg::part_primary, "part_primary", "primary", "一次颗粒物"},
    {Msg::part_sulfate, "part_sulfate", "sulfate", "硫酸盐"},
    {Msg::part_nitrate, "part_nitrate", "nitrate", "硝酸盐"},
    {Msg::part_ammonium, "part_ammonium", "ammonium", "铵盐"},
    {Msg::part_organic, "part_organic", "organic", "二次有机物"},
    {Msg::part_coarse, "part_coarse", "coarse", "粗颗粒物"},
    {Msg::part_emitted, "part_emitted", "emitted", "直接排放"},
    {Msg::part_first_order, "part_first_order", "if removed", "全部去除时"},
    {Msg::species_so2, "species_so2", "SO₂", "二氧化硫"},
    {Msg::species_nox, "species_nox", "NOₓ", "氮氧化物"},
    {Msg::species_co, "species_co", "CO", "一氧化碳"},
    {Msg::species_voc, "species_voc", "VOC", "挥发性有机物"},
    {Msg::species_nh3, "species_nh3", "NH₃", "氨"},
    {Msg::species_pm10, "species_pm10", "PM₁₀", "PM₁₀ 颗粒物"},
    {Msg::species_pm25, "species_pm25", "PM₂.₅", "PM₂.₅ 颗粒物"},
    {Msg::local_total, "local_total", "local", "本地合计"},
    {Msg::nonlocal_part, "nonlocal_part", "non-local (regional transport and background)", "外来（区域传输与背景）"},
    {Msg::observed_part, "observed_part", "observed months", "已观测月份"},
    {Msg::unattributed_part, "unattributed_part", "carried by no sector's emissions", "无法归属到部门排放"},
    {Msg::projected_mean, "projected_mean", "projected mean", "预测均值"},
    {Msg::split_hidden, "split_hidden", "Not shown: {} sector(s) with every part below {}.", "未列出：{} 个部门，各分量均低于 {}。"},
    {Msg::ammonium_split, "ammonium_split",
     "Ammonium salts split by precursor with the mass fraction of ammonium in each salt (response.toml [ammonium]).",
     "铵盐按前体物拆分：铵的质量分数取自数据集的响应参数文件。"},
    {Msg::ammonium_whole, "ammonium_whole",
     "Ammonium salts counted whole with their acid precursor: the dataset gives no mass fraction of ammonium.",
     "铵盐整体计入其酸性前体物：数据集未给出铵的质量分数。"},
    {Msg::levers_title, "levers_title", "What would move P(meet) most (with common random numbers):",
     "对达标概率影响最大的因素（共同随机数）："},
    {Msg::levers_cuts, "levers_cuts", "an extra {} % cut of one sector's emissions of one species, in {}:",
     "某部门某种污染物额外削减 {} %（{}）："},
    {Msg::levers_measures, "levers_measures", "a measure removed, or {} months late:", "措施取消或推迟 {} 个月："},
    {Msg::d_median, "d_median", "Δmedian", "中位数变化"},
    {Msg::d_p_meet, "d_p_meet", "ΔP(meet)", "达标概率变化"},
    {Msg::tonnes_removed, "tonnes_removed", "t removed", "削减吨数"},
    {Msg::lever_removed, "lever_removed", "removed", "取消"},
    {Msg::lever_slip, "lever_slip", "{} months late", "推迟 {} 个月"},
    {Msg::levers_against, "levers_against", "and the cut that most moves it the other way:", "以及作用方向相反、影响最大的削减："},
    {Msg::lever_none, "lever_none", "(none)", "（无）"},
    {Msg::lever_note_nitrate, "lever_note_nitrate",
     "NOₓ-saturated winter: less NOₓ means more ammonium nitrate here (nitrate response N(x))",
     "冬季氮氧化物过饱和：此处氮氧化物减少会使硝酸铵增加"},
    {Msg::lever_note_ozone, "lever_note_ozone", "VOC-limited: less NOₓ means more O₃ here",
     "挥发性有机物控制区：此处氮氧化物减少会使臭氧增加"},
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
