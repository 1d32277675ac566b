// gigawatt dashboard: The tornado chart.
import { $, PLOT_CONFIG, api, showError, state } from "./core.js";
import { markStale, request, requestKey } from "./controls.js";
import { layout, line } from "./results.js";
import { axisScale } from "./montecarlo.js";

// --- the tornado: what moves a figure (server-side, two model runs per uncertain input) ----------------------
export async function runTornado() {
  const box = $("tornado-status"), output = $("tornado-output").value, key = requestKey();
  box.textContent = "computing…";
  try {
    const t = await api("POST", "/api/tornado", request({ output, part: state.part || undefined }));
    state.tornado = { ...t, key };
    drawTornado();
    markStale();
    box.textContent = t.rows.length ? `${t.label}: ${t.base_text} at central values (${t.scenario})` : "No uncertain inputs move this figure.";
    document.body.dataset.tornadoDone = String(Date.now());
  } catch (e) { box.textContent = ""; showError(e.message, e.field); }
}
// On a phone the names sit inside the plot, and Plotly's autorange then widens the axis to make room for them
// (-1,000 to 0 around bars at 150-250): the range is the bars' own, padded.
function span(rows, base, k) {
  const xs = rows.flatMap((r) => [r.low / k, r.high / k]).concat([base / k]).filter(Number.isFinite);
  const lo = Math.min(...xs), hi = Math.max(...xs), pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  return [lo - pad, hi + pad];
}
export function drawTornado() {
  const t = state.tornado, rows = [...t.rows].reverse();  // the largest swing on top
  const narrow = window.innerWidth < 640;  // a phone: names above their bars, ranges on hover
  const y = rows.map((r) => (narrow ? r.label : `${r.label} (${r.range_text})`));
  const [k, unitTitle] = axisScale(t.unit || "", rows.flatMap((r) => [r.low, r.high]));
  const bar = (key, name, color, text) => ({ type: "bar", orientation: "h", y, base: t.base / k, name,
    x: rows.map((r) => (r[key] - t.base) / k), marker: { color }, customdata: rows.map((r) => `${r[text]} (input ${r.range_text})`),
    hovertemplate: "%{y}: %{customdata}<extra></extra>" });
  const height = 130 + (narrow ? 48 : 34) * rows.length, plotH = height - 100;
  const yaxis = narrow
    ? { ticklabelposition: "inside", ticklabelshift: -Math.round((plotH / Math.max(rows.length, 1)) * 0.25 + 8), range: [-0.5, rows.length - 0.05] }
    : { automargin: true };
  const lay = layout(narrow ? "What moves it" : `What moves ${t.label.toLowerCase()}`, "", {
    barmode: "overlay", hovermode: "closest", height, yaxis,
    xaxis: { title: { text: unitTitle }, zeroline: false, ...(narrow ? { range: span(rows, t.base, k) } : {}) }, margin: { l: 10, r: 16, t: narrow ? 40 : 60, b: narrow ? 90 : 40 },
    legend: narrow ? { orientation: "h", y: -0.17, yanchor: "top", x: 0 } : { orientation: "h", y: 1.1, x: 0 },
    bargap: narrow ? 0.55 : 0.25,
    shapes: [{ type: "line", x0: t.base / k, x1: t.base / k, y0: 0, y1: 1, yref: "paper", line: { color: "#111827", width: 1 } }],
  });
  Plotly.react("chart-tornado", [bar("low", "input at its 5th percentile", "#0072B2", "low_text"), bar("high", "input at its 95th percentile", "#E69F00", "high_text")], lay, PLOT_CONFIG);
}
