// aqplan import-observations: day files of the national real-time archive,
// written here with values chosen so that every daily and monthly value
// follows by hand (model.md §9, HJ 663), and every error of the format
// pointed at its place.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "aqplan/import/observations.h"
#include "import/station_day.h"
#include "test_util.h"

namespace aqplan {
namespace {

const std::vector<std::string> kTypes = {"AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2",
                                         "NO2_24h", "O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h"};
// Chosen: A and B; C is in every header and never read.
const std::vector<std::string> kCodes = {"1001A", "1002A", "1003A"};
constexpr int kA = 0, kB = 1, kC = 2;

// The cell of station `s`, row type `type`, `hour` of day `d` of `month`.
using Cell = std::function<std::string(int month, int d, const std::string& type, int hour, int s)>;

// The line of (hour, type) in a day file: the header is line 1.
int line_of(int hour, const std::string& type) {
  return 2 + hour * 15 + static_cast<int>(std::find(kTypes.begin(), kTypes.end(), type) - kTypes.begin());
}

std::string date_of(int month, int d) { return fmt::format("2023{:02}{:02}", month, d); }

std::string day_file(int month, int d, const Cell& cell) {
  std::string out = fmt::format("date,hour,type,{},{},{}\n", kCodes[0], kCodes[1], kCodes[2]);
  for (int hour = 0; hour < 24; ++hour)
    for (const std::string& type : kTypes) {
      out += fmt::format("{},{},{}", date_of(month, d), hour, type);
      for (int s = 0; s < 3; ++s) out.append(",").append(cell(month, d, type, hour, s));
      out += "\n";
    }
  return out;
}

std::string file_name(int month, int d) { return "china_sites_" + date_of(month, d) + ".csv"; }

// Base of the hourly values of the four metrics with a mean (µg/m³).
double base_of(const std::string& type) {
  if (type == "SO2") return 10;
  if (type == "NO2") return 20;
  if (type == "PM10") return 50;
  return 30;  // PM2.5
}

// Hours missing for every type and station: January 5 hours 0–3 (20 valid
// hours: a valid day), January 6 hours 0–4 (19: not valid), January 7 hour
// 10 of station B only, February 1–3 hours 0–9; O3 alone: January 8 hours
// 6–9 (20 hours, 10 valid windows: no MDA8), January 9 hours 0–3 and 21–23
// (14 valid windows: an MDA8, of window 15–22).
bool missing(int month, int d, const std::string& type, int hour, int s) {
  if (month == 1 && d == 5 && hour < 4) return true;
  if (month == 1 && d == 6 && hour < 5) return true;
  if (month == 1 && d == 7 && hour == 10 && s == kB) return true;
  if (month == 2 && d <= 3 && hour < 10) return true;
  if (type == "O3" && month == 1 && d == 8 && hour >= 6 && hour <= 9) return true;
  if (type == "O3" && month == 1 && d == 9 && (hour < 4 || hour >= 21)) return true;
  return false;
}

// The hand-made archive: SO2, NO2, PM10, PM2.5 at A base + d + (±1 by
// hour's parity), at B 10 more (the area's hour: base + 5 + d ± 1); CO
// d/10 ± 0.05 at A and B (area d/10); O3 2d + hour at both. Station C and
// the types not read hold text that is not a number.
std::string archive_cell(int month, int d, const std::string& type, int hour, int s) {
  if (s == kC) return "n/a";
  if (type != "SO2" && type != "NO2" && type != "PM10" && type != "PM2.5" && type != "CO" && type != "O3") return "x";
  if (missing(month, d, type, hour, s)) return "";
  if (type == "CO") return fmt::format("{}", d / 10.0 + (s == kA ? 0.05 : -0.05));
  if (type == "O3") return fmt::format("{}", 2 * d + hour);
  return fmt::format("{}", base_of(type) + d + (s == kB ? 10 : 0) + (hour % 2 == 1 ? 1 : -1));
}

// January (31 days), February (28) and March 1–10 of 2023.
void write_archive(const test::TempDir& dir) {
  for (int d = 1; d <= 31; ++d) test::write_file(dir.file(file_name(1, d)), day_file(1, d, archive_cell));
  for (int d = 1; d <= 28; ++d) test::write_file(dir.file(file_name(2, d)), day_file(2, d, archive_cell));
  for (int d = 1; d <= 10; ++d) test::write_file(dir.file(file_name(3, d)), day_file(3, d, archive_cell));
}

ObservedMonths import_dir(const test::TempDir& dir, int threads = 0, std::vector<std::string> stations = {"1001A", "1002A"}) {
  ObservationRequest req;
  req.inputs = {dir.path().string()};
  req.stations = std::move(stations);
  req.threads = threads;
  return import_observations(req);
}

const ObservedMonth* find(const ObservedMonths& r, Metric m, int month) {
  for (const ObservedMonth& o : r.months)
    if (o.metric == m && o.month == month) return &o;
  return nullptr;
}

TEST(ObservationsDaily, TwentyHoursMakeADayAndFourteenWindowsAnMda8) {
  obs::Hours h{};
  for (int i = 0; i < 24; ++i) h[static_cast<std::size_t>(i)] = i;
  EXPECT_DOUBLE_EQ(obs::daily_mean(h), 11.5);
  EXPECT_DOUBLE_EQ(obs::daily_mda8(h), 19.5);  // hours 16–23
  for (int i = 0; i < 4; ++i) h[static_cast<std::size_t>(i)] = NAN;
  EXPECT_DOUBLE_EQ(obs::daily_mean(h), (4 + 23) / 2.0);  // 20 hours
  h[4] = NAN;
  EXPECT_TRUE(std::isnan(obs::daily_mean(h)));  // 19 hours
  // Hours 0–3 and 21–23 missing: windows 0, 1 and 16 have 5 hours or fewer,
  // 14 are left; the best is 15–22 with hours 15–20: 17.5.
  for (int i = 21; i < 24; ++i) h[static_cast<std::size_t>(i)] = NAN;
  h[4] = 4;
  EXPECT_DOUBLE_EQ(obs::daily_mda8(h), 17.5);
  h[20] = NAN;  // window 15 (15–22) now has 5 hours: 13 windows
  EXPECT_TRUE(std::isnan(obs::daily_mda8(h)));
}

TEST(Observations, MonthlyValuesFollowTheRulesByHand) {
  test::TempDir dir;
  write_archive(dir);
  const ObservedMonths r = import_dir(dir);
  ASSERT_FALSE(r.diagnostics.has_errors()) << r.diagnostics.to_string();
  EXPECT_EQ(r.year, 2023);
  EXPECT_EQ(r.files, 31 + 28 + 10);
  // January and February of every metric; March left out.
  ASSERT_EQ(r.months.size(), 12u);
  for (Metric m : {Metric::so2, Metric::no2, Metric::pm10, Metric::pm25}) {
    SCOPED_TRACE(std::string(name(m)));
    const double base = base_of(m == Metric::so2 ? "SO2" : m == Metric::no2 ? "NO2" : m == Metric::pm10 ? "PM10" : "PM2.5");
    // January: day 6 is not valid (19 hours); day 7's hour 10 is A's alone,
    // base + 7 − 1, the other 23 hours average base + 12 (+1 over −1 once
    // more, as hour 10 is even): (23·(base + 12) + 1 + base + 6)/24. The
    // other 29 days: base + 5 + d, Σd over 1..31 without 6 and 7 = 483.
    const double day7 = (23 * (base + 12) + 1 + base + 6) / 24;
    const ObservedMonth* jan = find(r, m, 1);
    ASSERT_NE(jan, nullptr);
    EXPECT_EQ(jan->valid_days, 30);
    EXPECT_NEAR(jan->value, (29 * (base + 5) + 483 + day7) / 30, 1e-9);
    // February: days 1–3 have 14 hours; 25 valid days (the least February
    // needs): base + 5 + (Σ 4..28 = 400)/25.
    const ObservedMonth* feb = find(r, m, 2);
    ASSERT_NE(feb, nullptr);
    EXPECT_EQ(feb->valid_days, 25);
    EXPECT_NEAR(feb->value, base + 5 + 16, 1e-9);
    EXPECT_EQ(find(r, m, 3), nullptr);
  }
  // CO, P95 of the daily means d/10. January: 30 days (not 6), k = 1 + 29·0.95
  // = 28.55, X(28) = 2.9 (day 29), X(29) = 3.0 → 2.955. February: days 4–28,
  // k = 1 + 24·0.95 = 23.8, X(23) = 2.6, X(24) = 2.7 → 2.68.
  ASSERT_NE(find(r, Metric::co, 1), nullptr);
  EXPECT_NEAR(find(r, Metric::co, 1)->value, 2.955, 1e-9);
  EXPECT_EQ(find(r, Metric::co, 1)->valid_days, 30);
  EXPECT_NEAR(find(r, Metric::co, 2)->value, 2.68, 1e-9);
  // O3, P90 of the daily MDA8: 2d + 19.5 (window 16–23), day 9 35.5 (window
  // 15–22), day 8 none; day 6 (hours 0–4 missing) keeps 14 windows. January:
  // 30 days, k = 1 + 29·0.9 = 27.1; sorted, days 1–7, 9, 10–31, so X(27) is
  // day 28 (75.5), X(28) day 29 (77.5) → 75.7. February: days 4–28, k = 22.6,
  // X(22) day 25 (69.5), X(23) day 26 (71.5) → 70.7.
  ASSERT_NE(find(r, Metric::o3, 1), nullptr);
  EXPECT_EQ(find(r, Metric::o3, 1)->valid_days, 30);
  EXPECT_NEAR(find(r, Metric::o3, 1)->value, 75.7, 1e-9);
  EXPECT_NEAR(find(r, Metric::o3, 2)->value, 70.7, 1e-9);
  // In metric order, then month.
  for (std::size_t i = 1; i < r.months.size(); ++i) {
    const auto& a = r.months[i - 1];
    const auto& b = r.months[i];
    EXPECT_TRUE(a.metric < b.metric || (a.metric == b.metric && a.month < b.month)) << i;
  }
}

TEST(Observations, AMonthWithTooFewValidDaysIsWarnedAndLeftOut) {
  test::TempDir dir;
  write_archive(dir);
  const ObservedMonths r = import_dir(dir);
  ASSERT_EQ(r.diagnostics.items().size(), 6u) << r.diagnostics.to_string();
  EXPECT_EQ(r.diagnostics.items()[0].to_string(),
            "warning: SO₂ 2023-03: 10 valid days of 10 days with files, fewer than the 27 a month needs (HJ 663); "
            "the month is left out");
  EXPECT_EQ(r.diagnostics.items()[5].to_string(Language::zh),
            "警告：PM₂.₅ 2023-03：有数据文件的 10 天中有效天数为 10 天，少于每月所需的 27 天（HJ 663）；该月不输出");
}

TEST(Observations, TheCsvRoundsHalfToEven) {
  test::TempDir dir;
  write_archive(dir);
  const std::string csv = observations_to_csv(import_dir(dir).months);
  // so2 January: (29·15 + 483 + (23·22 + 17)/24)/30 = 31.3263…
  EXPECT_EQ(csv.substr(0, csv.find('\n', csv.find('\n') + 1) + 1), "metric,month,value,valid_days\nso2,1,31.33,30\n");
  EXPECT_NE(csv.find("\nso2,2,31.00,25\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nco,1,2.955,30\nco,2,2.680,25\no3,1,75.70,30\no3,2,70.70,25\n"), std::string::npos) << csv;
  // Half-way values go to the even neighbour: 0.0125 → 0.012, 2.345 → 2.34.
  const std::string halves = observations_to_csv({{Metric::co, 4, 0.0125, 30}, {Metric::pm25, 4, 2.345, 30}});
  EXPECT_EQ(halves, "metric,month,value,valid_days\nco,4,0.012,30\npm25,4,2.34,30\n");
}

TEST(Observations, OneAndTwoThreadsGiveTheSameResult) {
  test::TempDir dir;
  write_archive(dir);
  const ObservedMonths one = import_dir(dir, 1), two = import_dir(dir, 2);
  ASSERT_EQ(one.months.size(), two.months.size());
  for (std::size_t i = 0; i < one.months.size(); ++i) {
    EXPECT_TRUE(test::same_bits(one.months[i].value, two.months[i].value)) << i;
    EXPECT_EQ(one.months[i].valid_days, two.months[i].valid_days);
  }
  EXPECT_EQ(one.diagnostics.to_string(), two.diagnostics.to_string());
  EXPECT_EQ(observations_to_csv(one.months), observations_to_csv(two.months));
}

TEST(Observations, TheHourIsTheMeanOfTheChosenStationsOnly) {
  // With A alone, SO2's hour is 10 + 5·0 + d ± 1: February's mean is 10 + 16.
  test::TempDir dir;
  write_archive(dir);
  const ObservedMonths r = import_dir(dir, 0, {"1001A"});
  ASSERT_FALSE(r.diagnostics.has_errors()) << r.diagnostics.to_string();
  ASSERT_NE(find(r, Metric::so2, 2), nullptr);
  EXPECT_NEAR(find(r, Metric::so2, 2)->value, 10 + 16, 1e-9);
}

TEST(Observations, ByteOrderMarkCrlfAndBlankLinesReadAsTheOriginal) {
  test::TempDir plain, windows;
  write_archive(plain);
  for (const auto& name : plain.entries()) {
    std::string text = "\xEF\xBB\xBF";
    for (char c : test::read_file(plain.file(name))) text += c == '\n' ? std::string("\r\n") : std::string(1, c);
    test::write_file(windows.file(name), text + "\r\n");
  }
  EXPECT_EQ(observations_to_csv(import_dir(windows).months), observations_to_csv(import_dir(plain).months));
  EXPECT_FALSE(import_dir(windows).diagnostics.has_errors());
}

// ---------------------------------------------------------------------------
// Errors: each at its place, nothing computed.

// One file of a good day (January 1) with `edit` applied to its text.
struct OneDay {
  test::TempDir dir;
  std::string path;
  explicit OneDay(const std::function<void(std::string&)>& edit, const std::string& name = file_name(1, 1)) {
    std::string text = day_file(1, 1, archive_cell);
    edit(text);
    path = dir.file(name);
    test::write_file(path, text);
  }
  ObservedMonths import(std::vector<std::string> stations = {"1001A", "1002A"}) const {
    ObservationRequest req;
    req.inputs = {path};
    req.stations = std::move(stations);
    return import_observations(req);
  }
};

// Replaces the whole line `line` (1-based) of `text`.
void set_line(std::string& text, int line, const std::string& with) {
  std::size_t begin = 0;
  for (int i = 1; i < line; ++i) begin = text.find('\n', begin) + 1;
  text.replace(begin, text.find('\n', begin) - begin, with);
}

std::string errors_of(const ObservedMonths& r) {
  EXPECT_TRUE(r.months.empty());
  return r.diagnostics.to_string();
}

TEST(ObservationsErrors, ATruncatedRowIsAnErrorAtItsEnd) {
  const int line = line_of(5, "SO2");
  OneDay day([&](std::string& t) { set_line(t, line, "20230101,5,SO2,12"); });
  EXPECT_EQ(errors_of(day.import()),
            fmt::format("{}:{}:18: the row has 4 cells, fewer than the 6 of the header (a truncated row)\n", day.path, line));
  // Also in a row that is not read (a file cut off in its last line).
  OneDay cut([](std::string& t) { t.resize(t.size() - 5); });
  EXPECT_NE(errors_of(cut.import()).find(fmt::format(":{}:", line_of(23, "CO_24h"))), std::string::npos);
}

TEST(ObservationsErrors, ARowWithMoreCellsIsAnErrorAtTheFirstExtra) {
  const int line = line_of(0, "AQI");
  OneDay day([&](std::string& t) { set_line(t, line, "20230101,0,AQI,1,2,3,4"); });
  EXPECT_EQ(errors_of(day.import()), fmt::format("{}:{}:22: the row has 7 cells, more than the 6 of the header\n", day.path, line));
}

TEST(ObservationsErrors, AStationNotInTheHeaderSaysWhichIsNear) {
  OneDay day([](std::string&) {});
  EXPECT_EQ(errors_of(day.import({"1001A", "1002B"})),
            day.path + ":1: station '1002B' is not in the header (did you mean '1002A'?)\n");
  EXPECT_EQ(errors_of(day.import({"9999Z"})), day.path + ":1: station '9999Z' is not in the header\n");
  // Said once for all the files that lack it, at the first.
  test::TempDir dir;
  write_archive(dir);
  EXPECT_EQ(errors_of(import_dir(dir, 0, {"1001A", "1002B"})),
            dir.file(file_name(1, 1)) +
                ":1: station '1002B' is not in the header (did you mean '1002A'?), nor in the headers of 68 other files\n");
}

TEST(ObservationsErrors, AStationTwiceInTheHeaderIsAnError) {
  OneDay day([](std::string& t) { set_line(t, 1, "date,hour,type,1001A,1002A,1001A"); });
  EXPECT_EQ(errors_of(day.import()), day.path + ":1: station '1001A' is in the header twice (columns 4 and 6)\n");
}

TEST(ObservationsErrors, ANonNumberInAChosenCellIsAnError) {
  const int line = line_of(3, "SO2");
  OneDay day([&](std::string& t) { set_line(t, line, "20230101,3,SO2,12,1x3,n/a"); });
  EXPECT_EQ(errors_of(day.import()),
            fmt::format("{}:{}:19: station '1002A', 'SO2' at hour 3: '1x3' is not a number\n", day.path, line));
  OneDay negative([&](std::string& t) { set_line(t, line, "20230101,3,SO2,-2,13,n/a"); });
  EXPECT_EQ(errors_of(negative.import()),
            fmt::format("{}:{}:16: station '1001A', 'SO2' at hour 3: -2 is negative\n", negative.path, line));
}

TEST(ObservationsErrors, AnHourOutsideTheDayIsAnError) {
  const int line = line_of(7, "PM10");
  OneDay day([&](std::string& t) { set_line(t, line, "20230101,24,PM10,1,2,3"); });
  EXPECT_EQ(errors_of(day.import()), fmt::format("{}:{}:10: hour '24' is not a whole number from 0 to 23\n", day.path, line));
}

TEST(ObservationsErrors, AnHourAndTypeGivenTwiceIsAnError) {
  const int line = line_of(7, "PM10");
  OneDay day([&](std::string& t) { set_line(t, line, "20230101,6,PM10,1,2,3"); });
  EXPECT_EQ(errors_of(day.import()), fmt::format("{}:{}:12: hour 6 of type 'PM10' is given twice (first on line {})\n",
                                                 day.path, line, line_of(6, "PM10")));
}

TEST(ObservationsErrors, ADateOtherThanTheFileNamesIsAnError) {
  const int line = line_of(2, "AQI");
  OneDay day([&](std::string& t) { set_line(t, line, "20230102,2,AQI,1,2,3"); });
  EXPECT_EQ(errors_of(day.import()), fmt::format("{}:{}:1: date '20230102' differs from the file name's 20230101\n", day.path, line));
}

TEST(ObservationsErrors, AFileNameThatIsNotADayIsAnError) {
  OneDay other([](std::string&) {}, "sites_20230101.csv");
  EXPECT_EQ(errors_of(other.import()),
            other.path + ": the file name is not china_sites_YYYYMMDD.csv (the day is read from it)\n");
  OneDay no_day([](std::string&) {}, "china_sites_20230230.csv");
  EXPECT_EQ(errors_of(no_day.import()), no_day.path + ": the file name's date 20230230 is not a day of the calendar\n");
}

TEST(ObservationsErrors, TwoFilesForOneDayAndTwoYearsAreErrors) {
  test::TempDir a, b;
  test::write_file(a.file(file_name(1, 1)), day_file(1, 1, archive_cell));
  test::write_file(b.file(file_name(1, 1)), day_file(1, 1, archive_cell));
  std::string next_year = day_file(1, 1, archive_cell);
  for (std::size_t at; (at = next_year.find("20230101")) != std::string::npos;) next_year.replace(at, 8, "20240101");
  test::write_file(b.file("china_sites_20240101.csv"), next_year);
  ObservationRequest req;
  req.inputs = {a.path().string(), b.path().string()};
  req.stations = {"1001A"};
  const ObservedMonths r = import_observations(req);
  const std::string first = a.file(file_name(1, 1));
  EXPECT_EQ(errors_of(r), b.file(file_name(1, 1)) + ": a second file for the day 20230101 (the first: " + first + ")\n" +
                              b.file("china_sites_20240101.csv") + ": a file of 2024, but " + first +
                              " is of 2023: the output holds months only, so import one year at a time\n");
}

TEST(ObservationsErrors, NoFilesIsAnError) {
  test::TempDir empty;
  ObservationRequest req;
  req.inputs = {empty.path().string()};
  req.stations = {"1001A"};
  EXPECT_EQ(errors_of(import_observations(req)),
            empty.path().string() + ": the directory holds no file named china_sites_*.csv\n");
  req.inputs = {};
  EXPECT_EQ(errors_of(import_observations(req)),
            "no station data files given (china_sites_YYYYMMDD.csv, or directories holding them)\n");
  req.inputs = {empty.file(file_name(1, 1))};
  EXPECT_EQ(errors_of(import_observations(req)), empty.file(file_name(1, 1)) + ": cannot read: No such file or directory\n");
}

TEST(ObservationsErrors, ABadHeaderStopsTheFile) {
  OneDay day([](std::string& t) { set_line(t, 1, "time,hour,type,1001A,1002A,1003A"); });
  EXPECT_EQ(errors_of(day.import()),
            day.path + ":1:1: the header begins 'time,hour,type,1001A,1002A,1003A'; expected 'date,hour,type' then station codes\n");
  OneDay empty([](std::string& t) { t.clear(); });
  EXPECT_EQ(errors_of(empty.import()), empty.path + ": the file is empty (expected the header 'date,hour,type' then station codes)\n");
}

TEST(ObservationsErrors, AFileStopsAfterTwentyErrors) {
  OneDay day([](std::string& t) {
    for (int hour = 0; hour < 24; ++hour) set_line(t, line_of(hour, "NO2"), fmt::format("20230101,{},NO2,x,1,2", hour));
  });
  const ObservedMonths r = day.import();
  ASSERT_EQ(r.diagnostics.items().size(), 21u);
  EXPECT_EQ(r.diagnostics.items().back().to_string(), day.path + ": more than 20 problems in this file; the rest of it is not checked");
}

// ---------------------------------------------------------------------------
// The command.

TEST(ObservationsCli, WritesTheCsvAndWarnsOfTheMonthsLeftOut) {
  test::TempDir dir, out;
  write_archive(dir);
  const auto r = test::run_cli({"import-observations", "--stations", "1001A,1002A", dir.path().string(), "-o", out.file("observed.csv"),
                                "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(out.file("observed.csv")), observations_to_csv(import_dir(dir).months));
  EXPECT_NE(r.err.find("warning: O₃ 2023-03: 10 valid days"), std::string::npos) << r.err;
  const auto zh = test::run_cli({"import-observations", "--stations", "1001A,1002A", dir.path().string(), "-o", out.file("zh.csv"),
                                 "--lang", "zh"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  test::expect_chinese(zh.err, {});
}

TEST(ObservationsCli, AnErrorExitsWithTwoAndWritesNothing) {
  test::TempDir dir, out;
  write_archive(dir);
  std::string text = day_file(2, 14, archive_cell);
  set_line(text, line_of(4, "CO"), "20230214,4,CO,0.5");
  test::write_file(dir.file(file_name(2, 14)), text);
  const auto r = test::run_cli({"import-observations", "--stations", "1001A,1002A", dir.path().string(), "-o", out.file("observed.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, fmt::format("{}:{}:18: the row has 4 cells, fewer than the 6 of the header (a truncated row)\n",
                               dir.file(file_name(2, 14)), line_of(4, "CO")));
  EXPECT_FALSE(std::filesystem::exists(out.file("observed.csv")));
  EXPECT_EQ(out.entries(), std::vector<std::string>{});
  const auto zh = test::run_cli({"import-observations", "--stations", "1001A,1002X", dir.path().string(), "-o", out.file("observed.csv"),
                                 "--lang", "zh"});
  EXPECT_EQ(zh.exit_code, 2);
  EXPECT_NE(zh.err.find(":1: 表头中没有站点“1002X”（是否应为“1002A”？）"), std::string::npos) << zh.err;
  test::expect_chinese(zh.err, {dir.path().string()});
  EXPECT_EQ(out.entries(), std::vector<std::string>{});
}

}  // namespace
}  // namespace aqplan
