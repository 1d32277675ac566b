// gigawatt dashboard: the explorer: any output of the output schema (GET /api/meta outputs) for scenarios, views
// and saved runs side by side, and what is on screen (POST /api/series); line, bar or table; log scale; PNG, CSV
// and xlsx of the view.
// Its state lives in the address (ex, exs, exk, exlog): each change is a history entry, so Back undoes it.
import { $, COLORS, PLOT_CONFIG, api, el, gw, hooks, newEntry, state, urlParts } from "./core.js";
import { request } from "./controls.js";
import { layout, yearTicks } from "./results.js";
import { downloadCsv, downloadPng } from "./charttools.js";
import { saveBlob } from "./runs.js";

const KINDS = ["line", "bar", "table"];
const SCREEN = "screen";  // the source that is the dashboard's own inputs (scenario, view, every change)
const DEFAULT_OUTPUT = "h100_equivalents";  // not one of the five fixed charts
export const ex = { output: null, sources: [], kind: "line", log: false, data: null, seq: 0 };
gw.explorer = ex;

const outputs = () => state.meta.outputs || [];
const outputOf = (key) => outputs().find((o) => o.key === key);
// POST /api/series's body: the view, and what is on screen when it is one of the sources.
function body() {
  const b = { output: ex.output, sources: ex.sources };
  if (ex.sources.includes(SCREEN)) b.screen = request();
  return b;
}

// --- the address: written with the dashboard's own parameters, read on load and on Back/Forward ------------
urlParts.push((q) => {
  if (!ex.output) return;
  q.set("ex", ex.output);
  for (const s of ex.sources) q.append("exs", s);
  if (ex.kind !== "line") q.set("exk", ex.kind);
  if (ex.log) q.set("exlog", "1");
});
export function readExplorerUrl() {
  const q = new URLSearchParams(location.search);
  return { output: q.get("ex"), sources: q.getAll("exs"), kind: q.get("exk") || "line", log: q.get("exlog") === "1" };
}
// Put the explorer in the state the address (or Back) describes; bad values are errors on screen, not defaults.
export function restoreExplorer(fallbackSource) {
  const u = readExplorerUrl();
  ex.output = u.output || DEFAULT_OUTPUT;
  ex.sources = u.output ? u.sources : fallbackSource ? [fallbackSource] : [];
  ex.kind = u.kind;
  ex.log = u.log;
  syncInputs();
  if (!outputOf(ex.output)) return fail(`the address asks for output “${ex.output}”, which the output schema does not have; pick one above`);
  if (!KINDS.includes(ex.kind)) return fail(`the address asks for a “${ex.kind}” view; the explorer draws ${KINDS.join(", ")}`);
  return draw();
}

// --- controls ---------------------------------------------------------------------------------------------
function fillOutputs() {
  const sel = $("ex-output"), groups = new Map();
  for (const o of outputs()) {
    const where = o.scope === "series" ? `Quarterly: ${o.group || "other"}` : `At full build: ${o.group || "other"}`;
    if (!groups.has(where)) groups.set(where, el("optgroup", { label: where }));
    groups.get(where).append(el("option", { value: o.key, text: `${o.label} (${o.unit})`, title: o.description }));
  }
  sel.textContent = "";
  for (const g of groups.values()) sel.append(g);
}
async function fillAdd() {
  const sel = $("ex-add");
  const views = ["", ...(state.meta.views || []).map((v) => v.name).filter((v) => v !== "independent")];
  const builtins = el("optgroup", { label: "Built-in scenarios" });
  for (const s of state.scenarios) for (const v of views)
    builtins.append(el("option", { value: v ? `${s.name}@${v}` : s.name, text: v ? `${s.name} @ ${v} view` : s.name, title: s.title }));
  const saved = el("optgroup", { label: "Saved runs" });
  try {
    for (const r of await api("GET", "/api/runs?limit=20")) if (r.status === "done")
      saved.append(el("option", { value: `run:${r.id}`, text: `${r.label || `run ${r.id.slice(0, 8)}`} (${r.scenario_name})` }));
  } catch (e) { /* no run history: built-ins only */ }
  sel.textContent = "";
  sel.append(el("option", { value: "", text: "add a scenario, view or saved run…" }),
    el("option", { value: SCREEN, text: "what is on screen now (follows the inputs)" }), builtins);
  if (saved.children.length) sel.append(saved);
}
function syncInputs() {
  $("ex-output").value = ex.output;
  for (const r of document.querySelectorAll('input[name="ex-kind"]')) r.checked = r.value === ex.kind;
  $("ex-log").checked = ex.log;
  const list = $("ex-sources");
  list.textContent = "";
  ex.sources.forEach((s, i) => list.append(el("li", { class: "ex-source", "data-source": s },
    el("span", { class: "ex-swatch", style: `background:${COLORS[i % COLORS.length]}` }),
    el("span", { text: chipText(s) }),
    el("button", { type: "button", class: "small", title: `remove ${s}`, "aria-label": `remove ${s}`, text: "×",
                   onclick: () => change({ sources: ex.sources.filter((x) => x !== s) }) }))));
}
// A source as its chip reads: a saved run by its label once the server has named it.
function chipText(s) {
  const drawn = ex.data && ex.data.traces.find((t) => t.source === s);
  if (drawn) return drawn.label;
  return s === SCREEN ? "on screen" : s.startsWith("run:") ? `saved run ${s.slice(4, 12)}` : s.replace("@", " @ ");
}
// A user's change: a new history entry, then the new state drawn.
function change(patch) {
  newEntry();
  Object.assign(ex, patch);
  syncInputs();
  hooksWriteUrl();
  return draw();
}
let hooksWriteUrl = () => {};

// --- drawing ----------------------------------------------------------------------------------------------
function fail(msg) {
  $("ex-error").textContent = msg;
  $("ex-error").hidden = false;
  ex.data = null;
  Plotly.purge("chart-explorer");
  $("ex-table").hidden = true;
  document.body.dataset.explorerSeq = String(++ex.seq);
}
export async function draw() {
  const seq = ++ex.seq;
  if (!ex.sources.length) return fail("Nothing to chart: add a scenario, a view or a saved run.");
  if (ex.sources.includes(SCREEN) && !state.last) return;  // drawn once the dashboard has run (hooks.rendered)
  let data;
  try { data = await api("POST", "/api/series", body()); } catch (e) { if (seq === ex.seq) fail(e.message); return; }
  if (seq !== ex.seq) return;  // a later change won
  ex.data = data;
  syncInputs();
  $("ex-error").hidden = true;
  const o = data.output, headline = o.scope === "headline";
  const about = o.description.toLowerCase() === o.label.toLowerCase() ? o.label : `${o.label}: ${o.description}`;
  const bands = data.traces.some((t) => t.band) ? " A saved Monte Carlo shows its deterministic run with its P5–P95 around it"
    + " (its median draw may build fewer phases)." : "";
  $("ex-about").textContent = `${about}${headline ? " (at full build; one figure per source)" : " (each quarter)"}.${bands}`
    + (ex.log ? " Log scale: zero and negative values are not drawn." : "");
  await Plotly.react("chart-explorer", traces(data, headline), figureLayout(data, headline), PLOT_CONFIG);
  $("chart-explorer").hidden = ex.kind === "table";
  renderTable(data, headline);
  document.body.dataset.explorerSeq = String(seq);
}
// A saved Monte Carlo's P5–P95 as error bars: from the drawn value down to P5 and up to P95.
function errorBars(values, band, scale) {
  const v = values.map(scale), hi = band.p95.map(scale), lo = band.p5.map(scale);
  return { type: "data", symmetric: false, color: "#374151", thickness: 1,
    array: v.map((x, i) => (x === null || hi[i] === null ? null : Math.max(0, hi[i] - x))),
    arrayminus: v.map((x, i) => (x === null || lo[i] === null ? null : Math.max(0, x - lo[i]))) };
}
const rgba = (hex, a) => `rgba(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(",")},${a})`;
function band(t, i, scale) {  // two traces: P95 (no line), then P5 filled up to it
  const color = COLORS[i % COLORS.length], name = `${t.label} P5–P95 (${t.band.draws} draws)`;
  return [{ type: "scatter", mode: "lines", x: t.band.quarters, y: t.band.p95.map(scale), name: `${t.label} P95`, legendgroup: name,
    line: { width: 0, color }, showlegend: false, text: t.band_text.p95, hovertemplate: "P95 %{text}<extra></extra>" },
  { type: "scatter", mode: "lines", x: t.band.quarters, y: t.band.p5.map(scale), name, legendgroup: name, fill: "tonexty",
    fillcolor: rgba(color, 0.15), line: { width: 0, color }, text: t.band_text.p5, hovertemplate: "P5 %{text}<extra></extra>" }];
}
function traces(data, headline) {
  const d = data.axis.divisor, scale = (v) => (v === null || v === undefined ? null : v / d);
  if (headline) {
    const banded = data.traces.some((t) => t.band);
    const bands = data.traces.map((t) => t.band ? { p5: [t.band.p5], p95: [t.band.p95] } : { p5: [null], p95: [null] });
    return [{ type: "bar", x: data.traces.map((t) => t.label), y: data.traces.map((t) => scale(t.value)),
      name: data.output.label, text: data.traces.map((t) => t.text), textposition: "auto", hovertemplate: "%{x}: %{text}<extra></extra>",
      marker: { color: data.traces.map((_, i) => COLORS[i % COLORS.length]) },
      ...(banded ? { error_y: errorBars(data.traces.map((t) => t.value), { p5: bands.flatMap((b) => b.p5), p95: bands.flatMap((b) => b.p95) }, scale) } : {}) }];
  }
  return data.traces.flatMap((t, i) => [
    ...(t.band && ex.kind !== "bar" ? band(t, i, scale) : []),
    { x: t.quarters, y: t.values.map(scale), name: t.label, text: t.text, hovertemplate: "%{text}",
      ...(ex.kind === "bar" ? { type: "bar", marker: { color: COLORS[i % COLORS.length] }, ...(t.band ? { error_y: errorBars(t.values, t.band, scale) } : {}) }
        : { type: "scatter", mode: "lines", line: { color: COLORS[i % COLORS.length], width: 2 } }) },
  ]);
}
function figureLayout(data, headline) {
  const lay = layout(data.output.label, data.axis.title, { showlegend: !headline, barmode: "group" });
  lay.xaxis = headline ? { type: "category", automargin: true } : { ...yearTicks(data.quarters), title: { text: "quarter" } };
  lay.yaxis = { title: { text: data.axis.title }, separatethousands: true, ...(ex.log ? { type: "log", dtick: 1, exponentformat: "none" } : { rangemode: "tozero" }) };
  lay.height = window.innerWidth < 640 ? 320 : 380;
  lay.legend = { orientation: "h", y: -0.3, x: 0 };
  lay.margin = { ...lay.margin, b: 60 };
  return lay;
}
function renderTable(data, headline) {
  const box = $("ex-table");
  box.hidden = ex.kind !== "table";
  if (box.hidden) return;
  const unit = data.output.unit;
  const t = el("table", { class: "ex-table" });
  const range = (tr, i) => (tr.band_text ? `${tr.band_text.p5[i]}–${tr.band_text.p95[i]}` : "—");
  const banded = data.traces.filter((tr) => tr.band);
  if (headline) {
    t.append(el("thead", {}, el("tr", {}, el("th", { text: "source" }), el("th", { text: `${data.output.label} (${unit})` }),
      ...(banded.length ? [el("th", { text: "Monte Carlo P5–P95" })] : []))));
    t.append(el("tbody", {}, ...data.traces.map((tr) => el("tr", {}, el("td", { text: tr.label, title: tr.title }), el("td", { text: tr.text }),
      ...(banded.length ? [el("td", { text: range(tr, 0) })] : [])))));
  } else {
    const byQ = data.traces.map((tr) => Object.fromEntries(tr.quarters.map((q, i) => [q, tr.text[i]])));
    const bandQ = banded.map((tr) => Object.fromEntries(tr.band.quarters.map((q, i) => [q, range(tr, i)])));
    t.append(el("thead", {}, el("tr", {}, el("th", { text: "quarter" }), ...data.traces.map((tr) => el("th", { text: tr.label, title: tr.title })),
      ...banded.map((tr) => el("th", { text: `${tr.label} P5–P95` })))));
    t.append(el("tbody", {}, ...data.quarters.map((q) => el("tr", {}, el("td", { text: q }), ...byQ.map((m) => el("td", { text: m[q] || "—" })),
      ...bandQ.map((m) => el("td", { text: m[q] || "—" }))))));
  }
  box.textContent = "";
  box.append(t);
}
async function downloadXlsx() {
  if (!ex.data) return;
  try {
    const r = await fetch("/api/series.xlsx", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body()) });
    if (!r.ok) throw new Error((await r.json()).detail);
    saveBlob(await r.blob(), `${ex.data.output.name}.xlsx`);
  } catch (e) { fail(e.message); }
}

export async function initExplorer(writeUrl) {
  hooksWriteUrl = () => writeUrl();
  (hooks.rendered = hooks.rendered || []).push(() => { if (ex.sources.includes(SCREEN)) draw(); });  // follows the inputs
  fillOutputs();
  await fillAdd();
  $("ex-output").addEventListener("change", (e) => change({ output: e.target.value }));
  $("ex-add").addEventListener("focus", fillAdd);
  $("ex-add").addEventListener("change", (e) => {
    const s = e.target.value;
    e.target.value = "";
    if (s && !ex.sources.includes(s)) change({ sources: [...ex.sources, s] });
  });
  for (const r of document.querySelectorAll('input[name="ex-kind"]')) r.addEventListener("change", () => change({ kind: r.value }));
  $("ex-log").addEventListener("change", (e) => change({ log: e.target.checked }));
  $("ex-png").addEventListener("click", () => downloadPng("chart-explorer"));
  $("ex-csv").addEventListener("click", () => downloadCsv("chart-explorer"));
  $("ex-xlsx").addEventListener("click", downloadXlsx);
}
