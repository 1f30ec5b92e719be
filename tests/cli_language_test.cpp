// The command line in the planner's language: its help, its usage errors,
// the values of its flags and its status lines come from the message
// catalogue, in Chinese when asked (--lang zh, AQPLAN_LANG=zh, a zh_CN
// locale) and, word for word, as before in English.
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>
#include <string>
#include <vector>

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "aqplan/base/paths.h"
#include "test_util.h"

namespace aqplan {
namespace {

const std::vector<std::string> kCommands = {"run",      "merge",          "compare",      "rank",    "gap", "explain", "report",
                                            "schedule", "validate",       "import-targets", "import-ledger",
                                            "import-observations"};

std::string plan() { return test::source_dir() + "/scenarios/plan-2023.toml"; }

// What Chinese shows as written besides test::symbols(): the names of the
// commands, the metavariables kept (SCENARIO, FILE, DOC), the values a flag
// takes ({table,csv,json}, {en,zh}, year) and the metrics' keys (so2, no2,
// pm10, co, o3, pm25).
std::set<std::string> shown_as_written() {
  std::set<std::string> allowed = test::symbols();
  for (const char* w : {"run", "merge", "compare", "rank", "gap", "explain", "report", "schedule", "validate", "import", "targets",
                        "ledger", "observations", "SCENARIO", "FILE", "DOC", "table", "csv", "json", "en", "zh", "year", "so", "no",
                        "pm", "co"})
    allowed.insert(w);
  return allowed;
}

// The English words left in `text`, line by line, after taking out the
// `strings` (file paths given on the command line) and the example command
// lines ("  aqplan …", merge's "  for k in …"), which stay as written.
std::string english_in(const std::string& text, const std::vector<std::string>& strings = {}) {
  std::string found;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("  aqplan ") || line.starts_with("  for k in ")) continue;
    std::string rest = line;
    for (const std::string& s : strings)
      for (std::size_t at; !s.empty() && (at = rest.find(s)) != std::string::npos;) rest.erase(at, s.size());
    const auto left = test::english_left(rest, shown_as_written());
    if (!left.empty()) found += testing::PrintToString(left) + " in: " + line + "\n";
  }
  return found;
}

// The three ways of asking for Chinese.
struct Asked {
  const char* how;
  std::vector<std::string> flag;
  std::vector<std::string> env;
};
const std::vector<Asked> kChinese = {
    {"--lang zh", {"--lang", "zh"}, {}},
    {"AQPLAN_LANG=zh", {}, {"AQPLAN_LANG=zh"}},
    {"LANG=zh_CN.UTF-8", {}, {"LANG=zh_CN.UTF-8"}},
};

// `args` with `flag` after the command's name (before a flag missing its value at the end).
std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& flag) {
  args.insert(args.begin() + (args.empty() ? 0 : 1), flag.begin(), flag.end());
  return args;
}

test::CliResult run_in(const Asked& asked, const std::vector<std::string>& args) {
  return test::run_cli_to(with(args, asked.flag), "", asked.env);
}

TEST(CliLanguage, EveryHelpIsInChinese) {
  for (const Asked& asked : kChinese) {
    SCOPED_TRACE(asked.how);
    std::vector<std::vector<std::string>> helps = {{"--help"}};
    for (const std::string& c : kCommands) helps.push_back({c, "--help"});
    for (const auto& args : helps) {
      SCOPED_TRACE(args[0]);
      const auto r = run_in(asked, args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      EXPECT_TRUE(r.err.empty()) << r.err;
      EXPECT_EQ(english_in(r.out, {AQPLAN_CLI_PATH, "DATA/lead-units.toml"}), "") << r.out;
      EXPECT_NE(r.out.find("用法："), std::string::npos) << r.out;
      EXPECT_NE(r.out.find("选项："), std::string::npos) << r.out;
      EXPECT_NE(r.out.find("显示本帮助信息并退出"), std::string::npos) << r.out;
      if (args[0] != "--help") {
        EXPECT_NE(r.out.find("示例："), std::string::npos) << r.out;
      }
    }
  }
  const auto main = test::run_cli({"--help", "--lang", "zh"});
  EXPECT_NE(main.out.find("子命令：\n  run                         预测情景的逐月和全年浓度，并与目标对照\n"), std::string::npos)
      << main.out;
  EXPECT_NE(main.out.find("退出码：0 成功，1 运行失败，2 输入或用法有误。\n运行“aqplan COMMAND --help”"), std::string::npos);
  // Rows are aligned by terminal columns: a Chinese character takes two.
  const auto run = test::run_cli({"run", "--help", "--lang", "zh"});
  EXPECT_NE(run.out.find("位置参数：\n  SCENARIO 文本:文件 必需     情景文件（TOML）\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  --part 文本:K/P 须同时给出：--part-file 不能同时给出：--deterministic --format"), std::string::npos);
  EXPECT_NE(run.out.find("  aqplan run scenarios/plan-2023.toml --deterministic\n"), std::string::npos);  // examples as written
  EXPECT_NE(run.out.find("part1.aqpart   （四个进程之一；之后用“aqplan merge”合并）"), std::string::npos);
  const auto version = test::run_cli({"--version", "--lang", "zh"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.starts_with("aqplan 0.1.0（逐样本计算内核：")) << version.out;
}

TEST(CliLanguage, TheEnglishHelpIsAsItWas) {
  // English when asked, even with Chinese in the environment.
  for (const std::vector<std::string>& env : {std::vector<std::string>{}, {"AQPLAN_LANG=zh"}, {"LANG=zh_CN.UTF-8"}}) {
    std::vector<std::string> args = {"--help"};
    if (!env.empty()) args.insert(args.end(), {"--lang", "en"});
    const auto main = test::run_cli_to(args, "", env);
    EXPECT_EQ(main.exit_code, 0);
    EXPECT_EQ(main.out, fmt::format(
                            "aqplan — emission-reduction scenario simulator for air-quality planners\n"
                            "Usage: {} [OPTIONS] SUBCOMMAND\n\n"
                            "Options:\n"
                            "  -h,--help                   Print this help message and exit\n"
                            "  --version                   Display program version information and exit\n\n"
                            "Subcommands:\n"
                            "  run                         Project a scenario's monthly and annual concentrations and "
                            "check them against the targets\n",
                            AQPLAN_CLI_PATH) +
                            main.out.substr(main.out.find("  merge ")));
    EXPECT_NE(main.out.find("  import-ledger               Read the measure ledger of a planning document into TOML\n"
                            "  import-observations         Compute the monthly values of the six pollutants from the "
                            "national archive's hourly station files into CSV\n\n"
                            "Exit codes: 0 success, 1 a run that failed, 2 bad input or usage.\n"
                            "Run 'aqplan COMMAND --help' for a command's options and an example.\n"),
              std::string::npos)
        << main.out;
  }
  const auto run = test::run_cli({"run", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  for (const char* line :
       {"Usage: " AQPLAN_CLI_PATH " run [OPTIONS] SCENARIO\n",
        "\nPositionals:\n  SCENARIO TEXT:FILE REQUIRED Scenario file (TOML)\n\nOptions:\n",
        "\n  --samples TEXT              Monte Carlo samples (default: the scenario's [montecarlo] samples, else 100000) "
        "(e.g. 100000 or 1e5)\n",
        "\n  --format TEXT:{table,csv,json}=table Excludes: --part\n                              Output on stdout: "
        "table, csv or json\n",
        "\n  --part TEXT:K/P Needs: --part-file Excludes: --deterministic --format --lang --excel --out --metric --range\n",
        "\n  --part-file TEXT:FILE Needs: --part\n",
        "\nExamples:\n  aqplan run scenarios/plan-2023.toml\n",
        "--part-file part1.aqpart   (one of four processes; then aqplan merge)\n"})
    EXPECT_NE(run.out.find(line), std::string::npos) << line << "\n" << run.out;
  EXPECT_NE(test::run_cli({"schedule", "--help"}).out.find("  SCENARIO_OR_DATASET TEXT:PATH(existing) REQUIRED\n"),
            std::string::npos);
  EXPECT_NE(test::run_cli({"gap", "--help"})
                .out.find("  --metric TEXT               Only this metric (default: every metric) (so2, no2, pm10, co, "
                          "o3, pm25; any case, PM2.5 too)\n"),
            std::string::npos);
  EXPECT_NE(test::run_cli({"import-ledger", "--help"})
                .out.find(std::string("DATA is the data directory: ") + data_dir_rule_text().str() + ".\n\nExample:\n"),
            std::string::npos);
  const auto validate = test::run_cli({"validate", "--help"});
  EXPECT_NE(validate.out.find("Language of the 'ok' lines and of the problems: en or zh"), std::string::npos) << validate.out;
  EXPECT_EQ(validate.out.find("reported in English"), std::string::npos);
}

// A usage error, its English as CLI11 or aqplan said it, and a Chinese phrase of it.
struct UsageCase {
  std::vector<std::string> args;
  std::string english;  // the whole of the first line
  std::string chinese;  // in the first line
  bool hint = true;     // "Run with --help for more information."
  bool lang_flag = true;  // --part takes no --lang
};

std::vector<UsageCase> usage_cases(const test::TempDir& dir) {
  const std::string afile = dir.file("afile");
  const std::string samples_range = "a whole number from 1 to 1000000000000 (max_samples in " + default_data_dir() +
                                    "/limits.toml; raise it there, or for one run with AQPLAN_MAX_SAMPLES)";
  return {
      {{"run"}, "SCENARIO is required", "缺少 SCENARIO"},
      {{}, "A subcommand is required", "缺少子命令"},
      {{"run", plan(), "--bogus"}, "The following argument was not expected: --bogus", "多余的参数：--bogus"},
      {{"run", plan(), "x1", "y2"}, "The following arguments were not expected: y2 x1", "多余的参数：y2 x1"},
      {{"run", plan(), "--format", "xml"}, "--format: xml not in {table,csv,json}", "--format：“xml”不是可选值 {table,csv,json} 之一"},
      {{"run", "/nonexistent.toml"}, "SCENARIO: File does not exist: /nonexistent.toml", "SCENARIO：文件不存在："},
      {{"run", test::source_dir() + "/scenarios"}, "SCENARIO: File is actually a directory: " + test::source_dir() + "/scenarios",
       "这是目录而不是文件"},
      {{"schedule", "/nonexistent"}, "SCENARIO_OR_DATASET: Path does not exist: /nonexistent", "路径不存在"},
      {{"merge", plan(), "/nonexistent.aqpart"}, "PART_FILES: File does not exist: /nonexistent.aqpart", "文件不存在"},
      {{"run", plan(), "--samples"}, "--samples: 1 required TEXT missing", "--samples：缺少 1 个取值（文本）"},
      {{"compare", plan()}, "SCENARIO: At least 2 required but received 1", "SCENARIO：至少需要 2 个，只给了 1 个"},
      {{"compare", plan(), plan(), "--metric", "pm2"}, "--metric: pm2 not in {so2,no2,pm10,co,o3,pm25}", "不是可选值"},
      {{"import-targets", "plan.md"}, "--output is required", "缺少 --output"},
      {{"run", plan(), "--part", "1/2"}, "--part requires --part-file", "--part 须与 --part-file 同时给出", true, false},
      {{"run", plan(), "--part", "1/2", "--part-file", dir.file("p"), "--range"}, "--range excludes --part",
       "--range 不能与 --part 同时给出", true, false},
      {{"run", plan(), "--part", "1/2", "--part-file", dir.file("nowhere/p")},
       "--part-file: directory '" + dir.file("nowhere") + "' does not exist", "--part-file：目录“"},
      {{"run", plan(), "--excel=是"}, "Could not convert: --excel = 是", "无法转换：--excel = 是"},
      {{"run", plan(), "--lang", "fr"}, "--lang: fr not in {en,zh}", "--lang：“fr”不是可选值 {en,zh} 之一"},
      // The values of flags, checked once the command line is read.
      {{"run", plan(), "--samples", "abc"}, "--samples: 'abc' is not " + samples_range, "--samples: “abc”不是从 1 到 1000000000000 的整数（max_samples 见", false},
      {{"run", plan(), "--samples", "1e13"}, "--samples: 1e13 is not " + samples_range, "1e13 不是从 1 到", false},
      {{"run", plan(), "--seed", "-1"}, "--seed: '-1' is not a whole number from 0 to 18446744073709551615",
       "“-1”不是从 0 到 18446744073709551615 的整数", false},
      {{"run", plan(), "--metric", "pm2"},
       "--metric: unknown metric 'pm2' (did you mean 'pm25'?); the metrics are so2, no2, pm10, co, o3, pm25",
       "未知指标“pm2”（是否应为“pm25”？）；可用的指标为 so2, no2", false},
      {{"run", plan(), "--samples", "1e11", "--out", afile},
       "--out: '" + afile + "' exists and is not a directory; give a directory for the result files",
       "“" + afile + "”已存在且不是目录；请为结果文件指定一个目录", false},
      {{"gap", plan(), "--confidence", "2"}, "--confidence: '2' is not a number from 1e-09 to 0.999999999",
       "“2”不是 1e-09 到 0.999999999 之间的数", false},
      {{"gap", plan(), "--period", "13"}, "--period: '13' is not 'year' or a month 1-12", "“13”既不是“year”也不是月份 1-12", false},
      {{"explain", plan(), "--month", "0"}, "--month: '0' is not a month 1-12", "“0”不是月份 1-12", false},
      {{"explain", plan(), "--month", "1", "--period", "2"}, "--month: --month 1 and --period 2 name different periods",
       "--month 1 与 --period 2 指定的时段不同", false},
  };
}

TEST(CliLanguage, UsageErrorsInChinese) {
  test::TempDir dir;
  test::write_file(dir.file("afile"), "mine");
  for (const UsageCase& c : usage_cases(dir)) {
    SCOPED_TRACE(c.english);
    for (const Asked& asked : kChinese) {
      SCOPED_TRACE(asked.how);
      if (!c.lang_flag && !asked.flag.empty()) continue;
      const auto r = run_in(asked, c.args);
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_TRUE(r.out.empty());
      EXPECT_NE(r.err.find(c.chinese), std::string::npos) << r.err;
      std::vector<std::string> paths;  // the files given, and where they are
      for (const std::string& a : c.args)
        if (a.starts_with("/")) paths.push_back(a);
      paths.insert(paths.end(), {dir.path().string(), test::source_dir()});
      EXPECT_EQ(english_in(r.err, paths), "") << r.err;
      EXPECT_EQ(r.err.find("加 --help 运行可查看更多说明。\n") != std::string::npos, c.hint) << r.err;
    }
  }
  EXPECT_EQ(test::read_file(dir.file("afile")), "mine");
}

TEST(CliLanguage, UsageErrorsInEnglishSayWhatTheySaid) {
  test::TempDir dir;
  test::write_file(dir.file("afile"), "mine");
  for (const UsageCase& c : usage_cases(dir)) {
    SCOPED_TRACE(c.english);
    for (const std::vector<std::string>& env : {std::vector<std::string>{}, {"AQPLAN_LANG=zh"}}) {
      if (!env.empty() && (!c.lang_flag || c.english.starts_with("--lang: fr"))) continue;
      // The flag wins over the environment.
      const auto r = test::run_cli_to(env.empty() ? c.args : with(c.args, {"--lang", "en"}), "", env);
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_EQ(r.err, c.english + "\n" + (c.hint ? "Run with --help for more information.\n" : "")) << r.err;
    }
  }
}

TEST(CliLanguage, StatusLinesFollowTheLanguage) {
  test::TempDir dir;
  // run --part's summary (--part takes no --lang: the environment asks).
  auto r = test::run_cli_to({"run", plan(), "--samples", "100", "--part", "1/2", "--part-file", dir.file("p1.aqpart")}, "",
                            {"AQPLAN_LANG=zh"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, dir.file("p1.aqpart") + "：“Plan 2023”的第 1/2 部分，共 100 个样本中的 [0, 50)，随机种子 20230301\n");
  r = test::run_cli({"run", plan(), "--samples", "100", "--part", "2/2", "--part-file", dir.file("p2.aqpart")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, dir.file("p2.aqpart") + ": part 2/2 of 'Plan 2023', samples [50, 100) of 100, seed 20230301\n");
  // validate: the 'ok' lines in the language asked, as its problems.
  r = test::run_cli_to({"validate", plan()}, "", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("通过：" + plan() + "（情景“")) << r.out;
  r = test::run_cli_to({"validate", plan(), "--lang", "en"}, "", {"AQPLAN_LANG=zh"});
  EXPECT_TRUE(r.out.starts_with("ok: " + plan() + " (scenario \"")) << r.out;
}

// On a terminal: the progress of rank's runs, then Ctrl-C's notice, in Chinese.
TEST(CliLanguage, ProgressAndInterruptionInChinese) {
  const std::string cli = AQPLAN_CLI_PATH, sc = plan();
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);  // the table; stderr stays the terminal
    execl(cli.c_str(), cli.c_str(), "rank", sc.c_str(), "--samples", "100000000", "--lang", "zh", (char*)nullptr);
    _exit(127);
  }
  std::string seen;
  char buf[4096];
  auto read_for = [&](int tenths, const std::string& until) {
    for (int i = 0; i < tenths && seen.find(until) == std::string::npos; ++i) {
      pollfd p{master, POLLIN, 0};
      if (poll(&p, 1, 100) > 0) {
        const ssize_t n = read(master, buf, sizeof buf);
        if (n > 0) seen.append(buf, static_cast<std::size_t>(n));
      }
    }
  };
  read_for(60, " 个样本");  // up to 6 s
  kill(pid, SIGINT);
  read_for(50, "\n");
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  EXPECT_NE(seen.find("第 1 轮："), std::string::npos) << seen;
  EXPECT_NE(seen.find(" / 100000000 个样本"), std::string::npos) << seen;
  EXPECT_NE(seen.find("aqplan rank：已中断，未写入任何内容"), std::string::npos) << seen;
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
}

}  // namespace
}  // namespace aqplan
