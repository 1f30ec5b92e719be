// aqplan report: draws the page's charts with Apache ECharts from the JSON
// block script#aqplan-data (views/report_view.h report_data_json;
// docs/report.md, "Charts", says what each chart shows). Every word comes from
// data.labels (src/base/messages/report_charts.def), templates whose `{}`
// are filled in order; only numbers, units and species symbols are written
// here. Each .chart element names its kind in data-chart (and its metric in
// data-metric); once drawn it gets data-rendered="1" and data-series="n",
// and <body> gets data-ready="1", data-charts and data-rendered, which the
// browser test (tests/report/browser_test.py) reads.
// `?only=<section id>` shows that section alone (scripts/report-screenshots.sh).
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('aqplan-data').textContent);
  var L = data.labels;
  var MONTHS = L.months.split(',');
  var METRIC = {};
  data.metrics.forEach(function (m) { METRIC[m.key] = m; });
  var REF = data.runs[0];
  var SPECIES = { so2: 'SO₂', nox: 'NOx', co: 'CO', voc: 'VOC', nh3: 'NH₃', pm10: 'PM₁₀', pm25: 'PM₂.₅' };
  var C = {
    band90: '#bcd3ea', band50: '#7fa9d4', median: '#1f4e8c', target: '#c0392b', base: '#444444',
    observed: '#111111', riskHigh: '#d9604f', risk: '#f2aea5', safe: '#a8d5a2', planned: '#555555', effect: '#4a7fb5',
    slip: '#f0b36b', critical: '#c0392b', enabling: '#2e8b57', arrow: '#888888'
  };
  var RUN_COLOURS = ['#1f4e8c', '#d9822b', '#2e8b57', '#8e44ad', '#c0392b', '#16a085'];
  var SPECIES_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1'];
  var FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

  // A template with `{}` filled by the arguments in order.
  function fmt(template) {
    var args = Array.prototype.slice.call(arguments, 1);
    var i = 0;
    return template.replace(/\{\}/g, function () { return String(args[i++]); });
  }
  function pct(p) { return Math.round(100 * p) + '%'; }
  function num(v, metric) {
    if (v === null || v === undefined) return '–';
    var d = metric && METRIC[metric] ? METRIC[metric].decimals : 1;
    return Number(v).toFixed(d);
  }
  // A change of a concentration: two more decimals than the metric's own.
  function delta(v, metric) { return Number(v).toFixed(METRIC[metric].decimals + 2); }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }
  function monthly(run, metric) {
    return run.monthly.filter(function (r) { return r.metric === metric; })
      .sort(function (a, b) { return a.month - b.month; });
  }
  function annual(run, metric) {
    return run.annual.filter(function (r) { return r.metric === metric; })[0];
  }
  function day(s) { return s ? Date.parse(s + 'T00:00:00Z') : null; }
  function dayText(t) { return new Date(t).toISOString().slice(0, 10); }
  function short(s, n) { return s.length > n ? s.slice(0, n) + '…' : s; }

  // What every chart shares: no animation, a save-as-image button, tooltips
  // kept inside the chart and hidden in print (report.css .aqplan-tooltip).
  function common(title) {
    return {
      animation: false,
      textStyle: { fontFamily: FONT },
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 'bold', fontFamily: FONT } },
      toolbox: { right: 4, top: 0, itemSize: 14, feature: { saveAsImage: { pixelRatio: 2 } } },
      tooltip: { confine: true, className: 'aqplan-tooltip', textStyle: { fontSize: 12, fontFamily: FONT },
                 extraCssText: 'max-width: 380px; white-space: normal;' }
    };
  }

  // The two lines of a band drawn as stacked areas: the lower edge (no
  // fill) and the band's width on top of it (filled); `edges` draws both
  // bounds as thin lines too.
  function band(name, stack, lower, upper, colour, opts) {
    opts = opts || {};
    var line = { color: colour, width: 1, opacity: opts.edges ? 0.8 : 0 };
    var edge = { type: 'line', stack: stack, symbol: 'none', lineStyle: line, silent: true,
                 tooltip: { show: false }, data: lower, xAxisIndex: opts.axis || 0, yAxisIndex: opts.axis || 0,
                 name: opts.edgeName || name };
    var width = { type: 'line', stack: stack, symbol: 'none', lineStyle: line, name: name,
                  areaStyle: { color: colour, opacity: opts.opacity || 1 }, itemStyle: { color: colour },
                  xAxisIndex: opts.axis || 0, yAxisIndex: opts.axis || 0,
                  data: upper.map(function (u, i) { return u === null ? null : u - lower[i]; }) };
    return [edge, width];
  }

  function fanTooltip(metric, rows) {
    return function (params) {
      var r = rows[params[0].dataIndex];
      if (!r) return '';
      var lines = ['<b>' + esc(MONTHS[r.month - 1]) + '</b>'];
      if (r.observed) lines.push(esc(L.observed) + ': ' + num(r.p50, metric));
      else {
        lines.push(esc(L.median) + ': ' + num(r.p50, metric));
        lines.push(esc(L.band50) + ': ' + num(r.p25, metric) + '–' + num(r.p75, metric));
        lines.push(esc(L.band90) + ': ' + num(r.p05, metric) + '–' + num(r.p95, metric));
      }
      lines.push(esc(L.target) + ': ' + num(r.target, metric));
      lines.push(esc(L.base) + ': ' + num(r.base, metric));
      lines.push(esc(L.p_meet) + ': ' + pct(r.p_meet));
      return lines.join('<br>');
    };
  }

  // Fan chart: the months (left) and the year (right, its own scale).
  function fan(el) {
    var metric = el.dataset.metric, m = METRIC[metric];
    var rows = monthly(REF, metric), year = annual(REF, metric);
    var pick = function (k) { return rows.map(function (r) { return r[k]; }); };
    var o = common(m.label);
    var axisName = fmt(L.concentration, m.unit);
    o.grid = [{ left: 52, right: 130, top: 72, bottom: 28 }, { right: 16, width: 72, top: 72, bottom: 28 }];
    o.xAxis = [{ type: 'category', data: MONTHS, gridIndex: 0, boundaryGap: false },
               { type: 'category', data: [L.year], gridIndex: 1 }];
    o.yAxis = [{ type: 'value', gridIndex: 0, name: axisName, nameGap: 10, nameTextStyle: { align: 'left' }, min: 0 },
               { type: 'value', gridIndex: 1, min: 0 }];
    o.tooltip.trigger = 'axis';
    o.tooltip.formatter = fanTooltip(metric, rows);
    var s = [].concat(band(L.band90, 'b90', pick('p05'), pick('p95'), C.band90, { edgeName: '_p05' }),
                      band(L.band50, 'b50', pick('p25'), pick('p75'), C.band50, { edgeName: '_p25' }));
    s.push({ type: 'line', name: L.median, data: pick('p50'), symbol: 'none', lineStyle: { color: C.median, width: 2 },
             itemStyle: { color: C.median } });
    s.push({ type: 'line', name: L.target, data: pick('target'), step: 'middle', symbol: 'none',
             lineStyle: { color: C.target, width: 2 }, itemStyle: { color: C.target } });
    s.push({ type: 'line', name: L.base, data: pick('base'), symbol: 'none',
             lineStyle: { color: C.base, type: 'dashed', width: 1.5 }, itemStyle: { color: C.base } });
    var observed = rows.filter(function (r) { return r.observed; });
    if (observed.length) {
      s.push({ type: 'scatter', name: L.observed, symbolSize: 8, itemStyle: { color: C.observed },
               data: observed.map(function (r) { return [r.month - 1, r.p50]; }) });
    }
    s.push(yearBox(metric, year));
    o.series = s;
    o.legend = { top: 22, left: 0, itemWidth: 18, itemHeight: 10, textStyle: { fontSize: 11 },
                 data: s.filter(function (x) { return x.name && x.name.charAt(0) !== '_' && x.type !== 'boxplot'; })
                   .map(function (x) { return x.name; }) };
    return o;
  }

  // The year's distribution as a box (P5, P25, median, P75, P95) with the
  // annual target and base year as lines.
  function yearBox(metric, y) {
    return {
      type: 'boxplot', name: L.year, xAxisIndex: 1, yAxisIndex: 1, boxWidth: [18, 30],
      itemStyle: { color: C.band50, borderColor: C.median },
      data: [[y.p05, y.p25, y.p50, y.p75, y.p95]],
      tooltip: { formatter: function () {
        return '<b>' + esc(L.year) + '</b><br>' + esc(L.median) + ': ' + num(y.p50, metric) + '<br>' +
          esc(L.band90) + ': ' + num(y.p05, metric) + '–' + num(y.p95, metric) + '<br>' +
          esc(L.target) + ': ' + num(y.target, metric) + '<br>' + esc(L.base) + ': ' + num(y.base, metric) +
          '<br>' + esc(L.p_meet) + ': ' + pct(y.p_meet);
      } },
      markLine: { symbol: 'none', silent: true, label: { show: false }, data: [
        { yAxis: y.target, lineStyle: { color: C.target, width: 2, type: 'solid' } },
        { yAxis: y.base, lineStyle: { color: C.base, width: 1.5, type: 'dashed' } }] }
    };
  }

  // P(meet) of every month and the year, per pollutant; the cells below
  // the risk threshold in red.
  function heatmap() {
    var keys = data.metrics.map(function (m) { return m.key; });
    var cells = [];
    keys.forEach(function (k, y) {
      monthly(REF, k).forEach(function (r) { cells.push([r.month - 1, y, r.p_meet]); });
      cells.push([12, y, annual(REF, k).p_meet]);
    });
    var o = common('');
    o.grid = { left: 120, right: 16, top: 30, bottom: 64 };
    o.xAxis = { type: 'category', data: MONTHS.concat([L.year]), splitArea: { show: false },
                axisLabel: { interval: 0, fontSize: 11 } };
    o.yAxis = { type: 'category', inverse: true, data: keys.map(function (k) { return METRIC[k].label; }),
                axisLabel: { fontSize: 11 } };
    // Below the threshold in red, darker below half of it; at or above in green.
    var risk = data.risk_below, low = risk / 2;
    o.visualMap = { type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 4, dimension: 2, pieces: [
      { min: 0, lt: low, label: fmt(L.at_risk_below, pct(low)), color: C.riskHigh },
      { gte: low, lt: risk, label: fmt(L.at_risk_range, pct(low), pct(risk)), color: C.risk },
      { gte: risk, max: 1, label: fmt(L.safe_from, pct(risk)), color: C.safe }] };
    o.tooltip.formatter = function (p) {
      return esc(METRIC[keys[p.value[1]]].label) + ' · ' + esc(o.xAxis.data[p.value[0]]) + '<br>' + esc(L.p_meet) +
        ': ' + pct(p.value[2]);
    };
    o.series = [{ type: 'heatmap', name: L.p_meet, data: cells, itemStyle: { borderColor: '#fff', borderWidth: 2 },
                  label: { show: true, fontSize: 11, formatter: function (p) { return Math.round(100 * p.value[2]); } } }];
    return o;
  }

  // A bar from start to end on row `y` of a custom series.
  function barItem(start, end, yIndex, height, offset, style) {
    return function (params, api) {
      var a = api.coord([start, yIndex]), b = api.coord([end, yIndex]);
      var h = api.size([0, 1])[1] * height;
      var w = Math.max(b[0] - a[0], 3);
      return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2 + offset * api.size([0, 1])[1], width: w, height: h },
               style: style };
    };
  }

  function ganttTooltip(byId) {
    return function (p) {
      var m = byId[p.value[3]];
      if (!m) return '';
      var lines = ['<b>' + esc(fmt(L.measure_n, m.id)) + '</b>', esc(m.text),
                   esc(L.lead_units) + ': ' + esc(m.lead_units.join('、')),
                   esc(L.as_written) + ': ' + esc(m.planned),
                   esc(L.planned) + ': ' + esc(m.planned_start),
                   esc(L.in_effect) + ': ' + esc(m.effective_start) + ' – ' + esc(m.complete),
                   esc(L.with_slips) + ': ' + esc(m.slipped_start) + ' – ' + esc(m.slipped_complete),
                   esc(L.slip_median) + ': ' + m.slip_median_months + ' · ' + esc(L.p_late) + ': ' + pct(m.p_late),
                   esc(L.slack) + ': ' + (m.slack_months === null ? '–' : m.slack_months),
                   esc(L.critical) + ': ' + esc(m.critical ? L.yes : L.no) + ' · ' + esc(L.enabling) + ': ' +
                   esc(m.enabling ? L.yes : L.no)];
      if (m.depends_on.length) {
        lines.push(esc(L.depends_on) + ': ' + m.depends_on.map(function (d) { return esc(fmt(L.measure_n, d)); }).join('、'));
      }
      return lines.join('<br>');
    };
  }

  function customSeries(name, colour, items) {
    return { type: 'custom', name: name, itemStyle: { color: colour }, encode: { x: [0, 1], y: 2 },
             data: items.map(function (it) { return it.value; }),
             renderItem: function (params, api) { return items[params.dataIndex].draw(params, api); } };
  }

  // Dependencies: from the end of the measure depended on to the start of
  // its dependant, with an arrow head.
  function arrowItem(from, to) {
    return function (params, api) {
      var a = api.coord([from.x, from.y]), b = api.coord([to.x, to.y]);
      var midX = Math.max(a[0], b[0] - 8);
      var tip = [b[0], b[1]];
      return { type: 'group', children: [
        { type: 'polyline', shape: { points: [a, [midX, a[1]], [midX, b[1]], tip] },
          style: { stroke: C.arrow, fill: null, lineWidth: 1 } },
        { type: 'polygon', shape: { points: [tip, [tip[0] - 5, tip[1] - 3], [tip[0] - 5, tip[1] + 3]] },
          style: { fill: C.arrow } }] };
    };
  }

  // The measures on a time line, one row each in the plan's order.
  function gantt(el) {
    var ms = data.schedule.measures;
    var row = {}, byId = {};
    ms.forEach(function (m, i) { row[m.id] = i; byId[m.id] = m; });
    var y0 = day(data.schedule.year + '-01-01'), y1 = day((data.schedule.year + 1) + '-01-01');
    var dates = function (k) { return ms.map(function (m) { return day(m[k]); }).filter(function (t) { return t !== null; }); };
    var end = Math.max.apply(null, [y1].concat(dates('slipped_complete')));
    var begin = Math.min.apply(null, [y0].concat(dates('planned_start')));
    el.style.height = (ms.length * 17 + 80) + 'px';
    var o = common('');
    o.grid = { left: 190, right: 20, top: 40, bottom: 30 };
    o.xAxis = { type: 'time', min: begin, max: end, position: 'top', splitLine: { show: true },
                axisLabel: { fontSize: 10, hideOverlap: true } };
    o.yAxis = { type: 'category', inverse: true, data: ms.map(function (m) { return m.id + ' ' + short(m.text, 11); }),
                axisLabel: { fontSize: 10, interval: 0 }, axisTick: { show: false } };
    o.tooltip.formatter = ganttTooltip(byId);
    var effect = [], slips = [], critical = [], arrows = [];
    ms.forEach(function (m, i) {
      var s = day(m.effective_start), c = day(m.complete), v = [s, c, i, m.id];
      var ss = day(m.slipped_start), sc = day(m.slipped_complete);
      if (ss !== null && sc !== null) {
        slips.push({ value: [ss, sc, i, m.id], draw: barItem(ss, sc, i, 0.22, 0.25, { fill: C.slip }) });
      }
      if (s === null || c === null) return;  // never in effect
      effect.push({ value: v, draw: barItem(s, c, i, 0.45, -0.12, { fill: C.effect }) });
      if (m.critical) {
        critical.push({ value: v, draw: barItem(s, c, i, 0.45, -0.12, { fill: 'none', stroke: C.critical, lineWidth: 2 }) });
      }
      m.depends_on.forEach(function (d) {
        if (!(d in row) || day(byId[d].complete) === null) return;
        var from = { x: day(byId[d].complete), y: row[d] }, to = { x: s, y: i };
        arrows.push({ value: [from.x, to.x, i, m.id], draw: arrowItem(from, to) });
      });
    });
    o.series = [
      { type: 'scatter', name: L.planned, symbol: 'emptyDiamond', symbolSize: 8, itemStyle: { color: C.planned },
        data: ms.filter(function (m) { return m.planned_start; })
          .map(function (m) { return [day(m.planned_start), row[m.id], 0, m.id]; }) },
      customSeries(L.in_effect, C.effect, effect),
      customSeries(L.with_slips, C.slip, slips),
      customSeries(L.critical, C.critical, critical),
      customSeries(L.depends_on, C.arrow, arrows),
      { type: 'scatter', name: L.enabling, symbol: 'triangle', symbolSize: 8, itemStyle: { color: C.enabling },
        symbolOffset: [-8, 0],
        data: ms.filter(function (m) { return m.enabling && m.effective_start; })
          .map(function (m) { return [day(m.effective_start), row[m.id], 0, m.id]; }) }];
    o.series.forEach(function (x) { if (x.type === 'scatter') x.encode = { x: 0, y: 1 }; });
    // The report year's bounds.
    o.series[0].markLine = { symbol: 'none', silent: true, label: { show: false },
                             lineStyle: { color: '#333', type: 'solid', width: 1 }, data: [{ xAxis: y0 }, { xAxis: y1 }] };
    o.legend = { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } };
    return o;
  }

  function hbarAxes(o, names, axisName) {
    o.xAxis = { type: 'value', name: axisName, nameLocation: 'middle', nameGap: 24, axisLabel: { fontSize: 10 } };
    o.yAxis = { type: 'category', inverse: true, data: names, axisLabel: { fontSize: 10, interval: 0 },
                axisTick: { show: false } };
  }

  // The ten measures whose removal moves the metric's annual mean most,
  // with the move of a three-month slip of each.
  function tornado(el) {
    var metric = el.dataset.metric, m = METRIC[metric];
    var top = data.rank.measures.filter(function (x) { return x.removed && x.removed[metric]; })
      .sort(function (a, b) { return Math.abs(b.removed[metric].mean) - Math.abs(a.removed[metric].mean); })
      .slice(0, 10);
    var o = common(fmt(L.top_measures, m.label));
    o.grid = { left: 190, right: 24, top: 56, bottom: 40 };
    hbarAxes(o, top.map(function (x) { return x.id + ' ' + short(x.text, 11); }), fmt(L.delta_mean, m.unit));
    o.legend = { top: 24, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } };
    o.tooltip.trigger = 'axis';
    o.tooltip.axisPointer = { type: 'shadow' };
    o.tooltip.formatter = function (ps) {
      var x = top[ps[0].dataIndex];
      return '<b>' + esc(fmt(L.measure_n, x.id)) + '</b><br>' + esc(x.text) + '<br>' + esc(L.lead_units) + ': ' +
        esc(x.lead_units.join('、')) + ps.map(function (p) {
          return '<br>' + p.marker + esc(p.seriesName) + ': ' + delta(p.value, metric);
        }).join('');
    };
    var r = function (v) { return Number(v.toFixed(m.decimals + 2)); };
    o.series = [
      { type: 'bar', name: L.removed, itemStyle: { color: C.effect }, barGap: '10%',
        data: top.map(function (x) { return r(x.removed[metric].mean); }) },
      { type: 'bar', name: L.slip3, itemStyle: { color: C.slip },
        data: top.map(function (x) { return r(x.slip && x.slip[metric] ? x.slip[metric].mean : 0); }) }];
    el.style.height = (top.length * 28 + 110) + 'px';
    return o;
  }

  // Per lead unit: the rise of the ranked metric's annual mean without all
  // the unit's measures.
  function units(el) {
    var metric = data.rank.metric, m = METRIC[metric];
    var us = data.rank.lead_units.slice().sort(function (a, b) { return b.removed_mean - a.removed_mean; });
    var o = common(fmt(L.units_title, m.label));
    o.grid = { left: 190, right: 24, top: 36, bottom: 40 };
    hbarAxes(o, us.map(function (u) { return short(u.unit, 14); }), fmt(L.delta_mean, m.unit));
    o.tooltip.trigger = 'axis';
    o.tooltip.axisPointer = { type: 'shadow' };
    o.tooltip.formatter = function (ps) {
      var u = us[ps[0].dataIndex];
      return '<b>' + esc(u.unit) + '</b><br>' + esc(L.removed) + ': ' + delta(u.removed_mean, metric) + '<br>' +
        esc(L.p_meet) + ': ' + (u.removed_p_meet * 100).toFixed(1) + '%<br>' + esc(L.measures_count) + ': ' + u.measures;
    };
    o.series = [{ type: 'bar', name: L.removed, itemStyle: { color: C.effect },
                  data: us.map(function (u) { return Number(u.removed_mean.toFixed(m.decimals + 2)); }) }];
    el.style.height = (us.length * 20 + 90) + 'px';
    return o;
  }

  // The species a gap row cuts, in words (from its tonnes: NOx alone, VOCs
  // alone, or all).
  function directionWords(rows) {
    var cut = Object.keys(SPECIES).filter(function (sp) {
      return rows.some(function (r) { return (r.tonnes[sp] || 0) > 0; });
    });
    return cut.length === 1 ? fmt(L.only, SPECIES[cut[0]]) : L.all_species;
  }

  // The gap rows the chart shows: those of the metrics at risk that an
  // extra cut reaches, from by_sector grouped by (metric, direction), each
  // with the species it cuts.
  function gapGroups() {
    var groups = [], at = {};
    var reachable = function (r) {
      return data.at_risk.indexOf(r.metric) >= 0 && data.gap.rows.some(function (g) {
        return g.metric === r.metric && g.direction === r.direction && g.reachable && !g.met_already;
      });
    };
    (data.gap.by_sector || []).filter(reachable).forEach(function (r) {
      var k = r.metric + '\u0000' + r.direction;
      if (!(k in at)) { at[k] = groups.length; groups.push({ metric: r.metric, direction: r.direction, rows: [] }); }
      groups[at[k]].rows.push(r);
    });
    groups.forEach(function (g) {
      g.species = Object.keys(SPECIES).filter(function (sp) {
        return g.rows.some(function (r) { return (r.tonnes[sp] || 0) > 0; });
      });
    });
    return groups;
  }

  // The tonnes each reachable gap row cuts, by sector, stacked by species:
  // one panel per row, two panels a line.
  function gap(el) {
    var groups = gapGroups();
    var o = common('');
    if (!groups.length) {
      o.graphic = [{ type: 'text', left: 'center', top: 'middle', style: { text: L.nothing_to_cut, fontSize: 13 } }];
      o.series = [];
      el.style.height = '80px';
      return o;
    }
    var panelH = 210, lines = Math.ceil(groups.length / 2);
    el.style.height = (lines * (panelH + 40) + 30) + 'px';
    o.title = []; o.grid = []; o.xAxis = []; o.yAxis = []; o.series = [];
    groups.forEach(function (g, i) {
      var col = i % 2, line = Math.floor(i / 2), top = 56 + line * (panelH + 40);
      var left = col ? '55%' : '0%';
      var sectors = g.rows.filter(function (r) {
        return g.species.some(function (sp) { return (r.tonnes[sp] || 0) > 0; });
      });
      o.title.push({ text: fmt(L.gap_title, METRIC[g.metric].label, directionWords(g.rows)), left: left, top: top - 22,
                     textStyle: { fontSize: 12, fontFamily: FONT } });
      o.grid.push({ left: col ? '55%' : '0%', width: '43%', top: top, height: panelH - 24, containLabel: true });
      o.xAxis.push({ type: 'value', gridIndex: i, name: L.tonnes, nameLocation: 'middle', nameGap: 20, splitNumber: 4,
                     axisLabel: { fontSize: 9, hideOverlap: true }, nameTextStyle: { fontSize: 9 } });
      o.yAxis.push({ type: 'category', gridIndex: i, inverse: true, data: sectors.map(function (r) { return r.sector; }),
                     axisLabel: { fontSize: 9, interval: 0 }, axisTick: { show: false } });
      g.species.forEach(function (sp) {
        o.series.push({ type: 'bar', name: SPECIES[sp], stack: 'g' + i, xAxisIndex: i, yAxisIndex: i, barWidth: '70%',
                        itemStyle: { color: SPECIES_COLOURS[Object.keys(SPECIES).indexOf(sp)] },
                        data: sectors.map(function (r) { return Math.round(r.tonnes[sp] || 0); }) });
      });
    });
    o.toolbox.top = 0;
    o.legend = { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } };
    o.tooltip.trigger = 'item';
    o.tooltip.formatter = function (p) {
      return esc(p.name) + '<br>' + p.marker + esc(p.seriesName) + ': ' + p.value + ' ' + esc(L.tonnes);
    };
    return o;
  }

  // Every run's median and 90% range of one metric, with the reference's
  // targets.
  function compare(el) {
    var metric = el.dataset.metric, m = METRIC[metric];
    var o = common(m.label);
    o.grid = { left: 52, right: 16, top: 72, bottom: 28 };
    o.xAxis = { type: 'category', data: MONTHS, boundaryGap: false };
    o.yAxis = { type: 'value', name: fmt(L.concentration, m.unit), nameGap: 10, nameTextStyle: { align: 'left' }, min: 0 };
    o.tooltip.trigger = 'axis';
    o.tooltip.formatter = function (ps) {
      var i = ps[0].dataIndex;
      return '<b>' + esc(MONTHS[i]) + '</b>' + data.runs.map(function (run) {
        var r = monthly(run, metric)[i];
        return '<br>' + esc(fmt(L.median_of, run.label)) + ': ' + num(r.p50, metric) + ' (' + num(r.p05, metric) +
          '–' + num(r.p95, metric) + ')';
      }).join('') + '<br>' + esc(L.target) + ': ' + num(monthly(REF, metric)[i].target, metric);
    };
    var s = [], names = [];
    data.runs.forEach(function (run, k) {
      var rows = monthly(run, metric), colour = RUN_COLOURS[k % RUN_COLOURS.length];
      var pick = function (key) { return rows.map(function (r) { return r[key]; }); };
      s = s.concat(band(fmt(L.band90_of, run.label), 'r' + k, pick('p05'), pick('p95'), colour,
                        { opacity: 0.08, edges: true, edgeName: '_r' + k }));
      s.push({ type: 'line', name: fmt(L.median_of, run.label), data: pick('p50'), symbol: 'none',
               lineStyle: { color: colour, width: 2 }, itemStyle: { color: colour } });
      names.push(fmt(L.median_of, run.label));
    });
    s.push({ type: 'line', name: L.target, data: monthly(REF, metric).map(function (r) { return r.target; }),
             step: 'middle', symbol: 'none', lineStyle: { color: C.target, width: 2 }, itemStyle: { color: C.target } });
    names.push(L.target);
    o.series = s;
    o.legend = { top: 22, left: 0, itemWidth: 18, itemHeight: 10, textStyle: { fontSize: 11 }, data: names };
    return o;
  }

  var KINDS = { fan: fan, heatmap: heatmap, gantt: gantt, tornado: tornado, units: units, gap: gap, compare: compare };

  // `?only=<id>`: that section alone.
  function only() {
    var id = new URLSearchParams(window.location.search).get('only');
    if (!id) return;
    document.body.classList.add('only');
    Array.prototype.forEach.call(document.querySelectorAll('body > header, body > section, body > footer'), function (e) {
      if (e.id !== id) e.hidden = true;
    });
  }

  var charts = [];
  function draw(el) {
    var option = KINDS[el.dataset.chart](el);
    // The saved image is named after its section and metric.
    var section = el.closest('section'), h2 = section && section.querySelector('h2');
    option.toolbox.feature.saveAsImage.name = [h2 ? h2.textContent : '', el.dataset.metric ? METRIC[el.dataset.metric].label : '']
      .join(' ').trim() || el.dataset.chart;
    var chart = echarts.init(el, null, { renderer: 'svg', locale: data.lang === 'zh' ? 'ZH' : 'EN' });
    chart.setOption(option);
    charts.push(chart);
    el.dataset.series = String(option.series.length);
    el.dataset.rendered = '1';
  }

  // No toolbox in print (tooltips are hidden by report.css).
  function printing(on) {
    charts.forEach(function (c) { c.setOption({ toolbox: { show: !on } }); });
  }

  only();
  var els = document.querySelectorAll('.chart');
  var rendered = 0;
  Array.prototype.forEach.call(els, function (el) {
    try {
      draw(el);
      rendered += 1;
    } catch (e) {
      console.error('chart ' + el.dataset.chart + (el.dataset.metric ? ' ' + el.dataset.metric : '') + ': ' +
                    (e && e.stack ? e.stack : e));
    }
  });
  window.addEventListener('beforeprint', function () { printing(true); });
  window.addEventListener('afterprint', function () { printing(false); });
  if (window.matchMedia) {
    var mq = window.matchMedia('print');
    if (mq.addEventListener) mq.addEventListener('change', function (e) { printing(e.matches); });
  }
  document.body.dataset.charts = String(els.length);
  document.body.dataset.rendered = String(rendered);
  // The page's height, which scripts/report-screenshots.sh sizes its window to.
  document.body.dataset.height = String(Math.ceil(document.body.getBoundingClientRect().bottom));
  document.body.dataset.ready = '1';
})();
