// `aqplan run --deterministic` and `aqplan schedule` as a planner uses them.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "aqplan/base/simd.h"
#include "test_util.h"

namespace aqplan {
namespace {

std::string scenario(const char* name) { return test::source_dir() + "/scenarios/" + name; }

TEST(CliRun, DeterministicJsonHasTheMonteCarloSchema) {
  test::TempDir dir;
  auto r = test::run_cli({"run", scenario("plan-2023.toml"), "--deterministic", "--format", "json", "--out", dir.file("out")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["scenario"], "Plan 2023");
  EXPECT_EQ(j["year"], 2023);
  ASSERT_EQ(j["monthly"].size(), 72u);
  ASSERT_EQ(j["annual"].size(), 6u);
  for (const char* f : {"metric", "month", "unit", "base", "target", "mean", "sd", "p05", "p25", "p50", "p75", "p95", "p_meet", "p_meet_se"}) {
    EXPECT_TRUE(j["monthly"][0].contains(f)) << f;
    EXPECT_TRUE(j["annual"][0].contains(f)) << f;
  }
  EXPECT_TRUE(j["annual"][0]["month"].is_null());
  const auto& jan_pm25 = j["monthly"][5 * 12 + 0];
  EXPECT_EQ(jan_pm25["metric"], "pm25");
  EXPECT_EQ(jan_pm25["base"], 76);
  EXPECT_EQ(jan_pm25["target"], 56);
  EXPECT_EQ(jan_pm25["sd"], 0);
  for (const char* f : {"base", "target", "mean", "sd", "p05", "p50", "p95"}) EXPECT_TRUE(j["composite_index"].contains(f)) << f;
  // The same JSON is written under --out.
  EXPECT_EQ(test::read_file(dir.file("out/results.json")), r.out);
}

TEST(CliRun, TableShowsEveryMonthAndTheYear) {
  auto r = test::run_cli({"run", scenario("no-action-2023.toml"), "--deterministic"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("No action 2023"), std::string::npos);
  EXPECT_NE(r.out.find("   12 │"), std::string::npos);
  EXPECT_NE(r.out.find("year  │"), std::string::npos);
  EXPECT_NE(r.out.find("composite index"), std::string::npos);
}

TEST(CliRun, BadScenarioIsAnInputErrorAndWritesNothing) {
  test::TempDir dir;
  test::write_file(dir.file("s.toml"), "[scenario]\nname = \"x\"\ndataset = \"nowhere\"\nyear = 2023\nseed = 1\n");
  auto r = test::run_cli({"run", dir.file("s.toml"), "--deterministic", "--out", dir.file("out")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir.file("s.toml") + ":3:11: scenario.dataset: 'nowhere' is not a directory"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(dir.file("s.toml") + ":5:1: scenario: unknown key 'seed'"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
}

TEST(CliSchedule, JsonShowsSlackAndTheCriticalEnablingMeasures) {
  auto r = test::run_cli({"schedule", test::source_dir() + "/data/zezhou-2023", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["measures"].size(), 44u);
  const auto& m7 = j["measures"][6];
  EXPECT_EQ(m7["id"], 7);
  EXPECT_EQ(m7["enabling"], true);
  EXPECT_EQ(m7["critical"], true);  // 9 waits for it with no float
  EXPECT_EQ(m7["slack_months"], 0.0);
  const auto& m28 = j["measures"][27];
  EXPECT_EQ(m28["effective_start"], "2023-07-01");
  EXPECT_TRUE(m28["slack_months"].is_null());
  EXPECT_EQ(j["measures"][16]["effective_start"], "2024-07-01");  // 17: due 2024, no effect in 2023
  auto t = test::run_cli({"schedule", scenario("plan-2023.toml")});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("slack"), std::string::npos);
}

}  // namespace
}  // namespace aqplan

#include <csignal>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

namespace aqplan {
namespace {

// run, rank, gap and explain stop on Ctrl-C (gap: SIGTERM) with exit 130 and write nothing.
TEST(CliRun, InterruptStopsCleanlyAndWritesNothing) {
  for (const std::string command : {"run", "rank", "gap", "explain"}) {
    SCOPED_TRACE(command);
    test::TempDir dir;
    const std::string out = dir.file("out");
    const std::string cli = AQPLAN_CLI_PATH, sc = scenario("plan-2023.toml");
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // A run far too long to finish before the interrupt.
      std::freopen("/dev/null", "w", stdout);
      std::freopen((dir.file("err")).c_str(), "w", stderr);
      // (explain keeps every sample's value: at most max_kept_samples.)
      const char* samples = command == "explain" ? "10000000" : "100000000";
      execl(cli.c_str(), cli.c_str(), command.c_str(), sc.c_str(), "--samples", samples, "--out", out.c_str(), (char*)nullptr);
      _exit(127);
    }
    usleep(700 * 1000);
    kill(pid, command == "gap" ? SIGTERM : SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 130);
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_EQ(test::read_file(dir.file("err")), "aqplan " + command + ": interrupted; nothing written\n");
  }
}

// What a command run on terminal `master` (process `pid`) shows within 6 s:
// the run under way and its samples; then Ctrl-C stops it (exit 130).
void expect_progress(int master, pid_t pid, const std::string& samples) {
  std::string seen;
  char buf[4096];
  for (int i = 0; i < 60 && seen.find(" samples") == std::string::npos; ++i) {  // up to 6 s
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      const ssize_t n = read(master, buf, sizeof buf);
      if (n > 0) seen.append(buf, static_cast<std::size_t>(n));
    }
  }
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  EXPECT_NE(seen.find("run 1: "), std::string::npos) << seen;
  EXPECT_NE(seen.find(" / " + samples + " samples"), std::string::npos) << seen;
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
}

// On a terminal, rank and explain show which run is under way and how far it is.
TEST(CliRun, RankAndExplainShowProgressOnATerminal) {
  for (const std::string command : {"rank", "explain"}) {
    SCOPED_TRACE(command);
    const std::string samples = command == "explain" ? "10000000" : "100000000";
    const std::string cli = AQPLAN_CLI_PATH, sc = scenario("plan-2023.toml");
    int master = -1;
    pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::freopen("/dev/null", "w", stdout);  // the table; stderr stays the terminal
      execl(cli.c_str(), cli.c_str(), command.c_str(), sc.c_str(), "--samples", samples.c_str(), (char*)nullptr);
      _exit(127);
    }
    expect_progress(master, pid, samples);
  }
}

TEST(CliRun, MonteCarloJsonIsIdenticalForOneAndTwoThreads) {
  auto a = test::run_cli({"run", scenario("plan-2023.toml"), "--samples", "2000", "--seed", "5", "--threads", "1", "--format", "json"});
  auto b = test::run_cli({"run", scenario("plan-2023.toml"), "--samples", "2000", "--seed", "5", "--threads", "2", "--format", "json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  auto j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["samples"], 2000);
  EXPECT_EQ(j["seed"], 5);
  EXPECT_GT(j["annual"][5]["sd"].get<double>(), 0.0);
  auto csv = test::run_cli({"run", scenario("plan-2023.toml"), "--samples", "500", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_TRUE(csv.out.starts_with("metric,month,unit,base,target,mean,sd,p05,p25,p50,p75,p95,p_meet,p_meet_se,observed\n"));
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 1 + 72 + 6 + 1);  // header, months, years, composite index
}

TEST(CliRun, PartsRunInSeparateProcessesMergeToTheSameResultsAsOneRun) {
  test::TempDir dir;
  const std::string plan = scenario("plan-2023.toml");
  std::vector<std::string> parts;
  for (int k = 1; k <= 3; ++k) {
    parts.push_back(dir.file("part" + std::to_string(k) + ".aqpart"));
    auto r = test::run_cli({"run", plan, "--samples", "1501", "--seed", "9", "--part", std::to_string(k) + "/3",
                            "--part-file", parts.back()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("part " + std::to_string(k) + "/3 of 'Plan 2023'"), std::string::npos) << r.out;
  }
  auto whole = test::run_cli({"run", plan, "--samples", "1501", "--seed", "9", "--format", "json"});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  // Any order of the part files; the same outputs as one run, on stdout and under --out.
  auto merged = test::run_cli({"merge", plan, parts[2], parts[0], parts[1], "--format", "json", "--out", dir.file("out")});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(merged.out, whole.out);
  EXPECT_EQ(test::read_file(dir.file("out/results.json")), whole.out);

  // A missing part: exit 2, the part named, nothing written.
  auto missing = test::run_cli({"merge", plan, parts[0], parts[2], "--out", dir.file("out2")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("missing part 2/3: samples [500, 1000) of 1501 are in no part file"), std::string::npos)
      << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out2")));
  // Parts of another scenario's inputs are refused.
  auto other = test::run_cli({"merge", scenario("no-action-2023.toml"), parts[0], parts[1], parts[2]});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find(parts[0] + ": made from other input files than this scenario's"), std::string::npos)
      << other.err;
  // A bad --part is a usage error and writes no part file.
  auto bad = test::run_cli({"run", plan, "--part", "4/3", "--part-file", dir.file("bad.aqpart")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("the part must be 1 to 3"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("bad.aqpart")));
  auto no_dir = test::run_cli({"run", plan, "--part", "1/3", "--part-file", dir.file("nowhere/p.aqpart")});
  EXPECT_EQ(no_dir.exit_code, 2);
  EXPECT_NE(no_dir.err.find("nowhere' does not exist"), std::string::npos) << no_dir.err;
  auto no_file = test::run_cli({"run", plan, "--part", "1/3"});
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_NE(no_file.err.find("--part requires --part-file"), std::string::npos) << no_file.err;
}

}  // namespace
}  // namespace aqplan

namespace aqplan {
namespace {

TEST(CliOutputs, OutWritesFourFilesAndExcelAddsTheByteOrderMark) {
  test::TempDir dir;
  auto r = test::run_cli({"run", scenario("plan-2023.toml"), "--samples", "300", "--out", dir.file("out"), "--excel"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.file("out"))) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"annual.csv", "monthly.csv", "results.json", "schedule.csv"}));
  const std::string monthly = test::read_file(dir.file("out/monthly.csv"));
  EXPECT_TRUE(monthly.starts_with("\xEF\xBB\xBFmetric,month,"));
  EXPECT_EQ(std::count(monthly.begin(), monthly.end(), '\n'), 73);
  const std::string schedule = test::read_file(dir.file("out/schedule.csv"));
  EXPECT_NE(schedule.find("\n7,"), std::string::npos);
  EXPECT_NE(schedule.find("市生态环境局泽州分局"), std::string::npos);
  EXPECT_EQ(std::count(schedule.begin(), schedule.end(), '\n'), 45);
  auto plain = test::run_cli({"run", scenario("plan-2023.toml"), "--samples", "300", "--out", dir.file("plain")});
  EXPECT_TRUE(test::read_file(dir.file("plain/annual.csv")).starts_with("metric,month,"));
}

TEST(CliOutputs, ChineseTableHeaders) {
  auto r = test::run_cli({"run", scenario("plan-2023.toml"), "--deterministic", "--lang", "zh"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("细颗粒物 PM₂.₅"), std::string::npos);
  EXPECT_NE(r.out.find("全年"), std::string::npos);
  EXPECT_NE(r.out.find("综合指数"), std::string::npos);
  auto s = test::run_cli({"schedule", scenario("plan-2023.toml"), "--lang", "zh"});
  EXPECT_NE(s.out.find("牵头单位"), std::string::npos);
  EXPECT_NE(s.out.find("山西兰花清洁能源有限责任公司关停退出"), std::string::npos);  // the ledger's wording
  auto en = test::run_cli({"schedule", scenario("plan-2023.toml")});
  EXPECT_NE(en.out.find("Lanhua clean-energy plant closed"), std::string::npos);  // the dataset's title_en
}

TEST(CliCompare, CommonRandomNumbersAndMovedMonths) {
  auto r = test::run_cli({"compare", scenario("plan-2023.toml"), scenario("no-action-2023.toml"), "--samples", "2000",
                          "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["scenarios"].size(), 2u);
  EXPECT_EQ(j["annual"].size(), 6u);
  // Without the measures, annual PM2.5 is higher and less likely to meet its target.
  const auto& pm25 = j["annual"][5];
  EXPECT_EQ(pm25["metric"], "pm25");
  EXPECT_GT(pm25["p50"][1].get<double>(), pm25["p50"][0].get<double>());
  EXPECT_LT(pm25["p_meet"][1].get<double>(), pm25["p_meet"][0].get<double>());
  bool december_pm25_moved = false;
  for (const auto& m : j["moved"]) december_pm25_moved |= m["metric"] == "pm25" && m["month"] == 12;
  EXPECT_TRUE(december_pm25_moved);
  // A scenario compared with itself moves nothing: the random numbers are shared.
  auto same = test::run_cli({"compare", scenario("plan-2023.toml"), scenario("plan-2023.toml"), "--samples", "500", "--format", "json"});
  EXPECT_TRUE(nlohmann::json::parse(same.out)["moved"].empty());
  auto t = test::run_cli({"compare", scenario("plan-2023.toml"), scenario("slip-2023.toml"), "--samples", "500", "--metric", "pm25"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("PM₂.₅"), std::string::npos);
  EXPECT_EQ(t.out.find("SO₂"), std::string::npos);
  EXPECT_EQ(test::run_cli({"compare", scenario("plan-2023.toml")}).exit_code, 2);
}

TEST(CliValidate, DatasetsAndScenarios) {
  auto ok = test::run_cli({"validate", test::source_dir() + "/data/zezhou-2023", scenario("ytd-2023.toml")});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("ok: "), std::string::npos);
  auto bad = test::run_cli({"validate", "/nonexistent.toml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "/nonexistent.toml: no such file or directory\n");
  for (const char* cmd : {"run", "schedule", "compare", "validate", "import-targets", "import-ledger", "import-observations"}) {
    auto h = test::run_cli({cmd, "--help"});
    EXPECT_EQ(h.exit_code, 0) << cmd;
    EXPECT_NE(h.out.find("Example"), std::string::npos) << cmd;
  }
  const std::string version = test::run_cli({"--version"}).out;
  EXPECT_EQ(version, fmt::format("aqplan 0.1.0 (per-sample kernels: {})\n", simd_level_name(simd_level())));
}


// compare, rank, gap and explain: --out DIR holds the JSON that --format json prints
// and the CSV that --format csv prints; bad input leaves no directory.
void expect_out_matches_stdout(std::vector<std::string> args, const std::string& stem) {
  test::TempDir dir;
  std::vector<std::string> with_out = args;
  with_out.insert(with_out.end(), {"--out", dir.file("out"), "--format", "json"});
  auto r = test::run_cli(with_out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.file("out"))) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{stem + ".csv", stem + ".json"}));
  EXPECT_EQ(test::read_file(dir.file("out/" + stem + ".json")), r.out);
  args.insert(args.end(), {"--format", "csv"});
  auto csv = test::run_cli(args);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(test::read_file(dir.file("out/" + stem + ".csv")), csv.out);
  EXPECT_FALSE(csv.out.empty());
}

TEST(CliOutputs, CompareRankGapAndExplainWriteTheirResultsUnderOut) {
  expect_out_matches_stdout({"explain", scenario("plan-2023.toml"), "--samples", "100", "--month", "1"}, "explain");
  expect_out_matches_stdout(
      {"compare", scenario("plan-2023.toml"), scenario("slip-2023.toml"), "--samples", "300", "--metric", "pm25"},
      "comparison");
  expect_out_matches_stdout({"rank", scenario("plan-2023.toml"), "--samples", "200"}, "rank");
  expect_out_matches_stdout({"gap", scenario("plan-2023.toml"), "--samples", "300", "--metric", "pm25"}, "gap");
}

TEST(CliOutputs, AnalysisWithBadInputWritesNothing) {
  test::TempDir dir;
  auto r = test::run_cli({"gap", scenario("plan-2023.toml"), "--metric", "pm25", "--period", "13", "--out", dir.file("out")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--period"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
  auto c = test::run_cli({"compare", scenario("plan-2023.toml"), dir.file("missing.toml"), "--out", dir.file("out")});
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
}

}  // namespace
}  // namespace aqplan
