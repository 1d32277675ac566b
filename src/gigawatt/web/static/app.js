// The gigawatt dashboard: plain JS over the REST API (no build step, no network beyond this server).
// Numbers come formatted from the server (gigawatt.present); cards and controls come from GET /api/meta.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);

  // On a phone the toolbar (modebar) would sit over the chart's title: none there (PNG/CSV are above each chart).
  // No "send to Plotly Cloud" either: the dashboard sends nothing beyond this server (the bundle has no Chart Studio button).
  const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"],
    displayModeBar: window.innerWidth < 640 ? false : "hover", showSendToCloud: false };
  const COLORS = ["#2563eb", "#16a34a", "#ea580c", "#9333ea", "#0891b2", "#dc2626", "#ca8a04", "#4b5563"];
  // Year-by-year columns (labels from the output schema; the server formats the values).
  const YEAR_COLS = ["gw_online", "gpus", "gpu_dies", "energy_twh", "peak_dense_fp8_flops", "capex_usd",
    "vendor_investment_cash_usd", "required_revenue_usd_per_year", "customer_revenue_usd_per_year"];

  const state = {
    meta: null, scenario: null, scenarioText: null, sourceLabel: "", parts: null, part: null,
    touched: {}, inFlight: false, pending: false, last: null, synced: false, mc: null, tornado: null,
    timeline: [], uploaded: false,
  };
  const LABELS_KEY = "gigawatt.runLabels";  // run id -> the label its saver gave (this browser)
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
      err.status = r.status; err.field = data && data.field; err.fieldMessage = data && data.message;
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
  // An error shows next to the control that caused it (and in the banner, for errors no control owns).
  function showError(msg, field) {
    const box = $("error");
    document.querySelectorAll(".control-error").forEach((e) => e.remove());
    document.querySelectorAll(".control").forEach((c) => c.classList.toggle("bad", !!field && c.dataset.path === field));
    const part = field && (state.parts || []).find((p) => field.startsWith(`parts.${p}.`));  // names may hold dots
    if (part) selectPart(part);
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
  function setStatus(text) { $("status").textContent = text; }
  // Words for ids: a built-in scenario's title, a platform's name as its vendor writes it (values stay ids).
  const scenarioTitle = (name) => ((state.scenarios || []).find((s) => s.name === name) || {}).title || name;
  const WORDS = { openai: "OpenAI", nvidia: "NVIDIA" };
  const platformName = (id) => id.split("-").map((w) => WORDS[w] || (/\d/.test(w) || w.length <= 3 ? w.toUpperCase()
    : w.charAt(0).toUpperCase() + w.slice(1))).join(" ");
  const platformOption = (p) => {  // "NVIDIA Vera Rubin NVL144", "AMD MI450 Helios"
    const name = platformName(p.name), vendor = platformName(p.vendor || "");
    return name.toLowerCase().includes(vendor.toLowerCase()) ? name : `${vendor} ${name}`;
  };
  const seriesLabel = (k) => ((state.meta.series[k] || {}).label || k.replaceAll("_", " "));

  // --- the request the dashboard stands on ---------------------------------------------------------------
  function request(extra = {}) {
    const body = { overrides: { ...state.touched }, ...extra };
    if (state.view) body.view = state.view;
    if (state.scenarioText !== null) body.scenario_text = state.scenarioText; else body.scenario = state.scenario;
    return body;
  }

  // --- controls: one program's fields; on a composite, each part's (parts.PART.PATH) and its own ------------
  // Each control: {path (the override key), spec (from /api/meta), input, output}.
  let controls = [];
  function controlSpecs(parts) {
    const specs = [...state.meta.controls, ...state.timeline];
    if (!parts.length) return specs.map((s) => ({ key: s.path, spec: s, part: null }));
    const out = [];
    for (const p of parts) for (const s of specs) if (!s.composite) out.push({ key: `parts.${p}.${s.path}`, spec: s, part: p });
    for (const s of specs) if (s.composite) out.push({ key: s.path, spec: s, part: null });
    return out;
  }
  function buildControls(parts) {
    state.parts = parts; state.part = parts.length ? (parts.includes(state.wantPart) ? state.wantPart : parts[0]) : null;
    state.wantPart = null;
    const box = $("controls");
    box.textContent = "";
    $("mc-controls").textContent = "";
    controls = [];
    if (parts.length) {
      const sel = el("select", { id: "ctl-part", "aria-label": "part" });
      for (const p of parts) sel.append(el("option", { value: p, text: scenarioTitle(p) }));
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
        if (s.options) for (const o of s.options) input.append(el("option", { value: o, text: o }));
        else {
          input.append(el("option", { value: "auto", text: "auto (newest available)" }));
          for (const p of state.meta.platforms) {
            if (p.status === "cancelled") continue;
            input.append(el("option", { value: p.name, text: `${platformOption(p)} (${p.available})` }));
          }
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
      const note = el("div", { class: "control-note muted", hidden: "" });
      const node = el("div", { class: "control", "data-path": c.key }, head, input, note);
      if (s.path === "program.first_online") node.classList.add("timeline-first");
      if (c.part) node.dataset.part = c.part;
      // The continuation probability acts only in a Monte Carlo (a deterministic run builds every phase).
      (s.path === "program.continue_probability" ? $("mc-controls") : box).append(node);
      Object.assign(c, { input, output: out, node, note });
      if (c.key in state.touched) markTouched(c, true);
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
    writeUrl();
  }
  // A control shows when it belongs to the chosen part (or to the whole) and applies to the scenario.
  function applyVisibility() {
    const values = (state.last && state.last.controls_value) || null;
    for (const c of controls) c.node.hidden = (c.part !== null && c.part !== state.part) || (values !== null && !(c.key in values));
  }
  function markTouched(c, on) { c.node.classList.toggle("touched", on); }
  // Put the controls at the scenario's values (those the user has not moved) and show every value's text.
  function syncControls(res) {
    const values = res.controls_value || {}, texts = res.controls_text || {}, notes = res.controls_note || {};
    applyVisibility();
    for (const c of controls) {
      c.output.textContent = c.spec.kind === "select" ? "" : (texts[c.key] || "");
      c.note.textContent = notes[c.key] || "";
      c.note.hidden = !notes[c.key];
      if (c.key in state.touched && state.synced) continue;
      const v = values[c.key];
      if (c.spec.kind === "select") {
        c.output.textContent = "";
        if (typeof v === "string") {
          if (![...c.input.options].some((o) => o.value === v)) c.input.append(el("option", { value: v, text: c.spec.options ? v : platformName(v) }));
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

  // --- the address bar holds the state: scenario, part, every change (as the CLI's --set) --------------------
  function writeUrl() {
    const q = new URLSearchParams();
    if (state.scenarioText === null) q.set("scenario", state.scenario || "");
    else if (state.runId) q.set("run", state.runId); else q.set("source", "upload");
    if (state.view) q.set("view", state.view);
    if (state.part && state.parts && state.parts.length) q.set("part", state.part);
    for (const [k, v] of Object.entries(state.touched)) q.append("set", `${k}=${v}`);
    const powerHours = $("power-hours").value.trim();  // a shorter supply solve stays in the link
    if (powerHours && powerHours !== "8760") q.set("power_hours", powerHours);
    const url = `${location.pathname}?${q}`;
    if (url !== location.pathname + location.search) history.replaceState(null, "", url);
  }
  function readUrl() {
    const q = new URLSearchParams(location.search), touched = {};
    for (const item of q.getAll("set")) {
      const i = item.indexOf("=");
      if (i <= 0) continue;
      const raw = item.slice(i + 1), num = Number(raw);
      touched[item.slice(0, i)] = raw !== "" && Number.isFinite(num) ? num : raw;
    }
    return { scenario: q.get("scenario"), part: q.get("part"), view: q.get("view"), run: q.get("run"), touched,
             upload: q.get("source") === "upload" };
  }
  // The request a result answered, to tell whether it still matches what is on screen.
  const requestKey = () => JSON.stringify(request());
  function markStale() {
    const key = requestKey();
    for (const [what, box, note] of [["mc", "mc-section", "mc-stale"], ["tornado", "tornado-section", "tornado-stale"]]) {
      const r = state[what];
      const stale = !!r && r.key !== key;
      $(box).dataset.stale = stale ? "true" : "false";
      $(note).hidden = !stale;
    }
    $("chart-mc-box").dataset.stale = $("mc-section").dataset.stale;
    markPowerStale();
  }

  // --- running: at most one request in flight, the latest input wins ---------------------------------------
  function schedule() {
    markStale();  // results of other inputs are marked at once, before the new run returns
    writeUrl();
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
      writeUrl();
      markStale();
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
    const narrow = window.innerWidth < 640;  // a phone: every other or third year, so labels never touch
    const step = narrow ? Math.max(2, Math.ceil(vals.length / 5)) : vals.length > 12 ? 2 : 1;
    const shown = vals.filter((_, i) => i % step === 0);
    return { type: "category", tickmode: "array", tickvals: shown, ticktext: shown.map((l) => l.slice(0, 4)), tickangle: 0 };
  }
  function layout(title, yTitle, extra = {}) {
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
  const scaled = (arr, k) => arr.map((v) => (v === null ? null : v / k));
  function line(x, y, name, i, extra = {}) {
    return { x, y, name, type: "scatter", mode: "lines", line: { color: COLORS[i % COLORS.length], width: 2 }, ...extra };
  }
  function charts(res) {
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
  function renderMc(resp, key) {
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
  function axisScale(unit, values) {
    const max = Math.max(0, ...values.filter((v) => v !== null).map(Math.abs));
    if (unit.startsWith("USD")) return [1e9, unit === "USD/yr" ? "USD billions per year" : "USD billions"];
    if (unit === "FLOP/s") return [1e18, "EFLOP/s"];
    if (max >= 1e6) return [1e6, `millions (${unit})`];
    return [1, unit];
  }
  function drawFan(name) {
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
  function builtCell(last, key) {
    if (!last || !last.summary_text || !(key in last.summary_text)) return "—";
    const v = last.summary[key], q = ((state.mc.results || {}).headline || {})[key] || {};
    const off = typeof v === "number" && typeof q.p5 === "number" && typeof q.p95 === "number" &&
      (v < q.p5 - 0.01 * Math.abs(q.p5) || v > q.p95 + 0.01 * Math.abs(q.p95));
    return (off ? "† " : "") + last.summary_text[key];
  }
  function renderMcTable(text) {
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
  async function runMc() {
    const draws = Number($("mc-draws").value), seed = Number($("mc-seed").value || 0), save = $("mc-save").checked;
    const key = requestKey();  // the inputs this Monte Carlo answers
    const bar = $("mc-bar"), prog = $("mc-progress"), status = $("mc-status"), button = $("mc-run");
    button.disabled = true; prog.hidden = false; bar.style.width = "0%"; prog.classList.add("indeterminate");
    status.textContent = "starting…";
    try {
      let job = await api("POST", "/api/mc/jobs", request({ draws, seed, save }));
      while (job.status === "running") {
        status.textContent = job.status_text;
        await new Promise((r) => setTimeout(r, 150));
        job = await api("GET", `/api/mc/jobs/${job.job_id}`);
        if (job.done > 0) { prog.classList.remove("indeterminate"); bar.style.width = `${Math.min(100, (100 * job.done) / job.total)}%`; }
      }
      if (job.status === "failed") throw new Error(job.error);
      prog.classList.remove("indeterminate"); bar.style.width = "100%";
      status.textContent = job.status_text + (job.result.run_id ? `, saved as run ${job.result.run_id}` : "");
      if (job.result.run_id) rememberLabel(job.result.run_id, $("save-label").value.trim());
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
  // --- saved runs: saved on request, labelled, each with its difference from the built-in ---------------------
  function labels() { try { return JSON.parse(localStorage.getItem(LABELS_KEY) || "{}"); } catch (e) { return {}; } }
  function rememberLabel(id, label) {
    if (!label) return;
    const all = labels(); all[id] = label;
    try { localStorage.setItem(LABELS_KEY, JSON.stringify(all)); } catch (e) { /* private mode: labels live for the page */ }
  }
  let runsCache = [];
  async function loadRuns() {
    const box = $("runs");
    try {
      const runs = await api("GET", "/api/runs?limit=20");
      runsCache = runs.filter((r) => r.status === "done");
      box.textContent = "";
      fillCompare();
      if (!runs.length) { box.append(el("div", { class: "muted", text: "No saved runs yet: give a label and press “Save run”." })); return; }
      const named = labels();
      for (const r of runs) {
        const when = (r.started_at || "").slice(0, 16).replace("T", " ");
        const what = r.kind === "mc" ? `Monte Carlo · ${r.draws_text || r.draws} draws` : "run";
        const diff = el("span", { class: "run-diff", text: "" });
        box.append(el("button", { type: "button", class: `run-item status-${r.status}`, "data-run": r.id, title: `load run ${r.id}`, onclick: () => loadRun(r.id) },
          el("span", { class: "run-label", text: named[r.id] || `unlabelled (${r.id.slice(0, 8)})` }),
          el("span", { class: "run-what", text: r.scenario_name }),
          diff,
          el("span", { class: "run-when", text: `${what} · ${when} UTC · ${r.status}` })));
        if (r.status === "done") api("GET", `/api/runs/${r.id}/diff`).then((d) => {
          const n = d.differences.length;
          diff.textContent = !d.builtin ? "not a built-in scenario" : n ? `${n} change${n > 1 ? "s" : ""} from ${d.builtin}: ${d.differences.map((x) => x.text.replace(/ \([^)]*\):/, ":")).join("; ")}` : `as built in (${d.builtin})`;
        }).catch(() => {});
      }
    } catch (e) {
      box.textContent = `Run history unavailable: ${e.message}`;
    }
  }
  async function loadRun(id) {
    try {
      const run = await api("GET", `/api/runs/${id}`);
      state.scenarioText = run.scenario_yaml;
      state.runId = run.id;
      state.sourceLabel = `saved run ${labels()[run.id] || run.id} (${run.kind}, ${run.status})`;
      resetControls();
      await runNow();
      if (run.kind === "mc" && run.results) renderMc({ draws: run.draws, results: run.results });
      markStale();
      document.body.dataset.loadedRun = run.id;
    } catch (e) { showError(e.message); }
  }
  function chooseScenario(name, keep = {}) {
    state.scenario = name; state.scenarioText = null; state.sourceLabel = ""; state.uploaded = false; state.runId = null;
    resetControls();
    state.touched = { ...(keep.touched || {}) };
    state.wantPart = keep.part || null;
    const info = state.scenarios.find((s) => s.name === name);
    $("description").textContent = info ? info.description : "";
    $("scenario").value = name;
    buildControls(info ? info.parts : []);
    markStale();
    writeUrl();
    return runNow();
  }
  // The scenario with the edits, as a new file: a new name, the edits listed in its sources and description.
  async function download() {
    try {
      const r = await fetch("/api/scenario/edited", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request()) });
      if (!r.ok) { const d = await r.json(); const err = new Error(d.detail); err.field = d.field; throw err; }
      const name = (/filename="([^"]+)"/.exec(r.headers.get("content-disposition") || "") || [])[1] || "scenario.yaml";
      saveBlob(await r.blob(), name);
    } catch (e) { showError(e.message, e.field); }
  }
  function saveBlob(blob, name) {
    const a = el("a", { href: typeof blob === "string" ? blob : URL.createObjectURL(blob), download: name });
    document.body.append(a); a.click(); a.remove();
    if (typeof blob !== "string") setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
  async function saveRun() {
    try {
      const res = await api("POST", "/api/run", request({ save: true }));
      rememberLabel(res.run_id, $("save-label").value.trim());
      setStatus(`saved as run ${labels()[res.run_id] || res.run_id}`);
      document.body.dataset.savedRun = res.run_id;
      loadRuns();
    } catch (e) { showError(e.message, e.field); }
  }
  // A YAML file from disk, sent as text: the server refuses one that includes anything but built-in scenarios.
  async function upload(file) {
    if (!file) return;
    if (file.size > state.meta.limits.max_body_bytes) { showError(`${file.name} is ${file.size.toLocaleString()} bytes; at most ${state.meta.limits.max_body_bytes.toLocaleString()}`, "scenario_text"); return; }
    state.scenarioText = await file.text();
    state.runId = null;
    state.sourceLabel = `uploaded file ${file.name}`;
    state.uploaded = true;
    resetControls();
    state.parts = null;
    markStale();
    await runNow();
    document.body.dataset.uploaded = file.name;
  }

  // --- two runs side by side --------------------------------------------------------------------------------
  function fillCompare() {
    for (const id of ["cmp-a", "cmp-b"]) {
      const sel = $(id), was = sel.value;
      sel.textContent = "";
      sel.append(el("option", { value: "current", text: "what is on screen now" }));
      for (const s of state.scenarios) sel.append(el("option", { value: `builtin:${s.name}`, text: `built-in: ${s.title || s.name}` }));
      const named = labels();
      for (const r of runsCache) sel.append(el("option", { value: `run:${r.id}`, text: `saved: ${named[r.id] || r.id.slice(0, 8)} (${scenarioTitle(r.scenario_name)})` }));
      sel.value = [...sel.options].some((o) => o.value === was) ? was : id === "cmp-a" ? "current" : `builtin:${state.scenario || ""}`;
    }
  }
  async function summaryOf(choice) {
    if (choice === "current") return { title: `${state.last.title} (on screen)`, text: state.last.summary_text };
    if (choice.startsWith("builtin:")) {
      const r = await api("POST", "/api/run", { scenario: choice.slice(8) });
      return { title: `${r.title} (built-in)`, text: r.summary_text };
    }
    const run = await api("GET", `/api/runs/${choice.slice(4)}`);
    const r = await api("POST", "/api/run", { scenario_text: run.scenario_yaml });
    return { title: `${labels()[run.id] || run.id} (saved)`, text: r.summary_text };
  }
  async function compareRuns() {
    const box = $("compare");
    try {
      const [a, b] = await Promise.all([summaryOf($("cmp-a").value), summaryOf($("cmp-b").value)]);
      const t = el("table", { class: "compare" });
      t.append(el("thead", {}, el("tr", {}, el("th", { text: "figure" }), el("th", { text: a.title }), el("th", { text: b.title }))));
      const body = el("tbody");
      for (const c of state.meta.cards) {
        const x = a.text[c.key] || "—", y = b.text[c.key] || "—";
        body.append(el("tr", { class: x === y ? "" : "differs", "data-key": c.key }, el("td", { text: c.label }), el("td", { text: x }), el("td", { text: y })));
      }
      t.append(body);
      box.textContent = "";
      box.append(el("p", { class: "muted small", text: "Rows in bold differ." }), t);
      document.body.dataset.compared = "yes";
    } catch (e) { box.textContent = `Cannot compare: ${e.message}`; }
  }

  // --- the tornado: what moves a figure (server-side, two model runs per uncertain input) ----------------------
  async function runTornado() {
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
  function drawTornado() {
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
      xaxis: { title: { text: unitTitle }, zeroline: false }, margin: { l: 10, r: 16, t: narrow ? 40 : 60, b: narrow ? 90 : 40 },
      legend: narrow ? { orientation: "h", y: -0.17, yanchor: "top", x: 0 } : { orientation: "h", y: 1.1, x: 0 },
      bargap: narrow ? 0.55 : 0.25,
      shapes: [{ type: "line", x0: t.base / k, x1: t.base / k, y0: 0, y1: 1, yref: "paper", line: { color: "#111827", width: 1 } }],
    });
    Plotly.react("chart-tornado", [bar("low", "input at its 5th percentile", "#0072B2", "low_text"), bar("high", "input at its 95th percentile", "#E69F00", "high_text")], lay, PLOT_CONFIG);
  }

  // --- power for the campus: a least-cost supply LP, solved on request only (seconds of CPU per solve) -----------
  // POST /api/power answers the JSON of `gigawatt power --json`; option names come from its `labels`.
  // GET /api/power/options, where the server has it, gives each option's group and lead time: "Energised by"
  // then offers only quarters by which something ticked can be built (without it the plain list of quarters stays).
  const POWER_COLORS = { grid: "#64748b", "gas-aero": "#f97316", "gas-frame": "#ea580c", "gas-ccgt": "#c2410c",
    "gas-recip": "#9a3412", solar: "#eab308", wind: "#0891b2", battery: "#9333ea", "battery-4h": "#9333ea",
    "battery-8h": "#7e22ce", firm: "#16a34a" };
  const power = { data: null, key: null, busy: false, scenario: null, catalog: null };
  gw.power = power;  // for tests
  const NARROW = 640;  // px: the phone layout's breakpoint (app.css)
  // Numbers of this panel as gigawatt.present writes them: three significant digits, thousands separated,
  // dollars with SI suffixes ($1.72 B), fractions as percentages, "—" for a missing figure.
  function fmtPower(x, unit) {
    if (typeof x !== "number" || !Number.isFinite(x)) return "—";
    const sig = (v) => {
      if (v === 0) return "0";
      const d = Math.max(2 - Math.floor(Math.log10(Math.abs(v))), 0);
      return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
    };
    if (unit === "USD" || unit === "USD/yr") {
      const tail = unit === "USD/yr" ? "/yr" : "", sign = x < 0 ? "-" : "", a = Math.abs(x);
      for (const [k, s] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]]) if (a >= k) return `${sign}$${sig(a / k)} ${s}${tail}`;
      return `${sign}$${sig(a)}${tail}`;
    }
    if (unit === "USD/MWh") return `$${sig(x)}/MWh`;
    if (unit === "fraction") return x > 0 && x < 0.001 ? "< 0.1 %" : `${sig(100 * x)} %`;  // solver noise is not a share
    if (unit === "MWh/yr") return Math.abs(x) >= 1e6 ? `${sig(x / 1e6)} TWh/yr` : Math.abs(x) >= 1e3 ? `${sig(x / 1e3)} GWh/yr` : `${sig(x)} MWh/yr`;
    if (unit === "t CO2/yr") return Math.abs(x) >= 1e6 ? `${sig(x / 1e6)} Mt CO₂/yr` : Math.abs(x) >= 1e3 ? `${sig(x / 1e3)} kt CO₂/yr` : `${sig(x)} t CO₂/yr`;
    if (unit === "months") return `${Math.round(x)} months`;  // lead times are whole months
    return `${sig(x)} ${unit}`.trim();
  }
  gw.fmtPower = fmtPower;  // for tests
  // An option's name: the solve's `labels`, else the options list's, else its key.
  const powerLabel = (k, d = power.data) => ((d && d.labels) || {})[k]
    || (((power.catalog || {}).options || []).find((o) => o.key === k) || {}).label || k;
  // The server's messages name the CLI's flags (--energised-by) or the body's keys (energised_by); on screen they
  // are this panel's control labels. Keys that are plain words (hours, options) stay as they are in running text.
  const POWER_FLAGS = { "--energised-by": "Energised by", "--co2-cap": "CO₂ cap", "--options": "Options allowed",
    "--flexible": "Flexible load", "--reserve-margin": "Reserve margin", "--hours": "Hours solved", "--reliability": "Reliability",
    energised_by: "Energised by", co2_cap_g_per_kwh: "CO₂ cap", flexible_share: "Flexible load", reserve_margin: "Reserve margin" };
  function powerWords(msg) {
    return String(msg).replace(/(?<![\w-])(--[a-z][a-z0-9-]*[a-z0-9]|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w-])/g,
      (word) => (Object.hasOwn(POWER_FLAGS, word) ? `“${POWER_FLAGS[word]}”` : word));
  }
  gw.powerWords = powerWords;  // for tests
  function powerFail(field, msg) { const e = new Error(msg); e.field = field; throw e; }
  // A number box: empty is "none"; anything else must be a number `ok` accepts, or it is refused here, in the
  // box's own words, before any request is sent.
  function numberIn(id, ok, allowed) {
    const input = $(id), field = input.closest("[data-power-field]").dataset.powerField;
    const name = input.labels[0].textContent.trim(), text = input.value.trim();
    if (input.validity && input.validity.badInput) powerFail(field, `${name}: not a number`);
    if (text === "") return null;
    const x = Number(text);
    if (!Number.isFinite(x) || !ok(x)) powerFail(field, `${name}: ${text} is not allowed: ${allowed}`);
    return x;
  }
  // The request body: defaults are left out, so the server's defaults (and the scenario's own settings) apply.
  function powerBody() {
    const body = { scenario: state.scenario };
    const boxes = [...document.querySelectorAll('input[name="power-option"]')], ticked = boxes.filter((b) => b.checked);
    if (!ticked.length) powerFail("options", "Options allowed: tick at least one option");
    if (ticked.length < boxes.length) body.options = ticked.map((b) => b.value).join(",");
    const co2 = numberIn("power-co2", (x) => x >= 0 && x <= 2000, "from 0 to 2,000 g/kWh, or empty for no cap");
    const reserve = numberIn("power-reserve", (x) => x >= 0 && x <= 1, "from 0 to 1 (0.15: firm capacity 15 % above the highest hourly draw)");
    const hours = numberIn("power-hours", (x) => Number.isInteger(x) && x >= 48 && x <= 8760, "a whole number from 48 to 8,760");
    const reliability = numberIn("power-reliability", (x) => x >= 0.5 && x <= 1, "from 0.5 to 1");  // campus.MIN_RELIABILITY
    const by = $("power-by"), flex = Number($("power-flex").value);
    if (by.value && by.selectedOptions[0].disabled) {
      powerFail("energised_by", `Energised by: nothing ticked can be built by ${by.value}; choose a later quarter or tick more options`);
    }
    if (co2 !== null) body.co2_cap_g_per_kwh = co2;
    if (by.value) body.energised_by = by.value;
    if (flex > 0) body.flexible_share = flex;
    if (reserve !== null) body.reserve_margin = reserve;
    if (hours !== null && hours !== 8760) body.hours = hours;
    if (reliability !== null && reliability !== 1) body.reliability = reliability;
    return body;
  }
  function powerKey() { try { return JSON.stringify(powerBody()); } catch (e) { return "bad input"; } }
  // An error shows beside the control its `field` names (the API's names or the CLI's: --co2-cap, co2_cap_g_per_kwh),
  // in the controls' words; the control is marked invalid and described by it.
  function powerError(msg, field) {
    document.querySelectorAll(".power-error").forEach((e) => e.remove());
    document.querySelectorAll("[data-power-field]").forEach((c) => c.classList.remove("bad"));
    document.querySelectorAll("#power-section [aria-invalid]").forEach((c) => c.removeAttribute("aria-invalid"));
    document.querySelectorAll('#power-section [aria-describedby="power-error"]').forEach((c) => c.removeAttribute("aria-describedby"));
    if (!msg) return;
    const f = String(field || "").replace(/^body\./, "").replace(/^-+/, "").replaceAll("-", "_");
    const owner = (f && f !== "body" && [...document.querySelectorAll("[data-power-field]")]
      .find((c) => c.dataset.powerField.startsWith(f) || f.startsWith(c.dataset.powerField))) || $("power-solve").parentElement;
    if (owner.closest("details")) owner.closest("details").open = true;
    owner.classList.add("bad");
    const inputs = owner.matches(".power-actions") ? [] : [...owner.querySelectorAll("input, select")];
    for (const c of inputs) c.setAttribute("aria-invalid", "true");
    for (const c of inputs.length ? inputs : [$("power-solve")]) c.setAttribute("aria-describedby", "power-error");
    owner.append(el("div", { id: "power-error", class: "power-error", role: "alert", text: powerWords(msg) }));
  }
  // Screen readers hear the start and the end of a solve, not the visible counter's every second.
  function powerAnnounce(text) { $("power-live").textContent = text; }
  // The button is never `disabled` (that drops the keyboard's focus to <body>): aria-disabled, and clicks ignored.
  const powerOff = () => power.busy || state.scenarioText !== null;
  function markPowerStale() {
    const builtin = state.scenarioText === null;
    $("power-solve").setAttribute("aria-disabled", String(powerOff()));
    const stale = !!power.data && (!builtin || power.key !== powerKey());
    $("power-section").dataset.stale = stale ? "true" : "false";
    const banner = $("power-stale");
    banner.hidden = !stale && builtin;
    banner.textContent = !builtin ? "A supply solve needs a built-in scenario: choose one at the top (an uploaded file or a saved run is not solved)."
      : "Out of date: the scenario or the supply settings changed since this solve. Press “Solve supply” again.";
  }
  async function solvePower() {
    if (powerOff()) return;
    const status = $("power-status");
    powerError("");
    status.textContent = "";  // an old "done in X s" is not this attempt's
    let body;
    try { body = powerBody(); } catch (e) { powerAnnounce(""); powerError(e.message, e.field); return; }
    const key = JSON.stringify(body), t0 = performance.now();
    power.busy = true; markPowerStale();
    $("power-progress").hidden = false;
    powerAnnounce("Solving the supply…");
    const tick = () => { status.textContent = `solving… ${Math.round((performance.now() - t0) / 1000)} s`; };
    tick();
    const timer = setInterval(tick, 1000);
    try {
      const data = await api("POST", "/api/power", body);
      power.data = data; power.key = key; power.scenario = body.scenario;
      renderPower(data);
      const wall = (performance.now() - t0) / 1000;  // quicker than its LP: the server kept this solve from before
      status.textContent = wall < data.solve_seconds
        ? `done in ${fmtPower(wall, "s")}: the same solve, kept by the server (its LP took ${fmtPower(data.solve_seconds, "s")})`
        : `done in ${fmtPower(wall, "s")}, of which the LP ${fmtPower(data.solve_seconds, "s")}`;
      powerAnnounce(`Supply solved: ${status.textContent}`);
      document.body.dataset.powerDone = String(Number(document.body.dataset.powerDone || 0) + 1);
    } catch (e) {
      status.textContent = "";
      powerAnnounce("The supply solve stopped.");
      if (e.status === 429) powerError("The server is busy with another solve or job: try again in a moment.", "scenario");
      else powerError(e.status === 422 ? e.fieldMessage || e.message : `the solve failed: ${e.message}`, e.status === 422 ? e.field : "scenario");
    } finally {
      clearInterval(timer);
      power.busy = false;
      $("power-progress").hidden = true;
      markPowerStale();
    }
  }
  function powerCard(key, label, value, ...subs) {
    return el("div", { class: "card", "data-key": key }, el("div", { class: "card-label", text: label }),
      el("div", { class: "card-value", text: value }), ...subs.map((t) => el("div", { class: "card-sub", text: t })));
  }
  function renderPower(d) {
    const ref = d.reference || {};
    $("power-result").hidden = false;
    // What was solved: the scenario, the phase (the API solves the first), the site and the load.
    const phase = d.phase === "all" ? "full program" : "first phase";
    $("power-where").textContent = [power.scenario || state.scenario, phase, d.site, `${fmtPower(d.load_mw, "MW")} average load`].join(" · ");
    const short = $("power-short");
    short.hidden = !(d.hours < 8760);
    short.textContent = d.hours < 8760 ? `Short solve: the first ${d.hours.toLocaleString("en-US")} hours of the year, scaled to a year — approximate` : "";
    const cards = [
      powerCard("lcoe", "Cost of supply (LCOE)", fmtPower(d.lcoe_usd_per_mwh, "USD/MWh"),
        `the scenario's flat price, as written: ${fmtPower(ref.flat_price_usd_per_mwh, "USD/MWh")}`),
      powerCard("carbon", "Carbon intensity", fmtPower(d.emissions_g_per_kwh, "g/kWh"),
        `the scenario's flat carbon intensity, as written: ${fmtPower(ref.flat_carbon_g_per_kwh, "g/kWh")}`, fmtPower(d.emissions_t_per_yr, "t CO2/yr")),
      powerCard("capex", "Supply capex", fmtPower(d.supply_capex_usd, "USD"), `annual cost ${fmtPower(d.cost_usd_per_yr, "USD/yr")}`),
      powerCard("time", "Time to power", fmtPower(d.time_to_power_months, "months"), "the slowest option built"),
      powerCard("gas", "Gas burned", fmtPower(d.gas_bcf_per_yr, "Bcf/yr")),
      powerCard("land", "Land", fmtPower(d.land_acres, "acres"), "plants, panels, turbines and batteries"),
    ];
    const c = d.constraints || {};
    if (c.reserve_margin !== null && c.reserve_margin !== undefined && "firm_capacity_mw" in d) {
      cards.push(powerCard("firm", "Firm capacity", fmtPower(d.firm_capacity_mw, "MW"),
        `reserve margin ${fmtPower(c.reserve_margin, "fraction")} over the highest hourly draw`));
    }
    // Below 1 MWh/yr shifted or 0.001 % not served is the solver's tolerance, not a figure: no card.
    if (c.flexible_share > 0 && d.shifted_mwh_per_yr >= 1) {
      cards.push(powerCard("shifted", "Load shifted", fmtPower(d.shifted_mwh_per_yr, "MWh/yr"),
        `up to ${fmtPower(c.flexible_share, "fraction")} of the load, within ${c.flexible_window_hours || 24} h`));
    }
    if (d.unserved_share >= 1e-5) cards.push(powerCard("unserved", "Load not served", fmtPower(d.unserved_share, "fraction")));
    $("power-cards").replaceChildren(...cards);
    renderPowerMix(d);
    const ex = Object.entries(d.excluded || {});
    $("power-excluded").hidden = !ex.length;
    $("power-excluded").textContent = ex.length ? `Left out: ${ex.map(([k, why]) => `${powerLabel(k, d)} (${why})`).join("; ")}` : "";
    const at = typeof d.lat === "number" && typeof d.lon === "number" ? ` Site at ${d.lat.toFixed(2)}, ${d.lon.toFixed(2)}.` : "";
    $("power-note").textContent = `Hourly profiles are representative, not measured: ${d.profiles_note}.${at} Solver: ${d.solver}, ${fmtPower(d.solve_seconds, "s")}.`;
    renderPowerWeeks(d);
    markPowerStale();
  }
  function renderPowerMix(d) {
    const t = el("table", { class: "power-mix" }), hours = d.storage_hours || {};
    const built = d.options.filter((k) => ((d.capacity_mw || {})[k] || 0) >= 1 || (d.shares || {})[k] >= 5e-4);  // gigawatt.power.render's rule
    const stores = built.some((k) => ((d.storage_mwh || {})[k] || 0) > 0), curtailed = built.some((k) => k in (d.curtailment_share || {}));
    const heads = ["option", "capacity, MW", ...(stores ? ["storage, MWh"] : []), "share of generation", ...(curtailed ? ["curtailed"] : [])];
    // On a phone the option's name spans its row: "option" is hidden there from the eye only, not from screen readers.
    t.append(el("thead", {}, el("tr", {}, ...heads.map((h, i) => el("th", { scope: "col", text: h, ...(i ? {} : { class: "phone-visually-hidden" }) })))));
    t.style.setProperty("--cols", String(heads.length - 1));  // a phone lays the figures out in this many columns
    const body = el("tbody");
    for (const k of built) {
      const mw = (d.capacity_mw || {})[k] || 0, share = (d.shares || {})[k];
      const mwh = (d.storage_mwh || {})[k];
      const store = mwh === undefined ? [] : [fmtPower(mwh, ""), ...(k in hours && mwh > 0 ? [" ", el("span", { class: "nowrap", text: `(${fmtPower(hours[k], "h")})` })] : [])];
      const bar = share === undefined ? el("span", { class: "muted", text: "storage" })
        : el("span", { class: "share" }, el("span", { text: fmtPower(share, "fraction") }), el("span", { class: "share-track" },
          el("span", { class: "share-bar", style: `width:${Math.round(Math.min(1, Math.max(0, share)) * 100)}%;background:${POWER_COLORS[k] || "#4b5563"}` })));
      const curt = (d.curtailment_share || {})[k];
      body.append(el("tr", { "data-key": k }, el("td", { text: powerLabel(k, d) }), el("td", { text: fmtPower(mw, "") }),
        ...(stores ? [el("td", {}, ...store)] : []), el("td", {}, bar),
        ...(curtailed ? [el("td", { text: curt === undefined ? "" : fmtPower(curt, "fraction") })] : [])));
    }
    t.append(body);
    $("power-mix").replaceChildren(t);
  }
  // A representative week: supply stacked above zero, storage charging stacked below it, the load as a line.
  function renderPowerWeeks(d) {
    const weeks = d.weeks || [];
    for (let i = 0; i < 2; i += 1) $(`power-week-${i}-box`).hidden = !weeks[i];  // all boxes first: each chart takes its final width
    for (let i = 0; i < 2; i += 1) {
      const w = weeks[i];
      if (!w || !window.Plotly) continue;
      const series = [w.load_mw, ...Object.values(w.dispatch_mw)].flat().map(Math.abs);
      const [k, unit] = Math.max(0, ...series) >= 2000 ? [1000, "GW"] : [1, "MW"];
      const t0 = Date.UTC(2025, 0, 1) + w.start_hour * 3600e3;  // a representative (non-leap) year
      const x = w.load_mw.map((_, h) => new Date(t0 + h * 3600e3).toISOString().slice(0, 16));
      const traces = [];
      for (const key of d.options) {
        const y = w.dispatch_mw[key];
        if (!y) continue;
        const color = POWER_COLORS[key] || COLORS[traces.length % COLORS.length];
        const up = y.map((v) => Math.max(v, 0) / k), down = y.map((v) => Math.min(v, 0) / k);
        const area = (name, vals, group) => ({ x, y: vals, name, type: "scatter", mode: "lines", stackgroup: group,
          line: { width: 0.5, color }, fillcolor: color, hovertemplate: `%{y:,.3~r} ${unit}` });
        if (up.some((v) => v * k > 0.5)) traces.push(area(powerLabel(key, d), up, "supply"));
        if (down.some((v) => v * k < -0.5)) traces.push({ ...area(`${powerLabel(key, d)} charging`, down, "charging"), fillcolor: `${color}66` });
      }
      traces.push({ x, y: w.load_mw.map((v) => v / k), name: "load", type: "scatter", mode: "lines",
        line: { color: "#111827", width: 2 }, hovertemplate: `%{y:,.3~r} ${unit}` });
      const narrow = window.innerWidth < NARROW;
      Plotly.react(`chart-power-week-${i}`, traces, layout(narrow ? w.title : `Dispatch, ${w.title}`, unit, {
        height: narrow ? 380 : 340, margin: { l: narrow ? 44 : 60, r: 12, t: 40, b: 10 },
        xaxis: { type: "date", tickformat: "%d %b", hoverformat: "%d %b %H:00", dtick: narrow ? 2 * 86400e3 : 86400e3 },
        yaxis: { title: { text: unit }, zeroline: true, separatethousands: true, automargin: true },
        legend: { orientation: "h", y: -0.12, yanchor: "top", x: 0 } }), PLOT_CONFIG);
    }
  }
  // "Energised by": quarters from the options list's as_of (else today's quarter), each marked when no generating
  // option ticked (a battery alone makes no energy) has a lead time that fits: months = 3 x quarters after as_of,
  // as gigawatt.power.options.months_until counts them.
  const quarterOf = (text) => { const m = /^(\d{4})Q([1-4])$/.exec(String(text || "")); return m ? Number(m[1]) * 4 + Number(m[2]) - 1 : null; };
  const quarterLabel = (q) => `${Math.floor(q / 4)}Q${(q % 4) + 1}`;
  function fillQuarters() {
    const by = $("power-by"), keep = by.value, now = new Date();
    const q0 = quarterOf((power.catalog || {}).as_of) ?? now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
    by.replaceChildren(el("option", { value: "", text: "no deadline" }));
    for (let q = q0 + 1; q <= q0 + 48; q += 1) by.append(el("option", { value: quarterLabel(q), text: quarterLabel(q) }));
    if ([...by.options].some((o) => o.value === keep)) by.value = keep;
    markQuarters();
  }
  function markQuarters() {
    const cat = power.catalog;
    if (!cat) return;
    const q0 = quarterOf(cat.as_of);
    const groups = new Set([...document.querySelectorAll('input[name="power-option"]:checked')].map((b) => b.value));
    const makers = cat.options.filter((o) => groups.has(o.group) && (o.kind ? o.kind !== "storage" : o.group !== "battery"));
    for (const o of $("power-by").options) {
      const q = quarterOf(o.value);
      if (q === null) continue;
      const ready = makers.filter((m) => m.lead_time_months <= 3 * (q - q0));
      o.disabled = !ready.length;
      o.textContent = ready.length ? o.value : `${o.value} (nothing can be built by then)`;
    }
  }
  gw.markQuarters = markQuarters;  // for tests
  async function loadPowerOptions() {
    let cat = null;
    try { cat = await api("GET", "/api/power/options"); } catch (e) { return; }  // an older server (404): the plain list stays
    if (!cat || quarterOf(cat.as_of) === null || !Array.isArray(cat.options)) return;
    power.catalog = cat;
    fillQuarters();
    markPowerStale();
  }
  function initPower() {
    fillQuarters();
    const hours = new URLSearchParams(location.search).get("power_hours");
    if (hours) $("power-hours").value = hours;
    const flex = () => {
      const text = `${Math.round(100 * Number($("power-flex").value))} %`;
      $("power-flex-value").textContent = text;
      $("power-flex").setAttribute("aria-valuetext", text);
    };
    flex();
    $("power-section").addEventListener("input", (e) => {
      if (e.target.id === "power-flex") flex();
      if (e.target.name === "power-option") markQuarters();
      if (e.target.closest(".bad")) powerError("");  // the value the error named is being changed
      markPowerStale(); writeUrl();
    });
    $("power-section").addEventListener("change", (e) => {
      if (e.target.name === "power-option") markQuarters();
      markPowerStale(); writeUrl();
    });
    $("power-solve").addEventListener("click", solvePower);
    $("power-section").addEventListener("keydown", (e) => {  // Enter in a box solves, as a form would
      if (e.key === "Enter" && e.target.matches("input[type=number]") && !powerOff()) solvePower();
    });
    // The week charts' layout is the phone's or the desktop's: drawn again when the width crosses the breakpoint.
    let narrow = window.innerWidth < NARROW;
    window.addEventListener("resize", () => {
      if ((window.innerWidth < NARROW) === narrow) return;
      narrow = !narrow;
      PLOT_CONFIG.displayModeBar = narrow ? false : "hover";
      if (power.data) renderPowerWeeks(power.data);
    });
    markPowerStale();
    loadPowerOptions();
  }

  // --- each chart as PNG (title and source line drawn in) or CSV (numbers, then the same source line) ---------
  function sourceLine() {
    const n = Object.keys(state.touched).length;
    const what = state.scenarioText !== null ? state.sourceLabel : `scenario ${state.scenario}`;
    return `Source: gigawatt model, ${what}${n ? ` with ${n} change${n > 1 ? "s" : ""}` : ""} · ${new Date().toISOString().slice(0, 10)}`;
  }
  function chartTitle(gd) { const t = gd.layout && gd.layout.title; return (t && (t.text || t)) || gd.id; }
  async function downloadPng(id) {
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
  function csvCell(v) { const t = v === null || v === undefined ? "" : String(v); return /[",\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t; }
  function chartCsv(gd) {
    const traces = gd.data.filter((t) => t.x && t.y);
    const lines = [`# ${chartTitle(gd)}`, `# ${sourceLine()}`];
    const sameX = traces.every((t) => JSON.stringify(t.x) === JSON.stringify(traces[0].x)) && traces[0].orientation !== "h";
    if (sameX) {
      lines.push(["x", ...traces.map((t) => t.name || "")].map(csvCell).join(","));
      traces[0].x.forEach((x, i) => lines.push([x, ...traces.map((t) => t.y[i])].map(csvCell).join(",")));
    } else {
      lines.push("series,label,value");
      for (const t of traces) (t.orientation === "h" ? t.y : t.x).forEach((lab, i) => lines.push([t.name || "", lab, t.orientation === "h" ? (t.base || 0) + t.x[i] : t.y[i]].map(csvCell).join(",")));
    }
    return lines.join("\n") + "\n";
  }
  function downloadCsv(id) {
    const gd = $(id);
    if (!gd || !gd.data || !gd.data.length) return;
    saveBlob(new Blob([chartCsv(gd)], { type: "text/csv" }), `${id.replace(/^chart-/, "")}.csv`);
  }
  function addChartTools() {
    document.querySelectorAll(".chart").forEach((c) => {
      const tools = el("div", { class: "chart-tools" },
        el("button", { type: "button", class: "small", "data-png": c.id, text: "PNG", title: "Download this chart as PNG, with its source line", onclick: () => downloadPng(c.id) }),
        el("button", { type: "button", class: "small", "data-csv": c.id, text: "CSV", title: "Download this chart's numbers as CSV, with its source line", onclick: () => downloadCsv(c.id) }));
      c.parentElement.insertBefore(tools, c);
    });
    gw.chartCsv = (id) => chartCsv($(id));  // for tests
  }

  async function init() {
    try {
      [state.meta, state.scenarios, state.timeline] = await Promise.all([api("GET", "/api/meta"), api("GET", "/api/scenarios"), api("GET", "/api/meta/timeline")]);
    } catch (e) { showError(`the server did not answer: ${e.message}`); return; }
    const sel = $("scenario");
    for (const s of state.scenarios) sel.append(el("option", { value: s.name, text: s.title }));
    sel.addEventListener("change", () => chooseScenario(sel.value));
    const views = $("view"), url = readUrl();
    views.append(el("option", { value: "", text: "independent (default)" }));
    for (const v of state.meta.views || []) if (v.name !== "independent") views.append(el("option", { value: v.name, text: v.name, title: v.title || v.name }));
    if (url.view && [...views.options].some((o) => o.value === url.view)) { views.value = url.view; state.view = url.view; }
    views.addEventListener("change", () => { state.view = views.value || null; markStale(); writeUrl(); schedule(); });
    watchCharts();
    addChartTools();
    $("reset").addEventListener("click", () => {  // every input back to the scenario's, the view to the default
      resetControls(); state.view = null; views.value = ""; markStale(); writeUrl(); runNow();
    });
    $("download").addEventListener("click", download);
    $("save").addEventListener("click", saveRun);
    $("runs-refresh").addEventListener("click", loadRuns);
    $("mc-run").addEventListener("click", runMc);
    $("mc-series").addEventListener("change", () => drawFan($("mc-series").value));
    $("upload").addEventListener("change", (e) => upload(e.target.files[0]));
    $("cmp-run").addEventListener("click", compareRuns);
    $("tornado-run").addEventListener("click", runTornado);
    if (!state.meta.features.montecarlo) {
      $("mc-on").hidden = true; $("mc-off").hidden = false;
      $("mc-off").textContent = "Monte Carlo is not available in this build of gigawatt.";
    }
    const max = state.meta.limits.max_draws;
    for (const o of [...$("mc-draws").options]) if (Number(o.value) > max) o.remove();
    mcPlaceholder("Run a Monte Carlo to see the range of outcomes");
    initPower();
    const names = state.scenarios.map((s) => s.name);
    const start = names.includes(url.scenario) ? url.scenario : names.includes("openai-nvidia-10gw") ? "openai-nvidia-10gw" : names[0];
    await chooseScenario(start, names.includes(url.scenario) ? url : {});
    if (url.run) {  // a saved run's link opens that run, then the changes made on top of it
      await loadRun(url.run);
      if (Object.keys(url.touched).length) {
        state.touched = { ...url.touched };
        controls.forEach((c) => markTouched(c, c.key in state.touched));
        state.synced = false;
        await runNow();
      }
    }
    else if (url.upload) setStatus("the uploaded file is not part of the link: open it again");
    loadRuns();
    loadClaims();
  }
  window.addEventListener("DOMContentLoaded", init);
})();
