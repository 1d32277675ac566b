// gigawatt dashboard: Saved runs, scenario choice, download and upload (compare: compare.js).
import { $, LABELS_KEY, api, el, setStatus, showError, state } from "./core.js";
import { buildControls, markStale, request, resetControls, runNow, writeUrl } from "./controls.js";
import { renderMc } from "./montecarlo.js";
import { fillCompare } from "./compare.js";

// --- saved runs: saved on request, labelled in the run history, renamed and deleted here ------------------------
// Labels live on the server (PATCH /api/runs/{id}), so every browser and `gigawatt runs` see them. Labels an older
// dashboard kept in this browser's localStorage are moved to the server once, then forgotten here.
export let runsCache = [];
const PAGE = 20;
let shown = PAGE;
const nameOf = (r) => r.label || `unlabelled (${r.id.slice(0, 8)})`;
async function moveOldLabels(runs) {
  let old;
  try { old = JSON.parse(localStorage.getItem(LABELS_KEY) || "{}"); } catch (e) { return; }
  const todo = runs.filter((r) => !r.label && old[r.id]);
  for (const r of todo) {
    try { Object.assign(r, await api("PATCH", `/api/runs/${r.id}`, { label: String(old[r.id]).slice(0, 200) })); delete old[r.id]; } catch (e) { /* kept for the next try */ }
  }
  for (const r of runs) if (r.label && old[r.id]) delete old[r.id];
  try { Object.keys(old).length ? localStorage.setItem(LABELS_KEY, JSON.stringify(old)) : localStorage.removeItem(LABELS_KEY); } catch (e) { /* private mode */ }
}
export async function loadRuns(more = false) {
  const box = $("runs");
  if (more === true) shown += PAGE; else shown = PAGE;
  try {
    const runs = await api("GET", `/api/runs?limit=${shown + 1}`);
    const older = runs.length > shown;
    runs.length = Math.min(runs.length, shown);
    await moveOldLabels(runs);
    runsCache = runs.filter((r) => r.status === "done");
    box.textContent = "";
    fillCompare();
    if (!runs.length) { box.append(el("div", { class: "muted", text: "No saved runs yet: give a label and press “Save run”." })); return; }
    for (const r of runs) box.append(runRow(r));
    if (older) box.append(el("button", { type: "button", class: "small runs-older", onclick: () => loadRuns(true) }, "Older runs"));
  } catch (e) {
    box.textContent = `Run history unavailable: ${e.message}`;
  }
}
function runRow(r) {
  const when = (r.started_at || "").slice(0, 16).replace("T", " ");
  const what = r.kind === "mc" ? `Monte Carlo · ${r.draws_text || r.draws} draws` : "run";
  const diff = el("span", { class: "run-diff", text: "" });
  const label = el("span", { class: "run-label", text: nameOf(r) });
  const row = el("div", { class: `run-row status-${r.status}`, "data-run": r.id },
    el("button", { type: "button", class: `run-item status-${r.status}`, "data-run": r.id, title: `load run ${r.id}`, onclick: () => loadRun(r.id) },
      label, el("span", { class: "run-what", text: r.scenario_name }), diff,
      el("span", { class: "run-when", text: `${what} · ${when} UTC · ${r.status}` })));
  const actions = el("div", { class: "run-actions" },
    el("button", { type: "button", class: "small run-rename", title: "Give this run a label", onclick: () => renameRun(r, row, label) }, "Rename"),
    el("button", { type: "button", class: "small run-delete", title: "Delete this run from the run history", onclick: () => deleteRun(r, row) }, "Delete"));
  row.append(actions);
  if (r.status === "done") api("GET", `/api/runs/${r.id}/diff`).then((d) => {
    const n = d.differences.length;
    diff.textContent = !d.builtin ? "not a built-in scenario" : n ? `${n} change${n > 1 ? "s" : ""} from ${d.builtin}: ${d.differences.map((x) => x.text).join("; ")}` : `as built in (${d.builtin})`;
  }).catch(() => {});
  return row;
}
function renameRun(r, row, label) {
  if (row.querySelector(".run-edit")) return;
  const input = el("input", { type: "text", class: "run-edit-label", maxlength: "200", "aria-label": `label of run ${r.id}` });
  input.value = r.label || "";
  const msg = el("span", { class: "run-edit-error small" });
  const form = el("form", { class: "run-edit" }, input,
    el("button", { type: "submit", class: "small" }, "Save"),
    el("button", { type: "button", class: "small", onclick: () => form.remove() }, "Cancel"), msg);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      Object.assign(r, await api("PATCH", `/api/runs/${r.id}`, { label: input.value.trim() || null }));
      label.textContent = nameOf(r);
      form.remove();
      fillCompare();
      document.body.dataset.renamedRun = r.id;
    } catch (e) { msg.textContent = e.message; }
  });
  row.append(form);
  input.focus();
}
async function deleteRun(r, row) {
  if (!window.confirm(`Delete run ${nameOf(r)} (${r.scenario_name}) from the run history?`)) return;
  try {
    await api("DELETE", `/api/runs/${r.id}`);
    row.remove();
    runsCache = runsCache.filter((x) => x.id !== r.id);
    fillCompare();
    document.body.dataset.deletedRun = r.id;
  } catch (e) { showError(e.message); }
}
export async function loadRun(id) {
  try {
    const run = await api("GET", `/api/runs/${id}`);
    state.scenarioText = run.scenario_yaml;
    state.runId = run.id;
    state.sourceLabel = `saved run ${run.label || run.id} (${run.kind}, ${run.status})`;
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
    const label = $("save-label").value.trim();
    const res = await api("POST", "/api/run", request({ save: true, ...(label ? { label } : {}) }));
    setStatus(`saved as run ${label || res.run_id}`);
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
