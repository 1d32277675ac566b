// gigawatt dashboard: the sites explorer: real AI campuses as of a date (GET /api/sites), a sortable, filterable
// table, an offline map (US state outlines from GET /api/map/us-states, drawn with Plotly: no tiles), and a
// site's timeline and deals (GET /api/sites/{id}). The date and the chosen site live in the address (sxdate, site);
// choosing a site or moving the slider is a history entry, so Back returns to the one before.
import { $, PLOT_CONFIG, api, el, gw, newEntry, urlParts } from "./core.js";

const STATUS_COLORS = { operational: "#16a34a", construction: "#ea580c", land_clearing: "#ca8a04", announced: "#2563eb" };
const COLUMNS = [  // key, header, numeric (sorted by number), text key (the server's text), phone
  ["name", "site", false], ["status", "status", false], ["power_online_mw", "online", true, "power_online_mw"],
  ["planned_mw", "planned", true, "planned_mw"], ["h100e", "H100e", true, "h100e"],
  ["capital_cost_usd", "capital cost", true, "capital_cost_usd", "sx-hide-phone"], ["where", "where", false],
  ["operator", "operator", false, null, "sx-hide-phone"]];
export const sx = { rows: [], dates: [], sort: ["power_online_mw", -1], chosen: null, seq: 0, outlines: null };
gw.sites = sx;

// --- the as-of slider: month ends from 2020 to the last one past, then today --------------------------------
function monthEnds() {
  const out = [], today = new Date();
  for (let d = new Date(Date.UTC(2020, 1, 0)); d < today; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 0)))
    out.push(d.toISOString().slice(0, 10));
  out.push(today.toISOString().slice(0, 10));
  return out;
}
const asOf = () => sx.dates[Number($("sx-asof").value)];
function setAsOf(day) {
  const i = sx.dates.indexOf(day);
  $("sx-asof").value = String(i >= 0 ? i : sx.dates.length - 1);
  $("sx-asof-value").textContent = asOf();
}
urlParts.push((q) => {
  if (sx.dates.length && asOf() !== sx.dates.at(-1)) q.set("sxdate", asOf());
  if (sx.chosen) q.set("site", sx.chosen);
});

// --- loading and filtering ------------------------------------------------------------------------------------
// US state names, so the filter finds "texas" as well as "TX"
const STATE_NAMES = { AL: "Alabama", AK: "Alaska", AZ: "Arizona", AR: "Arkansas", CA: "California", CO: "Colorado", CT: "Connecticut", DE: "Delaware", DC: "District of Columbia", FL: "Florida", GA: "Georgia", HI: "Hawaii", ID: "Idaho", IL: "Illinois", IN: "Indiana", IA: "Iowa", KS: "Kansas", KY: "Kentucky", LA: "Louisiana", ME: "Maine", MD: "Maryland", MA: "Massachusetts", MI: "Michigan", MN: "Minnesota", MS: "Mississippi", MO: "Missouri", MT: "Montana", NE: "Nebraska", NV: "Nevada", NH: "New Hampshire", NJ: "New Jersey", NM: "New Mexico", NY: "New York", NC: "North Carolina", ND: "North Dakota", OH: "Ohio", OK: "Oklahoma", OR: "Oregon", PA: "Pennsylvania", RI: "Rhode Island", SC: "South Carolina", SD: "South Dakota", TN: "Tennessee", TX: "Texas", UT: "Utah", VT: "Vermont", VA: "Virginia", WA: "Washington", WV: "West Virginia", WI: "Wisconsin", WY: "Wyoming" };

async function load(writeUrl) {
  const seq = ++sx.seq;
  try {
    const rows = await api("GET", `/api/sites?as_of=${asOf()}`);
    if (seq !== sx.seq) return;
    sx.rows = rows.map((r) => ({ ...r, where: [r.state, r.country === "US" ? STATE_NAMES[r.state] : null, r.country].filter(Boolean).join(" ") }));
  } catch (e) { $("sx-error").textContent = e.message; $("sx-error").hidden = false; return; }
  fillChoices();
  render();
  if (sx.chosen) await showSite(sx.chosen);
  writeUrl();
}
function fillChoices() {
  for (const [id, key, every] of [["sx-status", "status", "every status"], ["sx-country", "country", "every country"]]) {
    const sel = $(id), was = sel.value;
    sel.textContent = "";
    sel.append(el("option", { value: "", text: every }));
    for (const v of [...new Set(sx.rows.map((r) => r[key]))].sort()) sel.append(el("option", { value: v, text: v.replace("_", " ") }));
    sel.value = [...sel.options].some((o) => o.value === was) ? was : "";
  }
}
function shown() {
  const words = $("sx-filter").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const status = $("sx-status").value, country = $("sx-country").value;
  const hay = (r) => [r.id, r.name, r.operator, ...r.owner, ...r.tenants, ...r.lessee, r.where, r.country, r.power_source].join(" ").toLowerCase();
  const [key, dir] = sx.sort, numeric = COLUMNS.find((c) => c[0] === key)[2];
  return sx.rows.filter((r) => (!status || r.status === status) && (!country || r.country === country) && words.every((w) => hay(r).includes(w)))
    .sort((a, b) => dir * (numeric ? (a[key] ?? -1) - (b[key] ?? -1) : String(a[key]).localeCompare(String(b[key]))));
}
function render() {
  const rows = shown();
  const online = rows.reduce((s, r) => s + r.power_online_mw, 0);
  $("sx-count").textContent = `${rows.length} of ${sx.rows.length} sites known on ${asOf()}; ${Math.round(online).toLocaleString("en-US")} MW online among those shown.`;
  renderTable(rows);
  drawMap(rows);
  document.body.dataset.sitesSeq = String(sx.seq);
}

// --- the table: click a header to sort, a row to open the site ------------------------------------------------
function renderTable(rows) {
  const t = el("table", { class: "sx-table" }), [key, dir] = sx.sort;
  t.append(el("thead", {}, el("tr", {}, ...COLUMNS.map(([k, label, , , cls]) => el("th", {
    class: `${k === "name" || !COLUMNS.find((c) => c[0] === k)[2] ? "sx-text" : ""} ${cls || ""}`, "data-col": k,
    "aria-sort": k === key ? (dir > 0 ? "ascending" : "descending") : "none" },
  el("button", { type: "button", text: label, onclick: () => { sx.sort = [k, k === key ? -dir : (COLUMNS.find((c) => c[0] === k)[2] ? -1 : 1)]; render(); } }))))));
  const onKey = (id) => (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(id); } };
  t.append(el("tbody", {}, ...rows.map((r) => el("tr", { "data-site": r.id, class: r.id === sx.chosen ? "chosen" : "", tabindex: "0",
    "aria-label": `${r.name}: open its timeline and deals`, onclick: () => choose(r.id), onkeydown: onKey(r.id) },
    ...COLUMNS.map(([k, , numeric, textKey, cls]) => el("td", { class: `${numeric ? "" : "sx-text"} ${cls || ""}`,
      text: textKey ? r.text[textKey] : k === "status" ? r.status.replace("_", " ") : r[k] || "—" }))))));
  $("sx-table-box").textContent = "";
  $("sx-table-box").append(t);
}

// --- the map: state outlines as lines, sites as circles (area ∝ planned MW), coloured by status -------------
async function drawMap(rows) {
  if (!sx.outlines) return;
  const lons = [], lats = [];
  for (const [x, y] of sx.outlines.rings) { lons.push(...x, null); lats.push(...y, null); }
  const us = rows.filter((r) => r.country === "US" && r.lat !== null && r.lon < -66 && r.lat < 50);
  const byStatus = {};
  for (const r of us) (byStatus[r.status] = byStatus[r.status] || []).push(r);
  const sites = Object.entries(byStatus).map(([status, rs]) => ({
    type: "scatter", mode: "markers", name: status.replace("_", " "), x: rs.map((r) => r.lon), y: rs.map((r) => r.lat),
    customdata: rs.map((r) => r.id), text: rs.map((r) => `${r.name}<br>${r.text.power_online_mw} online of ${r.text.planned_mw}`),
    hovertemplate: "%{text}<extra></extra>",
    marker: { color: STATUS_COLORS[status] || "#6b7280", sizemode: "area", sizeref: 4, sizemin: 5, opacity: 0.8,
      size: rs.map((r) => Math.max(r.planned_mw || r.power_online_mw || 0, 1) / 10), line: { width: rs.map((r) => (r.id === sx.chosen ? 3 : 1)), color: "#111827" } },
  }));
  const w = $("sx-map").clientWidth || 600;
  const lay = { height: Math.round(Math.min(460, Math.max(240, w * 0.62))), margin: { l: 4, r: 4, t: 28, b: 4 },
    title: { text: `Campuses on ${asOf()} (circle area ∝ planned MW)`, font: { size: 13 }, x: 0.01, xanchor: "left" },
    xaxis: { visible: false, range: [-125, -66.5] }, yaxis: { visible: false, range: [24, 50], scaleanchor: "x", scaleratio: 1.27 },
    legend: { orientation: "h", y: 0, x: 0, bgcolor: "rgba(255,255,255,.7)" }, dragmode: "pan", paper_bgcolor: "#fff", plot_bgcolor: "#fff" };
  await Plotly.react("sx-map", [{ type: "scatter", mode: "lines", x: lons, y: lats, hoverinfo: "skip", showlegend: false,
    line: { color: "#9aa5b1", width: 0.7 } }, ...sites], lay, { ...PLOT_CONFIG, scrollZoom: false });
  const gd = $("sx-map");
  if (!gd.dataset.clicks) { gd.on("plotly_click", (e) => { const p = e.points.find((x) => x.customdata); if (p) choose(p.customdata); }); gd.dataset.clicks = "1"; }
  const outside = rows.filter((r) => !us.includes(r));
  $("sx-outside").textContent = "";
  if (outside.length) $("sx-outside").append(el("span", { class: "muted", text: "Outside the map:" }),
    ...outside.map((r) => el("button", { type: "button", class: "small", "data-site": r.id, text: `${r.name} (${r.country})`, onclick: () => choose(r.id) })));
}

// --- one site: its figures, its timeline (power, H100e, capital cost) and its deals ------------------------------
let writeUrlHook = () => {};
function choose(id) {
  if (id === sx.chosen) return;
  newEntry();
  sx.chosen = id; render(); showSite(id); writeUrlHook();
}
// Back and Forward: the date and the site the address names.
export async function restoreSites() {
  const q = new URLSearchParams(location.search), day = q.get("sxdate") || sx.dates.at(-1), site = q.get("site");
  const moved = day !== asOf();
  if (!moved && site === sx.chosen) return;
  setAsOf(day);
  sx.chosen = site;
  if (moved) { await load(writeUrlHook); return; }
  render();
  if (site) await showSite(site); else { $("sx-site").textContent = ""; $("sx-site").append(el("p", { class: "muted", text: "No site chosen yet." })); }
}
async function showSite(id) {
  const box = $("sx-site");
  let d;
  try { d = await api("GET", `/api/sites/${encodeURIComponent(id)}?as_of=${asOf()}`); }
  catch (e) { box.textContent = ""; box.append(el("p", { class: "error", role: "alert", text: e.message })); return; }
  const s = d.site, who = (xs) => (xs && xs.length ? xs.join(", ") : "—");
  box.textContent = "";
  box.append(el("h3", { text: s.name }),
    el("p", { class: "muted small", text: `${s.status.replace("_", " ")} on ${asOf()}${s.as_of_row ? ` (row of ${s.as_of_row})` : ""}` }),
    el("dl", {}, ...[["online", s.text.power_online_mw], ["planned", s.text.planned_mw], ["H100e", s.text.h100e],
      ["capital cost", s.text.capital_cost_usd], ["next", s.next_date ? `${s.text.next_power_mw} by ${s.next_date} (${s.next_status})` : "—"],
      ["where", [s.state, s.country].filter(Boolean).join(", ")], ["operator", s.operator || "—"], ["owners", who(s.owner)],
      ["tenants", who(s.tenants)], ["lessee", who(s.lessee)], ["power", s.power_source || "—"]].flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v || "—" })])),
    el("div", { class: "sx-timeline", id: "sx-timeline" }), dealsTable(d.deals),
    el("details", {}, el("summary", { text: `Timeline rows and sources (${d.timeline.length})` }), timelineTable(d.timeline)),
    el("p", { class: "sx-sources", text: `Site: ${s.site_source}` }));
  await drawTimeline(d);
  box.dataset.site = id;
  document.body.dataset.siteShown = id;
}
function dealsTable(deals) {
  if (!deals.length) return el("p", { class: "muted small", text: "No deal in the data names this site." });
  return el("table", { class: "sx-table sx-deals" }, el("thead", {}, el("tr", {}, ...["deal", "GW here", "value", "status then", "parties"].map((h) => el("th", { class: `sx-text ${h === "parties" ? "sx-hide-phone" : ""}`, text: h })))),
    el("tbody", {}, ...deals.map((x) => el("tr", { title: x.source }, el("td", { class: "sx-text", text: `${x.name} (${x.date})` }),
      el("td", { text: x.text.gw_here + (x.gw_stated ? "" : " (pro rata)") }), el("td", { text: x.text.usd }),
      el("td", { class: "sx-text", text: x.status_as_of || "not made yet" }), el("td", { class: "sx-text sx-hide-phone", text: x.parties.join(", ") })))));
}
function timelineTable(rows) {
  return el("table", { class: "sx-table" }, el("thead", {}, el("tr", {}, ...["date", "status", "power", "H100e", "capital cost", "source"].map((h) => el("th", { class: "sx-text", text: h })))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, el("td", { class: "sx-text", text: r.date }), el("td", { class: "sx-text", text: r.status + (r.observed ? "" : " (expected)") }),
      el("td", { text: r.text.power_mw }), el("td", { text: r.text.h100e }), el("td", { text: r.text.capital_cost_usd }), el("td", { class: "sx-text", text: r.source })))));
}
function drawTimeline(d) {
  const seen = d.timeline.filter((r) => r.observed), ahead = d.timeline.filter((r) => !r.observed && r.power_mw !== null);
  const last = seen.at(-1), dates = (rs) => rs.map((r) => r.date);
  const step = (rs, k, div) => rs.map((r) => (r[k] === null ? null : r[k] / div));
  const traces = [
    { x: dates(seen), y: step(seen, "power_mw", 1), name: "power online, MW", line: { shape: "hv", color: "#2563eb" }, yaxis: "y" },
    { x: dates(last ? [last, ...ahead] : ahead), y: step(last ? [last, ...ahead] : ahead, "power_mw", 1), name: "expected, MW", line: { shape: "hv", dash: "dot", color: "#2563eb" }, yaxis: "y" },
    { x: dates(seen), y: step(seen, "h100e", 1e3), name: "H100e, thousands", line: { shape: "hv", color: "#9333ea" }, yaxis: "y2" },
    { x: dates(seen), y: step(seen, "capital_cost_usd", 1e9), name: "capital cost, USD billions", line: { shape: "hv", color: "#ea580c" }, yaxis: "y3" },
  ].map((t) => ({ type: "scatter", mode: "lines+markers", marker: { size: 5 }, ...t }));
  const axis = (title, domain) => ({ title: { text: title, font: { size: 11 } }, domain, rangemode: "tozero", separatethousands: true });
  return Plotly.react("sx-timeline", traces, {
    height: 380, margin: { l: 56, r: 8, t: 24, b: 30 }, showlegend: false, hovermode: "x unified",
    title: { text: "Timeline: power, H100e, capital cost", font: { size: 13 }, x: 0.01, xanchor: "left" },
    xaxis: { type: "date", anchor: "y3" }, yaxis: axis("MW", [0.7, 1]), yaxis2: axis("H100e, k", [0.36, 0.64]), yaxis3: axis("USD B", [0, 0.3]),
    shapes: [{ type: "line", xref: "x", yref: "paper", x0: asOf(), x1: asOf(), y0: 0, y1: 1, line: { color: "#6b7280", dash: "dash", width: 1 } }],
  }, PLOT_CONFIG);
}

export async function initSites(writeUrl) {
  writeUrlHook = () => writeUrl();
  sx.dates = monthEnds();
  const q = new URLSearchParams(location.search);
  $("sx-asof").max = String(sx.dates.length - 1);
  setAsOf(q.get("sxdate") || sx.dates.at(-1));
  if (q.get("sxdate") && !sx.dates.includes(q.get("sxdate"))) {  // said on screen, not quietly replaced
    $("sx-error").textContent = `The address asks for the sites as of “${q.get("sxdate")}”; the slider holds month ends from ${sx.dates[0]} and today. Showing today.`;
    $("sx-error").hidden = false;
  }
  sx.chosen = q.get("site");
  let timer = null;
  let gesture = false;  // one history entry per slide, however many dates it passes
  $("sx-asof").addEventListener("input", () => {
    if (!gesture) { newEntry(); gesture = true; }
    $("sx-asof-value").textContent = asOf(); clearTimeout(timer); timer = setTimeout(() => load(writeUrl), 120);
  });
  $("sx-asof").addEventListener("change", () => { gesture = false; });
  for (const id of ["sx-filter", "sx-status", "sx-country"]) $(id).addEventListener("input", render);
  try { sx.outlines = await api("GET", "/api/map/us-states"); } catch (e) { /* the table still works */ }
  await load(writeUrl);
}
