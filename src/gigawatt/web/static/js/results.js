// gigawatt dashboard: The results: headline cards, year-by-year table, the five fixed charts.
import { $, COLORS, PLOT_CONFIG, YEAR_COLS, el, gw, platformOption, seriesLabel, state } from "./core.js";
import { power } from "./power.js";

// --- rendering --------------------------------------------------------------------------------------------
// Headline cards: the output schema's groups and labels (GET /api/meta), the server's text.
export function renderHeadline(res) {
  const t = res.summary_text, box = $("headline");
  box.textContent = "";
  if (res.summary_is) box.append(el("p", { class: "muted", text: `Figures: ${res.summary_is}, ${res.summary_is_text || ""}.` }));
  const groups = {};
  for (const c of state.meta.cards) (groups[c.group] = groups[c.group] || []).push(c);
  for (const [group, cards] of Object.entries(groups)) {
    box.append(el("section", { class: "card-group", "data-group": group }, el("h2", { text: group }),
      el("div", { class: "cards" }, ...cards.map((c) => el("div", { class: "card", "data-key": c.key, title: `${c.description} [${c.unit}]` },
        el("div", { class: "card-label", text: c.label }),
        el("div", { class: "card-value", text: t[c.key] || "—" }))))));
  }
}
// The strip: a few key figures kept in view on a small screen while a control moves (full labels on hover).
export const STRIP = [["capacity_gw", "Power"], ["gpus", "GPUs"], ["annual_energy_twh", "Energy"],
  ["capex_usd", "Capex"], ["customer_funding_gap_usd", "Funding gap"], ["vendor_net_cash_usd", "Vendor net cash"]];
export function renderStrip(res) {
  const t = res.summary_text || {}, box = $("strip"), before = {};
  for (const f of box.querySelectorAll(".fig")) before[f.dataset.key] = f.querySelector(".fig-value").textContent;
  box.textContent = "";
  for (const [key, short] of STRIP) {
    const info = state.meta.headline[key] || {}, value = t[key] || "—";
    const changed = key in before && before[key] !== value;
    box.append(el("div", { class: changed ? "fig changed" : "fig", "data-key": key, title: info.label || short },
      el("div", { class: "fig-label", text: short }), el("div", { class: "fig-value", text: value })));
  }
}
// Flows are summed over the year, stocks read at its end: "Energy in the quarter" is "Energy over the year" here.
export const yearLabel = (k) => seriesLabel(k).replace(/ in the quarter$/, " over the year").replace(/ in the quarter /, " over the year ");
export function renderYears(res) {
  const t = $("years"), rows = res.by_year_text || [];
  t.textContent = "";
  t.append(el("thead", {}, el("tr", {}, el("th", { text: "Year" }), ...YEAR_COLS.map((k) => el("th", { text: yearLabel(k) })))));
  const body = el("tbody");
  for (const r of rows) body.append(el("tr", {}, el("td", { text: r.year }), ...YEAR_COLS.map((k) => el("td", { text: r[k] || "—" }))));
  t.append(body);
}
// Quarter labels on the x axis: one tick a year, at its first quarter.
export function yearTicks(quarters) {
  const q = quarters || (state.last && state.last.quarters) || [];
  const vals = q.filter((l) => l.endsWith("Q1"));
  const narrow = window.innerWidth < 640;  // a phone: every other or third year, so labels never touch
  const step = narrow ? Math.max(2, Math.ceil(vals.length / 5)) : vals.length > 12 ? 2 : 1;
  const shown = vals.filter((_, i) => i % step === 0);
  return { type: "category", tickmode: "array", tickvals: shown, ticktext: shown.map((l) => l.slice(0, 4)), tickangle: 0 };
}
export function layout(title, yTitle, extra = {}) {
  return {
    title: { text: title, font: { size: 14 }, x: 0.02, xanchor: "left" },
    margin: { l: window.innerWidth < 640 ? 48 : 60, r: 16, t: 40, b: 40 }, height: 300,
    font: { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 12 },
    xaxis: yearTicks(),
    yaxis: { title: { text: yTitle }, rangemode: "tozero", separatethousands: true },
    legend: { orientation: "h", y: -0.18, x: 0 },
    hovermode: "x unified", paper_bgcolor: "#fff", plot_bgcolor: "#fff", ...extra,
  };
}
export const scaled = (arr, k) => arr.map((v) => (v === null ? null : v / k));
export function line(x, y, name, i, extra = {}) {
  return { x, y, name, type: "scatter", mode: "lines", line: { color: COLORS[i % COLORS.length], width: 2 }, ...extra };
}
export function charts(res) {
  const q = res.quarters, s = res.series;
  const build = Object.entries(res.gw_by_platform).map(([name, y], i) =>
    line(q, y, platformOption((state.meta.platforms || []).find((p) => p.name === name) || { name }), i,
      { stackgroup: "gw", hovertemplate: "%{y:.2f} GW" }));
  const hardware = [
    line(q, scaled(s.gpus, 1e6), "GPU packages", 0, { hovertemplate: "%{y:.3s} M" }),
    line(q, scaled(s.gpu_dies, 1e6), "GPU dies", 1, { hovertemplate: "%{y:.3s} M" }),
  ];
  const energy = [
    line(q, s.annual_energy_twh, "annual energy at the quarter's rate", 2, { hovertemplate: "%{y:.1f} TWh/yr" }),
  ];
  const names = res.party_labels || {}, colors = res.party_colors || {};
  const cash = Object.entries(res.cash_by_party).map(([party, y], i) =>
    line(q, scaled(y, 1e9), names[party] || party, i, { hovertemplate: "$%{y:,.1f} B", line: { color: colors[party] || COLORS[i % COLORS.length], width: 2 } }));
  const revenue = [
    line(q, scaled(s.required_revenue_usd_per_year, 1e9), "required to carry the fleet", 5, { hovertemplate: "$%{y:,.1f} B/yr" }),
    line(q, scaled(s.customer_revenue_usd_per_year, 1e9), "customer revenue path", 1, { hovertemplate: "$%{y:,.1f} B/yr" }),
  ];
  return [
    ["chart-build", build, layout("Build-out: facility power online by platform", "GW")],
    ["chart-hardware", hardware, layout("Hardware online: GPU packages and dies", "millions")],
    ["chart-energy", energy, layout("Energy: annual draw at each quarter's rate", "TWh per year", { showlegend: false })],
    ["chart-cash", cash, layout("Cumulative net cash by party", "USD billions", { yaxis: { title: { text: "USD billions" }, zeroline: true } })],
    ["chart-revenue", revenue, layout("Revenue required vs the customer's revenue path", "USD billions per year")],
  ];
}
// A superseded deal says so above its title; the terms' and the data's dates sit under it (heading from the API).
function renderStanding(res) {
  const st = res.standing || {}, lines = res.heading || [];
  const note = st.superseded ? lines[0] : "", dated = lines.length > (st.superseded ? 2 : 1) ? lines[lines.length - 1] : "";
  $("superseded").textContent = note;
  $("superseded").hidden = !note;
  $("dated").textContent = dated;
  $("dated").hidden = !dated;
}
export async function render(res) {
  $("title").textContent = res.title;
  renderStanding(res);
  $("source").textContent = state.sourceLabel;
  renderStrip(res);
  renderHeadline(res);
  renderYears(res);
  const t0 = performance.now();
  const specs = charts(res);
  for (const [id, data, lay] of specs) pendingCharts.set(id, [data, lay]);
  // Charts on screen are redrawn now; the others just after (or when they scroll into view).
  if (window.Plotly) await Promise.all(specs.filter(([id]) => onScreen.has(id)).map(([id]) => drawChart(id)));
  gw.lastPlotMs = performance.now() - t0;
  gw.renderSeq += 1;
  gw.lastRenderAt = performance.now();
  document.body.dataset.renderSeq = String(gw.renderSeq);
  const seq = gw.renderSeq;
  setTimeout(async () => {
    await Promise.all([...pendingCharts.keys()].map(drawChart));
    gw.settledSeq = Math.max(gw.settledSeq, seq);
  }, 0);
}
// Latest figure of each chart not yet drawn; which charts are on screen.
export const pendingCharts = new Map();
export const onScreen = new Set();
export function drawChart(id) {
  const spec = pendingCharts.get(id);
  if (!spec || !window.Plotly) return Promise.resolve();
  pendingCharts.delete(id);
  return Plotly.react(id, spec[0], spec[1], PLOT_CONFIG);
}
export function watchCharts() {
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting) { onScreen.add(e.target.id); drawChart(e.target.id); } else onScreen.delete(e.target.id);
    }
  });
  document.querySelectorAll(".chart").forEach((c) => io.observe(c));
}
