// The import of a year of the national real-time archive (aqplan
// import-observations): 365 day files as the archive writes them — 1,700
// stations, 24 hours × 15 types, about 3 % of cells empty, ~2 MB each —
// generated once in a temporary directory (removed at exit), then imported
// for 5 stations spread over the header, with 1 and 2 threads. The files are
// in the page cache after the first iteration, as they are when a planner
// imports a year twice; the first read from disk is not what is timed.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>

#include "aqplan/base/metric.h"
#include "aqplan/import/observations.h"

namespace {

namespace fs = std::filesystem;

constexpr int kStations = 1700;
constexpr int kYear = 2023;
constexpr const char* kTypes[] = {"AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2",
                                  "NO2_24h", "O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h"};

// A small deterministic generator (xorshift64*): the files are the same on every run.
struct Random {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  std::uint32_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return static_cast<std::uint32_t>((state * 0x2545F4914F6CDD1DULL) >> 32);
  }
};

std::string station_code(int i) { return fmt::format("{}A", 1001 + i); }

std::string day_file(const std::string& date, Random& rng) {
  std::string out = "date,hour,type";
  for (int s = 0; s < kStations; ++s) fmt::format_to(std::back_inserter(out), ",{}", station_code(s));
  out += '\n';
  for (int hour = 0; hour < 24; ++hour) {
    for (const char* type : kTypes) {
      fmt::format_to(std::back_inserter(out), "{},{},{}", date, hour, type);
      const bool co = type[0] == 'C';
      for (int s = 0; s < kStations; ++s) {
        const std::uint32_t r = rng.next();
        out += ',';
        if (r % 100 < 3) continue;  // missing
        if (co) fmt::format_to(std::back_inserter(out), "{}.{}", (r >> 8) % 3, (r >> 12) % 10);
        else fmt::format_to(std::back_inserter(out), "{}", 5 + (r >> 8) % 200);
      }
      out += '\n';
    }
  }
  return out;
}

// The year's files, written once; the directory is removed at exit.
struct Archive {
  fs::path dir;
  Archive() {
    dir = fs::temp_directory_path() / fmt::format("aqplan-bench-observations-{}", ::getpid());
    fs::create_directories(dir);
    Random rng;
    for (int month = 1; month <= aqplan::kMonths; ++month)
      for (int day = 1; day <= aqplan::days_in_month(kYear, month); ++day) {
        const std::string date = fmt::format("{}{:02}{:02}", kYear, month, day);
        std::ofstream(dir / fmt::format("china_sites_{}.csv", date), std::ios::binary) << day_file(date, rng);
      }
  }
  ~Archive() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;
};

const Archive& archive() {
  static const Archive a;
  return a;
}

void BM_ImportObservationsYear(benchmark::State& state) {
  aqplan::ObservationRequest req;
  req.inputs = {archive().dir.string()};
  req.stations = {station_code(3), station_code(400), station_code(850), station_code(1300), station_code(1690)};
  req.threads = static_cast<int>(state.range(0));
  std::size_t months = 0;
  for (auto _ : state) {
    const aqplan::ObservedMonths r = aqplan::import_observations(req);
    if (r.diagnostics.has_errors() || r.files != 365) state.SkipWithError("the import failed");
    months = r.months.size();
  }
  state.counters["files"] = 365;
  state.counters["months"] = static_cast<double>(months);
}
BENCHMARK(BM_ImportObservationsYear)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
