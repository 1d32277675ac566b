// gigawatt dashboard: two runs side by side (POST /api/compare): each card's figure for A and B, the difference
// B − A absolute and relative; marked stale when the inputs on screen change after a compare that used them.
import { $, api, el, scenarioTitle, state } from "./core.js";
import { request, requestKey } from "./controls.js";
import { runsCache } from "./runs.js";

// The label kept in the run store, else the one this browser remembers, else the id.
const runLabel = (r) => r.label || `run ${r.id.slice(0, 8)}`;  // labels live in the run history
export function fillCompare() {
  for (const id of ["cmp-a", "cmp-b"]) {
    const sel = $(id), was = sel.value;
    sel.textContent = "";
    sel.append(el("option", { value: "current", text: "what is on screen now" }));
    for (const s of state.scenarios) sel.append(el("option", { value: `builtin:${s.name}`, text: `built-in: ${s.title || s.name}` }));
    for (const r of runsCache) sel.append(el("option", { value: `run:${r.id}`, text: `saved: ${runLabel(r)} (${scenarioTitle(r.scenario_name)})` }));
    sel.value = [...sel.options].some((o) => o.value === was) ? was : id === "cmp-a" ? "current" : `builtin:${state.scenario || ""}`;
  }
}
// A side as POST /api/run takes it, and its name in the table's header.
async function side(choice) {
  if (choice === "current") { const { save, ...req } = request(); return [req, `${state.last ? state.last.title : "on screen"} (on screen)`]; }
  if (choice.startsWith("builtin:")) return [{ scenario: choice.slice(8) }, `${scenarioTitle(choice.slice(8))} (built-in)`];
  const run = await api("GET", `/api/runs/${choice.slice(4)}`);
  return [{ scenario_text: run.scenario_yaml }, `${runLabel(run)} (saved)`];
}
export async function compareRuns() {
  const box = $("compare"), choices = [$("cmp-a").value, $("cmp-b").value];
  try {
    const [[a, aTitle], [b, bTitle]] = await Promise.all(choices.map(side));
    const res = await api("POST", "/api/compare", { a, b });
    state.compare = { key: choices.includes("current") ? requestKey() : null };
    const t = el("table", { class: "compare" });
    t.append(el("thead", {}, el("tr", {}, ...["figure", `A: ${aTitle}`, `B: ${bTitle}`, "Δ B − A", "Δ %"].map((h) => el("th", { text: h })))));
    t.append(el("tbody", {}, ...res.rows.map((r) => el("tr", { class: r.a_text === r.b_text ? "" : "differs", "data-key": r.key },
      el("td", { text: r.label }), el("td", { text: r.a_text }), el("td", { text: r.b_text }),
      el("td", { class: "cmp-delta", text: r.a_text === r.b_text ? "" : r.delta_text }),
      el("td", { class: "cmp-ratio", text: r.a_text === r.b_text ? "" : r.ratio_text })))));
    box.textContent = "";
    box.append(el("p", { class: "muted small", text: "Rows in bold differ; Δ is B − A (shares in percentage points, dates in quarters or years)." }), t);
    $("compare-stale").hidden = true;
    $("compare-section").dataset.stale = "false";
    document.body.dataset.compared = String((Number(document.body.dataset.compared) || 0) + 1);
  } catch (e) { box.textContent = `Cannot compare: ${e.message}`; }
}
