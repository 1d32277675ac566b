// gigawatt dashboard: PNG and CSV downloads beside each chart.
import { $, el, gw, state } from "./core.js";
import { line } from "./results.js";
import { saveBlob } from "./runs.js";

// --- each chart as PNG (title and source line drawn in) or CSV (numbers, then the same source line) ---------
export function sourceLine() {
  const n = Object.keys(state.touched).length;
  const what = state.scenarioText !== null ? state.sourceLabel : `scenario ${state.scenario}`;
  return `Source: gigawatt model, ${what}${n ? ` with ${n} change${n > 1 ? "s" : ""}` : ""} · ${new Date().toISOString().slice(0, 10)}`;
}
export function chartTitle(gd) { const t = gd.layout && gd.layout.title; return (t && (t.text || t)) || gd.id; }
export async function downloadPng(id) {
  const gd = $(id);
  if (!gd || !gd.data || !gd.data.length) return;
  const tmp = el("div", { style: "position:fixed;left:-20000px;top:0;width:1000px;height:600px" });
  document.body.append(tmp);
  const lay = JSON.parse(JSON.stringify(gd.layout));
  Object.assign(lay, { width: 1000, height: Math.max(560, lay.height || 0),
    title: { text: `${chartTitle(gd)}<br><span style="font-size:11px;color:#6b7280">${sourceLine()}</span>`, x: 0.02, xanchor: "left" } });
  lay.margin = { ...(lay.margin || {}), t: 80 };
  try {
    await Plotly.newPlot(tmp, gd.data, lay, { staticPlot: true });
    saveBlob(await Plotly.toImage(tmp, { format: "png", width: 1000, height: lay.height, scale: 2 }), `${id.replace(/^chart-/, "")}.png`);
  } finally { Plotly.purge(tmp); tmp.remove(); }
}
// Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading ' (numbers stay numbers).
export function csvCell(v) {
  let t = v === null || v === undefined ? "" : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(t) && Number.isNaN(Number(t))) t = `'${t}`;
  return /[",\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}
// One header row, no comment lines: the time column named (quarter or year), units in the value columns
// names, the chart and its source as the last two columns of every row (so filters and pivots keep them).
export function timeColumn(xs) {
  if (xs.every((x) => /^\d{4}Q[1-4]$/.test(String(x)))) return "quarter";
  return xs.every((x) => /^\d{4}$/.test(String(x))) ? "year" : "label";
}
export function chartCsv(gd) {
  const traces = gd.data.filter((t) => t.x && t.y);
  const tail = [chartTitle(gd), sourceLine().replace(/^Source: /, "")];
  const unit = ((gd.layout.yaxis || {}).title || {}).text;
  const named = (t) => (unit && traces[0].orientation !== "h" ? `${t.name || "value"} (${unit})` : t.name || "value");
  const lines = [];
  const sameX = traces.every((t) => JSON.stringify(t.x) === JSON.stringify(traces[0].x)) && traces[0].orientation !== "h";
  if (sameX) {
    lines.push([timeColumn(traces[0].x), ...traces.map(named), "chart", "source"].map(csvCell).join(","));
    traces[0].x.forEach((x, i) => lines.push([x, ...traces.map((t) => t.y[i]), ...tail].map(csvCell).join(",")));
  } else {
    lines.push("series,label,value,chart,source");
    for (const t of traces) (t.orientation === "h" ? t.y : t.x).forEach((lab, i) => lines.push([t.name || "", lab, t.orientation === "h" ? (t.base || 0) + t.x[i] : t.y[i], ...tail].map(csvCell).join(",")));
  }
  return lines.join("\n") + "\n";
}
export function downloadCsv(id) {
  const gd = $(id);
  if (!gd || !gd.data || !gd.data.length) return;
  saveBlob(new Blob([chartCsv(gd)], { type: "text/csv" }), `${id.replace(/^chart-/, "")}.csv`);
}
export function addChartTools() {
  document.querySelectorAll(".chart").forEach((c) => {
    const tools = el("div", { class: "chart-tools" },
      el("button", { type: "button", class: "small", "data-png": c.id, text: "PNG", title: "Download this chart as PNG, with its source line", onclick: () => downloadPng(c.id) }),
      el("button", { type: "button", class: "small", "data-csv": c.id, text: "CSV", title: "Download this chart's numbers as CSV, with its source line", onclick: () => downloadCsv(c.id) }));
    c.parentElement.insertBefore(tools, c);
  });
  gw.chartCsv = (id) => chartCsv($(id));  // for tests
  gw.csvCell = csvCell;
}
