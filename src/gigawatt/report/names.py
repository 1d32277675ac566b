"""Plain names for the report's readers: parties of the ledger, scenario inputs, the parties' colours.

The ledger names parties by role (``vendor``, ``customer``, ``cloud_partner``, ``other_suppliers``) or, on a
composite, by vendor id (``nvidia``, ``amd``). A reader wants "OpenAI's other suppliers" and "NVIDIA": the
companies are named from the catalog (``companies.csv``) and the scenario's title, where it names them.
Inputs of the tornado get their scenario field's description (the scenario model's own text), or a short
label from :data:`INPUT_LABELS`.
"""

from __future__ import annotations

import functools
import re

# Distinct hues, safe for the common colour-vision deficiencies (Okabe-Ito first, then Paul Tol's "muted"
# set for more parties), dark enough for a line on white (no yellow); no greys.
PARTY_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#332288", "#882255", "#44AA99",
                 "#999933", "#AA4499", "#117733", "#56B4E9", "#000000")
ROLE_ORDER = ("customer", "vendor", "cloud_partner", "financiers", "utility", "other_suppliers", "vendor_suppliers",
              "operations")

INPUT_LABELS = {
    "program.continue_draw": "luck of the draw: later phases go ahead",
    "program.continue_probability": "chance each later phase goes ahead",
    "program.delay_quarters": "delay of each phase (quarters)",
    "facility.pue": "PUE (facility power ÷ IT power)",
    "facility.load_factor": "load factor (average draw ÷ capacity)",
    "energy.price_usd_per_mwh": "electricity price ($/MWh)",
    "finance.capex_usd_per_gw": "capex per GW",
    "finance.vendor_gross_margin": "vendor's gross margin",
    "finance.cost_of_capital": "cost of capital",
    "compute.utilization": "compute utilization",
    "finance.opex_usd_per_gw_year": "operating costs per GW a year",
    "finance.facility_usd_per_mw": "facility cost per MW (building, power, cooling)",
    "finance.customer_revenue.growth_per_year": "customer revenue growth",
    "finance.investment.valuation_growth_per_year": "customer valuation growth",
    "energy.wue_l_per_kwh": "water use per kWh",
}


@functools.cache
def _companies() -> dict[str, tuple[str, str]]:
    """id -> (name, kind) from the catalog; empty where the market data is not installed."""
    try:
        from gigawatt import catalog

        return {c.id: (c.name, c.kind) for c in catalog.companies()}
    except Exception:  # noqa: BLE001 - names are a nicety: a missing or broken table falls back to roles
        return {}


def company(cid: str) -> str:
    """A company's name (``nvidia`` -> ``NVIDIA``), or the id with spaces."""
    return _companies().get(cid, (cid.replace("_", " "), ""))[0]


def _named_in(text: str, kind: str) -> str | None:
    """The first company of ``kind`` whose name (or id) the text mentions."""
    low = text.lower()
    hits = [(low.find(n.lower()), n) for cid, (n, k) in _companies().items() if k == kind and n.lower() in low]
    hits += [(low.find(cid), n) for cid, (n, k) in _companies().items() if k == kind and cid in low]
    hits = [h for h in hits if h[0] >= 0]
    return min(hits)[1] if hits else None


def _texts(scn) -> str:
    parts = [scn.title or "", scn.name]
    for p in getattr(scn, "part_scenarios", ()) or ():
        parts += [p.title or "", p.name]
    return " ".join(parts)


def parties(scn) -> dict[str, str]:
    """The ledger's party keys -> the names a reader sees, for this scenario."""
    text = _texts(scn)
    customer = _named_in(text, "ai_lab")
    partner = _named_in(text, "cloud")
    vendor = company(scn.program.vendor) if not scn.include else "the vendors"
    cust = customer or "the customer"
    owner = f"{customer}'s" if customer else "the customer's"
    out = {"customer": cust, "vendor": vendor, "cloud_partner": partner or "the cloud partner",
           "other_suppliers": f"{owner} other suppliers",
           "vendor_suppliers": f"{vendor}'s suppliers" if not scn.include else "the vendors' suppliers",
           "utility": "electricity suppliers", "operations": "operations",
           "financiers": "lenders and investors"}
    for cid in _companies():
        out.setdefault(cid, company(cid))
    return out


def party(key: str, scn) -> str:
    return parties(scn).get(key, key.replace("_", " "))


def party_colors(keys) -> dict[str, str]:
    """A colour per party, fixed by role so a party keeps its colour from chart to chart."""
    ordered = sorted(set(keys), key=lambda k: (ROLE_ORDER.index(k) if k in ROLE_ORDER else len(ROLE_ORDER), k))
    return {k: PARTY_PALETTE[i % len(PARTY_PALETTE)] for i, k in enumerate(ordered)}


@functools.cache
def _field_descriptions() -> dict[str, str]:
    """Every scenario field's dotted path -> its description in the scenario model."""
    from gigawatt.scenario import Scenario

    root = Scenario.model_json_schema()
    out: dict[str, str] = {}

    def walk(node: dict, path: str, depth: int = 0) -> None:
        while "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        for alt in node.get("anyOf", ()):
            if "$ref" in alt:
                walk(alt, path, depth)
        if path and node.get("description"):
            out.setdefault(path, node["description"])
        if depth < 4:
            for k, v in (node.get("properties") or {}).items():
                if path and v.get("description"):
                    out.setdefault(f"{path}.{k}", v["description"])
                elif not path and v.get("description"):
                    out.setdefault(k, v["description"])
                walk(v, f"{path}.{k}" if path else k, depth + 1)

    walk(root, "")
    return out


HARDWARE_LABELS = {"unit_power_kw": "power per rack (kW)", "fp8_dense_pflops_per_gpu": "FP8 PFLOP/s per GPU",
                   "fp4_dense_pflops_per_gpu": "FP4 PFLOP/s per GPU", "bf16_dense_pflops_per_gpu": "BF16 PFLOP/s per GPU",
                   "price_usd_per_unit": "price per rack", "gpus_per_unit": "GPUs per rack"}


def platform_name(key: str) -> str:
    """``vera-rubin-nvl144`` -> ``Vera Rubin NVL144``."""
    return " ".join(w.upper() if any(c.isdigit() for c in w) or len(w) <= 3 else w.capitalize()
                    for w in key.split("-"))


def input_value(path: str, x: float) -> str:
    """An input's value in its unit, read from the path's name (the unit-in-name convention)."""
    from gigawatt import present

    last = path.rsplit(".", 1)[-1]
    if last.endswith("_usd_per_gw"):
        return present.usd(x) + "/GW"
    if last.endswith("_usd_per_mwh"):
        return f"${present.sig(x)}/MWh"
    if last.endswith("_usd") or last.endswith("_usd_per_unit"):
        return present.usd(x)
    if "_usd_per_" in last:  # capex per MW, opex per GW-year: dollars per the unit the name gives
        return present.usd(x) + "/" + last.split("_usd_per_")[1].replace("_", "-").replace("mw", "MW").replace("gw", "GW")
    if last.endswith("_quarters"):
        return f"{present.sig(x)} quarters"
    if last in ("continue_draw", "continue_probability", "vendor_gross_margin", "utilization", "load_factor",
                "cost_of_capital") or "growth" in last:
        return present.pct(x)
    return present.sig(x)


def input_label(path: str) -> str:
    """An uncertain input in words: the label table, else the scenario model's description, else the path's last
    part with spaces (``finance.capex_split.vendor_systems`` -> ``capex split: vendor systems``)."""
    if path in INPUT_LABELS:
        return INPUT_LABELS[path]
    bits = path.split(".")
    if bits[0] == "hardware" and len(bits) == 3:
        return f"{platform_name(bits[1])}: {HARDWARE_LABELS.get(bits[2], bits[2].replace('_', ' '))}"
    desc = _field_descriptions().get(path)
    if desc:
        first = re.split(r"[;:(\\[]", desc)[0].strip().rstrip(".")
        return first[:1].lower() + first[1:] if first else path
    bits = path.split(".")[-2:]
    return ": ".join(b.replace("_", " ") for b in bits)
