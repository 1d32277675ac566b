// gigawatt dashboard: The power panel: least-cost supply for a campus.
import { $, COLORS, PLOT_CONFIG, api, el, gw, state } from "./core.js";
import { writeUrl } from "./controls.js";
import { layout, line, scaled } from "./results.js";

// --- power for the campus: a least-cost supply LP, solved on request only (seconds of CPU per solve) -----------
// POST /api/power answers the JSON of `gigawatt power --json`; option names come from its `labels`.
// GET /api/power/options, where the server has it, gives each option's group and lead time: "Energised by"
// then offers only quarters by which something ticked can be built (without it the plain list of quarters stays).
export const POWER_COLORS = { grid: "#64748b", "gas-aero": "#f97316", "gas-frame": "#ea580c", "gas-ccgt": "#c2410c",
  "gas-recip": "#9a3412", solar: "#eab308", wind: "#0891b2", battery: "#9333ea", "battery-4h": "#9333ea",
  "battery-8h": "#7e22ce", firm: "#16a34a" };
export const power = { data: null, key: null, busy: false, scenario: null, catalog: null };
gw.power = power;  // for tests
export const NARROW = 640;  // px: the phone layout's breakpoint (app.css)
// Numbers of this panel as gigawatt.present writes them: three significant digits, thousands separated,
// dollars with SI suffixes ($1.72 B), fractions as percentages, "—" for a missing figure.
export function fmtPower(x, unit) {
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
export const powerLabel = (k, d = power.data) => ((d && d.labels) || {})[k]
  || (((power.catalog || {}).options || []).find((o) => o.key === k) || {}).label || k;
// The server's messages name the CLI's flags (--energised-by) or the body's keys (energised_by); on screen they
// are this panel's control labels. Keys that are plain words (hours, options) stay as they are in running text.
export const POWER_FLAGS = { "--energised-by": "Energised by", "--co2-cap": "CO₂ cap", "--options": "Options allowed",
  "--flexible": "Flexible load", "--reserve-margin": "Reserve margin", "--hours": "Hours solved", "--reliability": "Reliability",
  energised_by: "Energised by", co2_cap_g_per_kwh: "CO₂ cap", flexible_share: "Flexible load", reserve_margin: "Reserve margin",
  "--reliability-target": "Reliability target", reliability_target: "Reliability target", "--weather-years": "Weather years",
  weather_years: "Weather years", "--co2-price": "CO₂ price", co2_price_usd_per_t: "CO₂ price", "--fuel-price": "Gas price",
  fuel_price_usd_per_mmbtu: "Gas price", "--no-unit-reserve": "Spare gas units", unit_reserve: "Spare gas units",
  "--tax-credits": "Tax credits", tax_credits: "Tax credits", "--late": "Options too slow for the date",
  "--phase": "Phase solved", speed_value_usd_per_gw_month: "the value of speed" };
export function powerWords(msg) {
  return String(msg).replace(/(?<![\w-])(--[a-z][a-z0-9-]*[a-z0-9]|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w-])/g,
    (word) => (Object.hasOwn(POWER_FLAGS, word) ? `“${POWER_FLAGS[word]}”` : word));
}
gw.powerWords = powerWords;  // for tests
export function powerFail(field, msg) { const e = new Error(msg); e.field = field; throw e; }
// A number box: empty is "none"; anything else must be a number `ok` accepts, or it is refused here, in the
// box's own words, before any request is sent.
export function numberIn(id, ok, allowed) {
  const input = $(id), field = input.closest("[data-power-field]").dataset.powerField;
  const name = input.labels[0].textContent.trim(), text = input.value.trim();
  if (input.validity && input.validity.badInput) powerFail(field, `${name}: not a number`);
  if (text === "") return null;
  const x = Number(text);
  if (!Number.isFinite(x) || !ok(x)) powerFail(field, `${name}: ${text} is not allowed: ${allowed}`);
  return x;
}
// A money box's bounds: the server's (GET /api/power/options `limits`); without them only "zero or more" is checked
// here and the server's refusal shows beside the box.
export function moneyIn(id, key, unit, none) {
  const [lo, hi] = (((power.catalog || {}).limits || {})[key]) || [0, Infinity];
  const range = Number.isFinite(hi) ? `from ${lo} to ${hi.toLocaleString("en-US")} ${unit}` : `zero or more ${unit}`;
  return numberIn(id, (x) => x >= lo && x <= hi, `${range}, or empty for ${none}`);
}
// The reliability, weather, price and policy settings: each left out at its default.
export function powerExtras(body, hours) {
  const phase = $("power-phase").value;
  if (phase === "each" && body.energised_by) {
    powerFail("energised_by", "Energised by: “each phase in turn” energises every phase by its own first-online quarter: leave it at the phase's date");
  }
  if (phase) body.phase = phase;
  if ($("power-late").value) body.late = $("power-late").value;
  const price = moneyIn("power-co2-price", "co2_price_usd_per_t", "$/t", "none");
  const fuel = moneyIn("power-fuel", "fuel_price_usd_per_mmbtu", "$/MMBtu", "the catalog's price");
  const years = Number($("power-years").value);
  if (years > 1 && hours !== null && hours !== 8760) {
    powerFail("weather_years", `Weather years: ${years} years are solved whole: set “Hours solved” (under Advanced) to 8,760`);
  }
  if (price) body.co2_price_usd_per_t = price;
  if (fuel !== null) body.fuel_price_usd_per_mmbtu = fuel;
  if ($("power-target").value) body.reliability_target = Number($("power-target").value);
  if (years > 1) body.weather_years = years;
  if (!$("power-unit-reserve").checked) body.unit_reserve = false;
  if ($("power-credits").checked) body.tax_credits = true;
}
// The request body: defaults are left out, so the server's defaults (and the scenario's own settings) apply.
export function powerBody() {
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
  powerExtras(body, hours);
  return body;
}
export function powerKey() { try { return JSON.stringify(powerBody()); } catch (e) { return "bad input"; } }
// An error shows beside the control its `field` names (the API's names or the CLI's: --co2-cap, co2_cap_g_per_kwh),
// in the controls' words; the control is marked invalid and described by it.
export function powerError(msg, field) {
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
export function powerAnnounce(text) { $("power-live").textContent = text; }
// The button is never `disabled` (that drops the keyboard's focus to <body>): aria-disabled, and clicks ignored.
// A built-in scenario is chosen: not a file, a saved run, or a name the server does not know (?scenario=nope).
const powerBuiltin = () => state.scenarioText === null && !!state.scenario;
export const powerOff = () => power.busy || !powerBuiltin();
export function markPowerStale() {
  const builtin = powerBuiltin();
  $("power-solve").setAttribute("aria-disabled", String(powerOff()));
  const stale = !!power.data && (!builtin || power.key !== powerKey());
  $("power-section").dataset.stale = stale ? "true" : "false";
  const banner = $("power-stale");
  banner.hidden = !stale && builtin;
  banner.textContent = builtin ? "Out of date: the scenario or the supply settings changed since this solve. Press “Solve supply” again."
    : state.scenarioText === null ? "A supply solve needs a built-in scenario: choose one at the top (none is chosen)."
      : "A supply solve needs a built-in scenario: choose one at the top (an uploaded file or a saved run is not solved).";
}
export async function solvePower() {
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
    const lp = data.sequence ? data.sequence.totals.solve_seconds : data.solve_seconds;
    status.textContent = wall < lp
      ? `done in ${fmtPower(wall, "s")}: the same solve, kept by the server (its LP took ${fmtPower(lp, "s")})`
      : `done in ${fmtPower(wall, "s")}, of which the LP${data.sequence ? "s" : ""} ${fmtPower(lp, "s")}`;
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
export function powerCard(key, label, value, ...subs) {
  return el("div", { class: "card", "data-key": key }, el("div", { class: "card-label", text: label }),
    el("div", { class: "card-value", text: value }), ...subs.map((t) => el("div", { class: "card-sub", text: t })));
}
export function renderPower(d) {
  const ref = d.reference || {};
  $("power-result").hidden = false;
  $("power-single").hidden = !!d.sequence;
  $("power-sequence").hidden = !d.sequence;
  if (d.sequence) { renderPowerSequence(d); return; }
  // What was solved: the scenario, the phase (the API solves the first), the site and the load.
  const ph = (d.schedule || {}).phase;
  const phase = !ph ? "the campus" : ph.number === "all" ? "full program" : `phase ${ph.number} of ${ph.of}`;
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
  renderPowerExtras(d);
  renderPowerMix(d);
  const ex = Object.entries(d.excluded || {});
  $("power-excluded").hidden = !ex.length;
  $("power-excluded").textContent = ex.length ? `Left out: ${ex.map(([k, why]) => `${powerLabel(k, d)} (${why})`).join("; ")}` : "";
  const at = typeof d.lat === "number" && typeof d.lon === "number" ? ` Site at ${d.lat.toFixed(2)}, ${d.lon.toFixed(2)}.` : "";
  const step = d.resolution && d.resolution.step_hours > 1
    ? ` Solved in ${d.resolution.step_hours}-hour steps (each the average of its hours; measured within 1.5 % of hourly on the built-in cases).` : "";
  const sch = d.schedule || {};
  const when = sch.energised_by
    ? ` Energised by ${sch.energised_by} (${sch.energised_by_source || "given"}${sch.slipped_from ? `: nothing that generates can be ready by ${sch.slipped_from}, slipped ${sch.slip_months} months` : ""}).`
    : " No energise-by date.";
  const what = ph ? ` Solves phase ${ph.number} of ${ph.of} (${ph.facility_gw} GW, ${fmtPower(d.load_mw, "MW")} of load).` : "";
  const measured = (d.weather || {}).measured_years > 0;  // a built-in site's station year, where installed
  const profiles = measured ? `Hourly profiles: ${d.weather.source}` : `Hourly profiles are representative, not measured: ${d.profiles_note}`;
  $("power-note").textContent = `${what}${when} ${profiles}.${at} Solver: ${d.solver}, ${fmtPower(d.solve_seconds, "s")}.${step}`;
  renderPowerWeeks(d);
  markPowerStale();
}
// "Each phase in turn": the program's totals as cards, a row per phase (its date, the cumulative load, what it
// adds, the cost and intensity of the system by then), and the sequence's note.
export function renderPowerSequence(d) {
  const seq = d.sequence, t = seq.totals || {}, steps = seq.steps || [];
  $("power-where").textContent = [power.scenario || state.scenario, `every phase in turn (${steps.length})`, d.site].join(" · ");
  const short = $("power-short");
  short.hidden = !(d.hours < 8760);
  short.textContent = d.hours < 8760 ? `Short solves: the first ${d.hours.toLocaleString("en-US")} hours of the year, scaled to a year — approximate` : "";
  $("power-cards").replaceChildren(
    powerCard("lcoe", "Cost of supply, all phases", fmtPower(t.lcoe_energy_weighted_usd_per_mwh, "USD/MWh"), "energy-weighted over the phases"),
    powerCard("carbon", "Carbon intensity, all phases", fmtPower(t.emissions_energy_weighted_g_per_kwh, "g/kWh")),
    powerCard("capex", "Supply capex, program", fmtPower(t.capex_usd, "USD"), `${t.phases} phases`),
    powerCard("slip", "Largest slip", fmtPower(t.max_slip_months, "months"), "a phase's date moved to when its supply can be ready"));
  const heads = ["phase", "energised by", "load, MW", "added, MW", "LCOE, $/MWh", "g CO₂/kWh", "capex added", "N+k, EUE"];
  const tbl = el("table", { class: "power-speed power-seq", "aria-describedby": "power-seq-note" });
  tbl.style.setProperty("--cols", String(heads.length - 1));
  tbl.append(el("thead", {}, el("tr", {}, ...heads.map((h, i) => el("th", { scope: "col", text: h, ...(i ? {} : { class: "phone-visually-hidden" }) })))));
  const added = (s) => Object.entries(s.added_mw || {}).filter(([, mw]) => mw >= 1).map(([k, mw]) => `${powerLabel(k)} ${fmtPower(mw, "")}`).join(", ") || "none";
  tbl.append(el("tbody", {}, ...steps.map((s) => el("tr", { "data-phase": String(s.phase.number) },
    el("td", { text: `Phase ${s.phase.number} of ${s.phase.of} (${s.phase.facility_gw} GW, due ${s.phase.first_online})` }),
    el("td", { text: s.online_since ? `online since ${s.online_since}` : `${s.energised_by}${s.slipped_from ? ` (slipped ${Math.round(s.slip_months)} months)` : ""}` }),
    el("td", { text: fmtPower(s.load_mw, "") }), el("td", { text: added(s) }), el("td", { text: fmtPower(s.lcoe_usd_per_mwh, "") }),
    el("td", { text: fmtPower(s.emissions_g_per_kwh, "") }), el("td", { text: fmtPower(s.capex_added_usd, "USD") }),
    el("td", {}, ...stepReliability(s.reliability))))));
  $("power-sequence").replaceChildren(el("h3", { text: "Phase by phase" }), el("div", { class: "table-wrap" }, tbl),
    el("p", { id: "power-seq-note", class: "muted small", text: `How: ${seq.note}. N+k, EUE: the spare gas units each `
      + "phase's plan keeps and its expected unserved energy. The value of speed is per phase: choose one phase in "
      + "“Phase solved” to see it." }));
  $("power-note").textContent = `Hourly profiles as for one phase's solve; the sequence's LPs took ${fmtPower(t.solve_seconds, "s")} in all.`;
  markPowerStale();
}
// A phase's reliability in a table cell: "N+7, 36.9 MWh/yr" (unserved energy expected, kept on one line), or
// "not assessed".
export function stepReliability(r) {
  if (!r) return ["—"];
  return r.assessed ? [`N+${r.n_plus_k}, `, el("span", { class: "nowrap", text: fmtPower(r.eue_mwh_per_yr, "MWh/yr") })] : ["not assessed"];
}
// A share of the energy as people say it: 0.99999 -> "99.999 %".
export const nines = (x) => `${Number((100 * x).toFixed(6))} %`;
const range = (v, f) => { const [lo, hi] = [f(Math.min(...v)), f(Math.max(...v))]; return lo === hi ? lo : `${lo}–${hi}`; };
export function reliabilityCard(r, d) {
  if (!r || !r.assessed) return powerCard("reliability", "Reliability (forced outages)", "not assessed", (r && r.why) || "");
  const units = Object.entries(r.units || {}).map(([k, u]) => `${u.count} × ${u.unit_mw} MW ${powerLabel(k, d)}`).join(", ");
  const target = `target ${nines(r.target_energy_served)} of the energy: ${r.target_met === false ? "NOT met" : "met"}`
    + (r.target_enforced === false ? " (no spare units kept)" : "");
  return powerCard("reliability", "Reliability (forced outages)", `N+${r.n_plus_k}`, units,
    `expected unserved ${fmtPower(r.eue_mwh_per_yr, "MWh/yr")} · loss of load ${fmtPower(r.lolh_h_per_yr, "h/yr")}`, target);
}
// The weather years' spread of what the plan uses: the capacity factors of the options built (none of solar
// when no solar is built) and, where the answer has them (weather.by_year), each year's cost and the worst year.
export function weatherCard(w, d) {
  if (!w) return null;
  const built = (k) => ((d.capacity_mw || {})[k] || 0) >= 1;
  const cf = Object.entries(w.annual_capacity_factor || {}).filter(([k]) => built(k))
    .map(([k, v]) => `${powerLabel(k, d)} capacity factor ${range(v, (x) => x.toFixed(3))}`);
  const shares = Object.entries(w.shares_by_year || {}).filter(([, v]) => Math.max(...v) >= 1e-3)
    .map(([k, v]) => `${powerLabel(k, d)} ${range(v, (x) => fmtPower(x, "fraction"))} of the energy`);
  const none = cf.length ? [] : ["no solar or wind built: their capacity factors do not move this plan"];
  const spread = w.years > 1 ? [...cf, ...none, ...yearCosts(w.by_year, w.worst_year),
    ...(shares.length ? [`by year: ${shares.join("; ")}`] : [])]
    : ["one representative year: no spread (choose more weather years)"];
  const where = w.measured_years ? [w.source] : [];
  return powerCard("weather", "Weather", `${w.years} year${w.years > 1 ? "s" : ""}${w.synthetic ? ", synthetic" : ", measured"}`, ...where, ...spread);
}
// Each weather year's cost of the one sized plan ($/MWh), and the worst: "cost by year $52.1–$55.0/MWh, worst 2019".
// weather.by_year: a row per year ({year, ..._usd_per_mwh}) or a column per figure; absent from older servers.
export function yearCosts(byYear, worst) {
  const rows = Array.isArray(byYear) ? byYear : byYear && typeof byYear === "object" ? [byYear] : [];
  const key = rows.length && Object.keys(rows[0]).find((k) => k.endsWith("usd_per_mwh"));
  if (!key) return [];
  const costs = rows.flatMap((r) => r[key]).filter((x) => typeof x === "number");
  if (!costs.length) return [];
  const years = rows.flatMap((r) => r.year ?? []);
  const at = costs.indexOf(Math.max(...costs));
  const name = (worst && typeof worst === "object" ? worst.year : worst) ?? (years.length === costs.length ? years[at] : at + 1);
  return [`cost by year ${range(costs, (x) => fmtPower(x, "USD/MWh"))}, worst year ${name}`];
}
gw.yearCosts = yearCosts;  // for tests
export function creditsCard(c) {
  if (!c) return null;
  if (!c.applied) return powerCard("credits", "Tax credits", "off", "the default; tick “Tax credits as legislated” to apply them");
  const got = Object.entries(c.options || {}).filter(([, o]) => o.credit_share_of_capex > 0)
    .map(([k, o]) => `${powerLabel(k)} ${fmtPower(o.credit_share_of_capex, "fraction")} of capex`);
  return powerCard("credits", "Tax credits", "on", got.length ? got.join("; ") : "no option in this plan's choice earns one",
    `${c.law}, as of ${c.as_of}`);
}
// Options too slow for the date: left out (how many), or kept with their delay priced (which, how late, at what).
export function lateCard(l, d) {
  if (!l) return null;
  if (l.mode !== "price") {
    const n = Object.keys(d.excluded || {}).length;
    return powerCard("late", "Options too slow for the date", "left out", n ? `${n} left out (listed under the mix)` : "none missed the date");
  }
  const chosen = Object.entries(l.chosen_late || {}).map(([k, o]) => `${powerLabel(k, d)}: ${Math.round(o.months_late)} months late, ${fmtPower(o.delay_usd_per_mwh, "USD/MWh")}`);
  const source = String(l.value_source || "").startsWith("--") ? "given" : l.value_source;
  return powerCard("late", "Options too slow for the date", `${fmtPower(l.lcoe_with_delay_usd_per_mwh, "USD/MWh")} with delay`,
    chosen.length ? chosen.join("; ") : "none of the late options chosen", `delay priced at ${fmtPower(l.usd_per_gw_month, "USD")} per GW-month (${source})`);
}
export function speedCards(s) {
  if (!s) return [];
  const v = s.value, p = s.plan;
  return [powerCard("speed", "Value of speed", `${fmtPower(s.usd_per_month_of_delay, "USD")} a month`,
    `${fmtPower(v.usd_per_gw_month, "USD")} per GW-month × ${s.phase_gw} GW (${v.basis})`,
    `compute rented instead: ${fmtPower(v.compute_rented_usd_per_gw_month, "USD")} per GW-month at $${v.gpu_hour_usd}/GPU-hour`),
  powerCard("speed-adjusted", "Speed-adjusted cost", fmtPower(p.speed_adjusted_usd_per_mwh, "USD/MWh"),
    `LCOE ${fmtPower(p.lcoe_usd_per_mwh, "USD/MWh")} + delay ${fmtPower(p.delay_usd_per_mwh, "USD/MWh")}`,
    `${fmtPower(p.months_late, "months")} late for the phase's date`)];
}
// Each firm option alone, fastest-cheapest first: its LCOE, the delay its lead time costs, the sum.
export function renderPowerSpeed(d) {
  const s = d.speed, box = $("power-speed");
  if (!s || !s.firm_options_alone) { box.replaceChildren(); return; }
  const heads = ["firm option", "lead time, months", "months late", "LCOE, $/MWh", "+ delay, $/MWh", "speed-adjusted, $/MWh"];
  const t = el("table", { class: "power-speed", "aria-describedby": "power-speed-note" });
  t.append(el("thead", {}, el("tr", {}, ...heads.map((h, i) => el("th", { scope: "col", text: h, ...(i ? {} : { class: "phone-visually-hidden" }) })))));
  t.style.setProperty("--cols", String(heads.length - 1));
  const rows = Object.entries(s.firm_options_alone).sort((a, b) => a[1].speed_adjusted_usd_per_mwh - b[1].speed_adjusted_usd_per_mwh);
  t.append(el("tbody", {}, ...rows.map(([k, o]) => el("tr", { "data-key": k }, el("td", { text: powerLabel(k, d) }),
    el("td", { text: String(Math.round(o.lead_time_months)) }), el("td", { text: String(Math.round(o.months_late)) }),
    el("td", { text: fmtPower(o.lcoe_usd_per_mwh, "") }), el("td", { text: fmtPower(o.delay_usd_per_mwh, "") }),
    el("td", { text: fmtPower(o.speed_adjusted_usd_per_mwh, "") })))));
  box.replaceChildren(el("p", { id: "power-speed-note", class: "muted small", text: `Each firm option alone, the quickest to pay off first: ${s.note}.` }), t);
}
export function renderPowerExtras(d) {
  const cards = [reliabilityCard(d.reliability, d), weatherCard(d.weather, d), creditsCard(d.credits), lateCard(d.late, d),
    ...speedCards(d.speed)];
  $("power-extra-cards").replaceChildren(...cards.filter(Boolean));
  renderPowerSpeed(d);
}
export function renderPowerMix(d) {
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
export function renderPowerWeeks(d) {
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
export const quarterOf = (text) => { const m = /^(\d{4})Q([1-4])$/.exec(String(text || "")); return m ? Number(m[1]) * 4 + Number(m[2]) - 1 : null; };
export const quarterLabel = (q) => `${Math.floor(q / 4)}Q${(q % 4) + 1}`;
export function fillQuarters() {
  const by = $("power-by"), keep = by.value, now = new Date();
  const q0 = quarterOf((power.catalog || {}).as_of) ?? now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  by.replaceChildren(el("option", { value: "", text: "phase date (default)", title: "The phase's first-online quarter (the default)" }));
  for (let q = q0 + 1; q <= q0 + 48; q += 1) by.append(el("option", { value: quarterLabel(q), text: quarterLabel(q) }));
  if ([...by.options].some((o) => o.value === keep)) by.value = keep;
  markQuarters();
}
export function markQuarters() {
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
export async function loadPowerOptions() {
  let cat = null;
  try { cat = await api("GET", "/api/power/options"); } catch (e) { return; }  // an older server (404): the plain list stays
  if (!cat || quarterOf(cat.as_of) === null || !Array.isArray(cat.options)) return;
  power.catalog = cat;
  fillQuarters();
  markPowerStale();
}
export function initPower() {
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
