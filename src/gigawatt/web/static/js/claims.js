// gigawatt dashboard: The claims table.
import { $, api, el } from "./core.js";

// --- claims, runs, scenario choice ---------------------------------------------------------------------------
export function cellText(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (Array.isArray(v)) return v.join("; ");
  return String(v);
}
export async function loadClaims() {
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
