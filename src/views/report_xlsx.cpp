// The report as an Excel workbook (views/report_view.h report_xlsx),
// written with libxlsxwriter: sheets 概要/Summary, 月度/Monthly,
// 措施/Measures, 差距/Gap and, for two or more scenarios, 比较/Compare;
// native charts (a line chart with bands per pollutant on the monthly sheet,
// a bar chart of measure importance on the measures sheet) that stay
// editable in Excel and WPS.
//
// Cells hold the values at full precision; number formats show them at the
// standard's reporting decimals (RunResult::decimals_of), probabilities as
// percentages. The font is 等线 (DengXian, Office's and WPS's Chinese UI
// font) in a Chinese workbook and Calibri in an English one. The document's
// creation time is fixed (1 January of the target year), so the same report
// gives the same bytes.
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/views/gap_view.h"
#include "aqplan/views/report_view.h"
#include "aqplan/views/view.h"
#include "base/messages.h"
#include "views/words.h"

namespace aqplan {

namespace {

constexpr const char* kSpeciesLabel[kSpeciesCount] = {"SO₂", "NOx", "CO", "VOC", "NH₃", "PM₁₀", "PM₂.₅"};
constexpr int kTopMeasures = 10;
constexpr double kFontSize = 11;

// A finished workbook's file, removed whatever happens.
class TempFile {
 public:
  TempFile() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) throw RunError(Text(msg::xlsx_cannot_write, system_error_text(ec)));
    path_ = dir / fmt::format("aqplan-report-{:08x}{:08x}-{}.xlsx", rd(), rd(), counter.fetch_add(1));
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return path_.string(); }
  std::string read() const {
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in) throw RunError(Text(msg::xlsx_cannot_write, path()));
    return out.str();
  }

 private:
  std::filesystem::path path_;
};

// The workbook being written: its formats, one per look, made once.
class Book {
 public:
  Book(const std::string& path, Language lang) : lang_(lang), wb_(workbook_new(path.c_str())) {
    if (wb_ == nullptr) throw RunError(Text(msg::xlsx_cannot_write, path));
  }
  ~Book() {
    if (wb_ != nullptr) lxw_workbook_free(wb_);
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  void close() {
    const lxw_error err = workbook_close(wb_);
    wb_ = nullptr;
    if (err != LXW_NO_ERROR) throw RunError(Text(msg::xlsx_cannot_write, lxw_strerror(err)));
  }
  lxw_workbook* get() const { return wb_; }
  Language lang() const { return lang_; }
  const char* font() const { return lang_ == Language::zh ? "等线" : "Calibri"; }
  std::string tr(const MessageDef& def) const { return Text(def).str(lang_); }
  template <class... A>
  std::string tr(const MessageDef& def, const A&... args) const {
    return Text(def, args...).str(lang_);
  }

  enum class Look { plain, header, title, wrap };
  // A cell format: `num` an Excel number format ("" general).
  lxw_format* format(const std::string& num = {}, Look look = Look::plain) {
    const std::string key = fmt::format("{}|{}", num, static_cast<int>(look));
    auto it = formats_.find(key);
    if (it != formats_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    format_set_font_name(f, font());
    format_set_font_size(f, look == Look::title ? kFontSize + 3 : kFontSize);
    if (!num.empty()) format_set_num_format(f, num.c_str());
    if (look == Look::header || look == Look::title) format_set_bold(f);
    if (look == Look::header) {
      format_set_text_wrap(f);
      format_set_bg_color(f, 0xDDEBF7);
      format_set_bottom(f, LXW_BORDER_THIN);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    if (look == Look::wrap) {
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    return formats_[key] = f;
  }
  lxw_format* decimals(int d) { return format(d <= 0 ? "0" : "0." + std::string(static_cast<std::size_t>(d), '0')); }
  lxw_format* delta(int d) {
    const std::string n = d <= 0 ? "0" : "0." + std::string(static_cast<std::size_t>(d), '0');
    return format(fmt::format("+{0};-{0};{0}", n));
  }
  lxw_format* percent() { return format("0.0%"); }
  lxw_format* delta_percent() { return format("+0.0%;-0.0%;0.0%"); }

 private:
  Language lang_;
  lxw_workbook* wb_;
  std::map<std::string, lxw_format*> formats_;
};

// One worksheet and the book it is in.
struct Sheet {
  Book& book;
  lxw_worksheet* ws;
  std::string name;

  void text(lxw_row_t row, lxw_col_t col, const std::string& s, lxw_format* f = nullptr) {
    worksheet_write_string(ws, row, col, s.c_str(), f != nullptr ? f : book.format());
  }
  // A number; a non-finite one (a slack of +infinity, a start that never
  // comes) as `otherwise`, since a cell cannot hold it.
  void number(lxw_row_t row, lxw_col_t col, double v, lxw_format* f, const std::string& otherwise = {}) {
    if (std::isfinite(v)) worksheet_write_number(ws, row, col, v, f);
    else if (!otherwise.empty()) text(row, col, otherwise);
  }
  void header(lxw_row_t row, const std::vector<std::string>& titles) {
    for (std::size_t c = 0; c < titles.size(); ++c)
      text(row, static_cast<lxw_col_t>(c), titles[c], book.format({}, Book::Look::header));
  }
  void widths(const std::vector<double>& w) {
    for (std::size_t c = 0; c < w.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w[c], nullptr);
  }
};

Sheet add_sheet(Book& book, const MessageDef& name) {
  std::string title = book.tr(name);
  lxw_worksheet* ws = workbook_add_worksheet(book.get(), title.c_str());
  if (ws == nullptr) throw RunError(Text(msg::xlsx_cannot_write, title));
  return Sheet{book, ws, std::move(title)};
}

// A text cut to at most `n` characters (code points), with "…" when cut.
std::string shorten(const std::string& s, std::size_t n) {
  const std::u32string u = to_u32(s);
  return u.size() <= n ? s : to_utf8(u.substr(0, n - 1)) + "…";
}

// The measure as a chart names it: its number and short title (the
// English title in an English workbook, when the dataset gives one).
std::string measure_label(const MeasureImpact& m, Language lang) {
  const std::string& title = lang == Language::en && !m.title_en.empty() ? m.title_en : m.text;
  return fmt::format("{} {}", m.id, shorten(title, lang == Language::zh ? 16 : 28));
}

const std::string& scenario_name(const RunResult& r, Language lang) {
  return views::pick(lang, r.scenario, r.scenario_zh);
}

lxw_chart_font chart_font(Book& book, double size, bool bold) {
  lxw_chart_font f{};
  f.name = const_cast<char*>(book.font());
  f.size = size;
  f.bold = bold ? LXW_TRUE : LXW_FALSE;
  return f;
}

void chart_titles(Book& book, lxw_chart* chart, const std::string& title, const std::string& x, const std::string& y) {
  lxw_chart_font title_font = chart_font(book, 12, true), axis_font = chart_font(book, 9, false);
  chart_title_set_name(chart, title.c_str());
  chart_title_set_name_font(chart, &title_font);
  if (!x.empty()) chart_axis_set_name(chart->x_axis, x.c_str());
  if (!y.empty()) chart_axis_set_name(chart->y_axis, y.c_str());
  chart_axis_set_name_font(chart->x_axis, &axis_font);
  chart_axis_set_name_font(chart->y_axis, &axis_font);
  chart_axis_set_num_font(chart->x_axis, &axis_font);
  chart_axis_set_num_font(chart->y_axis, &axis_font);
  chart_legend_set_font(chart, &axis_font);
  chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
}

// ---- 概要 / Summary ------------------------------------------------------

// One annual row: metric, unit, base, target, p05, p50, p95, P(meet).
void annual_row(Sheet& s, lxw_row_t row, const std::string& label, const std::string& unit_text, int d,
                const std::array<double, 6>& v) {
  s.text(row, 0, label);
  s.text(row, 1, unit_text);
  for (std::size_t i = 0; i < 5; ++i) s.number(row, static_cast<lxw_col_t>(2 + i), v[i], s.book.decimals(d));
  s.number(row, 7, v[5], s.book.percent());
}

lxw_row_t write_verdict(Sheet& s, const Report& r, lxw_row_t row) {
  s.text(row++, 0, s.book.tr(msg::xlsx_verdict), s.book.format({}, Book::Look::header));
  for (const std::string& paragraph : report_verdict(r, s.book.lang())) {
    worksheet_merge_range(s.ws, row, 0, row, 7, paragraph.c_str(), s.book.format({}, Book::Look::wrap));
    // The merged columns hold about 105 columns of text (a Chinese character
    // takes two); a little over 15 points a line.
    const double lines = std::ceil(static_cast<double>(display_width(paragraph)) / 100.0);
    worksheet_set_row(s.ws, row, 15.0 * std::max(1.0, lines) + 3, nullptr);
    ++row;
  }
  return row;
}

void write_summary(Book& book, const Report& r) {
  Sheet s = add_sheet(book, msg::xlsx_sheet_summary);
  const RunResult& res = r.result();
  const Language lang = book.lang();
  s.text(0, 0, book.tr(msg::xlsx_title, scenario_name(res, lang), views::pick(lang, res.dataset, res.dataset_zh),
                       res.year, res.samples, res.seed),
         book.format({}, Book::Look::title));
  lxw_row_t row = write_verdict(s, r, 2) + 1;
  s.text(row++, 0, book.tr(msg::xlsx_annual), book.format({}, Book::Look::title));
  s.header(row++, {book.tr(msg::xlsx_metric), book.tr(msg::xlsx_unit), book.tr(msg::xlsx_base),
                   book.tr(msg::xlsx_target), book.tr(msg::xlsx_p05), book.tr(msg::xlsx_p50),
                   book.tr(msg::xlsx_p95), book.tr(msg::xlsx_p_meet)});
  for (Metric m : kMetrics) {
    const ResultRow& a = res.annual_row(m);
    annual_row(s, row++, metric_label(m, lang), std::string(unit(m)), res.decimals_of(m),
               {a.base, a.target, a.s.p05, a.s.p50, a.s.p95, a.s.p_meet});
  }
  const CompositeSummary& c = res.composite;
  annual_row(s, row, book.tr(msg::xlsx_composite), "", res.composite_decimals,
             {c.base, c.target, c.p05, c.p50, c.p95, c.p_meet});
  s.widths({24, 9, 11, 11, 13, 13, 13, 11});
  worksheet_freeze_panes(s.ws, 1, 0);
}

// ---- 月度 / Monthly ------------------------------------------------------

// Columns of the monthly sheet.
enum MonthlyCol : lxw_col_t { mc_metric, mc_month, mc_unit, mc_base, mc_target, mc_mean, mc_sd, mc_p05, mc_p25,
                              mc_p50, mc_p75, mc_p95, mc_p_meet, mc_observed, mc_count };

void monthly_row(Sheet& s, lxw_row_t row, const RunResult& res, const ResultRow& x) {
  lxw_format* v = s.book.decimals(res.decimals_of(x.metric));
  s.text(row, mc_metric, metric_label(x.metric, s.book.lang()));
  worksheet_write_number(s.ws, row, mc_month, x.month, s.book.decimals(0));
  s.text(row, mc_unit, std::string(unit(x.metric)));
  s.number(row, mc_base, x.base, v);
  s.number(row, mc_target, x.target, v);
  const double values[] = {x.s.mean, x.s.sd, x.s.p05, x.s.p25, x.s.p50, x.s.p75, x.s.p95};
  for (std::size_t i = 0; i < 7; ++i) s.number(row, static_cast<lxw_col_t>(mc_mean + i), values[i], v);
  s.number(row, mc_p_meet, x.s.p_meet, s.book.percent());
  if (x.observed) s.text(row, mc_observed, s.book.tr(msg::xlsx_observed));
}

struct SeriesLook {
  MonthlyCol col;
  const MessageDef* name;
  lxw_color_t color;
  float width;
  std::uint8_t dash;
};

// The band chart of one metric, from its twelve rows (first_row..+11):
// p05 and p95 light, p25 and p75 darker, the median bold, the target red,
// the base year dashed grey.
void band_chart(Sheet& s, Metric m, lxw_row_t first_row, lxw_row_t at) {
  static const SeriesLook looks[] = {
      {mc_p05, &msg::xlsx_p05, 0x9DC3E6, 1.0F, LXW_CHART_LINE_DASH_SOLID},
      {mc_p25, &msg::xlsx_p25, 0x5B9BD5, 1.5F, LXW_CHART_LINE_DASH_SOLID},
      {mc_p50, &msg::xlsx_p50, 0x1F4E79, 2.5F, LXW_CHART_LINE_DASH_SOLID},
      {mc_p75, &msg::xlsx_p75, 0x5B9BD5, 1.5F, LXW_CHART_LINE_DASH_SOLID},
      {mc_p95, &msg::xlsx_p95, 0x9DC3E6, 1.0F, LXW_CHART_LINE_DASH_SOLID},
      {mc_target, &msg::xlsx_target, 0xC00000, 2.0F, LXW_CHART_LINE_DASH_SOLID},
      {mc_base, &msg::xlsx_chart_base, 0x7F7F7F, 1.5F, LXW_CHART_LINE_DASH_DASH},
  };
  lxw_chart* chart = workbook_add_chart(s.book.get(), LXW_CHART_LINE);
  const lxw_row_t last_row = first_row + kMonths - 1;
  for (const SeriesLook& look : looks) {
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, s.name.c_str(), first_row, mc_month, last_row, mc_month);
    chart_series_set_values(series, s.name.c_str(), first_row, look.col, last_row, look.col);
    const std::string name = s.book.tr(*look.name);
    chart_series_set_name(series, name.c_str());
    lxw_chart_line line{};
    line.color = look.color;
    line.width = look.width;
    line.dash_type = look.dash;
    chart_series_set_line(series, &line);
  }
  chart_titles(s.book, chart, s.book.tr(msg::xlsx_chart_title, metric_label(m, s.book.lang()), unit(m)),
               s.book.tr(msg::xlsx_month), std::string(unit(m)));
  lxw_chart_options opt{};
  opt.x_scale = 1.25;
  opt.y_scale = 1.25;
  worksheet_insert_chart_opt(s.ws, at, mc_count + 1, chart, &opt);
}

void write_monthly(Book& book, const Report& r) {
  Sheet s = add_sheet(book, msg::xlsx_sheet_monthly);
  const RunResult& res = r.result();
  s.header(0, {book.tr(msg::xlsx_metric), book.tr(msg::xlsx_month), book.tr(msg::xlsx_unit), book.tr(msg::xlsx_base),
               book.tr(msg::xlsx_target), book.tr(msg::xlsx_mean), book.tr(msg::xlsx_sd), book.tr(msg::xlsx_p05),
               book.tr(msg::xlsx_p25), book.tr(msg::xlsx_p50), book.tr(msg::xlsx_p75), book.tr(msg::xlsx_p95),
               book.tr(msg::xlsx_p_meet), book.tr(msg::xlsx_observed)});
  lxw_row_t row = 1;
  for (const ResultRow& x : res.monthly) monthly_row(s, row++, res, x);
  int i = 0;
  for (Metric m : kMetrics) {
    const auto first = static_cast<lxw_row_t>(1 + static_cast<int>(m) * kMonths);
    band_chart(s, m, first, static_cast<lxw_row_t>(1 + 23 * i++));
  }
  s.widths({24, 7, 8, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 8});
  worksheet_freeze_panes(s.ws, 1, 2);
}

// ---- 措施 / Measures -----------------------------------------------------

constexpr lxw_col_t kScheduleCols = 9;

void schedule_cells(Sheet& s, lxw_row_t row, const ScheduleRow& x) {
  Book& b = s.book;
  lxw_format* months = b.decimals(1);
  worksheet_write_number(s.ws, row, 0, x.id, b.decimals(0));
  s.text(row, 1, x.text, b.format({}, Book::Look::wrap));
  s.text(row, 2, join(x.lead_units, b.lang() == Language::zh ? "、" : ", "), b.format({}, Book::Look::wrap));
  s.text(row, 3, x.planned, b.format({}, Book::Look::wrap));
  s.number(row, 4, x.start, months, b.tr(msg::xlsx_never));
  s.number(row, 5, x.slipped_start, months, b.tr(msg::xlsx_never));
  s.number(row, 6, x.slack, months);
  if (x.critical) s.text(row, 7, b.tr(msg::xlsx_yes));
  if (x.enabling) s.text(row, 8, b.tr(msg::xlsx_yes));
}

void importance_cells(Sheet& s, lxw_row_t row, const RunResult& res, const MeasureImpact& m) {
  for (Metric p : kMetrics) {
    const auto i = static_cast<std::size_t>(p);
    const auto col = static_cast<lxw_col_t>(kScheduleCols + 4 * i);
    lxw_format* d = s.book.delta(res.decimals_of(p) + 1);
    s.number(row, col, m.removed_mean[i], d);
    s.number(row, col + 1, m.removed_p_meet[i], s.book.delta_percent());
    s.number(row, col + 2, m.slip_mean[i], d);
    s.number(row, col + 3, m.slip_p_meet[i], s.book.delta_percent());
  }
}

std::vector<std::string> measures_header(const Book& b) {
  std::vector<std::string> h = {b.tr(msg::xlsx_id),      b.tr(msg::xlsx_measure),       b.tr(msg::xlsx_lead_units),
                                b.tr(msg::xlsx_planned), b.tr(msg::xlsx_start),         b.tr(msg::xlsx_slipped_start),
                                b.tr(msg::xlsx_slack),   b.tr(msg::xlsx_critical),      b.tr(msg::xlsx_enabling)};
  for (Metric p : kMetrics) {
    const std::string label = metric_label(p, b.lang());
    for (const MessageDef* def : {&msg::xlsx_removed_mean, &msg::xlsx_removed_p_meet, &msg::xlsx_slip_mean,
                                  &msg::xlsx_slip_p_meet})
      h.push_back(b.tr(*def, label));
  }
  return h;
}

// Below the table: the top measures by the removal change of the rank's
// metric, and their bar chart beside them.
void importance_chart(Sheet& s, const Report& r, lxw_row_t row) {
  const RankResult& rank = r.rank;
  const auto mi = static_cast<std::size_t>(rank.metric);
  const std::size_t n = std::min<std::size_t>(kTopMeasures, rank.measures.size());
  const std::string title =
      s.book.tr(msg::xlsx_top_measures, n, metric_label(rank.metric, s.book.lang()), unit(rank.metric));
  s.text(row++, 0, title, s.book.format({}, Book::Look::title));
  s.header(row++, {s.book.tr(msg::xlsx_id), s.book.tr(msg::xlsx_measure),
                   s.book.tr(msg::xlsx_removed_mean, metric_label(rank.metric, s.book.lang()))});
  const lxw_row_t first = row;
  for (std::size_t i = 0; i < n; ++i, ++row) {
    const MeasureImpact& m = rank.measures[i];
    worksheet_write_number(s.ws, row, 0, m.id, s.book.decimals(0));
    s.text(row, 1, measure_label(m, s.book.lang()));
    s.number(row, 2, m.removed_mean[mi], s.book.delta(r.result().decimals_of(rank.metric) + 1));
  }
  if (n == 0) return;
  lxw_chart* chart = workbook_add_chart(s.book.get(), LXW_CHART_BAR);
  lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
  chart_series_set_categories(series, s.name.c_str(), first, 1, row - 1, 1);
  chart_series_set_values(series, s.name.c_str(), first, 2, row - 1, 2);
  const std::string series_name = s.book.tr(msg::xlsx_removed_mean, metric_label(rank.metric, s.book.lang()));
  chart_series_set_name(series, series_name.c_str());
  chart_titles(s.book, chart, title, std::string(unit(rank.metric)), {});
  chart_axis_set_reverse(chart->y_axis);  // the largest change on top, as in the table
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  lxw_chart_options opt{};
  opt.x_scale = 1.5;
  opt.y_scale = 1.4;
  worksheet_insert_chart_opt(s.ws, first - 2, 3, chart, &opt);
}

void write_measures(Book& book, const Report& r) {
  Sheet s = add_sheet(book, msg::xlsx_sheet_measures);
  s.header(0, measures_header(book));
  std::map<int, const MeasureImpact*> impact;
  for (const MeasureImpact& m : r.rank.measures) impact[m.id] = &m;
  lxw_row_t row = 1;
  for (const ScheduleRow& x : r.scenarios.front().run.schedule.rows) {
    schedule_cells(s, row, x);
    if (auto it = impact.find(x.id); it != impact.end()) importance_cells(s, row, r.result(), *it->second);
    ++row;
  }
  std::vector<double> w = {6, 40, 22, 22, 10, 10, 10, 8, 8};
  w.resize(kScheduleCols + 4 * kMetricCount, 13);
  s.widths(w);
  worksheet_set_row(s.ws, 0, 60, nullptr);
  worksheet_freeze_panes(s.ws, 1, 2);
  importance_chart(s, r, row + 2);
}

// ---- 差距 / Gap ----------------------------------------------------------

void gap_row(Sheet& s, lxw_row_t row, const GapRow& g) {
  Book& b = s.book;
  s.text(row, 0, metric_label(g.metric, b.lang()));
  s.text(row, 1, direction_text(g.direction, b.lang()));
  s.number(row, 2, g.p_meet, b.percent());
  if (!g.met_already) {
    if (g.reachable) {
      s.number(row, 3, g.cut, b.percent());
      s.number(row, 4, g.p_meet_at_cut, b.percent());
    } else {
      s.text(row, 3, b.tr(msg::xlsx_not_reachable));
    }
  }
  for (std::size_t k = 0; k < kSpeciesCount; ++k)
    if (g.tonnes[k] != 0) s.number(row, static_cast<lxw_col_t>(5 + k), g.tonnes[k], b.format("#,##0.0"));
}

std::vector<std::string> species_header(const Book& b, std::vector<std::string> h) {
  for (const char* k : kSpeciesLabel) h.push_back(b.tr(msg::xlsx_tonnes_of, k));
  return h;
}

// Per gap row with a cut, what it removes from each sector.
void gap_by_sector(Sheet& s, const GapResult& g, lxw_row_t row) {
  Book& b = s.book;
  s.text(row++, 0, b.tr(msg::xlsx_by_sector), b.format({}, Book::Look::title));
  s.header(row++, species_header(b, {b.tr(msg::xlsx_metric), b.tr(msg::xlsx_direction), b.tr(msg::xlsx_sector)}));
  for (const GapRow& gr : g.rows) {
    if (gr.met_already || !gr.reachable || gr.cut <= 0) continue;
    for (std::size_t sec = 0; sec < g.sectors.size(); ++sec) {
      const auto t = sector_tonnes(g, gr, sec);
      double sum = 0;
      for (double v : t) sum += v;
      if (sum <= 0) continue;
      s.text(row, 0, metric_label(gr.metric, b.lang()));
      s.text(row, 1, direction_text(gr.direction, b.lang()));
      s.text(row, 2, g.sectors[sec]);
      for (std::size_t k = 0; k < kSpeciesCount; ++k)
        if (t[k] != 0) s.number(row, static_cast<lxw_col_t>(3 + k), t[k], b.format("#,##0.0"));
      ++row;
    }
  }
}

void write_gap(Book& book, const Report& r) {
  Sheet s = add_sheet(book, msg::xlsx_sheet_gap);
  s.text(0, 0, book.tr(msg::xlsx_gap_title, fmt::format("{:.0f}%", 100 * r.confidence)),
         book.format({}, Book::Look::title));
  s.header(1, species_header(book, {book.tr(msg::xlsx_metric), book.tr(msg::xlsx_direction),
                                    book.tr(msg::xlsx_p_meet_now), book.tr(msg::xlsx_cut),
                                    book.tr(msg::xlsx_p_meet_at_cut)}));
  lxw_row_t row = 2;
  for (const GapRow& g : r.gap.rows) gap_row(s, row++, g);
  gap_by_sector(s, r.gap, row + 1);
  std::vector<double> w = {24, 14, 12, 14, 12};
  w.resize(5 + kSpeciesCount, 14);
  s.widths(w);
  worksheet_freeze_panes(s.ws, 2, 0);
}

// ---- 比较 / Compare ------------------------------------------------------

void write_compare(Book& book, const Report& r) {
  Sheet s = add_sheet(book, msg::xlsx_sheet_compare);
  std::vector<std::string> h = {book.tr(msg::xlsx_metric), book.tr(msg::xlsx_unit)};
  for (const ScenarioReport& sc : r.scenarios) {
    const std::string& name = scenario_name(sc.run.result, book.lang());
    h.push_back(book.tr(msg::xlsx_scenario_p50, name));
    h.push_back(book.tr(msg::xlsx_scenario_p_meet, name));
  }
  s.header(0, h);
  lxw_row_t row = 1;
  for (Metric m : kMetrics) {
    s.text(row, 0, metric_label(m, book.lang()));
    s.text(row, 1, std::string(unit(m)));
    lxw_col_t col = 2;
    for (const ScenarioReport& sc : r.scenarios) {
      const ResultRow& a = sc.run.result.annual_row(m);
      s.number(row, col++, a.s.p50, book.decimals(sc.run.result.decimals_of(m)));
      s.number(row, col++, a.s.p_meet, book.percent());
    }
    ++row;
  }
  s.text(row, 0, book.tr(msg::xlsx_composite));
  lxw_col_t col = 2;
  for (const ScenarioReport& sc : r.scenarios) {
    s.number(row, col++, sc.run.result.composite.p50, book.decimals(sc.run.result.composite_decimals));
    s.number(row, col++, sc.run.result.composite.p_meet, book.percent());
  }
  std::vector<double> w = {24, 8};
  w.resize(h.size(), 18);
  s.widths(w);
  worksheet_set_row(s.ws, 0, 45, nullptr);
  worksheet_freeze_panes(s.ws, 1, 1);
}

// The document's properties, with a fixed creation time: 1 January of the
// target year, 00:00 UTC.
void set_properties(Book& book, const Report& r) {
  std::tm tm{};
  tm.tm_year = r.result().year - 1900;
  tm.tm_mday = 1;
  lxw_doc_properties p{};
  std::string title = book.tr(msg::xlsx_title, scenario_name(r.result(), book.lang()),
                              views::pick(book.lang(), r.result().dataset, r.result().dataset_zh), r.result().year,
                              r.samples, r.seed);
  p.title = title.data();
  p.created = timegm(&tm);
  workbook_set_properties(book.get(), &p);
}

}  // namespace

std::string report_xlsx(const Report& r, Language lang) {
  if (r.scenarios.empty()) throw std::invalid_argument("report_xlsx: a report without a scenario");
  TempFile file;
  {
    Book book(file.path(), lang);
    set_properties(book, r);
    write_summary(book, r);
    write_monthly(book, r);
    write_measures(book, r);
    write_gap(book, r);
    if (r.scenarios.size() >= 2) write_compare(book, r);
    book.close();
  }
  return file.read();
}

}  // namespace aqplan
