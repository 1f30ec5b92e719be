// Hostile input and hostile filesystems: the promises of docs/guarantees.md,
// each tried the way a hostile or careless user would break it. Bad input is
// exit 2 with its place and nothing written; a failed write is exit 1 with
// the OS's reason; no special file is ever replaced. Reproducers live in
// tests/data/hostile/ when small and are generated here when large.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "aqplan/base/files.h"
#include "aqplan/base/paths.h"
#include "aqplan/data/ledger_file.h"
#include "aqplan/data/scenario.h"
#include "aqplan/import/ledger.h"
#include "aqplan/model/model.h"
#include "test_util.h"

namespace aqplan {
namespace {

namespace fs = std::filesystem;

std::string hostile(const std::string& name) { return test::source_dir() + "/tests/data/hostile/" + name; }
std::string plan() { return test::source_dir() + "/scenarios/plan-2023.toml"; }

// `aqplan validate file` is exit 2 and its first line is "file:where: message…".
void expect_refused(const std::string& file, const std::string& where, const std::string& message) {
  SCOPED_TRACE(file);
  const auto r = test::run_cli({"validate", file});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const std::string expected = file + ":" + where + ": " + message;
  EXPECT_EQ(r.err.substr(0, expected.size()), expected) << r.err;
}

// A copy of the bundled dataset and standards in `dir`, so that one file can
// be broken.
fs::path copy_dataset(const test::TempDir& dir) {
  fs::copy(test::source_dir() + "/data/zezhou-2023", dir.path() / "zezhou-2023", fs::copy_options::recursive);
  fs::copy(test::source_dir() + "/data/standards", dir.path() / "standards", fs::copy_options::recursive);
  return dir.path() / "zezhou-2023";
}

// Replaces the first `old` in `file`.
void replace_in(const fs::path& file, const std::string& old, const std::string& now) {
  std::string t = test::read_file(file.string());
  const auto p = t.find(old);
  ASSERT_NE(p, std::string::npos) << old;
  t.replace(p, old.size(), now);
  test::write_file(file.string(), t);
}

// --- TOML that toml++ 3.3.0 mishandles, and what the lexical guard says ---

TEST(HostileToml, Toml3_3DefectsAreRefusedAtTheirPlaceBeforeTheParserSeesThem) {
  // Upstream marzer/tomlplusplus PR #301 (parse_key assertion), the
  // parse_value assertion, and issues #190 / #295 (U+00A1–U+0499 where a key
  // or whitespace is expected: "unreachable").
  expect_refused(hostile("toml-backtick-key.toml"), "1:2", "TOML syntax error: expected a key");
  expect_refused(hostile("toml-triple-bracket.toml"), "1:3", "TOML syntax error: expected a key");
  expect_refused(hostile("toml-array-brace.toml"), "1:7", "TOML syntax error: expected a value, got '}'");
  expect_refused(hostile("toml-micro-key.toml"), "1:1", "TOML syntax error: 'µ' (U+00B5) outside a string or comment");
  expect_refused(hostile("toml-c2b3-key.toml"), "2:1", "TOML syntax error: '³' (U+00B3) outside a string or comment");
}

TEST(HostileToml, BytesThatAreNotTomlTextAreNamedWithTheirPlace) {
  expect_refused(hostile("toml-invalid-utf8.toml"), "1:7", "invalid UTF-8 (byte 0xff); save the file as UTF-8");
  expect_refused(hostile("toml-del-key.toml"), "1:2", "TOML syntax error: control character U+007F is not allowed");
  expect_refused(hostile("toml-control-in-string.toml"), "2:9",
                 "TOML syntax error: control character U+0001 is not allowed (in a string, escape it: \\u0001)");
  expect_refused(hostile("toml-unterminated.toml"), "1:5", "TOML syntax error: this string does not end on its line");
}

TEST(HostileToml, DeepNestingIsBoundedBeforeParsing) {
  // 60,000 dotted keys once overflowed the parser's stack (120 KB of input).
  test::TempDir dir;
  std::string dotted = "[a";
  for (int i = 1; i < 60000; ++i) dotted += ".a";
  test::write_file(dir.file("dotted.toml"), dotted + "]\n");
  test::write_file(dir.file("arrays.toml"), "a = " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  std::string inline_tables = "a = ";
  for (int i = 0; i < 1000; ++i) inline_tables += "{b = ";
  test::write_file(dir.file("inline.toml"), inline_tables + "1" + std::string(1000, '}') + "\n");
  const std::string limit = "TOML syntax error: nesting deeper than 32 levels (max_toml_nesting in " + default_data_dir() +
                            "/limits.toml; raise it there, or for one run with AQPLAN_MAX_TOML_NESTING)";
  expect_refused(dir.file("dotted.toml"), "1:67", limit);
  expect_refused(dir.file("arrays.toml"), "1:37", limit);
  expect_refused(dir.file("inline.toml"), "1:165", limit);
  // Within a raised limit the same shapes parse (and are then only unknown
  // keys); the limit has a ceiling, below the depth that overflows the
  // parser's stack.
  std::string within = "[a";
  for (int i = 1; i < 900; ++i) within += ".a";
  test::write_file(dir.file("within.toml"), within + "]\n");
  auto r = test::run_cli_to({"validate", dir.file("within.toml")}, "", {"AQPLAN_MAX_TOML_NESTING=1000"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.find("nesting"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown key 'a'"), std::string::npos) << r.err;
  r = test::run_cli_to({"validate", dir.file("dotted.toml")}, "", {"AQPLAN_MAX_TOML_NESTING=70000"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "AQPLAN_MAX_TOML_NESTING: 70000 is above 1000, the deepest nesting the TOML parser handles within its "
                   "stack\n");
}

// --- values out of range ---

TEST(HostileValues, MeasureIdsBeyondTheirRangeAreRefusedNotTruncated) {
  // 2^32 + 2, + 5 and + 7: once read as measures 2, 5 and 7.
  expect_refused(hostile("id64-override.toml"), "5:11",
                 "override[0].measure: 4294967298 is not a measure id (an integer from 1 to 16777215)");
  expect_refused(hostile("id64-include.toml"), "5:12",
                 "measures.include[0]: 4294967301 is not a measure id (an integer from 1 to 16777215)");
  expect_refused(hostile("id64-depends.toml"), "6:15",
                 "override[measure=9].depends_on[0]: 4294967303 is not a measure id (an integer from 1 to 16777215)");
}

TEST(HostileValues, TargetYearsAreRangeCheckedBeforeAnyConversion) {
  // 1e20 and 2233332023 once converted out of int's range (undefined
  // behaviour); 2022.7 was accepted.
  for (const std::string year : {"1e20", "2233332023", "2022.7", "-2022"}) {
    SCOPED_TRACE(year);
    test::TempDir dir;
    const fs::path ds = copy_dataset(dir);
    replace_in(ds / "targets.csv", "so2,µg/m³,1,2022,", "so2,µg/m³,1," + year + ",");
    const auto r = test::run_cli({"validate", ds.string()});
    EXPECT_EQ(r.exit_code, 2);
    const std::string expected = (ds / "targets.csv").string() + ":2:13: '" + year + "' is not a year 1900-2200\n";
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  }
}

TEST(HostileValues, TargetValuesOutsideTheDomainAreRefusedWithTheirPlace) {
  test::TempDir dir;
  const fs::path ds = copy_dataset(dir);
  replace_in(ds / "targets.csv", "co,mg/m³,1,2022,", "co,mg/m³,1,2022,0,2023,2100\nX");
  replace_in(ds / "targets.csv", "X", "");
  // (The row is now a duplicate of its original; the values are checked
  // first, on the row they are on.)
  const auto r = test::run_cli({"validate", ds.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("targets.csv:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": 0 is below 0.1 mg/m³, the smallest plausible monthly co"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": 2100 is above 40 mg/m³, the largest plausible monthly co (" + default_data_dir() +
                       "/domain.toml); it looks like µg/m³ — co is in mg/m³"),
            std::string::npos)
      << r.err;
}

TEST(HostileValues, CliNumbersOutsideTheirRangeAreUsageErrors) {
  const std::string samples_range = "is not a whole number from 1 to 1000000000000 (max_samples in " + default_data_dir() +
                                    "/limits.toml; raise it there, or for one run with AQPLAN_MAX_SAMPLES)";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      // 2^64 and 2^64 − 1 once ran zero samples and wrote files of nulls.
      {{"run", plan(), "--samples", "18446744073709551616"}, "--samples: '18446744073709551616' " + samples_range},
      {{"run", plan(), "--samples", "18446744073709551615"}, "--samples: 18446744073709551615 " + samples_range},
      {{"run", plan(), "--samples", "0"}, "--samples: 0 " + samples_range},
      {{"run", plan(), "--samples", "1.5"}, "--samples: '1.5' is not a whole number"},
      {{"run", plan(), "--seed", "-1"}, "--seed: '-1' is not a whole number from 0 to 18446744073709551615"},
      {{"gap", plan(), "--confidence", "nan"}, "--confidence: 'nan' is not a number from 1e-09 to 0.999999999"},
      {{"gap", plan(), "--confidence", "1"}, "--confidence: '1' is not a number from 1e-09 to 0.999999999"},
      {{"run", plan(), "--threads", "10000"}, "--threads: 10000 is not a whole number from 0 to 1024 (max_threads in"},
      {{"run", plan(), "--samples", "10", "--part", "1/1000000000000000000", "--part-file", "p.aqpart"},
       "--part: '1/1000000000000000000': more than 1000000 parts (max_parts in"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args.back());
    const auto r = test::run_cli(c.args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err.substr(0, c.message.size()), c.message) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
  EXPECT_FALSE(fs::exists("p.aqpart"));
}

TEST(HostileValues, TheFinitenessNetCatchesWhatNoReaderRefused) {
  // A zero month bypassing the readers (they refuse it): the model's
  // log-normal mixture for CO has no logarithm of 0.
  ModelInputs in = load_inputs(plan());
  EXPECT_TRUE(Model::check(in).empty());
  in.observed[static_cast<std::size_t>(Metric::co)][0] = 0.0;
  const Diagnostics d = Model::check(in);
  ASSERT_TRUE(d.has_errors());
  EXPECT_NE(d.to_string().find("with every value at its most likely, co year is nan"), std::string::npos) << d.to_string();
  EXPECT_THROW((void)Model::build(in), InputError);
}

// --- every problem in one pass, at its place ---

TEST(HostileReporting, ProblemsOfTheFileAndOfTheModelComeTogether) {
  const std::string file = hostile("one-pass.toml");
  for (const std::string command : {"validate", "run"}) {
    SCOPED_TRACE(command);
    const auto r = test::run_cli({command, file});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(file + ":6:11: montecarlo.samples: 0 is not a positive count\n"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(file + ":9:6: measure cycle: 101 -> 102 -> 101\n"), std::string::npos) << r.err;
  }
  // A cycle made by an override is located where the scenario makes it.
  expect_refused(hostile("override-cycle.toml"), "7:14", "measure cycle: 7 -> 9 -> 7");
}

TEST(HostileReporting, AMeasureMissingFromTheLedgerIsLocatedInTheMeasureData) {
  test::TempDir dir;
  const fs::path ds = copy_dataset(dir);
  std::string ledger = test::read_file((ds / "ledger.toml").string());
  const auto at = ledger.find("id = 44");
  ASSERT_NE(at, std::string::npos);
  const auto table = ledger.rfind("[[measure]]", at);
  ledger.erase(table);  // 44 is the last row
  test::write_file((ds / "ledger.toml").string(), ledger);
  const std::string measures = test::read_file((ds / "measures.toml").string());
  const auto def = measures.find("id = 44\n");
  ASSERT_NE(def, std::string::npos);
  const int line = 1 + static_cast<int>(std::count(measures.begin(), measures.begin() + static_cast<long>(def), '\n'));
  const auto r = test::run_cli({"validate", ds.string()});
  EXPECT_EQ(r.exit_code, 2);
  const std::string expected = (ds / "measures.toml").string() + ":" + std::to_string(line) + ":";
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("measure 44 is not in the ledger"), std::string::npos) << r.err;
}

// --- Markdown tables: linear, and bounded ---

TEST(HostileMarkdown, AWideRowIsRefusedByItsSizeAndSplitInLinearTime) {
  test::TempDir dir;
  std::string row = "|";
  for (int i = 0; i < 200000; ++i) row += " 1 月 |";  // 1.6 MB, once 31 s to split
  test::write_file(dir.file("wide.md"), "| 月份 | a |\n|---|---|\n" + row + "\n");
  const auto r = test::run_cli({"import-targets", dir.file("wide.md"), "-o", dir.file("t.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir.file("wide.md") + ":3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("max_table_row_bytes"), std::string::npos) << r.err;
  // With the limit raised the row is split (linear: this finishes at once)
  // and the document is then refused for what it is: not a targets table.
  const auto raised = test::run_cli_to({"import-targets", dir.file("wide.md"), "-o", dir.file("t.csv")}, "",
                                       {"AQPLAN_MAX_TABLE_ROW_BYTES=4000000"});
  EXPECT_EQ(raised.exit_code, 2);
  EXPECT_EQ(raised.err.find("max_table_row_bytes"), std::string::npos) << raised.err;
  EXPECT_FALSE(fs::exists(dir.file("t.csv")));
}

TEST(HostileMarkdown, ALedgerOfManyRowsIsReadInLinearTimeWithinItsLimit) {
  // 20,000 rows in 20,000 categories (a quadratic category lookup once took
  // 15 s for 80,000): beyond max_measures it is refused at the first row
  // over; with the limit raised it is read.
  test::TempDir dir;
  std::string doc = "| 任务类别 | 序号 | 具体措施 | 完成时限 | 牵头单位 |\n|---|---|---|---|---|\n";
  for (int i = 1; i <= 20000; ++i) doc += fmt::format("| c{} | {} | t | 长期坚持 | 县能源局 |\n", i, i);
  test::write_file(dir.file("many.md"), doc);
  auto r = test::run_cli({"import-ledger", dir.file("many.md"), "-o", dir.file("l.toml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir.file("many.md") + ":10003:"), std::string::npos) << r.err.substr(0, 400);
  EXPECT_NE(r.err.find("more than 10000 measures (max_measures in"), std::string::npos) << r.err.substr(0, 400);
  EXPECT_FALSE(fs::exists(dir.file("l.toml")));
  r = test::run_cli_to({"import-ledger", dir.file("many.md"), "-o", dir.file("l.toml")}, "", {"AQPLAN_MAX_MEASURES=20000"});
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 400);
  const std::string toml = test::read_file(dir.file("l.toml"));
  EXPECT_NE(toml.find("id = 20000\n"), std::string::npos);
}

// --- part files ---

TEST(HostilePart, APartDeclaringHugeHistogramsIsRefusedBeforeAllocating) {
  // 5 KB declaring 2^24 bins per statistic with none stored: once 14 s and
  // 5.2 GB of memory before merge refused it (found by fuzz_part).
  const std::string part = hostile("part-declares-huge-bins.aqpart");
  const auto r = test::run_cli({"merge", plan(), part});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, part + ": the accumulated results are unreadable: accumulator: statistic 0 ('stat00000000'): 0 bins "
                          "stored, the spec gives 16777216\n");
}

// --- importers write what reads back ---

TEST(HostileImport, LedgerCellsWithControlCharactersReadBackAsWritten) {
  std::string doc = test::read_file(test::seed_document());
  const std::string anchor = "完善生态环境、公安交警";
  const auto at = doc.find(anchor);
  ASSERT_NE(at, std::string::npos);
  // DEL and U+0001 (once written raw, making ledger.toml unreadable), a
  // quote, a backslash, and a C1 control (allowed raw in TOML).
  doc.replace(at, anchor.size(), "完善生态\x7f环境\x01、公安\"交警\\\xc2\x85");
  const LeadUnits known = read_lead_units(test::source_dir() + "/data/lead-units.toml");
  const Ledger imported = import_ledger_document(doc, "doc.md", known);
  test::TempDir dir;
  test::write_file(dir.file("ledger.toml"), ledger_to_toml(imported));
  const Ledger back = read_ledger(dir.file("ledger.toml"));
  ASSERT_EQ(back.measures.size(), imported.measures.size());
  for (std::size_t i = 0; i < back.measures.size(); ++i) {
    EXPECT_EQ(back.measures[i].id, imported.measures[i].id);
    EXPECT_EQ(back.measures[i].text, imported.measures[i].text);
    EXPECT_EQ(back.measures[i].lead_units, imported.measures[i].lead_units);
  }
  bool found = false;
  for (const auto& m : back.measures) found = found || m.text.find("生态\x7f环境\x01") != std::string::npos;
  EXPECT_TRUE(found);
}

TEST(HostileImport, ADocumentThatIsNotUtf8IsRefusedWithItsPlace) {
  test::TempDir dir;
  std::string doc = test::read_file(test::seed_document());
  doc.insert(doc.find("| 1 月"), "\xff");
  test::write_file(dir.file("doc.md"), doc);
  for (const std::string command : {"import-targets", "import-ledger"}) {
    SCOPED_TRACE(command);
    const auto r = test::run_cli({command, dir.file("doc.md"), "-o", dir.file("out")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(dir.file("doc.md") + ":"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(": invalid UTF-8 (byte 0xff); save the file as UTF-8"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.file("out")));
  }
}

// --- hostile filesystems ---

TEST(HostileFiles, AFifoIsNeitherReadAsInputNorReplacedAsOutput) {
  test::TempDir dir;
  ASSERT_EQ(mkfifo(dir.file("fifo").c_str(), 0600), 0);
  // As input: refused at once (CLI11's "existing file" check accepts it, and
  // reading it would wait for a writer forever).
  auto r = test::run_cli({"validate", dir.file("fifo")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir.file("fifo") + ": is a FIFO, not a regular file"), std::string::npos) << r.err;
  // As output: refused, and still a FIFO.
  r = test::run_cli({"import-targets", test::seed_document(), "-o", dir.file("fifo")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is a FIFO: aqplan writes its results to regular files"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_fifo(dir.file("fifo")));
}

TEST(HostileFiles, ASymlinkKeepsBeingALinkAndItsTargetIsWritten) {
  test::TempDir dir;
  test::write_file(dir.file("real.csv"), "old");
  fs::create_symlink(dir.file("real.csv"), dir.file("link.csv"));
  const auto r = test::run_cli({"import-targets", test::seed_document(), "-o", dir.file("link.csv")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir.file("link.csv")));
  EXPECT_EQ(test::read_file(dir.file("real.csv")).rfind("metric,unit,month,", 0), 0u);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"link.csv", "real.csv"}));  // no temporary left
}

TEST(HostileFiles, ADirectoryTargetIsRefused) {
  test::TempDir dir;
  fs::create_directory(dir.file("out.csv"));
  const auto r = test::run_cli({"import-targets", test::seed_document(), "-o", dir.file("out.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir.file("out.csv") + ": is a directory"), std::string::npos) << r.err;
}

TEST(HostileFiles, ACharacterDeviceIsWrittenThroughNeverReplaced) {
  test::TempDir dir;
  // /dev/full's numbers (1, 7); creating a device node needs CAP_MKNOD.
  if (mknod(dir.file("full").c_str(), S_IFCHR | 0600, makedev(1, 7)) != 0) GTEST_SKIP() << "mknod not permitted here";
  auto r = test::run_cli({"import-targets", test::seed_document(), "-o", dir.file("full")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot write: No space left on device"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_character_file(dir.file("full")));
  r = test::run_cli({"run", plan(), "--samples", "20", "--part", "1/2", "--part-file", dir.file("full")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(fs::is_character_file(dir.file("full")));
}

TEST(HostileFiles, FailedWritesToStandardOutputAreExitOne) {
  // /dev/full takes the open but refuses every byte.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", plan(), "--samples", "100", "--format", "json"},
        std::vector<std::string>{"import-targets", test::seed_document(), "-o", "-"},
        std::vector<std::string>{"schedule", plan()}}) {
    SCOPED_TRACE(args.front());
    const auto r = test::run_cli_to(args, "/dev/full");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("standard output: cannot write: No space left on device"), std::string::npos) << r.err;
  }
}

TEST(HostileFiles, AnOutDirectoryThatIsAFileIsBadUsageBeforeTheRun) {
  // Once exit 1 with a raw filesystem error, after the run.
  test::TempDir dir;
  test::write_file(dir.file("afile"), "mine");
  for (const std::string command : {"run", "compare", "rank", "gap", "explain"}) {
    SCOPED_TRACE(command);
    std::vector<std::string> args = {command, plan()};
    if (command == "compare") args.push_back(plan());
    // 10^11 samples: a run before the check would not end within the test's time.
    args.insert(args.end(), {"--samples", "1e11", "--out", dir.file("afile")});
    const auto r = test::run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err, "--out: '" + dir.file("afile") +
                         "' exists and is not a directory; give a directory for the result files\n");
    EXPECT_EQ(test::read_file(dir.file("afile")), "mine");
  }
}

TEST(HostileFiles, ARunChangesAllItsFilesOrNone) {
  // Each command's --out directory holds its old files, and a directory
  // where one of its new files goes: every target is checked before any
  // file changes.
  struct Case {
    std::vector<std::string> args;
    std::string blocked;  // the file that is a directory
    std::string old;      // a file of the command that must stay as it was
  };
  const std::string no_action = test::source_dir() + "/scenarios/no-action-2023.toml";
  const std::vector<Case> cases = {
      {{"run", plan(), "--samples", "100"}, "monthly.csv", "results.json"},
      {{"compare", plan(), no_action, "--samples", "100"}, "comparison.csv", "comparison.json"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args.front());
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    fs::create_directories(out / c.blocked);
    test::write_file((out / c.old).string(), "old");
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"--out", out.string()});
    const auto r = test::run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(c.blocked + ": is a directory"), std::string::npos) << r.err;
    EXPECT_EQ(test::read_file((out / c.old).string()), "old");
    std::vector<std::string> entries;
    for (const auto& e : fs::directory_iterator(out)) entries.push_back(e.path().filename().string());
    std::sort(entries.begin(), entries.end());
    EXPECT_EQ(entries, (std::vector<std::string>{std::min(c.blocked, c.old), std::max(c.blocked, c.old)}));
  }
}

// --- in Chinese ------------------------------------------------------------

struct Spoken {
  std::vector<std::string> args;
  std::vector<std::string> env;  // besides the language
  int exit_code = 2;
  std::string zh;  // said in Chinese (AQPLAN_LANG=zh)
  std::string en;  // said in English (no language asked)
};

void expect_spoken(const Spoken& c, const std::vector<std::string>& files, const std::set<std::string>& allowed = {}) {
  SCOPED_TRACE(c.en);
  std::vector<std::string> env = c.env;
  env.push_back("AQPLAN_LANG=zh");
  const auto zh = test::run_cli_to(c.args, "", env);
  EXPECT_EQ(zh.exit_code, c.exit_code) << zh.err;
  test::expect_chinese(zh.err, files, allowed);
  EXPECT_NE(zh.err.find(c.zh), std::string::npos) << zh.err;
  const auto en = test::run_cli_to(c.args, "", c.env);
  EXPECT_EQ(en.exit_code, c.exit_code) << en.err;
  EXPECT_NE(en.err.find(c.en), std::string::npos) << en.err;
}

TEST(HostileChinese, LimitProblemsAreReportedInChineseEveryOneAtOnce) {
  test::TempDir dir;
  const std::string data = test::bundled_dataset();
  // Overrides.
  const std::vector<std::string> overrides = {"AQPLAN_MAX_FILE_BYTES=lots", "AQPLAN_MAX_SAMPLES=0",
                                              "AQPLAN_MAX_TOML_NESTING=5000"};
  const auto zh = test::run_cli_to({"validate", data}, "", {"AQPLAN_MAX_FILE_BYTES=lots", "AQPLAN_MAX_SAMPLES=0",
                                                             "AQPLAN_MAX_TOML_NESTING=5000", "AQPLAN_LANG=zh"});
  EXPECT_EQ(zh.exit_code, 2) << zh.err;
  test::expect_chinese(zh.err, {});
  EXPECT_EQ(zh.err,
            "AQPLAN_MAX_FILE_BYTES: “lots”不是正整数\n"
            "AQPLAN_MAX_SAMPLES: “0”不是正整数\n"
            "AQPLAN_MAX_TOML_NESTING: 5000 超过 1000，即 TOML 解析器在其栈空间内能处理的最大嵌套层数\n");
  EXPECT_NE(test::run_cli_to({"validate", data}, "", overrides).err.find("AQPLAN_MAX_FILE_BYTES: 'lots' is not a positive integer\n"),
            std::string::npos);
  // A limits file with a problem on every line, and keys missing.
  fs::create_directory(dir.path() / "data");
  test::write_file(dir.file("data/limits.toml"), "max_file_bytes = 10\nmax_file_bytes = 11\nmax_samples = many\n"
                                                 "max_things = 3\nmax_toml_nesting = 2000\n");
  const std::string at = "AQPLAN_DATA_DIR=" + dir.file("data");
  for (const Spoken& c : std::vector<Spoken>{
           {{"validate", data}, {at}, 2, "limits.toml:2:1: max_file_bytes 给出了两次（首次在第 1 行）",
            "limits.toml:2:1: max_file_bytes is given twice (first on line 1)"},
           {{"validate", data}, {at}, 2, "limits.toml:3:14: max_samples：应为正整数", "max_samples: expected a positive integer"},
           {{"validate", data}, {at}, 2, "limits.toml:4:1: “max_things”不是资源上限（应为 max_file_bytes … max_kept_samples 之一）",
            "'max_things' is not a limit (expected one of max_file_bytes … max_kept_samples)"},
           {{"validate", data}, {at}, 2, "limits.toml: 缺少 max_parts\n", "limits.toml: max_parts is missing\n"},
           {{"validate", data}, {at}, 2, "limits.toml:5:1: max_toml_nesting：2000 超过 1000，",
            "max_toml_nesting: 2000 is above 1000, the deepest nesting"},
           {{"validate", data}, {"AQPLAN_DATA_DIR=" + dir.file("none")}, 2,
            "limits.toml: 无法读取资源上限文件（位于数据目录中；数据目录为：设置了 $AQPLAN_DATA_DIR 时取其值，",
            "limits.toml: cannot read the resource limits (a file of the data directory, which is $AQPLAN_DATA_DIR if set, "},
       })
    expect_spoken(c, {dir.path().string() + "/"});
}

TEST(HostileChinese, FileProblemsAreReportedInChinese) {
  test::TempDir dir;
  test::write_file(dir.file("bad.md"), "| 月份 |\xff\n");
  ASSERT_EQ(mkfifo(dir.file("fifo").c_str(), 0600), 0);
  fs::create_directory(dir.file("outdir"));
  const std::string seed = test::seed_document(), out = dir.file("t.csv");
  const std::vector<Spoken> cases = {
      {{"import-targets", dir.file("bad.md"), "-o", out}, {}, 2, "bad.md:1:7: 不是有效的 UTF-8 编码（字节 0xff）；请将文件另存为 UTF-8 编码",
       "bad.md:1:7: invalid UTF-8 (byte 0xff); save the file as UTF-8"},
      {{"import-targets", dir.file("none.md"), "-o", out}, {}, 2, "none.md: 无法读取：文件或目录不存在",
       "none.md: cannot read: No such file or directory"},
      {{"validate", dir.file("fifo")}, {}, 2, "fifo: 是命名管道，不是普通文件", "fifo: is a FIFO, not a regular file"},
      {{"import-targets", seed, "-o", dir.file("outdir")}, {}, 2, "outdir: 是目录：aqplan 只把结果写入普通文件（或用 '-' 表示标准输出）",
       "outdir: is a directory: aqplan writes its results to regular files (or '-' for standard output)"},
      {{"import-targets", seed, "-o", dir.file("none/t.csv")}, {}, 2, "none/t.csv: 目录“", "none/t.csv: directory '"},
      {{"import-targets", seed, "-o", out}, {"AQPLAN_MAX_FILE_BYTES=100"}, 2, ": 文件有 12506 字节，超过上限 100 字节（max_file_bytes 见 ",
       ": 12506 bytes, over the limit of 100 bytes (max_file_bytes in "},
      {{"import-targets", seed, "-o", out}, {"AQPLAN_MAX_TABLE_ROW_BYTES=150"}, 2, "表格行有 ",
       "a table row of "},
      {{"import-targets", seed, "-o", out}, {"AQPLAN_MAX_TABLE_CELL_BYTES=100"}, 2, "表格单元格有 ",
       "a table cell of "},
      {{"import-ledger", seed, "-o", out}, {"AQPLAN_MAX_MEASURES=10"}, 2, "措施超过 10 项（max_measures 见 ",
       "more than 10 measures (max_measures in "},
      // Failed writes: a run that failed (exit 1), in the planner's language too.
      {{"import-targets", seed, "-o", "/dev/full"}, {}, 1, "aqplan: /dev/full：无法写入：设备上没有剩余空间\n",
       "aqplan: /dev/full: cannot write: No space left on device\n"},
  };
  // The byte that is not UTF-8 is shown as written (0xff).
  for (const Spoken& c : cases) expect_spoken(c, {dir.path().string() + "/", seed}, {"xff"});
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"bad.md", "fifo", "outdir"}));
  const auto full = test::run_cli_to({"import-targets", seed, "-o", "-"}, "/dev/full", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(full.exit_code, 1);
  EXPECT_EQ(full.err, "aqplan: 标准输出：无法写入：设备上没有剩余空间\n");
}

TEST(HostileChinese, AnalysisRequestsAreRefusedInChinese) {
  const std::set<std::string> sectors = [] {
    std::set<std::string> s;
    std::istringstream in(test::kBundledSectors);
    for (std::string w; std::getline(in, w, ',');) s.insert(w.substr(w.find_first_not_of(' ')));
    return s;
  }();
  for (const Spoken& c : std::vector<Spoken>{
           {{"gap", plan(), "--samples", "100", "--sectors", "powr"}, {}, 2,
            "--sectors: 未知部门“powr”（是否应为“power”？）；部门有：power, steel,",
            "--sectors: unknown sector 'powr' (did you mean 'power'?); the sectors are power, steel,"},
           {{"explain", plan(), "--samples", "100"}, {"AQPLAN_MAX_KEPT_SAMPLES=10"}, 2,
            "--samples: 100：为求精确中位数，“explain”会保存运行中每个样本的全年值（每个 8 字节）：最多 10 个样本（max_kept_samples 见 ",
            "--samples: 100: explain keeps the year's value of every sample of a run (8 bytes each) for exact medians: at "
            "most 10 samples (max_kept_samples in "},
           {{"explain", plan(), "--samples", "100", "--month", "3"}, {"AQPLAN_MAX_KEPT_SAMPLES=10"}, 2,
            "每个样本的当月值（每个 8 字节）", "explain keeps the month's value of every sample"},
       })
    expect_spoken(c, {}, sectors);
}

}  // namespace
}  // namespace aqplan
