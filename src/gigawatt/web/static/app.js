// The gigawatt dashboard: plain JS over the REST API (no build step, no network beyond this server).
// Numbers come formatted from the server (gigawatt.present); cards and controls come from GET /api/meta.
// ES modules by panel under js/ (no build step): core (state, API client), controls, results, montecarlo,
// claims, runs, tornado, power, charttools; capital.js (who bears the risk) loads beside it. A new panel is a
// module of its own.
import { $, api, el, newEntry, setStatus, showError, state } from "./js/core.js";
import { controls, markStale, markTouched, readUrl, resetControls, runNow, schedule, writeUrl } from "./js/controls.js";
import { watchCharts } from "./js/results.js";
import { drawFan, mcPlaceholder, runMc } from "./js/montecarlo.js";
import { loadClaims } from "./js/claims.js";
import { chooseScenario, download, loadRun, loadRuns, saveRun, upload } from "./js/runs.js";
import { compareRuns } from "./js/compare.js";
import { runTornado } from "./js/tornado.js";
import { initPower } from "./js/power.js";
import { addChartTools } from "./js/charttools.js";
import { initExplorer, restoreExplorer } from "./js/explorer.js";
import { initSites, restoreSites } from "./js/sites.js";

async function init() {
  try {
    [state.meta, state.scenarios, state.timeline] = await Promise.all([api("GET", "/api/meta"), api("GET", "/api/scenarios"), api("GET", "/api/meta/timeline")]);
  } catch (e) { showError(`the server did not answer: ${e.message}`); return; }
  const sel = $("scenario");
  for (const s of state.scenarios) sel.append(el("option", { value: s.name, text: s.title }));
  sel.addEventListener("change", () => { state.addressRefused = false; newEntry(); chooseScenario(sel.value); });
  const views = $("view"), url = readUrl();
  views.append(el("option", { value: "", text: "independent (default)" }));
  for (const v of state.meta.views || []) if (v.name !== "independent") views.append(el("option", { value: v.name, text: v.name, title: v.title || v.name }));
  if (url.view && [...views.options].some((o) => o.value === url.view)) { views.value = url.view; state.view = url.view; }
  views.addEventListener("change", () => { newEntry(); state.view = views.value || null; markStale(); writeUrl(); schedule(); });
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
  await initExplorer(writeUrl);
  initSites(writeUrl);
  const wrong = badAddress(url, names, views);
  if (wrong) { refuseAddress(wrong); restoreExplorer(null); loadRuns(); loadClaims(); return; }
  const start = url.scenario || (names.includes("openai-nvidia-2026") ? "openai-nvidia-2026" : names[0]);
  restoreExplorer("screen");
  await chooseScenario(start, url);
  window.addEventListener("popstate", () => followAddress(names, views));
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
// An address naming a scenario or view that does not exist is an error on screen, never a quiet default.
function badAddress(url, names, views) {
  if (url.scenario !== null && !names.includes(url.scenario))
    return `the address names scenario “${url.scenario}”, which is not a built-in scenario (${names.join(", ")}). Pick one in the Scenario menu.`;
  if (url.view && ![...views.options].some((o) => o.value === url.view))
    return `the address names view “${url.view}”, which is not a built-in view (${[...views.options].map((o) => o.value || "independent").join(", ")}). Pick one in the View menu.`;
  return "";
}
function refuseAddress(msg) {
  state.addressRefused = true;
  showError(msg);
  $("title").textContent = "Nothing shown: the address is wrong";
  $("scenario").prepend(el("option", { value: "", text: "choose a scenario" }));
  $("scenario").value = "";
  document.body.dataset.addressError = "yes";
}
// Back and Forward: the dashboard and the explorer return to what the address describes.
async function followAddress(names, views) {
  const url = readUrl(), wrong = badAddress(url, names, views);
  if (wrong) { refuseAddress(wrong); return; }
  state.addressRefused = false;
  restoreExplorer(null);
  restoreSites();
  const start = url.scenario || state.scenario;
  const same = start === state.scenario && (url.view || null) === state.view && JSON.stringify(url.touched) === JSON.stringify(state.touched);
  if (same) return;
  state.view = url.view || null;
  views.value = url.view || "";
  await chooseScenario(start, url);
}
window.addEventListener("DOMContentLoaded", init);
