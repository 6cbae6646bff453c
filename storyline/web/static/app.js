// Storyline web app: draws the charts from the JSON the page carries and toggles highlight layers.
// Every string from the store is treated as text: tooltips escape it, labels are drawn on canvas.
"use strict";

const TYPE_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
  "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a"];

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}

// Chart data travels as JSON in a data attribute (htmx drops <script> elements from swapped content).
function readJson(el) {
  return el && el.dataset.chart ? JSON.parse(el.dataset.chart) : null;
}

// A date at the precision the sources give ("2025", "2025-03", "2025-03-18") as a time value.
function toTime(date) {
  const [y, m, d] = date.split("-");
  return Date.UTC(Number(y), m ? Number(m) - 1 : 6, d ? Number(d) : (m ? 15 : 1));
}

function drawTimeline() {
  const el = document.getElementById("timeline-chart");
  const events = readJson(el);
  if (!el || !events || typeof echarts === "undefined" || el.dataset.drawn) return;
  el.dataset.drawn = "1";
  const types = [...new Set(events.map((e) => e.type))].sort();
  const chart = echarts.init(el, null, {renderer: "canvas"});
  const series = types.map((t, i) => ({
    name: t,
    type: "scatter",
    itemStyle: {color: TYPE_COLOURS[i % TYPE_COLOURS.length], opacity: 0.8},
    symbolSize: (v) => 7 + 3 * Math.log2(v[3]),
    data: events.filter((e) => e.type === t).map((e) => {
      // spread same-lane points a little so that events of one day stay distinguishable
      let h = 0;
      for (const c of e.id) h = (h * 31 + c.charCodeAt(0)) % 997;
      return [toTime(e.date), i + (h / 997 - 0.5) * 0.5, e.id, e.sources, e.summary, e.date];
    }),
  }));
  // open on where most events are: a few far-off dates (a 2016 decision recalled in 2025) would
  // otherwise squeeze the rest into a sliver; the slider zooms out to everything
  const times = events.map((e) => toTime(e.date)).sort((a, b) => a - b);
  const q = (f) => times[Math.floor((times.length - 1) * f)];
  const iqr = Math.max(q(0.75) - q(0.25), 30 * 864e5);
  const lo = Math.max(times[0], q(0.25) - 3 * iqr);
  const hi = Math.min(times[times.length - 1], q(0.75) + 3 * iqr);
  const zoomed = times.length >= 10 && (lo > times[0] || hi < times[times.length - 1]);
  const window_ = zoomed ? {startValue: lo - 15 * 864e5, endValue: hi + 15 * 864e5} : {};
  const note = document.getElementById("timeline-zoom");
  if (note) note.hidden = !zoomed;
  chart.setOption({
    animation: false,
    grid: {left: 110, right: 30, top: 40, bottom: 70},
    legend: {top: 0, type: "scroll"},
    tooltip: {
      trigger: "item",
      formatter: (p) => `<b>${esc(p.value[5])}</b> · ${esc(p.seriesName)}<br>${esc(p.value[4])}<br>` +
        `${esc(p.value[3])} source${p.value[3] === 1 ? "" : "s"} · click for the evidence`,
    },
    xAxis: {type: "time",  // a margin so that the first and last events are not on the frame
      min: (v) => v.min - Math.max((v.max - v.min) * 0.03, 2 * 864e5),
      max: (v) => v.max + Math.max((v.max - v.min) * 0.03, 2 * 864e5)},
    yAxis: {type: "value", min: -1, max: types.length, interval: 1,
      axisLabel: {formatter: (v) => (Number.isInteger(v) ? types[v] ?? "" : "")}, splitLine: {show: false}},
    dataZoom: [{type: "slider", xAxisIndex: 0, bottom: 15, ...window_}, {type: "inside", xAxisIndex: 0, ...window_}],
    series,
  });
  chart.on("click", (p) => { window.location.href = "/event/" + encodeURIComponent(p.value[2]); });
  window.addEventListener("resize", () => chart.resize());
}

function drawGraph() {
  const el = document.getElementById("graph-chart");
  const graph = readJson(el);
  if (!el || !graph || typeof echarts === "undefined" || el.dataset.drawn) return;
  el.dataset.drawn = "1";
  const types = [...new Set(graph.nodes.map((n) => n.type))].sort();
  const maxShared = Math.max(...graph.nodes.slice(1).map((n) => n.shared), 1);
  const maxWeight = Math.max(...graph.edges.map((e) => e.weight), 1);
  const chart = echarts.init(el, null, {renderer: "canvas"});
  chart.setOption({
    animation: false,
    legend: {data: types, top: 0},
    tooltip: {formatter: (p) => p.dataType === "edge"
      ? `${esc(p.data.names)}: ${esc(p.data.value)} shared document(s)`
      : `<b>${esc(p.data.label_text)}</b> (${esc(p.data.kind)})<br>${esc(p.data.value)} document(s) together`},
    series: [{
      type: "graph",
      layout: "force",
      roam: true,
      draggable: true,
      force: {repulsion: 220, edgeLength: [60, 160], gravity: 0.08, layoutAnimation: false},
      categories: types.map((t, i) => ({name: t, itemStyle: {color: TYPE_COLOURS[i % TYPE_COLOURS.length]}})),
      label: {show: true, position: "right", fontSize: 11},
      data: graph.nodes.map((n, i) => ({
        id: n.id, name: n.name, label_text: n.name, kind: n.type, value: n.shared,
        category: types.indexOf(n.type),
        symbolSize: i === 0 ? 34 : 10 + 16 * (n.shared / maxShared),
        itemStyle: i === 0 ? {borderColor: "#000", borderWidth: 2} : undefined,
      })),
      links: graph.edges.map((e) => ({
        source: e.source, target: e.target, value: e.weight,
        names: `${graph.nodes.find((n) => n.id === e.source)?.name} – ${graph.nodes.find((n) => n.id === e.target)?.name}`,
        lineStyle: {width: 0.5 + 5 * (e.weight / maxWeight), opacity: 0.5},
      })),
    }],
  });
  chart.on("click", (p) => {
    if (p.dataType === "node" && p.data.id) window.location.href = "/entity/" + encodeURIComponent(p.data.id);
  });
  window.addEventListener("resize", () => chart.resize());
}

function wireLayers() {
  const text = document.getElementById("doc-text");
  document.querySelectorAll("#layers input[data-layer]").forEach((box) => {
    if (box.dataset.wired) return;
    box.dataset.wired = "1";
    box.addEventListener("change", () => text.classList.toggle("hide-" + box.dataset.layer, !box.checked));
  });
}

function init() {
  drawTimeline();
  drawGraph();
  wireLayers();
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", init);
document.addEventListener("htmx:afterSettle", init);
