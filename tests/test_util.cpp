#include "test_util.h"

#include "aqplan/model/model.h"
#include "aqplan/data/scenario.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <sys/wait.h>
#include <unistd.h>

namespace aqplan::test {

const Model& bundled_model() {
  static const Model m = Model::build(load_dataset_inputs(bundled_dataset()));
  return m;
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
  std::string cmd = env.empty() ? "" : "env ";
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

}  // namespace aqplan::test
