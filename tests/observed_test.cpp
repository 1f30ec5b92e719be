// Months already measured from an observations file: the reader and its
// errors at file:line:col, `[observed] file` in scenarios (paths, extends,
// a month in the file and inline), `--observed` replacing the scenario's
// months (library and CLI), and implausible values (CO in µg/m³) refused
// wherever they are written.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

#include "aqplan/base/paths.h"
#include "aqplan/data/observed_file.h"
#include "aqplan/data/scenario.h"
#include "aqplan/engine/run_part.h"
#include "aqplan/model/check.h"
#include "test_util.h"

namespace aqplan {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHeader = "metric,month,value,valid_days\n";

std::string scenario(const char* name) { return test::source_dir() + "/scenarios/" + name; }

std::optional<double> observed(const ModelInputs& in, Metric p, int month) {
  return in.observed[static_cast<std::size_t>(p)][static_cast<std::size_t>(month - 1)];
}

int observed_months(const ModelInputs& in) {
  int n = 0;
  for (const auto& months : in.observed)
    for (const auto& o : months) n += o.has_value();
  return n;
}

// Every message of the InputError `f` throws, one per line, with the data
// directory written DATA.
template <class F>
std::string errors_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    std::string s = e.diagnostics().to_string();
    for (std::size_t p; (p = s.find(default_data_dir())) != std::string::npos;) s.replace(p, default_data_dir().size(), "DATA");
    return s;
  }
  return "(no error)";
}

std::string parse_errors(const std::string& text) {
  return errors_of([&] { (void)parse_observed_csv(text, "obs.csv"); });
}

// A scenario extending the bundled plan with `body` after its extends line.
std::string plan_child(const std::string& body) {
  return "extends = \"" + scenario("plan-2023.toml") + "\"\n" + body;
}

// --- the reader --------------------------------------------------------------

TEST(ObservedFile, ReadsRowsWithTheirCellsAndSkipsComments) {
  const ObservedFile f = parse_observed_csv(
      "# Zezhou stations\n\n# January\nmetric,month,value,valid_days\npm25,1,72.35,31\n# CO without valid days\n"
      " PM2.5 , 2 ,  60 ,28\nco,1,2.4,\n",
      "obs.csv");
  ASSERT_EQ(f.rows.size(), 3u);
  EXPECT_EQ(f.file, "obs.csv");
  EXPECT_EQ(f.rows[0].metric, Metric::pm25);
  EXPECT_EQ(f.rows[0].month, 1);
  EXPECT_EQ(f.rows[0].value, 72.35);
  EXPECT_EQ(f.rows[0].valid_days, 31);
  EXPECT_EQ(f.rows[0].at.file, "obs.csv");
  EXPECT_EQ(f.rows[0].at.line, 5);
  EXPECT_EQ(f.rows[0].at.column, 8);
  EXPECT_EQ(f.rows[1].metric, Metric::pm25);  // any case, PM2.5 too, spaces around cells
  EXPECT_EQ(f.rows[1].month, 2);
  EXPECT_EQ(f.rows[1].at.line, 7);
  EXPECT_EQ(f.rows[1].at.column, 15);  // the value itself, after its spaces
  EXPECT_EQ(f.rows[2].metric, Metric::co);
  EXPECT_FALSE(f.rows[2].valid_days.has_value());
}

TEST(ObservedFile, AFileWithOnlyItsHeaderHasNoMonths) {
  EXPECT_TRUE(parse_observed_csv(kHeader, "obs.csv").rows.empty());
}

TEST(ObservedFile, EveryProblemIsReportedAtItsCell) {
  struct Case {
    std::string text;
    std::string errors;
  };
  const std::vector<Case> cases = {
      {"metric,month,value\npm25,1,70\n", "obs.csv:1:1: expected the header 'metric,month,value,valid_days'\n"},
      {"# comment\n\nmetric;month;value;valid_days\n", "obs.csv:3:1: expected the header 'metric,month,value,valid_days'\n"},
      {"", "obs.csv:1:1: expected the header 'metric,month,value,valid_days'\n"},
      {std::string(kHeader) + "pm25,1,70\n", "obs.csv:2:1: 3 cells, expected 4 (metric,month,value,valid_days)\n"},
      {std::string(kHeader) + "pm25,1,70,31,x\n", "obs.csv:2:1: 5 cells, expected 4 (metric,month,value,valid_days)\n"},
      {std::string(kHeader) + "pm25,1,seventy,31\n", "obs.csv:2:8: value 'seventy' is not a number\n"},
      {std::string(kHeader) + "pm25,1,,31\n", "obs.csv:2:8: value '' is not a number\n"},
      {std::string(kHeader) + "pm52,1,70,31\n", "obs.csv:2:1: unknown metric 'pm52' (did you mean 'pm25'?)\n"},
      {std::string(kHeader) + "pm25,13,70,31\n", "obs.csv:2:6: month '13' is not 1-12\n"},
      {std::string(kHeader) + "pm25,1.5,70,31\n", "obs.csv:2:6: month '1.5' is not 1-12\n"},
      {std::string(kHeader) + "pm25,2,70,30\n", "obs.csv:2:11: valid_days '30' is not a whole number of days from 0 to 29\n"},
      {std::string(kHeader) + "pm25,1,70,-1\n", "obs.csv:2:11: valid_days '-1' is not a whole number of days from 0 to 31\n"},
      {std::string(kHeader) + "pm25,1,70,31\n# again\nPM2.5,1,71,31\n",
       "obs.csv:4:1: pm25 month 1 appears twice (first on line 2)\n"},
      {std::string(kHeader) + "co,1,2100,31\n",
       "obs.csv:2:6: co month 1: 2100 is above 40 mg/m³, the largest plausible monthly co (DATA/domain.toml); it looks "
       "like µg/m³ — co is in mg/m³\n"},
      {std::string(kHeader) + "pm25,3,0,31\n",
       "obs.csv:2:8: pm25 month 3: 0 is below 1 µg/m³, the smallest plausible monthly pm25 (DATA/domain.toml)\n"},
      // Every problem of the file at once, in file order.
      {std::string(kHeader) + "pm52,1,70,31\npm25,0,x,31\nso2,1,16,31\nso2,1,17,31\n",
       "obs.csv:2:1: unknown metric 'pm52' (did you mean 'pm25'?)\nobs.csv:3:6: month '0' is not 1-12\n"
       "obs.csv:3:8: value 'x' is not a number\nobs.csv:5:1: so2 month 1 appears twice (first on line 4)\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(parse_errors(c.text), c.errors) << c.text;
}

TEST(ObservedFile, AMissingFileIsAClearError) {
  test::TempDir dir;
  const std::string missing = dir.file("nowhere.csv");
  EXPECT_EQ(errors_of([&] { (void)read_observed_csv(missing); }),
            missing + ": cannot read: No such file or directory\n");
}

// --- [observed] file in a scenario --------------------------------------------

TEST(ObservedScenario, TheFileIsRelativeToTheScenarioThatNamesItAndAChildsFileReplacesIt) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "base" / "obs");
  test::write_file(dir.file("base/obs/q1.csv"), std::string(kHeader) + "pm25,1,80,31\npm25,2,60,28\nco,3,2.5,31\n");
  test::write_file(dir.file("base/parent.toml"),
                   plan_child("[observed]\nfile = \"obs/q1.csv\"\n[observed.no2]\n4 = 30\n"));
  test::write_file(dir.file("child.toml"), "extends = \"base/parent.toml\"\n");
  const Scenario s = load_scenario(dir.file("child.toml"));
  EXPECT_EQ(observed(s.inputs, Metric::pm25, 1), 80.0);
  EXPECT_EQ(observed(s.inputs, Metric::co, 3), 2.5);
  EXPECT_EQ(observed(s.inputs, Metric::no2, 4), 30.0);
  EXPECT_EQ(observed_months(s.inputs), 4);
  const std::string q1 = (dir.path() / "base/obs/q1.csv").string();
  EXPECT_EQ(s.observed_file, q1);
  EXPECT_EQ(s.inputs.observed_at[static_cast<std::size_t>(Metric::pm25)][1].file, q1);  // where February was written
  EXPECT_EQ(s.inputs.observed_at[static_cast<std::size_t>(Metric::pm25)][1].line, 3);
  EXPECT_EQ(s.inputs.observed_at[static_cast<std::size_t>(Metric::pm25)][1].column, 8);
  const auto files = input_files(s);
  EXPECT_EQ(files.back(), q1);

  // A child's file: none of the parent file's months stays; its inline ones do.
  test::write_file(dir.file("q2.csv"), std::string(kHeader) + "pm25,4,40,30\n");
  test::write_file(dir.file("child2.toml"), "extends = \"base/parent.toml\"\n[observed]\nfile = \"q2.csv\"\n"
                                            "[observed.pm25]\n5 = 30\n");
  const Scenario s2 = load_scenario(dir.file("child2.toml"));
  EXPECT_EQ(observed(s2.inputs, Metric::pm25, 4), 40.0);
  EXPECT_EQ(observed(s2.inputs, Metric::pm25, 5), 30.0);
  EXPECT_EQ(observed(s2.inputs, Metric::no2, 4), 30.0);
  EXPECT_EQ(observed_months(s2.inputs), 3);
  EXPECT_EQ(s2.observed_file, dir.file("q2.csv"));
  // A child's inline month replaces the parent file's month.
  test::write_file(dir.file("child3.toml"), "extends = \"base/parent.toml\"\n[observed.pm25]\n1 = 70\n");
  EXPECT_EQ(observed(load_scenario(dir.file("child3.toml")).inputs, Metric::pm25, 1), 70.0);
}

TEST(ObservedScenario, AMonthInTheFileAndInlineIsAnErrorNamingBoth) {
  test::TempDir dir;
  test::write_file(dir.file("obs.csv"), std::string(kHeader) + "pm25,1,80,31\n");
  test::write_file(dir.file("s.toml"), plan_child("[observed]\nfile = \"obs.csv\"\n[observed.pm25]\n1 = 56\n2 = 69\n"));
  EXPECT_EQ(errors_of([&] { (void)load_scenario(dir.file("s.toml")); }),
            dir.file("s.toml") + ":5:5: observed.pm25.1: pm25 month 1 is also given in the observations file, at " +
                dir.file("obs.csv") + ":2:8; give each month in one place\n");
}

TEST(ObservedScenario, BadFilesAndKeysAreErrorsAtTheirPlace) {
  test::TempDir dir;
  test::write_file(dir.file("bad.csv"), std::string(kHeader) + "co,1,2100,31\n");
  test::write_file(dir.file("s.toml"), plan_child("[observed]\nfile = \"nowhere.csv\"\n"));
  EXPECT_EQ(errors_of([&] { (void)load_scenario(dir.file("s.toml")); }),
            dir.file("s.toml") + ":3:8: observed.file: 'nowhere.csv' not found (resolved to '" + dir.file("nowhere.csv") +
                "')\n");
  test::write_file(dir.file("s.toml"), plan_child("[observed]\nfile = \"bad.csv\"\n"));
  EXPECT_EQ(errors_of([&] { (void)load_scenario(dir.file("s.toml")); }),
            dir.file("bad.csv") + ":2:6: co month 1: 2100 is above 40 mg/m³, the largest plausible monthly co "
                                  "(DATA/domain.toml); it looks like µg/m³ — co is in mg/m³\n");
  test::write_file(dir.file("s.toml"), plan_child("[observed]\nfiel = \"bad.csv\"\n"));
  EXPECT_EQ(errors_of([&] { (void)load_scenario(dir.file("s.toml")); }),
            dir.file("s.toml") + ":3:1: observed: unknown key 'fiel' (did you mean 'file'?)\n");
  test::write_file(dir.file("s.toml"), plan_child("[observed]\nfile = 3\n"));
  EXPECT_EQ(errors_of([&] { (void)load_scenario(dir.file("s.toml")); }),
            dir.file("s.toml") + ":3:8: observed.file: expected a string, got an integer\n");
}

// The re-forecast's two parameters live in meteorology.toml: observed
// months without them are an error at the first observed month naming the
// file and the keys; the same dataset without observations is fine, and a
// probability outside [0.5, 1) is an error at its value.
TEST(ObservedScenario, ObservedMonthsNeedTheReForecastParametersOfTheDataset) {
  test::TempDir dir;
  fs::copy(test::source_dir() + "/data/zezhou-2023", dir.path() / "ds", fs::copy_options::recursive);
  fs::copy(test::source_dir() + "/data/standards", dir.path() / "standards", fs::copy_options::recursive);
  const std::string met = dir.file("ds/meteorology.toml");
  std::string text = test::read_file(met);
  for (const char* key : {"observation_error = 0.05\n", "misfit_probability = 0.9999\n"}) {
    const auto at = text.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    text.erase(at, std::string(key).size());
  }
  test::write_file(met, text);
  const std::string head = "[scenario]\nname = \"t\"\ndataset = \"ds\"\nyear = 2023\n";
  test::write_file(dir.file("plain.toml"), head);
  EXPECT_NO_THROW((void)load_scenario(dir.file("plain.toml")));
  test::write_file(dir.file("s.toml"), head + "[observed.no2]\n2 = 30\n3 = 28\n");
  EXPECT_EQ(errors_of([&] { (void)load_scenario(dir.file("s.toml")); }),
            dir.file("s.toml") + ":6:5: observed months need observation_error, misfit_probability in " + met +
                " (the re-forecast's observation error and reach check, model.md §8)\n");
  test::write_file(met, "misfit_probability = 1.0\n" + text);
  EXPECT_EQ(errors_of([&] { (void)load_scenario(dir.file("plain.toml")); }).substr(0, met.size() + 1), met + ":");
  EXPECT_NE(errors_of([&] { (void)load_scenario(dir.file("plain.toml")); }).find("misfit_probability: 1 is outside [0.5, 1)"),
            std::string::npos);
}

TEST(ObservedScenario, TheBundledReForecastTakesJanuaryToMarchFromItsFile) {
  const Scenario ytd = load_scenario(scenario("ytd-2023.toml"));
  EXPECT_EQ(ytd.observed_file, scenario("observed-2023-example.csv"));
  EXPECT_EQ(observed_months(ytd.inputs), 18);
  // The file's derivation: the base year's month × 1.10, rounded as HJ 663
  // reports it (GB/T 8170: half to even).
  const Targets& t = ytd.inputs.targets;
  for (Metric p : kMetrics)
    for (int m = 1; m <= 3; ++m) {
      const double scaled = t.base[static_cast<std::size_t>(p)][static_cast<std::size_t>(m - 1)] * 1.10;
      const double step = p == Metric::co ? 0.1 : 1.0;
      EXPECT_LE(std::abs(*observed(ytd.inputs, p, m) - scaled), step / 2 + 1e-9) << name(p) << " " << m;
    }
  EXPECT_EQ(observed(ytd.inputs, Metric::so2, 2), 16.0);  // 16.5 to even
  EXPECT_EQ(observed(ytd.inputs, Metric::co, 1), 2.9);
  EXPECT_EQ(observed(ytd.inputs, Metric::pm25, 1), 84.0);
}

// --- --observed ---------------------------------------------------------------

TEST(ObservedOption, ItsMonthsReplaceEveryMonthTheScenarioStates) {
  test::TempDir dir;
  test::write_file(dir.file("latest.csv"), std::string(kHeader) + "pm25,1,61,31\npm25,4,33,30\n");
  // The bundled re-forecast: January-March of every metric from its file.
  const Scenario s = load_checked_scenario(scenario("ytd-2023.toml"), {dir.file("latest.csv")});
  EXPECT_EQ(observed_months(s.inputs), 2);
  EXPECT_EQ(observed(s.inputs, Metric::pm25, 1), 61.0);
  EXPECT_EQ(observed(s.inputs, Metric::pm25, 4), 33.0);
  EXPECT_FALSE(observed(s.inputs, Metric::co, 1).has_value());
  EXPECT_EQ(s.observed_file, dir.file("latest.csv"));
  EXPECT_EQ(input_files(s).back(), dir.file("latest.csv"));
  // Inline months go too.
  test::write_file(dir.file("inline.toml"), plan_child("[observed.no2]\n5 = 28\n"));
  const Scenario t = load_scenario(dir.file("inline.toml"), {dir.file("latest.csv")});
  EXPECT_FALSE(observed(t.inputs, Metric::no2, 5).has_value());
  EXPECT_EQ(observed_months(t.inputs), 2);
  // Its problems are reported at its cells, together with the scenario's.
  test::write_file(dir.file("bad.csv"), std::string(kHeader) + "co,1,2100,31\n");
  EXPECT_EQ(errors_of([&] { (void)load_checked_scenario(scenario("ytd-2023.toml"), {dir.file("bad.csv")}); }),
            dir.file("bad.csv") + ":2:6: co month 1: 2100 is above 40 mg/m³, the largest plausible monthly co "
                                  "(DATA/domain.toml); it looks like µg/m³ — co is in mg/m³\n");
  // Once for several scenarios.
  EXPECT_EQ(errors_of([&] {
              (void)load_checked_scenarios({scenario("ytd-2023.toml"), scenario("plan-2023.toml")}, {dir.file("bad.csv")});
            }),
            dir.file("bad.csv") + ":2:6: co month 1: 2100 is above 40 mg/m³, the largest plausible monthly co "
                                  "(DATA/domain.toml); it looks like µg/m³ — co is in mg/m³\n");
  EXPECT_EQ(errors_of([&] { (void)load_scenario(scenario("plan-2023.toml"), {dir.file("nowhere.csv")}); }),
            dir.file("nowhere.csv") + ": cannot read: No such file or directory\n");
}

// --- the command line -----------------------------------------------------------

// The observed flag and value of `metric`'s month in `run --format json`.
std::pair<bool, double> json_month(const nlohmann::json& j, Metric metric, int month) {
  const auto& row = j["monthly"][static_cast<std::size_t>(metric) * 12 + static_cast<std::size_t>(month - 1)];
  return {row["observed"].get<bool>(), row["p50"].get<double>()};
}

TEST(ObservedCli, RunTakesTheMonthsOfObserved) {
  test::TempDir dir;
  test::write_file(dir.file("latest.csv"), std::string(kHeader) + "# the latest\npm25,1,61,31\n");
  const auto own = test::run_cli({"run", scenario("ytd-2023.toml"), "--deterministic", "--format", "json"});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  const auto latest = test::run_cli(
      {"run", scenario("ytd-2023.toml"), "--deterministic", "--format", "json", "--observed", dir.file("latest.csv")});
  ASSERT_EQ(latest.exit_code, 0) << latest.err;
  const auto a = nlohmann::json::parse(own.out), b = nlohmann::json::parse(latest.out);
  EXPECT_EQ(json_month(a, Metric::pm25, 1), std::make_pair(true, 84.0));
  EXPECT_EQ(json_month(a, Metric::co, 3), std::make_pair(true, 2.3));
  EXPECT_EQ(json_month(b, Metric::pm25, 1), std::make_pair(true, 61.0));
  EXPECT_FALSE(json_month(b, Metric::pm25, 2).first);
  EXPECT_FALSE(json_month(b, Metric::co, 3).first);
}

TEST(ObservedCli, CoInMicrogramsIsRefusedWithExitTwoAndNothingWritten) {
  test::TempDir dir;
  test::write_file(dir.file("obs.csv"), std::string(kHeader) + "pm25,1,61,31\nco,1,2100,31\n");
  test::write_file(dir.file("inline.toml"), plan_child("[observed.co]\n1 = 2100\n"));
  const std::string data = default_data_dir();
  const std::string why = "co month 1: 2100 is above 40 mg/m³, the largest plausible monthly co (" + data +
                          "/domain.toml); it looks like µg/m³ — co is in mg/m³";
  auto r = test::run_cli({"run", scenario("ytd-2023.toml"), "--deterministic", "--observed", dir.file("obs.csv"), "--out",
                          dir.file("out")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, dir.file("obs.csv") + ":3:6: " + why + "\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(dir.file("out")));
  r = test::run_cli({"run", dir.file("inline.toml"), "--deterministic", "--out", dir.file("out")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, dir.file("inline.toml") + ":3:5: observed.co.1: 2100 is above 40 mg/m³, the largest plausible "
                                             "monthly co (" + data + "/domain.toml); it looks like µg/m³ — co is in mg/m³\n");
  EXPECT_FALSE(fs::exists(dir.file("out")));
  // In Chinese.
  r = test::run_cli({"run", scenario("ytd-2023.toml"), "--observed", dir.file("obs.csv"), "--lang", "zh"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, dir.file("obs.csv") + ":3:6: co 1 月：2100 高于 co 月均值的合理上限 40 mg/m³（" + data +
                       "/domain.toml）；看起来单位是 µg/m³，而 co 的单位是 mg/m³\n");
  test::expect_chinese(r.err, {dir.path().string(), data}, {"co"});  // the metric as the file writes it
}

TEST(ObservedCli, AMissingObservedFileIsAUsageError) {
  test::TempDir dir;
  const auto r = test::run_cli({"run", scenario("plan-2023.toml"), "--observed", dir.file("nowhere.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--observed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(dir.file("nowhere.csv")), std::string::npos) << r.err;
  // A scenario naming a file that is not there.
  test::write_file(dir.file("s.toml"), plan_child("[observed]\nfile = \"q1.csv\"\n"));
  const auto v = test::run_cli({"validate", dir.file("s.toml")});
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_EQ(v.err, dir.file("s.toml") + ":3:8: observed.file: 'q1.csv' not found (resolved to '" + dir.file("q1.csv") + "')\n");
}

// Parts run with --observed merge only with the same file: it is one of the
// input files of their fingerprint.
// compare, rank, gap and explain take --observed like run: their JSON
// gives the re-forecast's effective sample size (below the sample count:
// the samples are weighted), which the plan without observations lacks;
// observations the plan cannot produce are an error of every one of them.
TEST(ObservedCli, CompareRankGapAndExplainTakeObservedAndReportTheEss) {
  test::TempDir dir;
  const std::string obs = scenario("observed-2023-example.csv");
  test::write_file(dir.file("bad.csv"), std::string(kHeader) + "pm25,1,600,31\npm10,1,110,31\n");
  const std::string plan = scenario("plan-2023.toml"), slip = scenario("slip-2023.toml");
  const std::vector<std::vector<std::string>> commands = {
      {"compare", plan, slip, "--samples", "400"},
      {"rank", plan, "--samples", "200", "--metric", "pm25"},
      {"gap", plan, "--samples", "300", "--metric", "pm25"},
      {"explain", plan, "--samples", "300", "--metric", "pm25", "--month", "6"}};
  for (std::vector<std::string> args : commands) {
    const std::string command = args.front();
    args.insert(args.end(), {"--format", "json", "--threads", "2"});
    const auto without = test::run_cli(args);
    ASSERT_EQ(without.exit_code, 0) << command << ": " << without.err;
    const auto j0 = nlohmann::json::parse(without.out);
    std::vector<std::string> with_obs = args;
    with_obs.insert(with_obs.end(), {"--observed", obs});
    const auto with = test::run_cli(with_obs);
    ASSERT_EQ(with.exit_code, 0) << command << ": " << with.err;
    const auto j = nlohmann::json::parse(with.out);
    const double ess = command == "compare" ? j.at("ess").at(0).get<double>() : j.at("ess").get<double>();
    const double samples = std::stod(args[command == "compare" ? 4 : 3]);
    EXPECT_GT(ess, 0.5 * samples) << command;
    EXPECT_LT(ess, samples) << command;
    EXPECT_FALSE(j0.contains("ess")) << command;
    std::vector<std::string> bad = args;
    bad.insert(bad.end(), {"--observed", dir.file("bad.csv")});
    const auto refused = test::run_cli(bad);
    EXPECT_EQ(refused.exit_code, 2) << command;
    EXPECT_EQ(refused.err.rfind(dir.file("bad.csv") + ":2:8: observed pm25 month 1: 600 is outside anything the model can "
                                                      "produce", 0), 0u)
        << command << ": " << refused.err;
  }
}

TEST(ObservedCli, PartsMergeOnlyWithTheirObservedFile) {
  test::TempDir dir;
  test::write_file(dir.file("latest.csv"), std::string(kHeader) + "pm25,1,61,31\n");
  const std::string part = dir.file("p.aqpart");
  const auto p = test::run_cli({"run", scenario("ytd-2023.toml"), "--samples", "200", "--seed", "3", "--part", "1/1",
                                "--part-file", part, "--observed", dir.file("latest.csv")});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  const auto whole = test::run_cli({"run", scenario("ytd-2023.toml"), "--samples", "200", "--seed", "3", "--format",
                                    "json", "--observed", dir.file("latest.csv")});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const auto merged = test::run_cli(
      {"merge", scenario("ytd-2023.toml"), part, "--format", "json", "--observed", dir.file("latest.csv")});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(merged.out, whole.out);
  const auto without = test::run_cli({"merge", scenario("ytd-2023.toml"), part, "--format", "json"});
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.err.find(part), std::string::npos) << without.err;
}

TEST(ObservedCli, TheReportNamesTheObservedFileAmongItsInputsAndInItsCommand) {
  test::TempDir dir;
  test::write_file(dir.file("latest.csv"), std::string(kHeader) + "pm25,1,61,31\n");
  const auto r = test::run_cli({"report", scenario("ytd-2023.toml"), "--observed", dir.file("latest.csv"), "-o",
                                dir.file("r.html"), "--lang", "en", "--samples", "300", "--analysis-samples", "100",
                                "--seed", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = test::read_file(dir.file("r.html"));
  EXPECT_NE(html.find("--observed " + dir.file("latest.csv")), std::string::npos);
  EXPECT_NE(html.find("<td>" + dir.file("latest.csv") + "</td>"), std::string::npos);
  EXPECT_EQ(html.find("observed-2023-example.csv"), std::string::npos);  // not the scenario's own file
}

}  // namespace
}  // namespace aqplan
