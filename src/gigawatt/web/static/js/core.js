// gigawatt dashboard: Shared state, the API client, DOM and naming helpers.

export const $ = (id) => document.getElementById(id);
// Panels register what core calls back (core imports no panel, so it loads first and whole).
export const hooks = {};

// On a phone the toolbar (modebar) would sit over the chart's title: none there (PNG/CSV are above each chart).
// No "send to Plotly Cloud" either: the dashboard sends nothing beyond this server (the bundle has no Chart Studio button).
export const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"],
  displayModeBar: window.innerWidth < 640 ? false : "hover", showSendToCloud: false };
export const COLORS = ["#2563eb", "#16a34a", "#ea580c", "#9333ea", "#0891b2", "#dc2626", "#ca8a04", "#4b5563"];
// Year-by-year columns (labels from the output schema; the server formats the values).
export const YEAR_COLS = ["gw_online", "gpus", "gpu_dies", "energy_twh", "peak_dense_fp8_flops", "capex_usd",
  "vendor_investment_cash_usd", "required_revenue_usd_per_year", "customer_revenue_usd_per_year"];

export const state = {
  meta: null, scenario: null, scenarioText: null, sourceLabel: "", parts: null, part: null,
  touched: {}, inFlight: false, pending: false, last: null, synced: false, mc: null, tornado: null,
  timeline: [], uploaded: false,
};
export const LABELS_KEY = "gigawatt.runLabels";  // run id -> the label its saver gave (this browser)
// For tests and the curious: render count and timing.
export const gw = (window.gw = { renderSeq: 0, settledSeq: 0, lastRenderAt: 0, state });

// --- small helpers -----------------------------------------------------------------------------------
export async function api(method, url, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
  const r = await fetch(url, opts);
  const type = r.headers.get("content-type") || "";
  const data = type.includes("json") ? await r.json() : await r.text();
  if (!r.ok) {
    const err = new Error((data && data.detail) || `${r.status} ${r.statusText}`);
    err.status = r.status; err.field = data && data.field; err.fieldMessage = data && data.message;
    throw err;
  }
  return data;
}
export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}
// An error shows next to the control that caused it (and in the banner, for errors no control owns).
export function showError(msg, field) {
  const box = $("error");
  document.querySelectorAll(".control-error").forEach((e) => e.remove());
  document.querySelectorAll(".control").forEach((c) => c.classList.toggle("bad", !!field && c.dataset.path === field));
  const part = field && (state.parts || []).find((p) => field.startsWith(`parts.${p}.`));  // names may hold dots
  if (part && hooks.selectPart) hooks.selectPart(part);
  const owner = field ? [...document.querySelectorAll("[data-path]")].find((c) => c.dataset.path === field)
    || (state.uploaded || field.startsWith("scenario") ? $("upload-box") : null) : null;
  box.hidden = !msg || !!owner;
  box.textContent = msg ? `Cannot run this: ${msg}` : "";
  if (msg && owner) {
    const note = el("div", { class: "control-error", role: "alert", text: msg });
    owner.append(note);
    const r = note.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) note.scrollIntoView({ block: "center" });
  }
}
export function setStatus(text) { $("status").textContent = text; }
// Words for ids: a built-in scenario's title, a platform's name as its vendor writes it (values stay ids).
export const scenarioTitle = (name) => ((state.scenarios || []).find((s) => s.name === name) || {}).title || name;
export const WORDS = { openai: "OpenAI", nvidia: "NVIDIA" };
export const platformName = (id) => id.split("-").map((w) => WORDS[w] || (/\d/.test(w) || w.length <= 3 ? w.toUpperCase()
  : w.charAt(0).toUpperCase() + w.slice(1))).join(" ");
export const platformOption = (p) => {  // "NVIDIA Vera Rubin NVL144", "AMD MI450 Helios"
  const name = platformName(p.name), vendor = platformName(p.vendor || "");
  return name.toLowerCase().includes(vendor.toLowerCase()) ? name : `${vendor} ${name}`;
};
export const seriesLabel = (k) => ((state.meta.series[k] || {}).label || k.replaceAll("_", " "));

// --- the address bar is the state: each panel adds its parameters; a choice Back should undo is a new entry ---
export const urlParts = [];  // (URLSearchParams) => void, one per panel (the explorer, the sites explorer)
export function setUrl(q) {
  if (state.addressRefused) return;  // a wrong address stays as the user typed it until they choose
  for (const add of urlParts) add(q);
  const url = `${location.pathname}?${q}`;
  if (url !== location.pathname + location.search) history.replaceState(null, "", url);
}
// Called before a user's choice (scenario, view, explorer): the page as it was stays one Back away.
export function newEntry() { history.pushState(null, "", location.href); }
