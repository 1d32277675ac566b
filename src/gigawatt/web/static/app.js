// The gigawatt dashboard: plain JS over the REST API (no build step, no network beyond this server).
// Numbers come formatted from the server (gigawatt.present); cards and controls come from GET /api/meta.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);

  const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"] };
  const COLORS = ["#2563eb", "#16a34a", "#ea580c", "#9333ea", "#0891b2", "#dc2626", "#ca8a04", "#4b5563"];
  // Year-by-year columns (labels from the output schema; the server formats the values).
  const YEAR_COLS = ["gw_online", "gpus", "gpu_dies", "energy_twh", "peak_dense_fp8_flops", "capex_usd",
    "vendor_investment_cash_usd", "required_revenue_usd_per_year", "customer_revenue_usd_per_year"];

  const state = {
    meta: null, scenario: null, scenarioText: null, sourceLabel: "", parts: null, part: null,
    touched: {}, inFlight: false, pending: false, last: null, synced: false, mc: null,
  };
  // For tests and the curious: render count and timing.
  const gw = (window.gw = { renderSeq: 0, settledSeq: 0, lastRenderAt: 0, state });

  // --- small helpers -----------------------------------------------------------------------------------
  async function api(method, url, body) {
    const opts = { method, headers: {} };
    if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    const r = await fetch(url, opts);
    const type = r.headers.get("content-type") || "";
    const data = type.includes("json") ? await r.json() : await r.text();
    if (!r.ok) {
      const err = new Error((data && data.detail) || `${r.status} ${r.statusText}`);
      err.status = r.status; err.field = data && data.field;
      throw err;
    }
    return data;
  }
  function el(tag, attrs = {}, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k);
    return e;
  }
  function showError(msg, field) {
    const box = $("error");
    box.hidden = !msg;
    box.textContent = msg ? `Cannot run this: ${msg}` : "";
    document.querySelectorAll(".control").forEach((c) => c.classList.toggle("bad", !!field && c.dataset.path === field));
    const part = field && (state.parts || []).find((p) => field.startsWith(`parts.${p}.`));  // names may hold dots
    if (part) selectPart(part);
  }
  function setStatus(text) { $("status").textContent = text; }
  const seriesLabel = (k) => ((state.meta.series[k] || {}).label || k.replaceAll("_", " "));

  // --- the request the dashboard stands on ---------------------------------------------------------------
  function request(extra = {}) {
    const body = { overrides: { ...state.touched }, ...extra };
    if (state.scenarioText !== null) body.scenario_text = state.scenarioText; else body.scenario = state.scenario;
    return body;
  }

  // --- controls: one program's fields; on a composite, each part's (parts.PART.PATH) and its own ------------
  // Each control: {path (the override key), spec (from /api/meta), input, output}.
  let controls = [];
  function controlSpecs(parts) {
    const specs = state.meta.controls;
    if (!parts.length) return specs.map((s) => ({ key: s.path, spec: s, part: null }));
    const out = [];
    for (const p of parts) for (const s of specs) if (!s.composite) out.push({ key: `parts.${p}.${s.path}`, spec: s, part: p });
    for (const s of specs) if (s.composite) out.push({ key: s.path, spec: s, part: null });
    return out;
  }
  function buildControls(parts) {
    state.parts = parts; state.part = parts.length ? parts[0] : null;
    const box = $("controls");
    box.textContent = "";
    controls = [];
    if (parts.length) {
      const sel = el("select", { id: "ctl-part", "aria-label": "part" });
      for (const p of parts) sel.append(el("option", { value: p, text: p }));
      sel.addEventListener("change", () => selectPart(sel.value));
      box.append(el("div", { class: "control part-pick", "data-path": "part" },
        el("div", { class: "control-head" }, el("label", { for: "ctl-part", text: "Part of the composite" })), sel),
        el("p", { class: "muted small", text: "The sliders below change the chosen part only; the customer's revenue belongs to the whole." }));
    }
    for (const c of controlSpecs(parts)) {
      const s = c.spec, id = `ctl-${c.key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
      const out = el("output", { id: `${id}-value`, for: id });
      let input;
      if (s.kind === "select") {
        input = el("select", { id, "aria-label": s.label });
        input.append(el("option", { value: "auto", text: "auto (newest available)" }));
        for (const p of state.meta.platforms) {
          if (p.status === "cancelled") continue;
          input.append(el("option", { value: p.name, text: `${p.name} (${p.available})` }));
        }
        input.addEventListener("change", () => { state.touched[c.key] = input.value; markTouched(c, true); schedule(); });
      } else {
        input = el("input", { id, type: "range", min: s.slider_min, max: s.slider_max, step: s.step, "aria-label": s.label });
        input.addEventListener("input", () => {
          state.touched[c.key] = Number(input.value) * s.scale;
          markTouched(c, true);
          schedule();
        });
      }
      const head = el("div", { class: "control-head" }, el("label", { for: id, text: s.label }), out);
      const node = el("div", { class: "control", "data-path": c.key }, head, input);
      if (c.part) node.dataset.part = c.part;
      box.append(node);
      Object.assign(c, { input, output: out, node });
      controls.push(c);
    }
    selectPart(state.part);
  }
  function selectPart(part) {
    if (!state.parts || !state.parts.includes(part)) return;
    state.part = part;
    const sel = $("ctl-part");
    if (sel) sel.value = part;
    applyVisibility();
  }
  // A control shows when it belongs to the chosen part (or to the whole) and applies to the scenario.
  function applyVisibility() {
    const values = (state.last && state.last.controls_value) || null;
    for (const c of controls) c.node.hidden = (c.part !== null && c.part !== state.part) || (values !== null && !(c.key in values));
  }
  function markTouched(c, on) { c.node.classList.toggle("touched", on); }
  // Put the controls at the scenario's values (those the user has not moved) and show every value's text.
  function syncControls(res) {
    const values = res.controls_value || {}, texts = res.controls_text || {};
    applyVisibility();
    for (const c of controls) {
      c.output.textContent = c.spec.kind === "select" ? "" : (texts[c.key] || "");
      if (c.key in state.touched && state.synced) continue;
      const v = values[c.key];
      if (c.spec.kind === "select") {
        if (typeof v === "string") {
          if (![...c.input.options].some((o) => o.value === v)) c.input.append(el("option", { value: v, text: v }));
          c.input.value = v;
        }
        continue;
      }
      if (typeof v !== "number") continue;
      const d = v / c.spec.scale;
      if (d < Number(c.input.min)) c.input.min = d;
      if (d > Number(c.input.max)) c.input.max = d;
      c.input.value = d;
    }
    state.synced = true;
  }
  function resetControls() {
    state.touched = {}; state.synced = false;
    controls.forEach((c) => markTouched(c, false));
  }

  // --- running: at most one request in flight, the latest input wins ---------------------------------------
  function schedule() {
    if (state.inFlight) { state.pending = true; return; }
    runNow();
  }
  async function runNow() {
    state.inFlight = true;
    state.pending = false;
    const t0 = performance.now();
    try {
      const res = await api("POST", "/api/run", request());
      gw.lastFetchMs = performance.now() - t0;
      state.last = res;
      if (state.parts === null || res.parts.join() !== state.parts.join()) { buildControls(res.parts); state.synced = false; }
      syncControls(res);
      showError("");
      await render(res);
      setStatus(`updated (computed in ${res.seconds_text})`);
    } catch (e) {
      showError(e.message, e.field);
      setStatus("");
    } finally {
      state.inFlight = false;
      if (state.pending) runNow();
    }
  }

  // --- rendering --------------------------------------------------------------------------------------------
  // Headline cards: the output schema's groups and labels (GET /api/meta), the server's text.
  function renderHeadline(res) {
    const t = res.summary_text, box = $("headline");
    box.textContent = "";
    const groups = {};
    for (const c of state.meta.cards) (groups[c.group] = groups[c.group] || []).push(c);
    for (const [group, cards] of Object.entries(groups)) {
      box.append(el("section", { class: "card-group", "data-group": group }, el("h2", { text: group }),
        el("div", { class: "cards" }, ...cards.map((c) => el("div", { class: "card", "data-key": c.key, title: `${c.description} [${c.unit}]` },
          el("div", { class: "card-label", text: c.label }),
          el("div", { class: "card-value", text: t[c.key] || "—" }))))));
    }
  }
  function renderYears(res) {
    const t = $("years"), rows = res.by_year_text || [];
    t.textContent = "";
    t.append(el("thead", {}, el("tr", {}, el("th", { text: "Year" }), ...YEAR_COLS.map((k) => el("th", { text: seriesLabel(k) })))));
    const body = el("tbody");
    for (const r of rows) body.append(el("tr", {}, el("td", { text: r.year }), ...YEAR_COLS.map((k) => el("td", { text: r[k] || "—" }))));
    t.append(body);
  }
  // Quarter labels on the x axis: one tick a year, at its first quarter.
  function yearTicks(quarters) {
    const q = quarters || (state.last && state.last.quarters) || [];
    const vals = q.filter((l) => l.endsWith("Q1"));
    const step = vals.length > 12 ? 2 : 1;
    const shown = vals.filter((_, i) => i % step === 0);
    return { type: "category", tickmode: "array", tickvals: shown, ticktext: shown.map((l) => l.slice(0, 4)), tickangle: 0 };
  }
  function layout(title, yTitle, extra = {}) {
    return {
      title: { text: title, font: { size: 14 }, x: 0.02, xanchor: "left" },
      margin: { l: 60, r: 16, t: 40, b: 40 }, height: 300,
      font: { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 12 },
      xaxis: yearTicks(),
      yaxis: { title: { text: yTitle }, rangemode: "tozero", separatethousands: true },
      legend: { orientation: "h", y: -0.18, x: 0 },
      hovermode: "x unified", paper_bgcolor: "#fff", plot_bgcolor: "#fff", ...extra,
    };
  }
  const scaled = (arr, k) => arr.map((v) => (v === null ? null : v / k));
  function line(x, y, name, i, extra = {}) {
    return { x, y, name, type: "scatter", mode: "lines", line: { color: COLORS[i % COLORS.length], width: 2 }, ...extra };
  }
  function charts(res) {
    const q = res.quarters, s = res.series;
    const build = Object.entries(res.gw_by_platform).map(([name, y], i) =>
      line(q, y, name, i, { stackgroup: "gw", hovertemplate: "%{y:.2f} GW" }));
    const hardware = [
      line(q, scaled(s.gpus, 1e6), "GPU packages", 0, { hovertemplate: "%{y:.3s} M" }),
      line(q, scaled(s.gpu_dies, 1e6), "GPU dies", 1, { hovertemplate: "%{y:.3s} M" }),
    ];
    const energy = [
      line(q, s.annual_energy_twh, "annual energy at the quarter's rate", 2, { hovertemplate: "%{y:.1f} TWh/yr" }),
    ];
    const cash = Object.entries(res.cash_by_party).map(([party, y], i) =>
      line(q, scaled(y, 1e9), party, i, { hovertemplate: "$%{y:,.1f} B" }));
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
  async function render(res) {
    $("title").textContent = res.title;
    $("source").textContent = state.sourceLabel;
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
  const pendingCharts = new Map();
  const onScreen = new Set();
  function drawChart(id) {
    const spec = pendingCharts.get(id);
    if (!spec || !window.Plotly) return Promise.resolve();
    pendingCharts.delete(id);
    return Plotly.react(id, spec[0], spec[1], PLOT_CONFIG);
  }
  function watchCharts() {
    const io = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (e.isIntersecting) { onScreen.add(e.target.id); drawChart(e.target.id); } else onScreen.delete(e.target.id);
      }
    });
    document.querySelectorAll(".chart").forEach((c) => io.observe(c));
  }

  // --- Monte Carlo ------------------------------------------------------------------------------------------
  function mcPlaceholder(text) {
    Plotly.react("chart-mc", [], {
      ...layout("Uncertainty: Monte Carlo range", ""), xaxis: { visible: false }, yaxis: { visible: false },
      annotations: [{ text, showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5, font: { color: "#6b7280" } }],
    }, PLOT_CONFIG);
  }
  // MCResults.to_json() in resp.results (numbers for the fan chart); resp.results_text (the server's text).
  function renderMc(resp) {
    state.mc = resp;
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
  function axisScale(unit, values) {
    const max = Math.max(0, ...values.filter((v) => v !== null).map(Math.abs));
    if (unit.startsWith("USD")) return [1e9, unit === "USD/yr" ? "USD billions per year" : "USD billions"];
    if (unit === "FLOP/s") return [1e18, "EFLOP/s"];
    if (max >= 1e6) return [1e6, `millions (${unit})`];
    return [1, unit];
  }
  function drawFan(name) {
    const resp = state.mc, r = resp.results, s = r.series[name], q = r.quarters;
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
  function renderMcTable(text) {
    const box = $("mc-table");
    const t = el("table");
    t.append(el("thead", {}, el("tr", {}, ...["figure", "P5", "median", "P95", "mean"].map((h) => el("th", { text: h })))));
    const body = el("tbody");
    for (const [key, row] of Object.entries(text.headline || {})) {
      body.append(el("tr", { "data-key": key }, el("td", { text: row.label }), ...["p5", "p50", "p95", "mean"].map((p) => el("td", { text: row[p] }))));
    }
    t.append(body);
    const probs = Object.values(text.probabilities || {});
    box.textContent = "";
    box.append(el("p", { class: "muted", text: text.about || "" }), t);
    if (probs.length) box.append(el("h3", { text: "Chances" }), el("ul", { class: "probs" }, ...probs.map((v) => el("li", { text: `${v.description}: ${v.probability}` }))));
    $("mc-section").hidden = false;
  }
  async function runMc() {
    const draws = Number($("mc-draws").value), seed = Number($("mc-seed").value || 0);
    const bar = $("mc-bar"), prog = $("mc-progress"), status = $("mc-status"), button = $("mc-run");
    button.disabled = true; prog.hidden = false; bar.style.width = "0%"; prog.classList.add("indeterminate");
    status.textContent = "starting…";
    try {
      let job = await api("POST", "/api/mc/jobs", request({ draws, seed, save: true }));
      while (job.status === "running") {
        status.textContent = job.status_text;
        await new Promise((r) => setTimeout(r, 150));
        job = await api("GET", `/api/mc/jobs/${job.job_id}`);
        if (job.done > 0) { prog.classList.remove("indeterminate"); bar.style.width = `${Math.min(100, (100 * job.done) / job.total)}%`; }
      }
      if (job.status === "failed") throw new Error(job.error);
      prog.classList.remove("indeterminate"); bar.style.width = "100%";
      status.textContent = job.status_text + (job.result.run_id ? `, saved as run ${job.result.run_id}` : "");
      document.body.dataset.mcDone = job.result.run_id || "yes";
      renderMc(job.result);
      loadRuns();
    } catch (e) {
      status.textContent = `Monte Carlo failed: ${e.message}`;
      prog.hidden = true;
    } finally {
      button.disabled = false;
    }
  }

  // --- claims, runs, scenario choice ---------------------------------------------------------------------------
  function cellText(v) {
    if (v === null || v === undefined || v === "") return "—";
    if (Array.isArray(v)) return v.join("; ");
    return String(v);
  }
  async function loadClaims() {
    const box = $("claims");
    try {
      const data = await api("GET", "/api/claims");
      const rows = Array.isArray(data) ? data : data.claims || [];
      if (!rows.length) { box.textContent = "No claims."; return; }
      const counts = {};
      for (const r of rows) counts[r.verdict] = (counts[r.verdict] || 0) + 1;
      const t = el("table", { class: "claims" });
      t.append(el("colgroup", {}, ...["4%", "34%", "14%", "10%", "12%", "26%"].map((w) => el("col", { style: `width:${w}` }))));
      t.append(el("thead", {}, el("tr", {}, ...["", "claim", "the article says", "gigawatt", "verdict", "under which assumptions / why"].map((h) => el("th", { text: h })))));
      const body = el("tbody");
      for (const r of rows) {
        const notes = [cellText(r.assumptions && r.assumptions.length ? r.assumptions : null), r.why].filter((x) => x && x !== "—").join(" — ");
        body.append(el("tr", {},
          el("td", { class: "c-id", text: cellText(r.id) }),
          el("td", { class: "c-claim" }, el("div", { class: "topic", text: cellText(r.topic) }), el("div", { class: "muted", text: cellText(r.english) })),
          el("td", { text: cellText(r.stated) }),
          el("td", { class: "num", text: cellText(r.gigawatt) }),
          el("td", { class: `verdict v-${String(r.verdict).replaceAll(" ", "-")}`, text: cellText(r.verdict) }),
          el("td", { class: "notes", text: notes || "—" })));
      }
      t.append(body);
      box.textContent = "";
      box.append(el("p", { class: "muted", text: Object.entries(counts).map(([v, n]) => `${n} ${v}`).join(" · ") }), t);
    } catch (e) {
      box.textContent = e.status === 503 ? `Not available: ${e.message}` : `Could not load the claims: ${e.message}`;
      box.classList.add("muted");
    }
  }
  async function loadRuns() {
    const box = $("runs");
    try {
      const runs = await api("GET", "/api/runs?limit=20");
      box.textContent = "";
      if (!runs.length) { box.append(el("div", { class: "muted", text: "No saved runs yet. “Save run” or a Monte Carlo records one." })); return; }
      for (const r of runs) {
        const when = (r.started_at || "").slice(0, 16).replace("T", " ");
        const what = r.kind === "mc" ? `Monte Carlo · ${r.draws_text || r.draws} draws` : "run";
        box.append(el("button", { type: "button", class: `run-item status-${r.status}`, "data-run": r.id, title: `load run ${r.id}`, onclick: () => loadRun(r.id) },
          el("span", { class: "run-id", text: r.id.slice(0, 8) }),
          el("span", { class: "run-what", text: r.scenario_name }),
          el("span", { class: "run-when", text: `${what} · ${when} UTC · ${r.status}` })));
      }
    } catch (e) {
      box.textContent = `Run history unavailable: ${e.message}`;
    }
  }
  async function loadRun(id) {
    try {
      const run = await api("GET", `/api/runs/${id}`);
      state.scenarioText = run.scenario_yaml;
      state.sourceLabel = `saved run ${run.id} (${run.kind}, ${run.status})`;
      resetControls();
      await runNow();
      if (run.kind === "mc" && run.results) renderMc({ draws: run.draws, results: run.results });
      document.body.dataset.loadedRun = run.id;
    } catch (e) { showError(e.message); }
  }
  function chooseScenario(name) {
    state.scenario = name; state.scenarioText = null; state.sourceLabel = "";
    resetControls();
    const info = state.scenarios.find((s) => s.name === name);
    $("description").textContent = info ? info.description : "";
    buildControls(info ? info.parts : []);
    runNow();
  }
  async function download() {
    try {
      const r = await fetch("/api/scenario/yaml", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request()) });
      if (!r.ok) throw new Error((await r.json()).detail);
      const blob = await r.blob();
      const name = (/filename="([^"]+)"/.exec(r.headers.get("content-disposition") || "") || [])[1] || "scenario.yaml";
      const a = el("a", { href: URL.createObjectURL(blob), download: name });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) { showError(e.message); }
  }
  async function saveRun() {
    try {
      const res = await api("POST", "/api/run", request({ save: true }));
      setStatus(`saved as run ${res.run_id}`);
      document.body.dataset.savedRun = res.run_id;
      loadRuns();
    } catch (e) { showError(e.message, e.field); }
  }

  async function init() {
    try {
      [state.meta, state.scenarios] = await Promise.all([api("GET", "/api/meta"), api("GET", "/api/scenarios")]);
    } catch (e) { showError(`the server did not answer: ${e.message}`); return; }
    const sel = $("scenario");
    for (const s of state.scenarios) sel.append(el("option", { value: s.name, text: s.title }));
    sel.addEventListener("change", () => chooseScenario(sel.value));
    watchCharts();
    $("reset").addEventListener("click", () => { resetControls(); runNow(); });
    $("download").addEventListener("click", download);
    $("save").addEventListener("click", saveRun);
    $("runs-refresh").addEventListener("click", loadRuns);
    $("mc-run").addEventListener("click", runMc);
    $("mc-series").addEventListener("change", () => drawFan($("mc-series").value));
    if (!state.meta.features.montecarlo) {
      $("mc-on").hidden = true; $("mc-off").hidden = false;
      $("mc-off").textContent = "Monte Carlo is not available in this build of gigawatt.";
    }
    const max = state.meta.limits.max_draws;
    for (const o of [...$("mc-draws").options]) if (Number(o.value) > max) o.remove();
    mcPlaceholder("Run a Monte Carlo to see the range of outcomes");
    chooseScenario(state.scenarios.length ? state.scenarios.find((s) => s.name === "openai-nvidia-10gw") ? "openai-nvidia-10gw" : state.scenarios[0].name : "openai-nvidia-10gw");
    sel.value = state.scenario;
    loadRuns();
    loadClaims();
  }
  window.addEventListener("DOMContentLoaded", init);
})();
