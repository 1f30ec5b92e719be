#!/usr/bin/env python3
"""Reads a report's workbook (aqplan report --xlsx, views/report_view.h) back
the way a planner's Excel or WPS does, and checks it against the run results
of its scenarios (`aqplan run SCENARIO --format json` with the report's
samples and seed):

  - the sheets, named in the workbook's language, and 比较/Compare exactly
    when there are two or more scenarios;
  - every sheet name and column header in Chinese (zh) or with no Chinese
    (en), the cells in the language's font, the header rows frozen;
  - the monthly sheet: every metric × month, its base, target, mean, sd,
    quantiles and P(meet) equal to the first run's JSON, and the observed
    flag where the JSON says observed;
  - the summary's annual table and the comparison: p50 and P(meet) equal to
    each run's JSON;
  - the gap's tonnes by sector summing to each gap row's tonnes;
  - the charts (openpyxl drops them on load, so read from the zip): six line
    charts of seven series, each drawn from its metric's twelve rows of the
    monthly sheet, and one bar chart of one series.

Usage: check_workbook.py WORKBOOK.xlsx zh|en RUN.json [RUN.json ...]
       [--expect-observed]
Exit status 0 when every check passes; otherwise each failure on stderr.
"""
import json
import re
import sys
import zipfile

import openpyxl

TOL = 1e-9
SHEETS = {
    "zh": ["概要", "月度", "措施", "差距", "比较"],
    "en": ["Summary", "Monthly", "Measures", "Gap", "Compare"],
}
FONT = {"zh": "等线", "en": "Calibri"}
MONTHLY_FIELDS = ["base", "target", "mean", "sd", "p05", "p25", "p50", "p75", "p95", "p_meet"]
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def close(a, b):
    return isinstance(a, (int, float)) and abs(a - b) <= TOL * max(1.0, abs(b))


def header_row(ws, row):
    return [c.value for c in ws[row] if c.value is not None]


def check_language(wb, lang, header_rows):
    for ws in wb.worksheets:
        words = [ws.title] + [str(v) for v in header_row(ws, header_rows[ws.title])]
        for w in words:
            has = bool(CJK.search(w))
            check(has if lang == "zh" else not has, f"{ws.title}: '{w}' is not in the workbook's language ({lang})")
        check(ws.freeze_panes is not None, f"{ws.title}: no frozen header rows")
        font = ws.cell(row=header_rows[ws.title], column=1).font.name
        check(font == FONT[lang], f"{ws.title}: header font {font}, not {FONT[lang]}")


def check_monthly(ws, run, expect_observed):
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    rows = [r for r in rows if r[0] is not None]
    check(len(rows) == len(run["monthly"]) == 72, f"monthly: {len(rows)} rows, JSON {len(run['monthly'])}")
    observed = 0
    for cells, j in zip(rows, run["monthly"]):
        where = f"monthly {j['metric']} month {j['month']}"
        check(cells[1] == j["month"], f"{where}: month cell {cells[1]}")
        check(cells[2] == j["unit"], f"{where}: unit cell {cells[2]}, JSON {j['unit']}")
        for k, field in enumerate(MONTHLY_FIELDS):
            check(close(cells[3 + k], j[field]), f"{where}: {field} cell {cells[3 + k]}, JSON {j[field]}")
        check((cells[13] is not None) == bool(j["observed"]), f"{where}: observed cell {cells[13]!r}, JSON {j['observed']}")
        observed += bool(j["observed"])
    if expect_observed:
        check(observed > 0, "monthly: the run has no observed month")


def check_summary(ws, run, monthly):
    first_label = monthly.cell(row=2, column=1).value
    start = next((r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == first_label), None)
    if not check(start is not None, f"summary: no annual row for {first_label}"):
        return None
    for i, j in enumerate(run["annual"]):
        cells = [ws.cell(row=start + i, column=c).value for c in range(1, 9)]
        for k, field in enumerate(["base", "target", "p05", "p50", "p95", "p_meet"]):
            check(close(cells[2 + k], j[field]), f"summary {j['metric']}: {field} cell {cells[2 + k]}, JSON {j[field]}")
    ci = run["composite_index"]
    cells = [ws.cell(row=start + 6, column=c).value for c in range(1, 9)]
    for k, field in enumerate(["base", "target", "p05", "p50", "p95", "p_meet"]):
        check(close(cells[2 + k], ci[field]), f"summary composite: {field} cell {cells[2 + k]}, JSON {ci[field]}")
    return start - 1


def check_compare(ws, runs):
    for i, run in enumerate(runs):
        for m, j in enumerate(run["annual"]):
            p50 = ws.cell(row=2 + m, column=3 + 2 * i).value
            pm = ws.cell(row=2 + m, column=4 + 2 * i).value
            check(close(p50, j["p50"]), f"compare run {i} {j['metric']}: p50 cell {p50}, JSON {j['p50']}")
            check(close(pm, j["p_meet"]), f"compare run {i} {j['metric']}: P(meet) cell {pm}, JSON {j['p_meet']}")


def check_gap(ws):
    """The by-sector table (below the gap rows) sums, per row and species, to
    the row's tonnes."""
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    end = next(i for i, r in enumerate(rows) if r[0] is None)
    totals = {(r[0], r[1]): [v or 0 for v in r[5:12]] for r in rows[:end] if isinstance(r[3], (int, float))}
    sums = {}
    for r in rows[end + 3:]:
        if r[0] is None:
            continue
        check((r[0], r[1]) in totals, f"gap by sector: {r[0]} {r[1]} has no gap row with a cut")
        acc = sums.setdefault((r[0], r[1]), [0.0] * 7)
        for k in range(7):
            acc[k] += r[3 + k] or 0
    check(len(sums) > 0, "gap by sector: no row")
    for key, total in totals.items():
        got = sums.get(key, [0.0] * 7)
        for k in range(7):
            check(abs(got[k] - total[k]) <= 1e-6 * max(1.0, abs(total[k])),
                  f"gap {key[0]} {key[1]}: species {k} by sector sums to {got[k]}, the row says {total[k]}")


def check_charts(path, monthly_name):
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = {n: z.read(n).decode("utf-8") for n in charts}
    line = [n for n in charts if "<c:lineChart>" in xml[n]]
    bar = [n for n in charts if "<c:barChart>" in xml[n]]
    check(len(charts) == 7, f"charts: {len(charts)}, expected 7")
    check(len(line) == 6, f"line charts: {len(line)}, expected 6")
    check(len(bar) == 1, f"bar charts: {len(bar)}, expected 1")
    # Each line chart's series are drawn from its metric's twelve monthly rows.
    metric_rows = set()
    for n in line:
        check(xml[n].count("<c:ser>") == 7, f"{n}: {xml[n].count('<c:ser>')} series, expected 7")
        refs = re.findall(r"<c:f>([^<]*)</c:f>", xml[n])
        spans = {re.sub(r"^.*!", "", f).replace("$", "") for f in refs}
        rows = {re.sub(r"[A-Z]+", "", s) for s in spans}
        check(all(monthly_name in f for f in refs), f"{n}: a series not from the monthly sheet: {refs}")
        check(len(rows) == 1, f"{n}: series from different rows: {sorted(rows)}")
        metric_rows |= rows
    expected = {f"{2 + 12 * m}:{13 + 12 * m}" for m in range(6)}
    check(metric_rows == expected, f"line charts' rows {sorted(metric_rows)}, expected {sorted(expected)}")
    for n in bar:
        check(xml[n].count("<c:ser>") == 1, f"{n}: {xml[n].count('<c:ser>')} series, expected 1")


def main(argv):
    expect_observed = "--expect-observed" in argv
    args = [a for a in argv[1:] if a != "--expect-observed"]
    path, lang, run_files = args[0], args[1], args[2:]
    runs = [json.load(open(f, encoding="utf-8")) for f in run_files]
    wb = openpyxl.load_workbook(path)
    expected = SHEETS[lang][:5 if len(runs) >= 2 else 4]
    check(wb.sheetnames == expected, f"sheets {wb.sheetnames}, expected {expected}")
    if failures:
        return report()
    summary, monthly, measures, gap = (wb[n] for n in expected[:4])
    check_monthly(monthly, runs[0], expect_observed)
    annual_header = check_summary(summary, runs[0], monthly)
    headers = {summary.title: annual_header or 1, monthly.title: 1, measures.title: 1, gap.title: 2}
    if len(runs) >= 2:
        check_compare(wb[expected[4]], runs)
        headers[expected[4]] = 1
    check_gap(gap)
    check_language(wb, lang, headers)
    check_charts(path, monthly.title)
    return report()


def report():
    for f in failures:
        print("check_workbook: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
