// gigawatt dashboard: Inputs: controls from /api/meta, the URL, scheduling a run.
import { hooks, $, api, el, gw, platformName, platformOption, scenarioTitle, setStatus, setUrl, showError, state } from "./core.js";
import { render } from "./results.js";
import { upload } from "./runs.js";
import { markPowerStale } from "./power.js";

// --- the request the dashboard stands on ---------------------------------------------------------------
export function request(extra = {}) {
  const body = { overrides: { ...state.touched }, ...extra };
  if (state.view) body.view = state.view;
  if (state.scenarioText !== null) body.scenario_text = state.scenarioText; else body.scenario = state.scenario;
  return body;
}

// --- controls: one program's fields; on a composite, each part's (parts.PART.PATH) and its own ------------
// Each control: {path (the override key), spec (from /api/meta), input, output}.
export let controls = [];
export function controlSpecs(parts) {
  const specs = [...state.meta.controls, ...state.timeline];
  if (!parts.length) return specs.map((s) => ({ key: s.path, spec: s, part: null }));
  const out = [];
  for (const p of parts) for (const s of specs) if (!s.composite) out.push({ key: `parts.${p}.${s.path}`, spec: s, part: p });
  for (const s of specs) if (s.composite) out.push({ key: s.path, spec: s, part: null });
  return out;
}
export function buildControls(parts) {
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
export function selectPart(part) {
  if (!state.parts || !state.parts.includes(part)) return;
  state.part = part;
  const sel = $("ctl-part");
  if (sel) sel.value = part;
  applyVisibility();
  writeUrl();
}
hooks.selectPart = selectPart;
// A control shows when it belongs to the chosen part (or to the whole) and applies to the scenario.
export function applyVisibility() {
  const values = (state.last && state.last.controls_value) || null;
  for (const c of controls) c.node.hidden = (c.part !== null && c.part !== state.part) || (values !== null && !(c.key in values));
}
export function markTouched(c, on) { c.node.classList.toggle("touched", on); }
// Put the controls at the scenario's values (those the user has not moved) and show every value's text.
export function syncControls(res) {
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
export function resetControls() {
  state.touched = {}; state.synced = false;
  controls.forEach((c) => markTouched(c, false));
}

// --- the address bar holds the state: scenario, part, every change (as the CLI's --set) --------------------
export function writeUrl() {
  const q = new URLSearchParams();
  if (state.scenarioText === null) q.set("scenario", state.scenario || "");
  else if (state.runId) q.set("run", state.runId); else q.set("source", "upload");
  if (state.view) q.set("view", state.view);
  if (state.part && state.parts && state.parts.length) q.set("part", state.part);
  for (const [k, v] of Object.entries(state.touched)) q.append("set", `${k}=${v}`);
  const powerHours = $("power-hours").value.trim();  // a shorter supply solve stays in the link
  if (powerHours && powerHours !== "8760") q.set("power_hours", powerHours);
  setUrl(q);
}
export function readUrl() {
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
export const requestKey = () => JSON.stringify(request());
export function markStale() {
  const key = requestKey();
  for (const [what, box, note] of [["mc", "mc-section", "mc-stale"], ["tornado", "tornado-section", "tornado-stale"],
    ["compare", "compare-section", "compare-stale"]]) {
    const r = state[what];
    const stale = !!r && r.key !== null && r.key !== key;  // null: a result that does not depend on the inputs
    $(box).dataset.stale = stale ? "true" : "false";
    $(note).hidden = !stale;
  }
  $("chart-mc-box").dataset.stale = $("mc-section").dataset.stale;
  markPowerStale();
}

// --- running: at most one request in flight, the latest input wins ---------------------------------------
export function schedule() {
  markStale();  // results of other inputs are marked at once, before the new run returns
  writeUrl();
  if (state.inFlight) { state.pending = true; return; }
  runNow();
}
export async function runNow() {
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
    for (const f of hooks.rendered || []) f(res);  // panels that follow the inputs (the explorer's "on screen")
    setStatus(`updated (computed in ${res.seconds_text})`);
  } catch (e) {
    showError(e.message, e.field);
    setStatus("");
  } finally {
    state.inFlight = false;
    if (state.pending) runNow();
  }
}
