// Every word a command's table prints comes from the message catalogue in
// English and Chinese: each entry has both, with the same placeholders, and
// a Chinese table has no English left in it but the data as written
// (measure texts, lead units), units, pollutant symbols and TOML keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"
#include "test_util.h"
#include "base/messages.h"
#include "views/report_labels.h"
#include "views/words.h"

namespace aqplan {
namespace {

bool has_cjk(const std::string& s) {
  // CJK ideographs and punctuation, and full-width forms (not the
  // subscripts of SO₂ or NOₓ, nor a dash).
  for (char32_t c : to_u32(s))
    if ((c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF)) return true;
  return false;
}

bool has_letters(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

int placeholders(const std::string& s) {
  int n = 0;
  for (std::size_t at = s.find('{'); at != std::string::npos; at = s.find('{', at + 1)) ++n;
  return n;
}

TEST(Catalogue, EveryEntryHasBothLanguagesWithTheSamePlaceholders) {
  ASSERT_EQ(views::catalogue().size(), static_cast<std::size_t>(views::Msg::count_));
  for (const views::Message& m : views::catalogue()) {
    SCOPED_TRACE(m.key);
    const std::string en = m.en, zh = m.zh;
    EXPECT_FALSE(en.empty());
    EXPECT_FALSE(zh.empty());
    // Chinese in the zh words (a mark without letters, such as "–", may be the same in both).
    if (!(en == zh && !has_letters(en))) {
      EXPECT_TRUE(has_cjk(zh)) << "untranslated: '" << zh << "'";
    }
    EXPECT_FALSE(has_cjk(en)) << "Chinese in the English words: '" << en << "'";
    EXPECT_EQ(placeholders(en), placeholders(zh));
    EXPECT_EQ(views::tr(m.id, Language::en), m.en);
    EXPECT_EQ(views::tr(m.id, Language::zh), m.zh);
  }
}

// The catalogue of diagnostics and of the command line (base/messages.h):
// both languages, the same arguments, and no English left in the Chinese but
// what is shown as written (keys, flags, quoted values, symbols).
TEST(Catalogue, EveryMessageHasBothLanguagesWithTheSameArguments) {
  std::set<std::string> keys;
  for (const MessageDef* m : msg::all()) {
    SCOPED_TRACE(m->key);
    EXPECT_TRUE(keys.insert(m->key).second) << "listed twice";
    const std::string en = m->en, zh = m->zh;
    EXPECT_FALSE(en.empty());
    EXPECT_FALSE(zh.empty());
    if (!(en == zh && !has_letters(en))) {
      EXPECT_TRUE(has_cjk(zh)) << "untranslated: '" << zh << "'";
    }
    EXPECT_FALSE(has_cjk(en)) << "Chinese in the English words: '" << en << "'";
    const auto left = test::english_left(zh, test::symbols());
    EXPECT_TRUE(left.empty()) << "English in the Chinese: " << testing::PrintToString(left) << " in '" << zh << "'";
    // Rendered with a marker per argument, each language shows every one.
    const int n = placeholders(en);
    ASSERT_LE(n, 6);
    const std::vector<std::string> marks = {"\x01a", "\x01b", "\x01c", "\x01d", "\x01e", "\x01f"};
    auto render = [&](Language lang) {
      switch (n) {
        case 0: return Text(*m).str(lang);
        case 1: return Text(*m, marks[0]).str(lang);
        case 2: return Text(*m, marks[0], marks[1]).str(lang);
        case 3: return Text(*m, marks[0], marks[1], marks[2]).str(lang);
        case 4: return Text(*m, marks[0], marks[1], marks[2], marks[3]).str(lang);
        case 5: return Text(*m, marks[0], marks[1], marks[2], marks[3], marks[4]).str(lang);
        default: return Text(*m, marks[0], marks[1], marks[2], marks[3], marks[4], marks[5]).str(lang);
      }
    };
    std::string shown_en, shown_zh;
    ASSERT_NO_THROW(shown_en = render(Language::en));
    ASSERT_NO_THROW(shown_zh = render(Language::zh));
    for (int i = 0; i < n; ++i) {
      EXPECT_NE(shown_en.find(marks[static_cast<std::size_t>(i)]), std::string::npos) << "argument " << i + 1 << " unused in English";
      EXPECT_NE(shown_zh.find(marks[static_cast<std::size_t>(i)]), std::string::npos) << "argument " << i + 1 << " unused in Chinese";
    }
  }
}

// Latin words of two letters or more in `text` that are not in `allowed`.
std::set<std::string> english_words(const std::string& text, const std::set<std::string>& allowed) {
  std::set<std::string> out;
  static const std::regex word("[A-Za-z]{2,}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator(); ++it)
    if (!allowed.count(it->str())) out.insert(it->str());
  // A data word cut short to fit its column ("LDA…") is still the data's.
  for (auto it = out.begin(); it != out.end();) {
    const auto cut = allowed.lower_bound(*it);
    it = cut != allowed.end() && cut->rfind(*it, 0) == 0 && text.find(*it + "…") != std::string::npos ? out.erase(it) : std::next(it);
  }
  return out;
}

// The Latin words of the data as written: measure texts, lead units and
// deadlines of the bundled ledger (they are shown as they are).
std::set<std::string> data_words() {
  const auto r = test::run_cli({"schedule", test::bundled_dataset(), "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string all;
  const nlohmann::json schedule = nlohmann::json::parse(r.out);
  for (const auto& m : schedule["measures"]) {
    all += m["text"].get<std::string>() + " " + m["planned"].get<std::string>().substr(0, m["planned"].get<std::string>().find(" (")) + " ";
    for (const auto& u : m["lead_units"]) all += u.get<std::string>() + " ";
  }
  // Sector names, as inventory.toml writes them (explain's split and levers).
  const std::string inventory = test::read_file(test::bundled_dataset() + "/inventory.toml");
  static const std::regex sector(R"(\[sectors\.([a-z_0-9]+)\])");
  for (auto it = std::sregex_iterator(inventory.begin(), inventory.end(), sector); it != std::sregex_iterator(); ++it)
    all += (*it)[1].str() + " ";
  return english_words(all, {});
}

TEST(Catalogue, ChineseTablesHaveNoEnglishLeft) {
  std::set<std::string> allowed = data_words();
  EXPECT_TRUE(allowed.count("LDAR"));  // the data's words are shown as written
  // Pollutant and species symbols (SO₂, PM₂.₅, NOx, VOC, NH₃), units
  // (mg/m³), the standard error (SE) and the sectors' names, which are keys
  // (gap --sectors takes them).
  for (const char* w : {"SO", "NO", "PM", "CO", "mg", "NOx", "VOC", "NH", "SE"}) allowed.insert(w);
  // rank's flags, as its legend explains them: C, E, S and their combinations.
  for (const char* w : {"CE", "CS", "ES", "CES"}) allowed.insert(w);
  for (const auto& w : english_words(test::kBundledSectors, {})) allowed.insert(w);
  const std::string plan = test::source_dir() + "/scenarios/plan-2023.toml";
  const std::string slip = test::source_dir() + "/scenarios/slip-2023.toml";
  const std::vector<std::vector<std::string>> commands = {
      {"run", plan, "--samples", "300"},
      {"run", plan, "--deterministic"},
      {"run", plan, "--samples", "300", "--range", "--metric", "pm25"},
      {"compare", plan, slip, "--samples", "300"},
      {"schedule", slip},
      {"schedule", test::bundled_dataset()},
      {"validate", plan, test::bundled_dataset()},
      {"rank", plan, "--samples", "200"},
      {"gap", plan, "--samples", "200", "--metric", "o3"},
      {"gap", plan, "--samples", "200", "--period", "1", "--sectors", "residential_coal"},
      {"gap", plan, "--samples", "200", "--metric", "no2", "--confidence", "0.3"},
      {"explain", plan, "--samples", "300", "--month", "1"},
      {"explain", plan, "--samples", "300", "--metric", "o3"},
      {"explain", test::source_dir() + "/scenarios/ytd-2023.toml", "--samples", "300", "--period", "2"},
  };
  for (auto args : commands) {
    args.insert(args.end(), {"--lang", "zh"});
    SCOPED_TRACE(args[0] + " " + args[1]);
    const auto r = test::run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string out = r.out;  // file names and TOML keys a legend names, and the files given
    for (std::size_t i = 1; i < args.size(); ++i)
      for (std::size_t at; args[i].size() > 3 && (at = out.find(args[i])) != std::string::npos;) out.erase(at, args[i].size());
    for (const std::string key : {"[report] risk_below", "[achieved] extra_cut_max", "domain.toml", "lead-units.toml",
                                  "[aliases]", "import-ledger"})
      for (std::size_t at; (at = out.find(key)) != std::string::npos;) out.erase(at, key.size());
    const auto left = english_words(out, allowed);
    EXPECT_TRUE(left.empty()) << "English in a Chinese table: " << testing::PrintToString(left) << "\n" << r.out;
  }
}

TEST(Catalogue, TheDatasetsLanguageIsTheDefault) {
  test::TempDir dir;
  const std::filesystem::path ds = dir.path() / "zezhou";
  std::filesystem::copy(test::bundled_dataset(), ds, std::filesystem::copy_options::recursive);
  std::filesystem::copy(test::source_dir() + "/data/standards", dir.path() / "standards",
                        std::filesystem::copy_options::recursive);
  std::string toml = test::read_file((ds / "dataset.toml").string());
  toml.replace(toml.find("# language = \"zh\""), 1, "");
  test::write_file((ds / "dataset.toml").string(), toml);
  const std::string scenario = dir.file("s.toml");
  test::write_file(scenario, "[scenario]\nname = \"Plan\"\nname_zh = \"计划\"\ndataset = \"zezhou\"\nyear = 2023\n");
  auto r = test::run_cli({"run", scenario, "--samples", "200", "--metric", "so2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("计划 — 泽州县", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("月份"), std::string::npos);
  r = test::run_cli({"run", scenario, "--samples", "200", "--metric", "so2", "--lang", "en"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Plan — Zezhou County", 0), 0u) << r.out;
  r = test::run_cli({"schedule", scenario});
  EXPECT_NE(r.out.find("年实施进度"), std::string::npos) << r.out;
  // Problems too: a scenario of this dataset is told off in Chinese, a
  // scenario file that never reaches its dataset in the locale's language,
  // and --lang or AQPLAN_LANG wins over both.
  const std::string bad = dir.file("bad.toml");
  test::write_file(bad, "[scenario]\nname = \"x\"\ndataset = \"zezhou\"\nyear = 2023\n[montecarlo]\nsamples = -5\n");
  r = test::run_cli({"validate", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml:6:11: montecarlo.samples：-5 不是正整数"), std::string::npos) << r.err;
  r = test::run_cli({"validate", bad, "--lang", "en"});
  EXPECT_NE(r.err.find("bad.toml:6:11: montecarlo.samples: -5 is not a positive count"), std::string::npos) << r.err;
  r = test::run_cli_to({"validate", bad}, "", {"AQPLAN_LANG=en"});
  EXPECT_NE(r.err.find("montecarlo.samples: -5 is not a positive count"), std::string::npos) << r.err;
  test::write_file(bad, "[scenario]\nname = \"x\"\ndataset = \"nowhere\"\nyear = 2023\n");
  r = test::run_cli({"validate", bad});
  EXPECT_NE(r.err.find("is not a directory"), std::string::npos) << r.err;
  r = test::run_cli_to({"validate", bad}, "", {"LANG=zh_CN.UTF-8"});
  EXPECT_EQ(r.err.find("is not a directory"), std::string::npos) << r.err;
  EXPECT_TRUE(test::english_left(r.err.substr(r.err.find(": ")), test::symbols()).empty()) << r.err;
  // Anything but en or zh is an error where it is written.
  toml = test::read_file((ds / "dataset.toml").string());
  toml.replace(toml.find("language = \"zh\""), 15, "language = \"fr\"");
  test::write_file((ds / "dataset.toml").string(), toml);
  r = test::run_cli({"validate", scenario});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("dataset.toml:17:13: language: 'fr' is not \"en\" or \"zh\""), std::string::npos) << r.err;
}

// The charts' words (views/report_labels.h): every report_chart_ entry, in
// both languages with the same keys, twelve month names, and a template's
// `{}` left for report.js to fill.
TEST(Catalogue, ReportChartLabelsHaveEveryChartWordInBothLanguages) {
  const auto en = report_chart_labels(Language::en), zh = report_chart_labels(Language::zh);
  std::size_t n = 0;
  for (const MessageDef* m : msg::all()) n += std::string_view(m->key).starts_with("report_chart_") ? 1 : 0;
  ASSERT_GT(n, 0u);
  ASSERT_EQ(en.size(), n);
  ASSERT_EQ(zh.size(), n);
  auto e = en.begin();
  for (auto z = zh.begin(); z != zh.end(); ++z, ++e) {
    EXPECT_EQ(z.key(), e.key());
    EXPECT_EQ(z.key().find("report_chart_"), std::string::npos);
  }
  for (const auto* labels : {&en, &zh}) {
    const std::string months = labels->at("months").get<std::string>();
    EXPECT_EQ(std::count(months.begin(), months.end(), ','), 11) << months;
  }
  EXPECT_EQ(en.at("concentration").get<std::string>(), "Concentration ({})");
  EXPECT_EQ(zh.at("median").get<std::string>(), "中位数");
}

}  // namespace
}  // namespace aqplan
