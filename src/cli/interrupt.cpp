#include "cli/interrupt.h"

#include <csignal>
#include <ostream>

#include <fmt/format.h>
#include <unistd.h>

namespace aqplan::cli {

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted.store(true); }
}  // namespace

ProgressBar::ProgressBar(std::ostream& err, Language lang) : err_(err), lang_(lang), tty_(::isatty(STDERR_FILENO) != 0), start_(clock::now()) {}

ProgressBar::~ProgressBar() {
  if (shown_) err_ << "\r" << std::string(80, ' ') << "\r" << std::flush;
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total, const Text& unit, const Text& prefix) {
  if (!tty_) return;
  const std::lock_guard lock(mutex_);
  const auto now = clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double f = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  const int width = 30;
  const int fill = static_cast<int>(f * width);
  err_ << fmt::format("\r[{}{}] {:5.1f} %  {}{} / {} {}   ", std::string(static_cast<std::size_t>(fill), '#'),
                      std::string(static_cast<std::size_t>(width - fill), ' '), 100 * f, prefix.str(lang_), done, total,
                      unit.str(lang_))
       << std::flush;
  shown_ = true;
}

Interruptible::Interruptible(Output& io)
    : io_(io), previous_(std::signal(SIGINT, on_sigint)), previous_term_(std::signal(SIGTERM, on_sigint)), bar_(io.err, say_language(io.asked)) {
  g_interrupted.store(false);
}

Interruptible::~Interruptible() {
  std::signal(SIGINT, previous_);
  std::signal(SIGTERM, previous_term_);
}

const std::atomic<bool>& Interruptible::cancelled() const { return g_interrupted; }

int Interruptible::interrupted(const char* command) const {
  io_.err << io_.say(Text(msg::cli_interrupted, command)) << '\n';
  return kExitInterrupted;
}

}  // namespace aqplan::cli
