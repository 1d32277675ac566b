// gigawatt dashboard: Saved runs, scenario choice, download and upload (compare: compare.js).
import { $, LABELS_KEY, api, el, setStatus, showError, state } from "./core.js";
import { buildControls, markStale, request, resetControls, runNow, writeUrl } from "./controls.js";
import { renderMc } from "./montecarlo.js";
import { fillCompare } from "./compare.js";

// --- saved runs: saved on request, labelled, each with its difference from the built-in ---------------------
export function labels() { try { return JSON.parse(localStorage.getItem(LABELS_KEY) || "{}"); } catch (e) { return {}; } }
export function rememberLabel(id, label) {
  if (!label) return;
  const all = labels(); all[id] = label;
  try { localStorage.setItem(LABELS_KEY, JSON.stringify(all)); } catch (e) { /* private mode: labels live for the page */ }
}
export let runsCache = [];
export async function loadRuns() {
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
export async function loadRun(id) {
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
export function chooseScenario(name, keep = {}) {
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
export async function download() {
  try {
    const r = await fetch("/api/scenario/edited", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request()) });
    if (!r.ok) { const d = await r.json(); const err = new Error(d.detail); err.field = d.field; throw err; }
    const name = (/filename="([^"]+)"/.exec(r.headers.get("content-disposition") || "") || [])[1] || "scenario.yaml";
    saveBlob(await r.blob(), name);
  } catch (e) { showError(e.message, e.field); }
}
export function saveBlob(blob, name) {
  const a = el("a", { href: typeof blob === "string" ? blob : URL.createObjectURL(blob), download: name });
  document.body.append(a); a.click(); a.remove();
  if (typeof blob !== "string") setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
export async function saveRun() {
  try {
    const res = await api("POST", "/api/run", request({ save: true }));
    rememberLabel(res.run_id, $("save-label").value.trim());
    setStatus(`saved as run ${labels()[res.run_id] || res.run_id}`);
    document.body.dataset.savedRun = res.run_id;
    loadRuns();
  } catch (e) { showError(e.message, e.field); }
}
// A YAML file from disk, sent as text: the server refuses one that includes anything but built-in scenarios.
export async function upload(file) {
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
