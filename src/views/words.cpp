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
    {Msg::convexity, "convexity",
     "O₃ and CO: the annual statistic is an upper percentile of the year's days (P90, P95), which a bad-weather month "
     "raises more than a good one lowers, so its median sits above the deterministic run (docs/montecarlo.md).",
     "臭氧和一氧化碳：年评价值为全年日值的上百分位数（第 90、95 百分位），不利气象月份使其升高的幅度大于有利月份使其"
     "降低的幅度，因此中位数高于确定性计算结果（见蒙特卡洛说明）。"},
    {Msg::nitrate_raised, "nitrate_raised",
     "PM₂.₅ in month(s) {}: this scenario's NOx cuts raise its ammonium nitrate (winter NOx saturation, "
     "docs/model.md §3), working against their benefit.",
     "细颗粒物 {} 月：本情景的 NOx 减排使硝酸铵上升（冬季 NOx 饱和，见模型说明 §3），抵消了部分减排效果。"},
    {Msg::nitrate_vs_reference, "nitrate_vs_reference",
     "[{}] PM₂.₅ in month(s) {}: its further NOx cuts raise ammonium nitrate against [A] (winter NOx saturation, "
     "docs/model.md §3).",
     "[{}] 细颗粒物 {} 月：相对 [A] 进一步削减 NOx 使硝酸铵上升（冬季 NOx 饱和，见模型说明 §3）。"},
    {Msg::validated_scenario, "validated_scenario", "ok: {} (scenario \"{}\")", "通过：{}（情景“{}”）"},
    {Msg::validated_dataset, "validated_dataset", "ok: {} (dataset {})", "通过：{}（数据集 {}）"},
    // rank
    {Msg::rank_title, "rank_title",
     "Which measures matter for annual {} ({}): change when a measure is removed, and when it is exactly three months "
     "late.",
     "哪些措施最关键（{} 年评价值，{}）：取消某项措施、以及该措施恰好延误三个月时的变化。"},
    {Msg::rank_subtitle, "rank_subtitle", "{} samples, seed {}, common random numbers. Plan: mean {}, P(meet {}) {:.3f}.",
     "{} 次抽样，随机种子 {}，共同随机数。计划：均值 {}，达标（{}）概率 {:.3f}。"},
    {Msg::removed_delta, "removed_delta", "removed Δ", "取消 Δ"},
    {Msg::delta_p_meet, "delta_p_meet", "ΔP(meet)", "Δ达标概率"},
    {Msg::slip_delta, "slip_delta", "slip Δ", "延误 Δ"},
    {Msg::flags, "flags", "flags", "标志"},
    {Msg::also_stops, "also_stops", "… removing it also stops {}", "… 取消后同时无法实施：{}"},
    {Msg::note, "note", "note: {}", "注：{}"},
    {Msg::note_nox_nitrate, "note_nox_nitrate",
     "removing this NOx cut lowers PM: in the NOx-saturated winter, ammonium nitrate rises under moderate NOx cuts "
     "(nitrate response N(x), docs/model.md §3)",
     "取消这项 NOx 减排反而降低颗粒物：冬季 NOx 饱和时，适度削减 NOx 会使硝酸铵上升（硝酸盐响应 N(x)，见模型说明 §3）"},
    {Msg::note_nox_o3, "note_nox_o3",
     "removing this NOx cut lowers O3: where O3 is VOC-limited, NOx cuts raise it (O3 surface, docs/model.md §3)",
     "取消这项 NOx 减排反而降低臭氧：臭氧生成受 VOC 控制时，削减 NOx 会使臭氧升高（臭氧响应面，见模型说明 §3）"},
    {Msg::note_unexplained, "note_unexplained",
     "removing this measure lowers the statistic (within Monte Carlo noise, or through the growth of its sector)",
     "取消这项措施反而降低该指标（在蒙特卡洛误差范围内，或因所在行业增长）"},
    {Msg::flags_legend, "flags_legend",
     "flags: C on the critical path, E enabling (acts through its dependants), S lead units shared.",
     "标志：C 关键路径，E 保障性措施（通过后续措施起作用），S 多个牵头单位。"},
    {Msg::per_unit_title, "per_unit_title",
     "Per lead unit (sum of its measures; a measure with several lead units counts for each):",
     "按牵头单位（其各项措施之和；多个牵头单位的措施对每个单位都计入）："},
    {Msg::unit_row, "unit_row", "{} measure(s), {} shared", "{} 项措施，其中 {} 项共同牵头"},
    {Msg::unit_variant, "unit_variant", "counts '{}' (measure {}) as this unit: {}", "将“{}”（措施 {}）计入本单位：{}"},
    {Msg::unit_alias, "unit_alias", "a confirmed alias ([aliases] of lead-units.toml)",
     "已确认的别名（lead-units.toml 的 [aliases]）"},
    {Msg::unit_near_miss, "unit_near_miss",
     "a near miss of the known name, as import-ledger suggested; confirm it under [aliases] in lead-units.toml",
     "与已知名称相近（import-ledger 的提示），请在 lead-units.toml 的 [aliases] 中确认"},
    {Msg::spread_title, "spread_title", "What explains the spread of annual {} (Spearman rank correlation over {} samples):",
     "{} 年评价值波动的主要来源（{} 次抽样的斯皮尔曼秩相关）："},
    {Msg::input_weather, "input_weather", "weather ({})", "{} 气象条件"},
    {Msg::input_regional, "input_regional", "regional trend ({})", "{} 区域传输趋势"},
    {Msg::input_growth, "input_growth", "growth of {}", "{} 行业活动水平增长"},
    {Msg::input_delay, "input_delay", "delay of measure {}", "措施 {} 延误"},
    {Msg::input_size, "input_size", "size of measure {}", "措施 {} 减排幅度"},
    {Msg::input_implemented, "input_implemented", "implementation of measure {}", "措施 {} 是否实施"},
    {Msg::no_input_passes, "no_input_passes", "(no input passes the cut)", "（没有输入超过临界值）"},
    {Msg::cut_listed, "cut_listed", "listed: |ρ| > {:.3f} = z·SE, SE = 1/√(n − 1) = {:.4f}, z = {:.2f}",
     "列出条件：|ρ| > {:.3f} = z·SE，SE = 1/√(n − 1) = {:.4f}，z = {:.2f}"},
    {Msg::cut_test, "cut_test", "(two-sided, family-wise {0:g} % over the {1} inputs tested, Bonferroni)",
     "（双侧检验，对 {1} 项输入的总体显著性水平 {0:g} %，邦费罗尼校正）"},
    {Msg::cut_not_listed, "cut_not_listed", "not listed: {} inputs below the cut, {} that cannot reach {} (model structure)",
     "未列出：{} 项低于临界值，{} 项无法影响 {}（由模型结构决定）"},
    // gap
    {Msg::gap_title, "gap_title", "Extra uniform cut of local emissions ({0}) needed to be {1:.0f} % sure of meeting the {2} target.",
     "为有 {1:.0f} % 的把握达到{2}目标，本地排放（{0}）还需统一削减的比例。"},
    {Msg::all_sectors, "all_sectors", "all sectors", "全部行业"},
    {Msg::period_year, "period_year", "annual", "年度"},
    {Msg::period_month, "period_month", "month {}", " {} 月"},
    {Msg::dir_all, "dir_all", "all species", "全部污染物"},
    {Msg::dir_nox, "dir_nox", "NOx only", "仅 NOx"},
    {Msg::dir_voc, "dir_voc", "VOC only", "仅 VOC"},
    {Msg::dir_none, "dir_none", "–", "–"},
    {Msg::p_meet_now, "p_meet_now", "P(meet) now {:.3f}", "当前达标概率 {:.3f}"},
    {Msg::nothing_to_cut, "nothing_to_cut", " — nothing more to cut", " — 无需进一步削减"},
    {Msg::not_reachable, "not_reachable", " — not reachable: with 100 % cut P(meet) = {:.3f}",
     " — 无法达到：削减 100 % 时达标概率 = {:.3f}"},
    {Msg::cut_more, "cut_more", " — cut {:.1f} % more{} → P(meet) {:.3f}", " — 再削减 {:.1f} %{} → 达标概率 {:.3f}"},
    {Msg::removes_least, "removes_least", " (removes least of every species)", "（各污染物削减量均最少）"},
    {Msg::tonnes_year, "tonnes_year", "t in the year", "全年削减量（吨）"},
    {Msg::tonnes_month, "tonnes_month", "t in month {}", "{} 月削减量（吨）"},
    {Msg::tonnes_basis, "tonnes_basis",
     "Tonnes: the cut × the plan's projected emissions of the cut sectors in the period (after growth and measures; "
     "mean of {} samples).",
     "削减量：削减比例 × 计划实施后被削减行业在该时段的预测排放量（计入增长与措施；{} 次抽样平均）。"},
    {Msg::no_costs, "no_costs", "No cost data: directions are not ranked by cost.", "无成本数据：不按成本对削减方向排序。"},
    {Msg::local_emissions, "local_emissions", "local {}emissions{}", "本地{}排放{}"},
    {Msg::of_sectors, "of_sectors", " of {}", "（{}）"},
    {Msg::nonlocal_alone, "nonlocal_alone", "the non-local share alone exceeds the target too often",
     "仅非本地贡献就常常超过目标"},
    {Msg::uncut_and_nonlocal, "uncut_and_nonlocal", "what is not cut ({}) and the non-local share exceed the target too often",
     "未削减的部分（{}）与非本地贡献常常超过目标"},
    {Msg::other_sectors, "other_sectors", "the other sectors", "其他行业"},
    {Msg::other_species, "other_species", "the other species", "其他污染物"},
    {Msg::other_species_and_sectors, "other_species_and_sectors", "the other species and sectors", "其他污染物和行业"},
    {Msg::even_full_cut, "even_full_cut", "even cutting 100 % of {} reaches only P(meet) = {:.3f}: {}",
     "即使削减 100 % 的{}，达标概率也只有 {:.3f}：{}"},
    {Msg::beyond_achieved, "beyond_achieved",
     "an extra {0:.1f} % cut of the {1} {2} is beyond what control measures have achieved (above {3:.0f} %: [achieved] "
     "extra_cut_max of domain.toml): treat as out of reach",
     "{2}对{1}再削减 {0:.1f} % 超出了已有治理措施实际达到的水平（高于 {3:.0f} %：domain.toml 的 [achieved] "
     "extra_cut_max），应视为无法实现"},
    {Msg::within_year, "within_year", "within the year", "全年内"},
    {Msg::for_month, "for_month", "for all of month {}", "{} 月全月"},
    {Msg::nox_worsens, "nox_worsens", "a 10 % NOx cut makes O3 worse (P(meet) {:.3f} → {:.3f}): O3 is VOC-limited here",
     "NOx 削减 10 % 会使臭氧变差（达标概率 {:.3f} → {:.3f}）：此处臭氧生成受 VOC 控制"},
    {Msg::met_already, "met_already", "P(meet) is already {:.3f} ≥ {}: nothing more to cut", "达标概率已为 {:.3f} ≥ {}：无需进一步削减"},
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
