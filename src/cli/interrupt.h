// Internal to the aqplan executable: Ctrl-C and a progress bar for the
// commands that run the engine (run, rank, gap, explain). While an Interruptible
// lives, SIGINT (Ctrl-C) and SIGTERM set its flag (the engine stops at its next block and
// throws Cancelled) instead of killing the process; the command then
// writes nothing and exits 130. The progress bar goes to stderr, only when
// stderr is a terminal and the command has taken over a second.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "aqplan/engine/montecarlo.h"
#include "cli/cli.h"

namespace aqplan::cli {

class ProgressBar {
 public:
  // Its words in `lang`.
  ProgressBar(std::ostream& err, Language lang);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  // "[#####     ]  50.0 %  <prefix>1000 / 2000 <unit>" ("run 2: ", "samples"); thread-safe.
  void update(std::uint64_t done, std::uint64_t total, const Text& unit, const Text& prefix = {});

 private:
  using clock = std::chrono::steady_clock;
  std::ostream& err_;
  Language lang_;
  bool tty_;
  bool shown_ = false;
  clock::time_point start_, last_{};
  std::mutex mutex_;
};

class Interruptible {
 public:
  explicit Interruptible(Output& io);
  ~Interruptible();
  Interruptible(const Interruptible&) = delete;
  Interruptible& operator=(const Interruptible&) = delete;

  const std::atomic<bool>& cancelled() const;
  ProgressBar& bar() const { return bar_; }

  // Runs `body` (which returns an exit code); 130 with "aqplan COMMAND:
  // interrupted; nothing written" when Ctrl-C came during it.
  template <class Body>
  int run(const char* command, Body body) const {
    int code = kExitInterrupted;
    try {
      code = body();
    } catch (const Cancelled&) {
    }
    if (cancelled().load()) return interrupted(command);
    return code;
  }

 private:
  int interrupted(const char* command) const;
  Output& io_;
  void (*previous_)(int);
  void (*previous_term_)(int);
  mutable ProgressBar bar_;
};

}  // namespace aqplan::cli
