#!/usr/bin/env python3
"""The report page as a planner sees it: opened offline in Debian's headless
Chromium, and printed to PDF (docs/report.md).

For each report (the bundled plan in Chinese and in English, the plan beside
its slipped variant, the year-to-date scenario with observed months) the
test reads the DOM Chromium rendered (--dump-dom) and asserts:
  - no script error was recorded (web/report-head.js: <body data-errors>,
    <pre id="aqplan-errors">) and report.js finished (<body data-ready="1">);
  - every chart is drawn: data-rendered="1", an <svg> inside, its words from
    the page's labels, and as many series as its kind draws for the page's
    own JSON block (the expectations below);
  - the charts present are those the data calls for (a fan per metric, a
    tornado per metric at risk, the comparison only with two scenarios);
  - each verdict states its metric's annual P(meet) from the JSON block, as
    a whole percent;
  - nothing is fetched: no http(s) src/href, no url() to the network.
The Chinese plan report is also printed to PDF: A4 pages, at least one a
section, and the section titles in order in the text.

    browser_test.py --aqplan AQPLAN --source SRC --chromium C --pdfinfo P --pdftotext T
    browser_test.py ... --html PAGE.html [--html ...]   (check ready pages instead)
"""
import argparse
import concurrent.futures
import html.parser
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

FAILURES = []


def check(ok, what):
    if not ok:
        FAILURES.append(what)
    return ok


class Page(html.parser.HTMLParser):
    """What the test reads from a page: body attributes, sections and their
    titles, charts (attributes, svg, text), verdicts, the JSON block, the
    error box and every src/href."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.body, self.sections, self.titles, self.charts, self.verdicts = {}, [], [], [], {}
        self.errors, self.data_text, self.links = None, "", []
        self._divs, self._in = [], None  # open divs (chart or None); what text is being collected
        self._verdict, self._h2, self._licence = None, None, 0
        self.feed(text)
        self.data = json.loads(self.data_text) if self.data_text else None

    def _chart(self):
        return next((c for c in reversed(self._divs) if c is not None), None)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            if k in a:
                self.links.append((tag, a[k], self._licence > 0))
        if tag == "body":
            self.body = a
        elif tag in ("section", "footer") and a.get("id"):
            self.sections.append(a["id"])
        elif tag == "h2":
            self._h2 = ""
        elif tag == "div":
            chart = None
            if "chart" in (a.get("class") or "").split():
                chart = {"attrs": a, "svg": 0, "text": ""}
                self.charts.append(chart)
            self._divs.append(chart)
        elif tag == "svg" and self._chart() is not None:
            self._chart()["svg"] += 1
        elif tag == "p" and "verdict" in (a.get("class") or "").split():
            self._verdict = a.get("data-metric", "")
            self.verdicts[self._verdict] = ""
        elif tag == "p" and "licence" in (a.get("class") or "").split():
            self._licence += 1
        elif tag == "pre" and a.get("id") == "aqplan-errors":
            self.errors, self._in = "", "errors"
        elif tag == "script" and a.get("id") == "aqplan-data":
            self._in = "data"

    def handle_endtag(self, tag):
        if tag == "div" and self._divs:
            self._divs.pop()
        elif tag == "p":
            self._verdict = None
            self._licence = max(0, self._licence - 1)
        elif tag == "h2" and self._h2 is not None:
            self.titles.append(self._h2.strip())
            self._h2 = None
        elif tag in ("pre", "script"):
            self._in = None

    def handle_data(self, d):
        if self._in == "errors":
            self.errors += d
        elif self._in == "data":
            self.data_text += d
        if self._verdict is not None:
            self.verdicts[self._verdict] += d
        if self._h2 is not None:
            self._h2 += d
        if self._chart() is not None:
            self._chart()["text"] += d


def expected_series(kind, metric, data):
    """How many series report.js draws for a chart, from the page's JSON."""
    if kind == "fan":  # two bands of two lines each, median, target, base year, the year's box
        observed = any(r["observed"] for r in data["runs"][0]["monthly"] if r["metric"] == metric)
        return 8 + (1 if observed else 0)  # and the observed months as points
    if kind == "compare":  # per run a band (two lines) and the median; the targets
        return 3 * len(data["runs"]) + 1
    if kind == "gap":  # per reachable gap row of a metric at risk: a bar series per species it cuts
        reachable = {(g["metric"], g["direction"]) for g in data["gap"]["rows"] if g["reachable"] and not g["met_already"]}
        groups = {}
        for r in data["gap"].get("by_sector", []):
            if r["metric"] not in data["at_risk"] or (r["metric"], r["direction"]) not in reachable:
                continue
            cut = groups.setdefault((r["metric"], r["direction"]), set())
            cut.update(sp for sp, t in r["tonnes"].items() if t > 0)
        return sum(len(s) for s in groups.values())
    # planned, in effect, with slips, critical path, dependencies, enabling
    return {"heatmap": 1, "gantt": 6, "tornado": 2, "units": 1}[kind]


def percent(p):
    return f"{math.floor(100 * p + 0.5)}%"  # C++ std::round: halves away from zero


def check_page(name, source, dom):
    """The checks on one rendered page (`source` is the HTML as written)."""
    page = Page(dom)
    written = Page(source)
    data = written.data
    if not check(data is not None, f"{name}: no JSON block id=aqplan-data"):
        return page
    n = len(FAILURES)
    check(page.body.get("data-errors", "0") == "0", f"{name}: {page.body.get('data-errors')} script error(s): {page.errors}")
    check(page.errors is not None and page.errors.strip() == "", f"{name}: #aqplan-errors: {page.errors!r}")
    check(page.body.get("data-ready") == "1", f"{name}: report.js did not finish (data-ready missing)")
    check(page.body.get("data-lang") == data["lang"], f"{name}: body data-lang {page.body.get('data-lang')}")
    check(page.body.get("data-charts") == str(len(page.charts)) == page.body.get("data-rendered"),
          f"{name}: charts {len(page.charts)}, body says {page.body.get('data-charts')} / {page.body.get('data-rendered')}")
    labels = data.get("labels", {})
    words = ("median", "target", "year", "months")
    if not check(all(labels.get(w) for w in words), f"{name}: the JSON block's labels lack {words}: {labels}"):
        labels = {w: "\0" for w in words}
    for c in page.charts:
        a = c["attrs"]
        what = f"{name}: chart {a.get('data-chart')} {a.get('data-metric', '')}"
        check(a.get("data-rendered") == "1", f"{what}: not rendered")
        check(c["svg"] >= 1, f"{what}: no <svg>")
        want = expected_series(a.get("data-chart"), a.get("data-metric"), data)
        check(a.get("data-series") == str(want), f"{what}: {a.get('data-series')} series, expected {want}")
        if a.get("data-chart") == "fan":
            for word in (labels["median"], labels["target"], labels["year"], labels["months"].split(",")[0]):
                check(word in c["text"], f"{what}: '{word}' not drawn")
    # The charts the data calls for.
    kinds = [(c["attrs"].get("data-chart"), c["attrs"].get("data-metric")) for c in page.charts]
    metrics = [m["key"] for m in data["metrics"]]
    check([m for k, m in kinds if k == "fan"] == metrics, f"{name}: fan charts {kinds}")
    check([m for k, m in kinds if k == "tornado"] == (data["at_risk"] or ["pm25"]), f"{name}: tornado charts {kinds}")
    for kind in ("heatmap", "gantt", "units", "gap"):
        check([k for k, _ in kinds].count(kind) == 1, f"{name}: {kind} charts {kinds}")
    several = len(data["runs"]) > 1
    check([m for k, m in kinds if k == "compare"] == (metrics if several else []), f"{name}: compare charts {kinds}")
    check(("compare" in page.sections) == several, f"{name}: sections {page.sections}")
    # Every reachable gap row of a metric at risk has its tonnes by sector.
    wanted = {(g["metric"], g["direction"]) for g in data["gap"]["rows"]
              if g["metric"] in data["at_risk"] and g["reachable"] and not g["met_already"]}
    got = {(r["metric"], r["direction"]) for r in data["gap"].get("by_sector", [])}
    check(wanted <= got, f"{name}: gap rows without tonnes by sector: {sorted(wanted - got)}")
    # The verdict states each year's P(meet).
    for r in data["runs"][0]["annual"]:
        text = page.verdicts.get(r["metric"])
        if check(text is not None, f"{name}: no verdict for {r['metric']}"):
            check(percent(r["p_meet"]) in text, f"{name}: verdict {r['metric']} lacks {percent(r['p_meet'])}: {text}")
    check("composite" in page.verdicts, f"{name}: no verdict for the composite index")
    # Nothing from the network.
    for p in (written, page):
        for tag, url, licence in p.links:
            check(not re.match(r"\s*(https?:)?//", url) or licence, f"{name}: <{tag}> fetches {url}")
    check(not re.search(r"url\(\s*['\"]?(https?:)?//", source), f"{name}: a CSS url() to the network")
    if len(FAILURES) == n:
        print(f"ok   {name}: {len(page.charts)} charts, sections {' '.join(page.sections)}")
    return page


def chromium(args, tool, url, profile, out=None):
    cmd = [tool, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
           f"--user-data-dir={profile}", "--virtual-time-budget=20000", *args, url]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    return r.stdout


def check_pdf(name, html_file, page, tools, tmp):
    n = len(FAILURES)
    pdf = os.path.join(tmp, "report.pdf")
    chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], tools.chromium, "file://" + html_file,
             os.path.join(tmp, "profile-pdf"))
    if not check(os.path.exists(pdf), f"{name}: no PDF printed"):
        return
    info = subprocess.run([tools.pdfinfo, pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s*(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s*([\d.]+) x ([\d.]+) pts", info, re.M)
    check(pages >= len(page.sections), f"{name}: PDF of {pages} pages for {len(page.sections)} sections")
    check(size and abs(float(size.group(1)) - 595) < 2 and abs(float(size.group(2)) - 842) < 2,
          f"{name}: PDF page size not A4 portrait: {size and size.group(0)}")
    text = re.sub(r"\s+", "", subprocess.run([tools.pdftotext, "-layout", pdf, "-"], capture_output=True,
                                             text=True).stdout)
    at = 0
    for title in page.titles:
        found = text.find(re.sub(r"\s+", "", title), at)
        if not check(found >= 0, f"{name}: PDF text lacks the title '{title}' (in order)"):
            break
        at = found
    if len(FAILURES) == n:
        print(f"ok   {name} PDF: {pages} A4 pages, {len(page.titles)} titles in order")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aqplan")
    ap.add_argument("--source", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "")
    ap.add_argument("--pdfinfo", default=shutil.which("pdfinfo") or "")
    ap.add_argument("--pdftotext", default=shutil.which("pdftotext") or "")
    ap.add_argument("--html", action="append", default=[], help="check this ready page instead of making reports")
    tools = ap.parse_args()
    for tool in ("chromium", "pdfinfo", "pdftotext"):
        path = getattr(tools, tool)
        if not path or path.endswith("NOTFOUND") or not os.access(path, os.X_OK):
            print(f"FAIL: {tool} not found; run scripts/install-deps.sh (Debian packages chromium, poppler-utils)")
            return 1
    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="aqplan-report-test-")
    try:
        if tools.html:
            pages = [(os.path.basename(h), os.path.abspath(h)) for h in tools.html]
        else:
            cases = [("plan-zh", ["scenarios/plan-2023.toml"], "zh"),
                     ("plan-en", ["scenarios/plan-2023.toml"], "en"),
                     ("plan+slip-zh", ["scenarios/plan-2023.toml", "scenarios/slip-2023.toml"], "zh"),
                     ("ytd-zh", ["scenarios/ytd-2023.toml"], "zh")]
            pages = []
            for name, scenarios, lang in cases:
                out = os.path.join(tmp, name + ".html")
                # Fewer samples than the default keep the four reports within seconds.
                r = subprocess.run([tools.aqplan, "report", *scenarios, "-o", out, "--samples", "4000",
                                    "--analysis-samples", "2000", "--lang", lang],
                                   cwd=tools.source, capture_output=True, text=True)
                if check(r.returncode == 0 and os.path.exists(out), f"{name}: aqplan report failed: {r.stderr}"):
                    pages.append((name, out))

        def render(item):
            name, path = item
            return chromium(["--dump-dom"], tools.chromium, "file://" + path, os.path.join(tmp, "profile-" + name))

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            doms = list(pool.map(render, pages))
        rendered = {}
        for (name, path), dom in zip(pages, doms):
            with open(path, encoding="utf-8") as f:
                rendered[name] = check_page(name, f.read(), dom)
            if name == "ytd-zh":  # observed months drawn as points
                fans = [c for c in rendered[name].charts if c["attrs"].get("data-chart") == "fan"]
                check(any(c["attrs"].get("data-series") == "9" for c in fans), "ytd-zh: no fan chart shows observed months")
        name, path = pages[0] if pages else (None, None)
        if name:
            check_pdf(name, path, rendered[name], tools, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in FAILURES:
        print("FAIL " + f)
    print(f"{len(FAILURES)} failure(s), {time.monotonic() - start:.1f} s")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
