// One day file of the national real-time archive → the day's values
// (station_day.h). The file is read in one pass: each line is found with
// memchr, its cells are counted against the header, and only the rows of
// the six hourly types are parsed further, and of them only the chosen
// stations' cells, reached by counting commas a block at a time.
#include "import/station_day.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "aqplan/base/text.h"
#include "aqplan/import/observations.h"
#include "base/messages.h"

namespace aqplan::obs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Every type of row the archive writes; the hourly ones name a metric.
struct RowType {
  std::string_view name;
  int metric;  // static_cast<int>(Metric), or -1: a type not read
};
constexpr std::array<RowType, 15> kRowTypes{{
    {"AQI", -1},
    {"PM2.5", static_cast<int>(Metric::pm25)},
    {"PM2.5_24h", -1},
    {"PM10", static_cast<int>(Metric::pm10)},
    {"PM10_24h", -1},
    {"SO2", static_cast<int>(Metric::so2)},
    {"SO2_24h", -1},
    {"NO2", static_cast<int>(Metric::no2)},
    {"NO2_24h", -1},
    {"O3", static_cast<int>(Metric::o3)},
    {"O3_24h", -1},
    {"O3_8h", -1},
    {"O3_8h_24h", -1},
    {"CO", static_cast<int>(Metric::co)},
    {"CO_24h", -1},
}};

std::optional<int> row_type(std::string_view name) {
  for (std::size_t i = 0; i < kRowTypes.size(); ++i)
    if (kRowTypes[i].name == name) return static_cast<int>(i);
  return std::nullopt;
}

// The commas in the 64 bytes from p: counted in one byte per lane (64 fit),
// a loop compilers vectorise to compares, byte adds and one sum.
constexpr std::ptrdiff_t kBlock = 64;
unsigned block_commas(const char* p) {
  std::uint8_t n = 0;
  for (std::ptrdiff_t i = 0; i < kBlock; ++i) n = static_cast<std::uint8_t>(n + (p[i] == ',' ? 1 : 0));
  return n;
}

// The commas in [p, end): a block at a time, then the rest.
std::size_t count_commas(const char* p, const char* end) {
  std::size_t n = 0;
  for (; end - p >= kBlock; p += kBlock) n += block_commas(p);
  for (; p < end; ++p) n += *p == ',' ? 1u : 0u;
  return n;
}

// Just after the n-th comma (n ≥ 1) from p; the caller knows it is there.
const char* after_commas(const char* p, const char* end, std::size_t n) {
  for (; end - p >= kBlock; p += kBlock) {
    const unsigned block = block_commas(p);
    if (block >= n) break;
    n -= block;
  }
  for (; p < end; ++p)
    if (*p == ',' && --n == 0) return p + 1;
  return end;
}

const char* cell_end(const char* p, const char* end) {
  const void* comma = std::memchr(p, ',', static_cast<std::size_t>(end - p));
  return comma ? static_cast<const char*>(comma) : end;
}

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One row's place, for messages.
struct Line {
  const char* begin = nullptr;
  const char* end = nullptr;
  int number = 0;
  // The 1-based column (in characters) of the byte at `at`.
  int column(const char* at) const { return 1 + utf8_length(std::string_view(begin, static_cast<std::size_t>(at - begin))); }
  std::string_view text() const { return {begin, static_cast<std::size_t>(end - begin)}; }
};

class DayReader {
 public:
  DayReader(const std::string& file, std::string_view date, std::span<const std::string> stations)
      : file_(file), date_(date), stations_(stations), column_(stations.size(), 0), cell_(stations.size(), kNaN) {}

  StationDay read(std::string_view bytes);

 private:
  bool header(const Line& line);
  void find_stations(const Line& line, const std::vector<std::string_view>& codes);
  void row(const Line& line);
  bool row_cells(const Line& line);
  std::optional<int> row_hour(const Line& line, const char* begin, const char* end);
  void hourly_cells(const Line& line, const char* p, int metric, int hour, std::string_view type);
  void error(int line, int column, Text text);
  void finish(StationDay& day) const;

  const std::string& file_;
  std::string_view date_;
  std::span<const std::string> stations_;
  std::size_t header_commas_ = 0;
  std::vector<std::size_t> column_;  // per chosen station: its column in the header (0-based)
  std::vector<std::size_t> order_;   // the chosen stations the header has, by column
  std::vector<double> cell_;         // the current row's value per chosen station
  std::array<Hours, kMetricCount> sum_{};
  std::array<std::array<int, kHours>, kMetricCount> count_{};
  std::array<std::array<int, kHours>, kRowTypes.size()> seen_{};  // line of each (type, hour); 0 = not yet
  std::vector<MissingStation> missing_;
  bool date_reported_ = false;
  int errors_ = 0;
  bool stopped_ = false;
  Diagnostics diagnostics_;
};

void DayReader::error(int line, int column, Text text) {
  if (stopped_) return;
  if (errors_ == kMaxErrorsPerFile) {
    diagnostics_.error(file_, 0, 0, Text(msg::obs_too_many_errors, kMaxErrorsPerFile));
    stopped_ = true;
    return;
  }
  ++errors_;
  diagnostics_.error(file_, line, column, std::move(text));
}

StationDay DayReader::read(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);  // a byte-order mark
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  bool have_header = false;
  for (int number = 1; p < end && !stopped_; ++number) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    const char* line_end = nl ? static_cast<const char*>(nl) : end;
    Line line{p, line_end, number};
    if (line.end > line.begin && line.end[-1] == '\r') --line.end;
    p = nl ? line_end + 1 : end;
    if (!have_header) {
      have_header = true;
      if (!header(line)) break;
    } else if (line.end > line.begin) {
      row(line);
    }
  }
  if (!have_header && !stopped_) error(0, 0, Text(msg::obs_empty_file));
  StationDay day;
  finish(day);
  day.missing = std::move(missing_);
  day.diagnostics = std::move(diagnostics_);
  return day;
}

bool DayReader::header(const Line& line) {
  std::vector<std::string_view> codes;
  std::size_t at = 0;
  const std::string_view text = line.text();
  while (true) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    codes.push_back(trim_ascii(text.substr(at, comma - at)));
    if (comma == text.size()) break;
    at = comma + 1;
  }
  if (codes.size() < 4 || codes[0] != "date" || codes[1] != "hour" || codes[2] != "type") {
    error(line.number, 1, Text(msg::obs_header_start, std::string(text.substr(0, std::min<std::size_t>(text.size(), 40)))));
    return false;
  }
  header_commas_ = codes.size() - 1;
  find_stations(line, codes);
  return true;
}

void DayReader::find_stations(const Line& line, const std::vector<std::string_view>& codes) {
  for (std::size_t s = 0; s < stations_.size(); ++s) {
    const auto it = std::find(codes.begin() + 3, codes.end(), stations_[s]);
    if (it == codes.end()) {
      const std::vector<std::string> known(codes.begin() + 3, codes.end());
      missing_.push_back({s, did_you_mean_text(stations_[s], known)});
      continue;
    }
    const auto column = static_cast<std::size_t>(it - codes.begin());
    if (const auto again = std::find(it + 1, codes.end(), stations_[s]); again != codes.end()) {
      error(line.number, 0, Text(msg::obs_station_twice, stations_[s], column + 1, again - codes.begin() + 1));
      continue;
    }
    column_[s] = column;
    order_.push_back(s);
  }
  std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return column_[a] < column_[b]; });
}

// A row: its cells counted against the header, its date, hour and type
// checked, and the chosen stations' cells of an hourly type added to the
// hour's sums.
void DayReader::row(const Line& line) {
  if (!row_cells(line)) return;
  const char* date_end = cell_end(line.begin, line.end);
  const std::string_view date = trim_ascii({line.begin, static_cast<std::size_t>(date_end - line.begin)});
  if (date != date_ && !date_reported_) {
    error(line.number, 1, Text(msg::obs_date_differs, std::string(date), std::string(date_)));
    date_reported_ = true;
  }
  const char* hour_begin = date_end + 1;
  const char* hour_end = cell_end(hour_begin, line.end);
  const std::optional<int> hour = row_hour(line, hour_begin, hour_end);
  if (!hour) return;
  const char* type_begin = hour_end + 1;
  const char* type_end = cell_end(type_begin, line.end);
  const std::string_view type_name = trim_ascii({type_begin, static_cast<std::size_t>(type_end - type_begin)});
  const std::optional<int> type = row_type(type_name);
  if (!type) return;  // a type the archive may add later: not read
  int& seen = seen_[static_cast<std::size_t>(*type)][static_cast<std::size_t>(*hour)];
  if (seen != 0) {
    error(line.number, line.column(type_begin), Text(msg::obs_row_twice, *hour, std::string(type_name), seen));
    return;
  }
  seen = line.number;
  const int metric = kRowTypes[static_cast<std::size_t>(*type)].metric;
  if (metric >= 0) hourly_cells(line, type_end + 1, metric, *hour, type_name);
}

// False (with an error) when the row has more or fewer cells than the header.
bool DayReader::row_cells(const Line& line) {
  const std::size_t commas = count_commas(line.begin, line.end);
  if (commas == header_commas_) return true;
  const std::size_t cells = commas + 1, expected = header_commas_ + 1;
  if (commas < header_commas_) {
    error(line.number, line.column(line.end), Text(msg::obs_row_short, cells, expected));
  } else {
    const char* extra = after_commas(line.begin, line.end, header_commas_ + 1);
    error(line.number, line.column(extra), Text(msg::obs_row_long, cells, expected));
  }
  return false;
}

std::optional<int> DayReader::row_hour(const Line& line, const char* begin, const char* end) {
  const std::string_view text = trim_ascii({begin, static_cast<std::size_t>(end - begin)});
  int hour = -1;
  const auto [stop, ec] = std::from_chars(text.data(), text.data() + text.size(), hour);
  if (text.empty() || ec != std::errc() || stop != text.data() + text.size() || hour < 0 || hour >= kHours) {
    error(line.number, line.column(begin), Text(msg::obs_hour_out_of_range, std::string(text)));
    return std::nullopt;
  }
  return hour;
}

// The chosen stations' cells of one hourly row, from `p` (the first
// station's column), into the hour's sum and count in the stations' order.
void DayReader::hourly_cells(const Line& line, const char* p, int metric, int hour, std::string_view type) {
  std::size_t column = 3;
  bool ok = true;
  for (std::size_t s : order_) {
    if (column_[s] > column) p = after_commas(p, line.end, column_[s] - column);
    column = column_[s];
    const char* q = cell_end(p, line.end);
    const std::string_view text = trim_ascii({p, static_cast<std::size_t>(q - p)});
    double v = kNaN;
    if (!text.empty()) {
      const auto [stop, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || stop != text.data() + text.size() || !std::isfinite(v)) {
        error(line.number, line.column(p), Text(msg::obs_not_a_number, stations_[s], std::string(type), hour, std::string(text)));
        ok = false;
      } else if (v < 0.0) {
        error(line.number, line.column(p), Text(msg::obs_negative, stations_[s], std::string(type), hour, std::string(text)));
        ok = false;
      }
    }
    cell_[s] = v;
  }
  if (!ok) return;
  auto& sum = sum_[static_cast<std::size_t>(metric)][static_cast<std::size_t>(hour)];
  auto& count = count_[static_cast<std::size_t>(metric)][static_cast<std::size_t>(hour)];
  for (std::size_t s = 0; s < stations_.size(); ++s) {
    if (std::isnan(cell_[s])) continue;
    sum += cell_[s];
    ++count;
  }
}

void DayReader::finish(StationDay& day) const {
  for (Metric m : kMetrics) {
    const auto i = static_cast<std::size_t>(m);
    Hours area{};
    for (std::size_t h = 0; h < kHours; ++h) area[h] = count_[i][h] > 0 ? sum_[i][h] / count_[i][h] : kNaN;
    day.value[i] = m == Metric::o3 ? daily_mda8(area) : daily_mean(area);
  }
}

}  // namespace

double daily_mean(const Hours& hours) {
  double sum = 0.0;
  int valid = 0;
  for (double v : hours) {
    if (std::isnan(v)) continue;
    sum += v;
    ++valid;
  }
  return valid >= kMinValidHours ? sum / valid : kNaN;
}

double daily_mda8(const Hours& hours) {
  int windows = 0;
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t first = 0; first < kWindows; ++first) {
    double sum = 0.0;
    int valid = 0;
    for (std::size_t h = first; h < first + 8; ++h) {
      if (std::isnan(hours[h])) continue;
      sum += hours[h];
      ++valid;
    }
    if (valid < kMinWindowHours) continue;
    ++windows;
    best = std::max(best, sum / valid);
  }
  return windows >= kMinValidWindows ? best : kNaN;
}

StationDay read_station_day(std::string_view bytes, const std::string& file, std::string_view date,
                            std::span<const std::string> stations) {
  return DayReader(file, date, stations).read(bytes);
}

}  // namespace aqplan::obs
