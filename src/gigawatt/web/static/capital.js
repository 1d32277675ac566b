// The dashboard's "Who bears the risk" panel: POST /api/capital for the chosen built-in scenario and show
// P(default) per party, expected loss by lender and the contagion order. A module of its own: it reads the
// scenario <select id="scenario"> and writes only inside #capital-section.
const $ = (id) => document.getElementById(id);

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

function render(out) {
  const box = $("capital-out");
  box.replaceChildren();
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
    `${out.revenue_scale}× its path; ${out.instruments.length} instruments, ${guesses} with guessed terms ` +
    `(gigawatt capital ${out.scenario} lists their sources).`;
}

async function run() {
  const err = $("capital-error");
  err.hidden = true;
  const scale = Number($("capital-scale").value);
  if (!Number.isFinite(scale) || scale < 0 || scale > 10) {
    err.textContent = "Revenue multiple: give a number from 0 to 10 (1 = the scenario's path).";
    err.hidden = false;
    return;
  }
  const scenario = ($("scenario") && $("scenario").value) || "openai-portfolio";
  $("capital-run").disabled = true;
  try {
    const r = await fetch("/api/capital", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scenario, draws: 1000, seed: 0, revenue_scale: scale }) });
    const out = await r.json();
    if (!r.ok) throw new Error(out.detail || `HTTP ${r.status}`);
    render(out);
  } catch (e) {
    err.textContent = `No capital stack: ${e.message}`;
    err.hidden = false;
  } finally {
    $("capital-run").disabled = false;
  }
}

function init() {
  if (!$("capital-section")) return;
  $("capital-run").addEventListener("click", run);
  const sel = $("scenario");
  if (!sel) { run(); return; }
  sel.addEventListener("change", () => { $("capital-out").replaceChildren(); $("capital-note").textContent = ""; });
  // the scenario list arrives from /api/scenarios: run once it has a value (the default scenario)
  const start = Date.now();
  const wait = () => (sel.value ? run() : Date.now() - start < 15000 ? setTimeout(wait, 200) : run());
  wait();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
