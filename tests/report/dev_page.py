#!/usr/bin/env python3
"""A stand-in for `aqplan report`, for working on web/report.* without it.

Builds a page of the shape views/report_html.cpp writes (docs/report.md)
from the JSON of `aqplan run`, `schedule`, `rank` and `gap`, with placeholder
text for what the C++ view writes (verdict, tables, footer). The chart words
are read from src/base/messages/report_charts.def as report_labels.cpp does.
Fields the CLI may not give (observed months, the gap by sector) are filled
with stand-ins marked as such.

    tests/report/dev_page.py AQPLAN OUT.html [--lang zh|en] SCENARIO...
"""
import argparse
import html
import json
import pathlib
import re
import subprocess

SRC = pathlib.Path(__file__).resolve().parents[2]
METRICS = [("so2", "二氧化硫 SO₂", "SO₂", 0), ("no2", "二氧化氮 NO₂", "NO₂", 0),
           ("pm10", "可吸入颗粒物 PM₁₀", "PM₁₀", 0), ("co", "一氧化碳 CO", "CO", 1),
           ("o3", "臭氧 O₃", "O₃", 0), ("pm25", "细颗粒物 PM₂.₅", "PM₂.₅", 0)]


def cli(aqplan, *args):
    return json.loads(subprocess.run([aqplan, *args, "--format", "json"], check=True,
                                     capture_output=True, text=True, cwd=SRC).stdout)


def labels(lang):
    text = (SRC / "src/base/messages/report_charts.def").read_text()
    out = {}
    for m in re.finditer(r'AQPLAN_MSG\(report_chart_(\w+),\s*((?:"[^"]*"\s*)+),\s*((?:"[^"]*"\s*)+)\)', text):
        en = "".join(re.findall(r'"([^"]*)"', m.group(2)))
        zh = "".join(re.findall(r'"([^"]*)"', m.group(3)))
        out[m.group(1)] = zh if lang == "zh" else en
    return out


def by_sector(gap, at_risk):
    # Stand-in: the row's tonnes shared over the sectors in fixed proportions.
    out = []
    weights = [(i % 5) + 1 for i in range(len(gap["sectors"]))]
    for row in gap["rows"]:
        if row["metric"] not in at_risk or not row["reachable"] or row["met_already"]:
            continue
        for s, w in zip(gap["sectors"], weights):
            out.append({"metric": row["metric"], "direction": row["direction"], "sector": s,
                        "tonnes": {k: v * w / sum(weights) for k, v in row["tonnes"].items()}})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("aqplan")
    ap.add_argument("out")
    ap.add_argument("scenarios", nargs="+")
    ap.add_argument("--lang", default="zh")
    a = ap.parse_args()
    zh = a.lang == "zh"
    runs = []
    for i, s in enumerate(a.scenarios):
        r = cli(a.aqplan, "run", s, "--samples", "20000")
        r["label"] = f"[{chr(65 + i)}] {r['scenario']}"
        for row in r["monthly"] + r["annual"]:
            row.setdefault("observed", False)
        runs.append(r)
    ref = a.scenarios[0]
    risk = runs[0]["risk_below"]
    at_risk = [m for m, *_ in METRICS if next(x for x in runs[0]["annual"] if x["metric"] == m)["p_meet"] < risk]
    gap = cli(a.aqplan, "gap", ref, "--samples", "2000")
    gap["by_sector"] = by_sector(gap, at_risk)
    data = {"lang": a.lang, "labels": labels(a.lang), "risk_below": risk, "confidence": 0.8,
            "metrics": [{"key": k, "label": zl if zh else el, "unit": "mg/m³" if k == "co" else "µg/m³",
                         "decimals": d} for k, zl, el, d in METRICS],
            "at_risk": at_risk, "runs": runs, "schedule": cli(a.aqplan, "schedule", ref),
            "rank": cli(a.aqplan, "rank", ref, "--samples", "2000"), "gap": gap}
    p = []
    w = p.append
    w(f'<!DOCTYPE html><html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8"><title>DEV report</title>')
    w("<script>" + (SRC / "web/report-head.js").read_text() + "</script>")
    w("<style>" + (SRC / "web/report.css").read_text() + "</style></head>")
    w(f'<body data-lang="{a.lang}"><header><h1>DEV {html.escape(runs[0]["scenario"])}</h1>'
      '<p class="subtitle">development page (tests/report/dev_page.py)</p></header>')
    w('<section id="verdict"><h2>S1 verdict</h2>')
    for k, *_ in METRICS:
        pm = next(x for x in runs[0]["annual"] if x["metric"] == k)["p_meet"]
        w(f'<p class="verdict" data-metric="{k}">{k}: P(meet) of the year {round(100 * pm)}%</p>')
    w('<p class="verdict" data-metric="composite">composite</p></section>')
    w('<section id="fan"><h2>S2 fan</h2>' +
      "".join(f'<div class="chart" data-chart="fan" data-metric="{k}"></div>' for k, *_ in METRICS) + "</section>")
    w('<section id="heatmap"><h2>S3 heatmap</h2><div class="chart" data-chart="heatmap"></div></section>')
    w('<section id="gantt"><h2>S4 gantt</h2><div class="chart" data-chart="gantt"></div></section>')
    w('<section id="importance"><h2>S5 importance</h2>' +
      "".join(f'<div class="chart" data-chart="tornado" data-metric="{k}"></div>' for k in (at_risk or ["pm25"])) +
      '<div class="chart" data-chart="units"></div></section>')
    w('<section id="gap"><h2>S6 gap</h2><table class="gap"><tr><th>metric</th><th>cut</th></tr>' +
      "".join(f'<tr><td>{r["metric"]}</td><td>{r.get("cut", "–")}</td></tr>' for r in gap["rows"]) +
      '</table><div class="chart" data-chart="gap"></div></section>')
    if len(runs) > 1:
        w('<section id="compare"><h2>S7 compare</h2><table class="compare"><tr><td>…</td></tr></table>' +
          "".join(f'<div class="chart" data-chart="compare" data-metric="{k}"></div>' for k, *_ in METRICS) +
          "</section>")
    w('<footer id="inputs"><h2>S8 inputs</h2><table><tr><td>seed</td><td>1</td></tr></table>'
      '<p class="licence">Apache ECharts 5.6.0, Apache License 2.0, https://www.apache.org/licenses/LICENSE-2.0</p></footer>')
    w('<script type="application/json" id="aqplan-data">' + json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
      + "</script>")
    w("<script>" + (SRC / "web/node_modules/echarts/dist/echarts.min.js").read_text() + "</script>")
    w("<script>" + (SRC / "web/report.js").read_text() + "</script></body></html>")
    pathlib.Path(a.out).write_text("\n".join(p))


if __name__ == "__main__":
    main()
