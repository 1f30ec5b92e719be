#include "test_util.h"

#include <cctype>
#include <cstring>
#include <regex>
#include <set>

#include "aqplan/model/model.h"
#include "aqplan/data/scenario.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <tuple>
#include <stdexcept>

#include <sys/wait.h>
#include <unistd.h>

namespace aqplan::test {

const Model& bundled_model() {
  static const Model m = Model::build(load_dataset_inputs(bundled_dataset()));
  return m;
}

ModelInputs one_sector_inputs() {
  ModelInputs in = load_dataset_inputs(bundled_dataset());
  Inventory& inv = in.dataset.inventory;
  const auto steel = static_cast<std::size_t>(*inv.find("steel"));
  for (std::size_t s = 0; s < inv.sectors.size(); ++s) {
    inv.sectors[s].growth = Distribution::fixed(0);
    if (s != steel) inv.sectors[s].emissions.fill(0.0);
  }
  in.dataset.measures.measures.clear();
  in.ledger.measures.clear();
  for (auto [id, k, r] : {std::tuple{1, Species::nox, 0.4}, std::tuple{2, Species::nh3, 0.5}}) {
    MeasureParams p;
    p.id = id;
    p.delay = DelayDistribution{1.0, Distribution::fixed(0)};
    p.effects.push_back({static_cast<int>(steel), species_bit(k), EffectSize::fraction, Distribution::fixed(r)});
    in.dataset.measures.measures.push_back(p);
    Measure row;
    row.id = id;
    row.text = "cut";
    row.deadline = parse_deadline("长期坚持");
    in.ledger.measures.push_back(row);
  }
  return in;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("aqplan-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::vector<std::string> TempDir::entries() const {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(path_)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// `a` in single quotes for the shell ('\'' for a quote inside).
std::string quoted(const std::string& a) {
  std::string q(1, '\'');
  for (char c : a) {
    if (c == '\'') q.append("'\\''");
    else q.push_back(c);
  }
  q.push_back('\'');
  return q;
}

}  // namespace

CliResult run_cli_to(const std::vector<std::string>& args, const std::string& stdout_to,
                     const std::vector<std::string>& env) {
  TempDir tmp;
  // (append, not operator+ on temporaries: GCC 12's -Wrestrict misfires there)
  // The program's language is the environment's when no flag chooses one:
  // tests see English unless they ask (or set AQPLAN_LANG / LANG in `env`).
  std::string cmd = "env -u AQPLAN_LANG -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 ";
  for (const auto& e : env) cmd.append(quoted(e)).append(" ");
  cmd.append(quoted(AQPLAN_CLI_PATH));
  for (const auto& a : args) cmd.append(" ").append(quoted(a));
  const std::string out = stdout_to.empty() ? tmp.file("out") : stdout_to;
  cmd.append(" >").append(quoted(out)).append(" 2>").append(quoted(tmp.file("err"))).append(" </dev/null");
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (stdout_to.empty()) r.out = read_file(tmp.file("out"));
  r.err = read_file(tmp.file("err"));
  return r;
}

CliResult run_cli(const std::vector<std::string>& args) { return run_cli_to(args, ""); }

std::set<std::string> english_left(std::string text, const std::set<std::string>& allowed) {
  // What is shown as written, in any language: quoted names and values,
  // --flags, [tables], keys and paths (a dot, slash or underscore inside),
  // environment variables (AQPLAN_…), and the `{}` of a template.
  static const std::regex shown_as_written(
      R"('[^'\n]*'|"[^"\n]*"|“.*?”|‘.*?’|`[^`\n]*`|--?[A-Za-z][A-Za-z0-9-]*|\[[^\]\n]*\]|\{[0-9]*\})"
      R"(|[A-Za-z0-9_]*[A-Za-z0-9](?:[._/][A-Za-z0-9_*]+)+|[A-Za-z0-9]*_[A-Za-z0-9_]*|\b[A-Z][A-Z0-9]+_[A-Z0-9_]+\b)");
  text = std::regex_replace(text, shown_as_written, " ");
  std::set<std::string> out;
  static const std::regex word("[A-Za-z]{2,}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator(); ++it)
    if (!allowed.count(it->str())) out.insert(it->str());
  return out;
}

void expect_chinese(const std::string& err, const std::vector<std::string>& files, const std::set<std::string>& allowed) {
  std::set<std::string> words = symbols();
  words.insert(allowed.begin(), allowed.end());
  std::istringstream lines(err);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    for (const std::string& f : files)
      for (std::size_t at; !f.empty() && (at = line.find(f)) != std::string::npos;) {
        std::size_t end = at + f.size();  // and the rest of the file's name
        while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || std::strchr("._/-", line[end]))) ++end;
        line.erase(at, end - at);
      }
    const auto left = english_left(line, words);
    EXPECT_TRUE(left.empty()) << testing::PrintToString(left) << " in: " << line;
  }
  EXPECT_GT(n, 0);
}

const std::set<std::string>& symbols() {
  // Pollutant and species symbols, units, formats and standards' names, which
  // Chinese writes in Latin letters too.
  static const std::set<std::string> s{"SO", "NO", "NOx", "PM", "CO", "VOC", "VOCs", "NH", "mg", "TOML", "CSV",
                                       "JSON", "UTF", "MDA", "HJ", "GB", "AQI", "Excel", "WPS", "HTML", "PDF", "SHA", "Apache", "ECharts", "Markdown", "SE", "TB",
                                       "GB", "MB", "KiB", "MiB", "GiB", "ASCII", "MPI", "aqplan", "id", "ids"};
  return s;
}

}  // namespace aqplan::test
