// gigawatt dashboard: Monte Carlo: fan charts and the percentile table.
import { $, PLOT_CONFIG, api, el, seriesLabel, state } from "./core.js";
import { markStale, request, requestKey } from "./controls.js";
import { layout, line, yearTicks } from "./results.js";
import { loadRuns } from "./runs.js";

// --- Monte Carlo ------------------------------------------------------------------------------------------
export function mcPlaceholder(text) {
  Plotly.react("chart-mc", [], {
    ...layout("Uncertainty: Monte Carlo range", ""), xaxis: { visible: false }, yaxis: { visible: false },
    annotations: [{ text, showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5, font: { color: "#6b7280" } }],
  }, PLOT_CONFIG);
}
// MCResults.to_json() in resp.results (numbers for the fan chart); resp.results_text (the server's text).
export function renderMc(resp, key) {
  state.mc = { ...resp, key: key || requestKey() };
  const r = resp.results || {}, text = resp.results_text || {};
  const series = r.series || {};
  const sel = $("mc-series");
  const names = Object.keys(series);
  if (!names.length) { mcPlaceholder("This Monte Carlo has no series to draw"); return; }
  const current = names.includes(sel.value) ? sel.value : names.includes("gw_online") ? "gw_online" : names[0];
  sel.textContent = "";
  for (const n of names) sel.append(el("option", { value: n, text: `${seriesLabel(n)} (${series[n].unit || ""})` }));
  sel.value = current;
  $("mc-series-row").hidden = false;
  drawFan(current);
  renderMcTable(text);
}
// Large units are shown scaled so the axis reads "USD billions", "millions", "EFLOP/s" (chart scaling).
export function axisScale(unit, values) {
  const max = Math.max(0, ...values.filter((v) => v !== null).map(Math.abs));
  if (unit.startsWith("USD")) return [1e9, unit === "USD/yr" ? "USD billions per year" : "USD billions"];
  if (unit === "FLOP/s") return [1e18, "EFLOP/s"];
  if (max >= 1e6) return [1e6, `millions (${unit})`];
  return [1, unit];
}
export function drawFan(name) {
  const resp = state.mc, r = resp.results, s = r.series[name], q = r.quarters;
  $("chart-mc").dataset.series = name;
  const [k, yTitle] = axisScale(s.unit || "", s.p95 || []);
  const sc = (a) => (a || []).map((v) => (v === null ? null : v / k));
  const data = [
    { x: q, y: sc(s.p95), name: "P95", type: "scatter", mode: "lines", showlegend: false, line: { width: 0.5, color: "#93c5fd" }, hovertemplate: "%{y:.3s}" },
    { x: q, y: sc(s.p5), name: "P5–P95", type: "scatter", mode: "lines", fill: "tonexty", fillcolor: "rgba(37,99,235,0.18)", line: { width: 0.5, color: "#93c5fd" }, hovertemplate: "%{y:.3s}" },
    { x: q, y: sc(s.p50), name: "median", type: "scatter", mode: "lines", line: { width: 2, color: "#2563eb" }, hovertemplate: "%{y:.3s}" },
    { x: q, y: sc(s.mean), name: "mean", type: "scatter", mode: "lines", line: { width: 1.5, color: "#ea580c", dash: "dot" }, hovertemplate: "%{y:.3s}" },
  ];
  const title = `Monte Carlo: ${seriesLabel(name)}, P5–P95 band (${(resp.results_text || {}).about || ""})`.replace(/; inputs drawn.*\)$/, ")");
  Plotly.react("chart-mc", data, layout(title, yTitle, { xaxis: yearTicks(q) }), PLOT_CONFIG);
}
// The run's value beside the draws' range, marked † where it lies outside its own P5–P95 (beyond the
// quantiles' ~1 % precision; gigawatt.present.meaning says the same in Python).
export function builtCell(last, key) {
  if (!last || !last.summary_text || !(key in last.summary_text)) return "—";
  const v = last.summary[key], q = ((state.mc.results || {}).headline || {})[key] || {};
  const off = typeof v === "number" && typeof q.p5 === "number" && typeof q.p95 === "number" &&
    (v < q.p5 - 0.01 * Math.abs(q.p5) || v > q.p95 + 0.01 * Math.abs(q.p95));
  return (off ? "† " : "") + last.summary_text[key];
}
export function renderMcTable(text) {
  const box = $("mc-table");
  const t = el("table");
  // "every phase built": the cards' deterministic value, where the run on screen is the one this Monte Carlo drew
  const last = state.last && state.mc && state.mc.key === requestKey() ? state.last : null;
  const built = (last && last.summary_is) || "every phase built";
  t.append(el("thead", {}, el("tr", {}, ...["figure", built, "P5", "median draw", "P95", "mean"].map((h) => el("th", { text: h })))));
  const body = el("tbody");
  for (const [key, row] of Object.entries(text.headline || {})) {
    body.append(el("tr", { "data-key": key }, el("td", { text: row.label }), el("td", { text: builtCell(last, key) }),
      ...["p5", "p50", "p95", "mean"].map((p) => el("td", { text: row[p] }))));
  }
  t.append(body);
  const probs = Object.values(text.probabilities || {});
  box.textContent = "";
  box.append(el("p", { class: "muted", text: text.about || "" }), el("p", { class: "muted", text: text.meaning || "" }), t);
  if (probs.length) box.append(el("h3", { text: "Chances" }), el("ul", { class: "probs" }, ...probs.map((v) => el("li", { text: `${v.description}: ${v.probability}` }))));
  $("mc-section").hidden = false;
}
export async function runMc() {
  const draws = Number($("mc-draws").value), seed = Number($("mc-seed").value || 0), save = $("mc-save").checked;
  const key = requestKey();  // the inputs this Monte Carlo answers
  const bar = $("mc-bar"), prog = $("mc-progress"), status = $("mc-status"), button = $("mc-run");
  button.disabled = true; prog.hidden = false; bar.style.width = "0%"; prog.classList.add("indeterminate");
  status.textContent = "starting…";
  try {
    const label = save ? $("save-label").value.trim() : "";  // the label under Saved runs, kept in the history
    let job = await api("POST", "/api/mc/jobs", request({ draws, seed, save, ...(label ? { label } : {}) }));
    while (job.status === "running") {
      status.textContent = job.status_text;
      await new Promise((r) => setTimeout(r, 150));
      job = await api("GET", `/api/mc/jobs/${job.job_id}`);
      if (job.done > 0) { prog.classList.remove("indeterminate"); bar.style.width = `${Math.min(100, (100 * job.done) / job.total)}%`; }
    }
    if (job.status === "failed") throw new Error(job.error);
    prog.classList.remove("indeterminate"); bar.style.width = "100%";
    status.textContent = job.status_text + (job.result.run_id ? `, saved as run ${job.result.run_id}` : "");
    renderMc(job.result, key);
    markStale();
    document.body.dataset.mcDone = job.result.run_id || "yes";
    if (job.result.run_id) loadRuns();
  } catch (e) {
    status.textContent = `Monte Carlo failed: ${e.message}`;
    prog.hidden = true;
  } finally {
    button.disabled = false;
  }
}
