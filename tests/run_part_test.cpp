// One run split into parts (aqplan/engine/run_part.h): the ranges, the part file,
// merging, and the input fingerprint that keeps parts of different inputs
// apart.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/base/paths.h"
#include "aqplan/engine/run_part.h"
#include "aqplan/data/scenario.h"
#include "test_util.h"

namespace aqplan {
namespace {

namespace fs = std::filesystem;

TEST(RunPart, PartsCoverEverySampleOnceWithSizesWithinOne) {
  const std::uint64_t huge = std::numeric_limits<std::uint64_t>::max();
  for (std::uint64_t n : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{30001},
                          std::uint64_t{1} << 40, huge})
    for (std::uint64_t p : {1, 2, 3, 7, 64}) {
      std::uint64_t next = 0, smallest = huge, largest = 0;
      for (std::uint64_t k = 1; k <= p; ++k) {
        const auto [b, e] = part_range(n, k, p);
        ASSERT_EQ(b, next) << n << " " << k << "/" << p;
        ASSERT_LE(b, e);
        smallest = std::min(smallest, e - b);
        largest = std::max(largest, e - b);
        next = e;
      }
      EXPECT_EQ(next, n) << n << " / " << p;
      EXPECT_LE(largest - smallest, 1u) << n << " / " << p;
    }
  EXPECT_THROW(part_range(10, 0, 3), std::invalid_argument);
  EXPECT_THROW(part_range(10, 4, 3), std::invalid_argument);
  EXPECT_THROW(part_range(10, 1, 0), std::invalid_argument);
}

TEST(RunPart, PartSpecIsKOverP) {
  EXPECT_EQ(parse_part_spec("2/4"), (std::pair<std::uint64_t, std::uint64_t>{2, 4}));
  EXPECT_EQ(parse_part_spec("1/1"), (std::pair<std::uint64_t, std::uint64_t>{1, 1}));
  for (const char* bad : {"", "2", "/4", "2/", "a/4", "2/4x", " 2/4", "0/4", "5/4", "1/0", "-1/4", "2/4/8"}) {
    try {
      parse_part_spec(bad);
      ADD_FAILURE() << "'" << bad << "' was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("write K/P"), std::string::npos) << e.what();
    }
  }
}

// Part k of p of a run of n samples of the bundled plan, as `aqplan run --part` makes it.
RunPart make_part(std::uint64_t n, std::uint64_t k, std::uint64_t p, std::uint64_t seed = 5) {
  const Model& m = test::bundled_model();
  RunPart part;
  part.aqplan_version = version();
  part.scenario = "Plan 2023";
  part.fingerprint = "0123456789abcdef";
  part.seed = seed;
  part.samples = n;
  part.part = k;
  part.parts = p;
  std::tie(part.begin, part.end) = part_range(n, k, p);
  Sampler sampler(m);
  MonteCarloOptions o;
  o.seed = seed;
  o.begin = part.begin;
  o.end = part.end;
  o.threads = 1;
  part.acc = run_monte_carlo(m, sampler, o);
  return part;
}

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

TEST(RunPart, PartFileRoundTripsAndRejectsAnythingElse) {
  const RunPart part = make_part(900, 2, 3);
  const std::string bytes = serialize_part(part);
  const RunPart back = parse_part(bytes, "p2");
  EXPECT_EQ(back.aqplan_version, part.aqplan_version);
  EXPECT_EQ(back.scenario, part.scenario);
  EXPECT_EQ(back.fingerprint, part.fingerprint);
  EXPECT_EQ(back.seed, 5u);
  EXPECT_EQ(back.samples, 900u);
  EXPECT_EQ(back.part, 2u);
  EXPECT_EQ(back.parts, 3u);
  EXPECT_EQ(back.begin, 300u);
  EXPECT_EQ(back.end, 600u);
  EXPECT_EQ(back.acc.serialize(), part.acc.serialize());

  const std::size_t header_end = bytes.find('\n', bytes.find('\n') + 1) + 1;
  const std::string header = bytes.substr(0, header_end), body = bytes.substr(header_end);
  auto with_header = [&](const std::string& json) { return "aqplan-part 1\n" + json + "\n" + body; };
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string h = header;
    h.replace(h.find(from), from.size(), to);
    return h + body;
  };
  EXPECT_NE(error_of([&] { parse_part("hello", "f"); }).find("f: not an aqplan part file"), std::string::npos);
  EXPECT_NE(error_of([&] { parse_part("aqplan-part 1\n{\"seed\": 1", "f"); }).find("f: the part file ends inside its header"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_part(with_header("{nope"), "f"); }).find("f: the header line is not valid JSON"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_part(with_header("[1]"), "f"); }).find("not a JSON object"), std::string::npos);
  EXPECT_NE(error_of([&] { parse_part(replaced("\"seed\":5", "\"seed\":-5"), "f"); }).find("no whole-number field 'seed'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_part(replaced("\"fingerprint\"", "\"fingerprints\""), "f"); })
                .find("no text field 'fingerprint'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_part(replaced("\"part\":2", "\"part\":4"), "f"); }).find("part 4 of 3 is not a part"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_part(replaced("\"begin\":300", "\"begin\":299"), "f"); })
                .find("samples [299, 600) are not part 2/3 of 900 samples, which is [300, 600)"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_part(bytes.substr(0, bytes.size() - 100), "f"); })
                .find("f: the accumulated results are unreadable"),
            std::string::npos);
  // A whole, valid accumulator of the wrong number of samples.
  const RunPart other = make_part(900, 1, 2);
  std::string swapped = header + other.acc.serialize();
  EXPECT_NE(error_of([&] { parse_part(swapped, "f"); }).find("holds 450 samples, but its range [300, 600) has 300"),
            std::string::npos);
}

TEST(RunPart, PartsMergeToTheWholeRunInAnyOrder) {
  const RunPart whole = make_part(1001, 1, 1);
  std::vector<RunPart> parts = {make_part(1001, 3, 3), make_part(1001, 1, 3), make_part(1001, 2, 3)};
  const std::vector<std::string> files = {"c", "a", "b"};
  const MergedRun merged = merge_parts(parts, files, whole.fingerprint);
  EXPECT_EQ(merged.seed, 5u);
  EXPECT_EQ(merged.acc.serialize(), whole.acc.serialize());
  // More parts than samples: the empty ones cover nothing and merge fine.
  std::vector<RunPart> tiny;
  std::vector<std::string> names;
  for (std::uint64_t k = 1; k <= 4; ++k) {
    tiny.push_back(make_part(2, k, 4));
    names.push_back("t" + std::to_string(k));
  }
  EXPECT_EQ(merge_parts(tiny, names, whole.fingerprint).acc.serialize(), make_part(2, 1, 1).acc.serialize());
}

TEST(RunPart, MergeNamesEveryMismatchGapAndOverlap) {
  const RunPart p1 = make_part(600, 1, 3), p2 = make_part(600, 2, 3), p3 = make_part(600, 3, 3);
  const std::string fp = p1.fingerprint;
  auto merge_error = [&](std::vector<RunPart> parts, std::vector<std::string> files, const std::string& f = "") {
    return error_of([&] { merge_parts(parts, files, f.empty() ? fp : f); });
  };
  EXPECT_NE(merge_error({p1, p3}, {"a", "c"}).find("missing part 2/3: samples [200, 400) of 600 are in no part file"),
            std::string::npos);
  EXPECT_NE(merge_error({p2, p3}, {"b", "c"}).find("missing part 1/3: samples [0, 200) of 600 are in no part file"),
            std::string::npos);
  EXPECT_NE(merge_error({p1, p2}, {"a", "b"}).find("missing part 3/3"), std::string::npos);
  EXPECT_NE(merge_error({p1, p2, p2, p3}, {"a", "b", "b2", "c"})
                .find("b2: part 2/3 is given twice (also b)"),
            std::string::npos);
  const RunPart half = make_part(600, 1, 2);  // [0, 300): cut differently
  EXPECT_NE(merge_error({half, p2, p3}, {"h", "b", "c"}).find("b: samples [200, 300) overlap h (part 1/2)"),
            std::string::npos);
  RunPart seed = make_part(600, 2, 3, 6);
  EXPECT_NE(merge_error({p1, seed, p3}, {"a", "s", "c"}).find("s: seed 6, but a has seed 5"), std::string::npos);
  const RunPart count = make_part(601, 2, 3);
  EXPECT_NE(merge_error({p1, count, p3}, {"a", "n", "c"}).find("n: part of a run of 601 samples, but a of 600"),
            std::string::npos);
  EXPECT_NE(merge_error({p1, p2, p3}, {"a", "b", "c"}, "ffffffffffffffff").find("a: made from other input files"),
            std::string::npos);
  RunPart old = p2;
  old.aqplan_version = "0.0.1";
  EXPECT_NE(merge_error({p1, old, p3}, {"a", "o", "c"}).find("o: made by aqplan 0.0.1, this is aqplan"),
            std::string::npos);
  EXPECT_NE(merge_error({}, {}).find("no part files to merge"), std::string::npos);
  // A part whose file is whole and consistent but whose statistics are other
  // ones: named, not "accumulator: statistic 2 of 2".
  RunPart other = p2;
  other.acc = RunAccumulator({StatSpec{"x", 0.1, 10.0, 0.0}});
  EXPECT_NE(merge_error({p1, other, p3}, {"a", "x", "c"}).find("x: its statistics differ from a's:"), std::string::npos);
}

// The bundled scenario and dataset copied under `root` with their layout.
std::string copy_plan(const fs::path& root) {
  fs::create_directories(root / "scenarios");
  fs::copy(test::source_dir() + "/data", root / "data", fs::copy_options::recursive);
  fs::copy_file(test::source_dir() + "/scenarios/plan-2023.toml", root / "scenarios/plan-2023.toml");
  return (root / "scenarios/plan-2023.toml").string();
}

TEST(RunPart, FingerprintDependsOnEveryInputFileButNotOnWhereItIs) {
  test::TempDir dir;
  const std::string here = test::source_dir() + "/scenarios/plan-2023.toml";
  const std::string copy = copy_plan(dir.path() / "elsewhere");
  const std::string fingerprint = input_fingerprint(load_scenario(here));
  EXPECT_EQ(fingerprint.size(), 16u);
  EXPECT_EQ(input_fingerprint(load_scenario(copy)), fingerprint);
  EXPECT_NE(input_fingerprint(load_scenario(test::source_dir() + "/scenarios/no-action-2023.toml")), fingerprint);

  // Every file the run reads is in the list: a comment added to any of them
  // changes the fingerprint. (The dataset's files, the scenario, the standard.)
  const Scenario sc = load_scenario(copy);
  const std::vector<std::string> files = input_files(sc);
  std::vector<fs::path> expected = {fs::path(copy), dir.path() / "elsewhere/data/standards/gb3095-2012.toml"};
  for (const auto& e : fs::directory_iterator(dir.path() / "elsewhere/data/zezhou-2023"))
    if (e.path().filename() != "plan-document.md") expected.push_back(e.path());  // the seed document is not an input
  for (const fs::path& f : expected) {
    const bool listed = std::any_of(files.begin(), files.end(), [&](const std::string& g) {
      return fs::weakly_canonical(g) == fs::weakly_canonical(f);
    });
    EXPECT_TRUE(listed) << f << " is not fingerprinted";
    const std::string original = test::read_file(f.string());
    test::write_file(f.string(), original + "\n# changed\n");
    EXPECT_NE(input_fingerprint(sc), fingerprint) << f;
    test::write_file(f.string(), original);
  }
  EXPECT_EQ(input_fingerprint(sc), fingerprint);
  // Line endings do not count: the same text with CRLF is the same input.
  const fs::path measures = dir.path() / "elsewhere/data/zezhou-2023/measures.toml";
  std::string crlf;
  for (char c : test::read_file(measures.string())) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  test::write_file(measures.string(), crlf);
  EXPECT_EQ(input_fingerprint(sc), fingerprint);
}

}  // namespace
}  // namespace aqplan

namespace aqplan {
namespace {

TEST(RunPart, MissingPartsAreNamedAsRangesAndEmptyPartsCountToo) {
  std::vector<RunPart> parts;
  std::vector<std::string> names;
  for (std::uint64_t k : {1, 6, 7, 12}) {
    parts.push_back(make_part(1200, k, 12));
    names.push_back("p" + std::to_string(k));
  }
  const std::string fp = parts.front().fingerprint;
  EXPECT_EQ(error_of([&] { merge_parts(parts, names, fp); }),
            "missing parts 2-5, 8-11 of 12: 800 of 1200 samples are in no part file");
  // Two samples in three parts: part 1 is empty, and still required.
  std::vector<RunPart> tiny = {make_part(2, 2, 3), make_part(2, 3, 3)};
  EXPECT_EQ(part_range(2, 1, 3).first, part_range(2, 1, 3).second);
  EXPECT_EQ(error_of([&] { merge_parts(tiny, std::vector<std::string>{"b", "c"}, fp); }),
            "missing part 1/3: samples [0, 0) of 2 are in no part file");
}

TEST(RunPart, PartCountsBeyondTheLimitAreRefused) {
  std::string message;
  try {
    parse_part_spec("1/1000000000000000000");
  } catch (const std::invalid_argument& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("more than 1000000 parts (max_parts in "), std::string::npos) << message;
  EXPECT_EQ(parse_part_spec("1000000/1000000"), (std::pair<std::uint64_t, std::uint64_t>{1000000, 1000000}));
}

// --- in Chinese --------------------------------------------------------------

TEST(RunPartChinese, APartSpecSaysWhatIsWrongInEitherLanguage) {
  EXPECT_FALSE(part_spec_problem("2/4"));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"24", "“24”：缺少“/”（应写作 K/P，如 2/4 表示共四片中的第二片）"},
      {"a/4", "“a/4”：“a”不是整数（应写作 K/P，如 2/4 表示共四片中的第二片）"},
      {"1/0", "“1/0”：分片数至少为 1（应写作 K/P，如 2/4 表示共四片中的第二片）"},
      {"5/4", "“5/4”：分片编号应为 1 到 4（应写作 K/P，如 2/4 表示共四片中的第二片）"},
  };
  for (const auto& [spec, zh] : cases) {
    const std::optional<Text> problem = part_spec_problem(spec);
    ASSERT_TRUE(problem) << spec;
    EXPECT_EQ(problem->str(Language::zh), zh);
    try {
      parse_part_spec(spec);
    } catch (const PartSpecError& e) {
      EXPECT_EQ(problem->str(Language::en), e.what());
    }
  }
  const auto many = part_spec_problem("1/1000000000000000000");
  ASSERT_TRUE(many);
  EXPECT_NE(many->str(Language::zh).find("分片数超过 1000000（max_parts 见 "), std::string::npos) << many->str(Language::zh);
  EXPECT_TRUE(test::english_left(many->str(Language::zh), test::symbols()).empty()) << many->str(Language::zh);
}

TEST(RunPartChinese, BrokenAndMismatchedPartFilesAreReportedInChinese) {
  test::TempDir dir;
  const std::string plan = test::source_dir() + "/scenarios/plan-2023.toml";
  auto run = [&](const std::string& spec, const std::string& file, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"run", plan, "--samples", "30", "--part", spec, "--part-file", dir.file(file)};
    args.insert(args.end(), more.begin(), more.end());
    const auto r = test::run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  run("1/3", "p1");
  run("3/3", "p3");
  run("2/3", "seed", {"--seed", "5"});
  run("2/2", "half");
  const std::string p1 = test::read_file(dir.file("p1"));
  const std::size_t header_end = p1.find('\n', p1.find('\n') + 1) + 1;
  const std::string header = p1.substr(0, header_end), body = p1.substr(header_end);
  auto replaced = [&](std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  std::string flipped = body;
  flipped[flipped.size() - 20] ^= 0x10;
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"hello", "hello\n"},
      {"cut", "aqplan-part 1\n{\"seed\": 1"},
      {"field", replaced(header, "\"seed\"", "\"seeds\"") + body},
      {"array", "aqplan-part 1\n[1]\n" + body},
      {"range", replaced(header, "\"end\":10", "\"end\":11") + body},
      {"flipped", header + flipped},
      {"short", header + body.substr(0, body.size() - 100)},
      {"fifth", replaced(header, "\"part\":1", "\"part\":5") + body},
      {"other", replaced(p1, "\"aqplan\":\"", "\"aqplan\":\"0.0.9-") },
  };
  std::vector<std::string> args = {"merge", plan};
  for (const auto& [name, bytes] : broken) {
    test::write_file(dir.file(name), bytes);
    args.push_back(dir.file(name));
  }
  const auto zh = test::run_cli_to(args, "", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(zh.exit_code, 2) << zh.err;
  test::expect_chinese(zh.err, {dir.path().string() + "/"});
  for (const std::string said :
       {"hello: 不是 aqplan 分片文件（应以 'aqplan-part 1' 开头；可用 'aqplan run … --part K/P' 生成）\n",
        "cut: 分片文件在文件头中间结束（文件被截断？）\n", "field: 文件头缺少整数字段“seed”\n", "array: 文件头行不是 JSON 对象\n",
        "range: 样本 [0, 11) 不是 30 个样本中的第 1/3 片，该片应为 [0, 10)\n",
        "flipped: 累计结果无法读取：累加器：校验和不符（数据已损坏）\n", "short: 累计结果无法读取：累加器：数据被截断：",
        "fifth: 第 5 片（共 3 片）不是有效分片（分片编号应为 1 到分片数）\n"})
    EXPECT_NE(zh.err.find(said), std::string::npos) << said << "\n" << zh.err;
  const auto en = test::run_cli(args);
  EXPECT_EQ(en.exit_code, 2);
  EXPECT_NE(en.err.find("flipped: the accumulated results are unreadable: accumulator: checksum mismatch (corrupt data)\n"),
            std::string::npos)
      << en.err;

  // Whole part files that do not make one run.
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> merges = {
      {{"p1", "other", "seed", "p1"},
       {"other: 由 aqplan 0.0.9-0.1.0 生成，当前为 aqplan ", "：所有分片须用同一版本运行\n",
        "seed: 随机种子为 5，但 " + dir.file("p1") + " 的随机种子为 20230301\n"}},
      {{"p1", "p1"},
       {"p1: 分片 1/3 给出了两次（另见 " + dir.file("p1") + "）\n",
        "缺少第 2-3 片（共 3 片）：30 个样本中有 20 个不在任何分片文件中\n"}},
      {{"p3"}, {"缺少第 1-2 片（共 3 片）"}},
      {{"p1", "p3", "half"},
       {"p3: 样本 [20, 30) 与 " + dir.file("half") + "（分片 2/2）重叠：有分片给出了两次，或各分片的切分方式不同\n",
        "共 30 个样本中的 [10, 15) 不在任何分片文件中：缺少一个分片\n"}},
  };
  for (const auto& [files, said] : merges) {
    std::vector<std::string> margs = {"merge", plan};
    for (const auto& f : files) margs.push_back(dir.file(f));
    SCOPED_TRACE(testing::PrintToString(files));
    const auto r = test::run_cli_to(margs, "", {"AQPLAN_LANG=zh"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    test::expect_chinese(r.err, {dir.path().string() + "/"});
    for (const auto& s : said) EXPECT_NE(r.err.find(s), std::string::npos) << s << "\n" << r.err;
  }
}

}  // namespace
}  // namespace aqplan
