// The dashboard's "Who bears the risk" panel: POST /api/capital for the chosen built-in scenario and show
// P(default) per party, expected loss by lender and the contagion order. A module of its own: it reads the
// dashboard's current scenario and view (js/core.js state) and writes only inside #capital-section; it runs again
// when they change.
import { $, state } from "./js/core.js";

function usd(x) {
  const a = Math.abs(x);
  if (a >= 1e12) return `$${(x / 1e12).toFixed(2)} T`;
  if (a >= 1e9) return `$${(x / 1e9).toFixed(2)} B`;
  if (a >= 1e6) return `$${(x / 1e6).toFixed(1)} M`;
  return `$${Math.round(x).toLocaleString()}`;
}
const pct = (x) => `${(100 * x).toFixed(1)} %`;

function table(caption, headers, rows, numeric) {
  const t = document.createElement("table");
  const cap = t.createCaption();
  cap.textContent = caption;
  const head = t.createTHead().insertRow();
  headers.forEach((h, i) => {
    const th = document.createElement("th");
    th.textContent = h;
    if (numeric.has(i)) th.className = "num";
    head.appendChild(th);
  });
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    r.forEach((c, i) => {
      const td = tr.insertCell();
      td.textContent = c;
      if (numeric.has(i)) td.className = "num";
    });
  }
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  wrap.appendChild(t);
  return wrap;
}

function funding(programs) {
  const share = (p) => ["own", "vendor", "debt", "lease", "spv"].filter((k) => p[k] > 0)
    .map((k) => `${k} ${Math.round(100 * p[k])} %`).join(", ");
  return table("How each program's capex is funded (finance.capital; capex over the whole horizon, GPU refresh included: " +
    "more than the headline's capex through full build)", ["program", "owner", "capex, horizon", "funding"],
    programs.map((p) => [p.scenario, p.owner, usd(p.capex_usd), share(p)]), new Set([2]));
}

function render(out) {
  const box = $("capital-out");
  box.replaceChildren();
  if (out.programs.length) box.appendChild(funding(out.programs));
  const parties = Object.entries(out.parties);
  box.appendChild(table("Who misses a payment (by the horizon)", ["party", "P(default)", "median quarter"],
    parties.map(([p, r]) => [p, pct(r.p_default), r.median_default_quarter || "—"]), new Set([1])));
  const losses = Object.entries(out.expected_loss_by_lender).sort((a, b) => b[1] - a[1]);
  box.appendChild(table("Expected loss by lender (after collateral)", ["lender", "expected loss"],
    losses.map(([l, v]) => [l, usd(v)]), new Set([1])));
  box.appendChild(table("Contagion: who is paid less, in order", ["payer → payee", "P(paid less)", "first (median)"],
    out.contagion.slice(0, 8).map((r) => [`${r.payer} → ${r.payee}`, pct(r.p_paid_less), r.first_quarter_median]),
    new Set([1])));
  const guesses = out.instruments.filter((i) => i.guess).length;
  $("capital-note").textContent = `${out.scenario}: ${out.draws.toLocaleString()} draws, seed ${out.seed}, revenue at ` +
    `${out.revenue_scale}× its path; credit ${out.credit}; ${out.instruments.length} instruments, ${guesses} with ` +
    `guessed terms (gigawatt capital ${out.scenario} lists their sources).`;
}

let seq = 0;  // only the latest request renders: a slow answer for a scenario left behind is dropped
let shown = null;  // the scenario@view the panel shows or is fetching
let inFlight = false;  // one request at a time: the server runs one capital stack at once (a second gets 429)
let again = false;  // asked for while one was in flight: run once more, for the state then current

async function run() {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  try {
    await runOnce();
  } finally {
    inFlight = false;
    if (again) {
      again = false;
      run();
    }
  }
}

async function runOnce() {
  const err = $("capital-error");
  err.hidden = true;
  const scale = Number($("capital-scale").value);
  if (!Number.isFinite(scale) || scale < 0 || scale > 10) {
    err.textContent = "Revenue multiple: give a number from 0 to 10 (1 = the scenario's path).";
    err.hidden = false;
    return;
  }
  const scenario = state.scenario || ($("scenario") && $("scenario").value) || "openai-nvidia-2026";
  const view = state.view || null;
  shown = `${scenario}@${view || ""}`;
  const mine = ++seq;
  $("capital-out").replaceChildren();
  if (state.uploaded) {
    $("capital-note").textContent = "The capital stack runs for built-in scenarios only: pick one in the Scenario menu.";
    return;
  }
  $("capital-note").textContent = `${scenario}: running the capital stack…`;
  $("capital-run").disabled = true;
  try {
    const r = await fetch("/api/capital", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scenario, view, draws: 1000, seed: 0, revenue_scale: scale }) });
    const out = await r.json();
    if (mine !== seq) return;
    if (!r.ok) throw new Error(r.status === 429 ? "the server is busy with other jobs: press Run again in a moment"
      : out.detail || `HTTP ${r.status}`);
    render(out);
  } catch (e) {
    if (mine !== seq) return;
    $("capital-note").textContent = "";
    err.textContent = `No capital stack: ${e.message}`;
    err.hidden = false;
  } finally {
    if (mine === seq) $("capital-run").disabled = false;
  }
}

function init() {
  if (!$("capital-section")) return;
  $("capital-run").addEventListener("click", run);
  // The dashboard chooses its scenario and view in several ways (the menu, the address, Back, a saved run): the
  // panel follows the shared state and runs again whenever the scenario or view it shows is not the current one.
  setInterval(() => {
    if (state.scenario && `${state.scenario}@${state.view || ""}` !== shown) run();
  }, 300);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
