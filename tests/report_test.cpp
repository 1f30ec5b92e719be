// The leadership report (results/report.h, views/report_view.h): the
// library's result, the verdict, the page's text and JSON block, and the
// command's handling of its output files. The page as a browser draws it is
// tested by tests/report/browser_test.py; the workbook by report_xlsx_test.
#include <algorithm>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/files.h"
#include "aqplan/base/sha256.h"
#include "aqplan/views/report_view.h"
#include "aqplan/views/run_view.h"
#include "test_util.h"
#include "views/report_format.h"

namespace aqplan {
namespace {

using json = nlohmann::json;

std::string plan() { return test::source_dir() + "/scenarios/plan-2023.toml"; }
std::string slip() { return test::source_dir() + "/scenarios/slip-2023.toml"; }

ReportRequest small_request(std::vector<std::string> scenarios, int threads = 0) {
  ReportRequest r;
  r.scenarios = std::move(scenarios);
  r.samples = 2000;
  r.analysis_samples = 500;
  r.threads = threads;
  return r;
}

// One report of the bundled plan and one comparing it with its slips, made once.
const Report& plan_report() {
  static const Report r = report_scenarios(small_request({plan()}));
  return r;
}
const Report& two_report() {
  static const Report r = report_scenarios(small_request({plan(), slip()}));
  return r;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The JSON block of a page.
json data_block(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"aqplan-data\">";
  const std::size_t begin = html.find(open);
  EXPECT_NE(begin, std::string::npos);
  const std::size_t end = html.find("</script>", begin);
  return json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

TEST(Sha256, KnownVectors) {
  // FIPS 180-4 examples, and the lengths around the padding boundary.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(sha256_hex(std::string(55, 'x')).size(), 64u);
  EXPECT_NE(sha256_hex(std::string(55, 'x')), sha256_hex(std::string(56, 'x')));
}

TEST(ReportFormat, MonthRangesAndEscaping) {
  EXPECT_EQ(report::month_ranges({1, 3, 4, 5, 6, 9}, Language::en), "1, 3–6, 9");
  EXPECT_EQ(report::month_ranges({1, 3, 4, 5, 6, 9}, Language::zh), "1、3–6、9");
  EXPECT_EQ(report::month_ranges({11, 12}, Language::en), "11–12");
  EXPECT_EQ(report::html_escape("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(report::percent(0.525), "52");  // ties to even, as Python's round()
  EXPECT_EQ(report::percent(0.534), "53");
}

TEST(Report, RunsEveryScenarioWithTheFirstOnesSeedAndSamples) {
  const Report& r = two_report();
  ASSERT_EQ(r.scenarios.size(), 2u);
  ASSERT_TRUE(r.comparison);
  for (const ScenarioReport& s : r.scenarios) {
    EXPECT_EQ(s.run.result.samples, 2000u);
    EXPECT_EQ(s.run.result.seed, r.seed);
  }
  EXPECT_EQ(r.rank.plan.samples, 500u);
  EXPECT_EQ(r.gap.tonnes_samples, 500u);
  // The plan's numbers are those of `aqplan run` with the same seed and samples.
  RunRequest run;
  run.scenario = plan();
  run.samples = 2000;
  run.seed = r.seed;
  EXPECT_EQ(to_json(run_scenario(run).result), to_json(r.result()));
}

TEST(Report, ListsEveryInputWithItsSha256) {
  const Report& r = plan_report();
  ASSERT_FALSE(r.scenarios.front().inputs.empty());
  for (const ReportInput& in : r.scenarios.front().inputs) EXPECT_EQ(in.sha256, sha256_hex(test::read_file(in.path)));
  const bool has_scenario = std::any_of(r.scenarios.front().inputs.begin(), r.scenarios.front().inputs.end(),
                                        [](const ReportInput& in) { return in.path.ends_with("plan-2023.toml"); });
  EXPECT_TRUE(has_scenario);
}

TEST(Report, GapTonnesBySectorAddUpToTheRow) {
  const GapResult& g = plan_report().gap;
  ASSERT_EQ(g.sector_projected.size(), g.sectors.size());
  int checked = 0;
  for (const GapRow& row : g.rows) {
    if (!row.reachable || row.met_already) continue;
    std::array<double, kSpeciesCount> sum{};
    for (std::size_t s = 0; s < g.sectors.size(); ++s) {
      const auto t = sector_tonnes(g, row, s);
      for (std::size_t k = 0; k < kSpeciesCount; ++k) sum[k] += t[k];
    }
    for (std::size_t k = 0; k < kSpeciesCount; ++k) EXPECT_NEAR(sum[k], row.tonnes[k], 1e-9 * (1 + row.tonnes[k]));
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(Report, VerdictQuotesTheNumbers) {
  const Report& r = plan_report();
  for (Language lang : {Language::en, Language::zh}) {
    const std::vector<std::string> v = report_verdict(r, lang);
    ASSERT_EQ(v.size(), kMetricCount + 1);
    for (std::size_t i = 0; i < kMetricCount; ++i) {
      const ResultRow& year = r.result().annual_row(kMetrics[i]);
      EXPECT_NE(v[i].find(report::percent(year.s.p_meet) + "%"), std::string::npos) << v[i];
      EXPECT_NE(v[i].find(metric_label(kMetrics[i], lang)), std::string::npos) << v[i];
    }
    EXPECT_NE(v.back().find(report::percent(r.result().composite.p_meet) + "%"), std::string::npos) << v.back();
    if (lang == Language::zh) {
      for (const std::string& p : v) EXPECT_EQ(test::english_left(p, test::symbols()), std::set<std::string>{}) << p;
    }
  }
  // A year at risk whose gap is reachable says how much more to cut.
  const std::vector<Metric> risky = r.at_risk();
  ASSERT_FALSE(risky.empty());
  const std::vector<std::string> en = report_verdict(r, Language::en);
  for (const GapRow& row : r.gap.rows)
    if (row.reachable && !row.met_already && row.direction == GapDirection::all && row.metric != Metric::o3) {
      EXPECT_NE(en[static_cast<std::size_t>(row.metric)].find("further " + report::percent(row.cut) + "%"),
                std::string::npos)
          << en[static_cast<std::size_t>(row.metric)];
    }
}

TEST(Report, PageHoldsItsSectionsInOrderAndNeedsNoNetwork) {
  for (const Report* r : {&plan_report(), &two_report()}) {
    const std::string html = report_html(*r, Language::zh);
    std::vector<std::string> ids = {"verdict", "fan", "heatmap", "gantt", "importance", "gap"};
    if (r->comparison) ids.push_back("compare");
    std::size_t at = 0;
    for (const std::string& id : ids) {
      const std::size_t found = html.find("<section id=\"" + id + "\">");
      ASSERT_NE(found, std::string::npos) << id;
      EXPECT_GT(found, at) << id;
      at = found;
    }
    EXPECT_GT(html.find("<footer id=\"inputs\">"), at);
    EXPECT_EQ(count(html, "<section id=\"compare\">"), r->comparison ? 1u : 0u);
    EXPECT_EQ(count(html, "<script"), 4u);  // errors, data, ECharts, charts: all inline
    EXPECT_EQ(count(html, "</script>"), 4u);
    EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?https?:)")));
    EXPECT_NE(html.find("Apache ECharts"), std::string::npos);  // its licence notice
    for (const ReportInput& in : r->scenarios.front().inputs) EXPECT_NE(html.find(in.sha256), std::string::npos);
    EXPECT_NE(html.find("--seed " + std::to_string(r->seed)), std::string::npos);
  }
}

TEST(Report, DataBlockIsTheOtherCommandsJson) {
  const Report& r = two_report();
  const json data = data_block(report_html(r, Language::en));
  EXPECT_EQ(data["lang"], "en");
  ASSERT_EQ(data["runs"].size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    json run = data["runs"][i];
    run.erase("label");
    EXPECT_EQ(run, json::parse(to_json(r.scenarios[i].run.result)));
  }
  EXPECT_EQ(data["schedule"]["measures"].size(), r.scenarios.front().run.schedule.rows.size());
  EXPECT_EQ(data["rank"]["measures"].size(), r.rank.measures.size());
  EXPECT_TRUE(data.contains("comparison"));
  std::vector<std::string> at_risk;
  for (Metric p : r.at_risk()) at_risk.emplace_back(name(p));
  EXPECT_EQ(data["at_risk"], json(at_risk));
  // Text that would close the script block is escaped.
  EXPECT_EQ(report_data_json(r, Language::en).find("</"), std::string::npos);
}

TEST(Report, SameRequestSamePageForAnyThreadCount) {
  const std::string one = report_html(report_scenarios(small_request({plan()}, 1)), Language::zh);
  const std::string two = report_html(report_scenarios(small_request({plan()}, 2)), Language::zh);
  EXPECT_TRUE(one == two);
  EXPECT_TRUE(one == report_html(plan_report(), Language::zh));
}

TEST(Report, CompositeIndexIsMetWhenItReachesTheImprovementTarget) {
  const RunResult& r = plan_report().result();
  // The target lies inside the band, so some samples meet it and some do not.
  ASSERT_LT(r.composite.p05, r.composite.target);
  ASSERT_GT(r.composite.p95, r.composite.target);
  EXPECT_GT(r.composite.p_meet, 0.05);
  EXPECT_LT(r.composite.p_meet, 0.95);
}

TEST(ReportCli, WritesThePageAndNothingOnBadUsage) {
  const test::TempDir dir;
  const std::string page = dir.file("r.html");
  // The same file for both outputs: refused before the run, nothing written.
  test::CliResult bad = test::run_cli({"report", plan(), "-o", page, "--xlsx", page, "--samples", "500"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--xlsx"), std::string::npos) << bad.err;
  // A directory that does not exist.
  bad = test::run_cli({"report", plan(), "-o", dir.file("missing/r.html"), "--samples", "500"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  // A scenario with an error: file:line:col, and no page.
  const std::string broken = dir.file("broken.toml");
  test::write_file(broken, "extends = \"" + plan() + "\"\n[montecarlo]\nsampels = 10\n");
  bad = test::run_cli({"report", broken, "-o", page, "--samples", "500"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("broken.toml:3:1"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("samples"), std::string::npos) << bad.err;  // did you mean
  EXPECT_TRUE(dir.entries() == std::vector<std::string>{"broken.toml"});
  // The workbook cannot be written (no temporary directory): a failed run, exit 1, and no page either.
  const std::string book = dir.file("r.xlsx");
  bad = test::run_cli_to({"report", plan(), "-o", page, "--xlsx", book, "--samples", "500", "--analysis-samples", "200"},
                         "", {"TMPDIR=" + dir.file("missing")});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  EXPECT_NE(bad.err.find("cannot write the workbook"), std::string::npos) << bad.err;
  EXPECT_TRUE(dir.entries() == std::vector<std::string>{"broken.toml"});
  // A good one.
  const test::CliResult ok =
      test::run_cli({"report", plan(), "-o", page, "--samples", "500", "--analysis-samples", "200", "--lang", "en"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const std::string html = test::read_file(page);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(data_block(html)["runs"][0]["samples"], 500);
}

}  // namespace
}  // namespace aqplan
