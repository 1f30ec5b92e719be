// Monthly values from the archive's day files (aqplan/import/observations.h):
// the files named, each read in parallel into its day's values
// (station_day.h), then the months, in one thread, in date order.
#include "aqplan/import/observations.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <system_error>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "aqplan/base/files.h"
#include "aqplan/base/percentile.h"
#include "aqplan/base/rounding.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "import/station_day.h"

namespace aqplan {

namespace fs = std::filesystem;

int min_valid_days(int month) { return month == 2 ? kMinValidDaysFebruary : kMinValidDays; }

namespace {

constexpr std::string_view kPrefix = "china_sites_";
constexpr std::string_view kSuffix = ".csv";

// One file named by the request, with what its name says.
struct DayFile {
  std::string path;
  std::string date;  // YYYYMMDD, from the name; empty when the name is not one
  int year = 0, month = 0, day = 0;
  bool read = false;  // its name is good: read it
  Diagnostics before;  // problems of its name
  obs::StationDay content;
};

bool archive_name(std::string_view name) {
  return name.size() > kPrefix.size() + kSuffix.size() && name.starts_with(kPrefix) && name.ends_with(kSuffix);
}

// The archive's files in a directory, sorted by name; an error when it
// cannot be listed or has none.
void expand_directory(const std::string& dir, std::vector<DayFile>& out, Diagnostics& d) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code kind;
    if (archive_name(name) && !it->is_directory(kind)) names.push_back(name);
  }
  if (ec) {
    d.error(dir, 0, 0, Text(msg::obs_directory_unreadable, system_error_text(ec)));
    return;
  }
  if (names.empty()) {
    d.error(dir, 0, 0, Text(msg::obs_directory_empty));
    return;
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) out.push_back({(fs::path(dir) / name).string(), {}, 0, 0, 0, false, {}, {}});
}

std::optional<int> digits(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || s.front() == '-' || s.front() == '+') return std::nullopt;
  return v;
}

// The day a file's name gives, or an error about the name.
void read_name(DayFile& f) {
  const std::string name = fs::path(f.path).filename().string();
  const std::string_view middle = archive_name(name)
                                      ? std::string_view(name).substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size())
                                      : std::string_view();
  const auto year = middle.size() == 8 ? digits(middle.substr(0, 4)) : std::nullopt;
  const auto month = middle.size() == 8 ? digits(middle.substr(4, 2)) : std::nullopt;
  const auto day = middle.size() == 8 ? digits(middle.substr(6, 2)) : std::nullopt;
  if (!year || !month || !day) {
    f.before.error(f.path, 0, 0, Text(msg::obs_file_name));
    return;
  }
  if (!plausible_year(*year) || *month < 1 || *month > kMonths || *day < 1 || *day > days_in_month(*year, *month)) {
    f.before.error(f.path, 0, 0, Text(msg::obs_file_name_no_day, std::string(middle)));
    return;
  }
  f.date = std::string(middle);
  f.year = *year;
  f.month = *month;
  f.day = *day;
  f.read = true;
}

// Names checked one against another: one file per day, one year.
void check_names(std::vector<DayFile>& files, int& year) {
  std::map<std::string, const DayFile*> first_of_day;
  const DayFile* first = nullptr;
  for (DayFile& f : files) {
    read_name(f);
    if (!f.read) continue;
    if (first == nullptr) first = &f;
    if (f.year != first->year) {
      f.before.error(f.path, 0, 0, Text(msg::obs_other_year, f.year, first->path, first->year));
    }
    const auto [it, fresh] = first_of_day.emplace(f.date, &f);
    if (!fresh) f.before.error(f.path, 0, 0, Text(msg::obs_same_day, f.date, it->second->path));
  }
  year = first ? first->year : 0;
}

void read_files(std::vector<DayFile>& files, const std::vector<std::string>& stations, int threads) {
  tbb::enumerable_thread_specific<std::string> buffers;  // one per thread, reused file after file
  auto body = [&](const tbb::blocked_range<std::size_t>& range) {
    std::string& bytes = buffers.local();
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      DayFile& f = files[i];
      if (!f.read) continue;
      try {
        read_file_bytes(f.path, bytes);
        f.content = obs::read_station_day(bytes, f.path, f.date, stations);
      } catch (const InputError& e) {
        f.content.diagnostics.append(e.diagnostics());
      }
    }
  };
  const int n = threads > 0 ? threads : static_cast<int>(tbb::info::default_concurrency());
  const tbb::global_control workers(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(n));
  tbb::task_arena arena(n);
  arena.execute([&] { tbb::parallel_for(tbb::blocked_range<std::size_t>(0, files.size(), 1), body); });
}

// The month's statistic of its valid days (reordered).
double month_value(Metric m, std::vector<double>& days) {
  if (m == Metric::co) return hj663_percentile(days, 0.95);
  if (m == Metric::o3) return hj663_percentile(days, 0.90);
  double sum = 0.0;
  for (double v : days) sum += v;
  return sum / static_cast<double>(days.size());
}

// The valid months, and a warning for each month with files that is not.
void make_months(const std::vector<DayFile>& files, ObservedMonths& out) {
  std::vector<const DayFile*> by_date;
  for (const DayFile& f : files)
    if (f.read) by_date.push_back(&f);
  std::sort(by_date.begin(), by_date.end(), [](const DayFile* a, const DayFile* b) { return a->date < b->date; });
  for (Metric m : kMetrics) {
    for (int month = 1; month <= kMonths; ++month) {
      std::vector<double> days;
      int with_files = 0;
      for (const DayFile* f : by_date) {
        if (f->month != month) continue;
        ++with_files;
        const double v = f->content.value[static_cast<std::size_t>(m)];
        if (!std::isnan(v)) days.push_back(v);
      }
      if (with_files == 0) continue;
      const int valid = static_cast<int>(days.size());
      if (valid >= min_valid_days(month)) {
        out.months.push_back({m, month, month_value(m, days), valid});
      } else {
        out.diagnostics.warning({}, 0, 0,
                                Text(msg::obs_month_left_out, std::string(display_name(m)), out.year,
                                     fmt::format("{:02}", month), valid, with_files, min_valid_days(month)));
      }
    }
  }
}

std::vector<std::string> distinct_stations(const std::vector<std::string>& stations) {
  std::vector<std::string> out;
  for (const std::string& s : stations) {
    const std::string code(trim(s));
    if (!code.empty() && std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  }
  return out;
}

// Every file's problems in file order; a station missing from headers is
// said once, at the first file that lacks it, with the number of others.
void collect_diagnostics(const std::vector<DayFile>& files, const std::vector<std::string>& stations, ObservedMonths& out) {
  std::vector<int> lacking(stations.size(), 0);
  for (const DayFile& f : files)
    for (const obs::MissingStation& m : f.content.missing) ++lacking[m.station];
  std::vector<bool> said(stations.size(), false);
  for (const DayFile& f : files) {
    out.diagnostics.append(f.before);
    for (const obs::MissingStation& m : f.content.missing) {
      if (said[m.station]) continue;
      said[m.station] = true;
      const int others = lacking[m.station] - 1;
      out.diagnostics.error(f.path, 1, 0,
                            others == 0 ? Text(msg::obs_station_missing, stations[m.station], m.did_you_mean)
                                        : Text(msg::obs_station_missing_more, stations[m.station], m.did_you_mean, others));
    }
    out.diagnostics.append(f.content.diagnostics);
    out.files += f.read ? 1 : 0;
  }
}

}  // namespace

ObservedMonths import_observations(const ObservationRequest& request) {
  ObservedMonths out;
  const std::vector<std::string> stations = distinct_stations(request.stations);
  if (stations.empty()) out.diagnostics.error({}, 0, 0, Text(msg::obs_no_stations));
  std::vector<DayFile> files;
  for (const std::string& input : request.inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      expand_directory(input, files, out.diagnostics);
    } else {
      files.push_back({input, {}, 0, 0, 0, false, {}, {}});
    }
  }
  if (files.empty() && !out.diagnostics.has_errors()) out.diagnostics.error({}, 0, 0, Text(msg::obs_no_files));
  check_names(files, out.year);
  if (!stations.empty()) read_files(files, stations, request.threads);
  collect_diagnostics(files, stations, out);
  if (out.diagnostics.has_errors()) return out;
  make_months(files, out);
  return out;
}

std::string observations_to_csv(const std::vector<ObservedMonth>& months) {
  std::string out = "metric,month,value,valid_days\n";
  for (const ObservedMonth& m : months) {
    const int decimals = m.metric == Metric::co ? 3 : 2;
    out += fmt::format("{},{},{:.{}f},{}\n", name(m.metric), m.month, round_half_even(m.value, decimals), decimals,
                       m.valid_days);
  }
  return out;
}

}  // namespace aqplan
