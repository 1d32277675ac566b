"""The market around a gigawatt deal: who pays whom, how concentrated it is, and what breaks if revenue falls short.

A graph of companies (nodes, from ``data/companies.csv``) and their links (edges, from ``data/links.csv`` plus
the links a scenario adds). Every link is one deal, and **its edge points the way the money or value flows,
from ``payer`` to ``payee``**:

==========  ===================  ===================  ==============================================
kind        payer                payee                fields used
==========  ===================  ===================  ==============================================
equity      investor             investee             usd (amount invested), stake (0-1), shares
supply      customer             vendor               usd (contract value), gw, years
cloud       customer             cloud provider       usd (contract value), gw, years
warrant     issuer               holder               usd (value at issue), shares, strike_usd
==========  ===================  ===================  ==============================================

So NVIDIA investing in OpenAI is ``nvidia -> openai`` and OpenAI renting Oracle's cloud is
``openai -> oracle``; a warrant points from the issuer (who gives value away) to the holder. ``usd`` is the
total over the life of the link, not per year; an empty ``usd`` means the amount was not disclosed, and such a
link is shown but left out of every sum. ``seniority`` (1 = paid first) orders a customer's commitments in the
stress test where the data gives it. Every shipped row carries ``date`` and ``source`` (publisher and date).

Metrics, each a pure function of the graph:

* :func:`supply_shares` - the customer's commitments (``supply`` and ``cloud`` links it pays) by vendor, in GW
  and usd, and :func:`hhi`, the Herfindahl-Hirschman index of those shares (0-10,000; US DOJ/FTC Horizontal
  Merger Guidelines, 2023: above 1,800 is "highly concentrated"). The shares are of the customer's direct
  contracts, by counterparty: GW bought from a cloud also run on some chip vendor's silicon.
* :func:`customer_concentration` - for each vendor, its customers' shares of its committed sales and their HHI.
* :func:`cross_holdings` - who holds equity or warrants in whom, and whether the holder also trades with it.
* :func:`money_cycles` - every simple cycle of money flow and the amount that can go all the way round it.
* :func:`stress_test` - the customer's revenue falls short of its path; which commitments go unpaid and how
  large each counterparty's loss is beside its own revenue.
"""

from __future__ import annotations

import math
import pathlib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from gigawatt.errors import InputError, show

COMPANY_COLUMNS = ("id", "name", "kind", "revenue_usd", "revenue_year", "valuation_usd", "source", "note")
LINK_COLUMNS = ("id", "kind", "payer", "payee", "usd", "gw", "stake", "shares", "strike_usd", "years", "start",
                "seniority", "date", "source", "note")
_COMPANY_NUMBERS = ("revenue_usd", "revenue_year", "valuation_usd")
_LINK_NUMBERS = ("usd", "gw", "stake", "shares", "strike_usd", "years", "seniority")

# Which numeric fields each kind of link may carry; anything else is a data-entry slip (a GW on an equity row).
KIND_FIELDS = {
    "equity": {"usd", "stake", "shares"},
    "supply": {"usd", "gw", "years", "seniority"},
    "cloud": {"usd", "gw", "years", "seniority"},
    "warrant": {"usd", "shares", "strike_usd"},
}
# Links that are the customer's purchase commitments (what the stress test can leave unpaid).
COMMITMENT_KINDS = ("supply", "cloud")
# Term assumed for a commitment whose term is not disclosed, to annualise it (judgement: most of the
# disclosed compute contracts of 2025 run 5-7 years; Oracle-OpenAI is ~5).
DEFAULT_YEARS = 5.0

KIND_COLOURS = {"equity": "#1f77b4", "supply": "#d62728", "cloud": "#2ca02c", "warrant": "#9467bd"}
COMPANY_COLOURS = {"chip_vendor": "#76b900", "ai_lab": "#f2a900", "cloud": "#4aa3df", "investor": "#b07aa1",
                   "joint_venture": "#c9b18d", "startup": "#9aa0a6"}


# --------------------------------------------------------------------------------------------- loading


def _data_file(name: str) -> pathlib.Path:
    return pathlib.Path(str(resources.files("gigawatt") / "data" / name))


def _number(value: object, key: str, path: str) -> float:
    """A float from a CSV cell or a scenario value (``"$100B"``, ``"1.2 GW"``, ``"27 %"``); blank -> NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, str) and not value.strip():
        return math.nan
    from gigawatt.units import parse_quantity

    result = parse_quantity(value, key, path)
    if not math.isfinite(result):
        raise InputError(path, f"{show(value)} is not a finite number")
    return result


def _read_rows(path: pathlib.Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise InputError(str(path), "file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(path.name, f"missing column(s) {', '.join(missing)}; expected {', '.join(columns)}")
    return frame.to_dict("records")


def _check_company(row: Mapping[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {c: row.get(c, "") for c in COMPANY_COLUMNS}
    cid = str(out["id"]).strip()
    if not cid or cid != cid.lower() or not all(ch.isalnum() or ch in "_-" for ch in cid):
        raise InputError(f"{where}.id", f"{show(out['id'])} is not a company id (lowercase letters, digits, - or _)")
    out["id"] = cid
    for col in _COMPANY_NUMBERS:
        out[col] = _number(out[col], col, f"{where}.{col}")
        if out[col] < 0:
            raise InputError(f"{where}.{col}", f"{show(out[col])} is negative; amounts must be 0 or more")
    for col in ("name", "kind", "source", "note"):
        out[col] = str(out[col] or "").strip()
    out["name"] = out["name"] or cid
    if not out["source"]:
        raise InputError(f"{where}.source", "empty; every company row needs a source (publisher and date)")
    return out


def load_companies(path: str | pathlib.Path | None = None) -> pd.DataFrame:
    """Companies, one row each (``id`` lowercase, ``revenue_usd`` = latest annual revenue, sourced)."""
    file = pathlib.Path(path) if path is not None else _data_file("companies.csv")
    rows = [_check_company(r, f"{file.name} row {i + 1}") for i, r in enumerate(_read_rows(file, COMPANY_COLUMNS))]
    seen: set[str] = set()
    for i, r in enumerate(rows):
        if r["id"] in seen:
            raise InputError(f"{file.name} row {i + 1}.id", f"{show(r['id'])} appears twice; ids must be unique")
        seen.add(r["id"])
    return pd.DataFrame(rows, columns=list(COMPANY_COLUMNS))


def _check_link(row: Mapping[str, Any], where: str, *, need_source: bool) -> dict[str, Any]:
    unknown = sorted(set(row) - set(LINK_COLUMNS))
    if unknown:
        raise InputError(f"{where}.{unknown[0]}", f"unknown field; a link has {', '.join(LINK_COLUMNS)}")
    out: dict[str, Any] = {c: row.get(c, "") for c in LINK_COLUMNS}
    for col in ("id", "kind", "payer", "payee", "start", "date", "source", "note"):
        out[col] = "" if out[col] is None else str(out[col]).strip()
    if not out["id"]:
        raise InputError(f"{where}.id", "empty; every link needs an id")
    if out["kind"] not in KIND_FIELDS:
        raise InputError(f"{where}.kind", f"{show(out['kind'])} is not a link kind; use one of "
                                          f"{', '.join(KIND_FIELDS)}")
    for col in ("payer", "payee"):
        if not out[col]:
            raise InputError(f"{where}.{col}", "empty; name a company id")
    if out["payer"] == out["payee"]:
        raise InputError(f"{where}.payee", f"{show(out['payee'])} is also the payer; a link joins two companies")
    for col in _LINK_NUMBERS:
        out[col] = _number(out[col], col, f"{where}.{col}")
        value = out[col]
        if math.isnan(value):
            continue
        if value < 0:
            raise InputError(f"{where}.{col}", f"{show(value)} is negative; amounts must be 0 or more")
        if col not in KIND_FIELDS[out["kind"]]:
            raise InputError(f"{where}.{col}", f"{show(value)} given, but {out['kind']} links do not use {col} "
                                               f"(they use {', '.join(sorted(KIND_FIELDS[out['kind']]))})")
    if out["stake"] > 1:
        raise InputError(f"{where}.stake", f"{show(out['stake'])} is above 1; a stake is a fraction 0-1 "
                                           "(write 0.27 or \"27 %\")")
    if out["years"] == 0:
        raise InputError(f"{where}.years", "0 years; a commitment's term must be positive")
    if need_source:
        for col in ("date", "source"):
            if not out[col]:
                raise InputError(f"{where}.{col}", f"empty; every shipped link needs a {col}")
    else:
        out["source"] = out["source"] or "scenario"
    out["origin"] = where
    return out


def load_links(path: str | pathlib.Path | None = None, extra: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Links from the CSV plus ``extra`` (dicts with the same fields) that a scenario adds.

    An extra link whose ``id`` is already in the CSV replaces that row (a scenario can restate a deal);
    otherwise it is appended. Scenario values may carry units (``"$100B"``, ``"10 GW"``, ``"27 %"``).
    Column ``origin`` records where each row came from, for error messages.
    """
    file = pathlib.Path(path) if path is not None else _data_file("links.csv")
    rows = [_check_link(r, f"{file.name} row {i + 1}", need_source=True)
            for i, r in enumerate(_read_rows(file, LINK_COLUMNS))]
    index: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r["id"] in index:
            raise InputError(f"{file.name} row {i + 1}.id", f"{show(r['id'])} appears twice; ids must be unique")
        index[r["id"]] = i
    for j, raw in enumerate(extra):
        if not isinstance(raw, Mapping):
            raise InputError(f"links[{j}]", f"{show(raw)} is not a mapping of link fields")
        r = _check_link(raw, f"links[{j}]", need_source=False)
        if r["id"] in index:
            rows[index[r["id"]]] = r
        else:
            index[r["id"]] = len(rows)
            rows.append(r)
    return pd.DataFrame(rows, columns=[*LINK_COLUMNS, "origin"])


def build_graph(companies: pd.DataFrame, links: pd.DataFrame):
    """A ``networkx.MultiDiGraph``: a node per company (its row as attributes), an edge per link from payer
    to payee, keyed by the link id (its row as attributes)."""
    import networkx as nx

    known = set(companies["id"])
    graph = nx.MultiDiGraph()
    for row in companies.to_dict("records"):
        graph.add_node(row["id"], **row)
    for row in links.to_dict("records"):
        for col in ("payer", "payee"):
            if row[col] not in known:
                where = row.get("origin") or f"links[{row['id']}]"
                raise InputError(f"{where}.{col}", f"{show(row[col])} is not a known company; known: "
                                                   f"{', '.join(sorted(known))}")
        graph.add_edge(row["payer"], row["payee"], key=row["id"], **row)
    return graph


def _edges(graph) -> pd.DataFrame:
    rows = [dict(data) for _, _, data in graph.edges(data=True)]
    return pd.DataFrame(rows, columns=[*LINK_COLUMNS, "origin"])


def _revenue(graph, node: str) -> float:
    value = graph.nodes[node].get("revenue_usd", math.nan)
    return math.nan if value is None else float(value)


def _check_company_id(graph, node: str, path: str) -> None:
    if node not in graph:
        raise InputError(path, f"{show(node)} is not a known company; known: {', '.join(sorted(graph.nodes))}")


# --------------------------------------------------------------------------------------------- metrics


def hhi(shares: Iterable[float]) -> float:
    """Herfindahl-Hirschman index on the 0-10,000 scale: sum of squared percentage shares.

    The values are normalised to sum to 1 first, so raw amounts (GW, usd) work as well as fractions;
    NaN counts as 0. One supplier gives 10,000; n equal suppliers give 10,000 / n. Empty or all-zero: NaN.
    (US DOJ/FTC Merger Guidelines, 2023, section 2.1: HHI > 1,800 is "highly concentrated".)
    """
    values = np.asarray(list(shares), dtype=float)
    values = values[~np.isnan(values)]
    if (values < 0).any():
        raise InputError("shares", f"{show(float(values.min()))} is negative; shares must be 0 or more")
    total = values.sum()
    if total <= 0:
        return math.nan
    return float(((values / total * 100.0) ** 2).sum())


def supply_shares(graph, customer: str = "openai") -> pd.DataFrame:
    """The customer's ``supply`` and ``cloud`` commitments by vendor: ``gw``, ``usd`` (sums of its links, NaN
    where none is disclosed), ``share_gw`` and ``share_usd`` (of the disclosed totals), and ``links``.
    Sorted by usd, then GW. Feed a share column to :func:`hhi`."""
    _check_company_id(graph, customer, "customer")
    edges = _edges(graph)
    mine = edges[(edges["payer"] == customer) & edges["kind"].isin(COMMITMENT_KINDS)]
    grouped = mine.groupby("payee", sort=False).agg(
        gw=("gw", lambda s: s.sum(min_count=1)), usd=("usd", lambda s: s.sum(min_count=1)), links=("id", "count"))
    out = grouped.reset_index().rename(columns={"payee": "vendor"})
    out.insert(1, "name", [graph.nodes[v]["name"] for v in out["vendor"]])
    for basis in ("gw", "usd"):
        total = out[basis].sum(min_count=1)
        out[f"share_{basis}"] = out[basis].fillna(0.0) / total if total and total > 0 else math.nan
    out = out.sort_values(["usd", "gw"], ascending=False, na_position="last", kind="stable")
    return out[["vendor", "name", "gw", "usd", "share_gw", "share_usd", "links"]].reset_index(drop=True)


def _annual(usd: float, years: float) -> tuple[float, bool]:
    """usd per year of a commitment, and whether the term was assumed (``DEFAULT_YEARS``)."""
    if math.isnan(years):
        return usd / DEFAULT_YEARS, True
    return usd / years, False


def customer_concentration(graph) -> pd.DataFrame:
    """Per vendor (payee of ``supply``/``cloud`` links): its customers' shares of its committed sales (usd over
    the contracts' lives), their HHI, the top customer, and the committed sales per year beside the vendor's
    own annual revenue (terms not disclosed are taken as ``DEFAULT_YEARS``)."""
    edges = _edges(graph)
    sales = edges[edges["kind"].isin(COMMITMENT_KINDS)]
    rows = []
    for vendor, group in sales.groupby("payee", sort=True):
        by_customer = group.groupby("payer")["usd"].sum(min_count=1).sort_values(ascending=False)
        committed = by_customer.sum(min_count=1)
        per_year = sum(_annual(u, y)[0] for u, y in zip(group["usd"], group["years"]) if not math.isnan(u))
        shares = by_customer.fillna(0.0) / committed if committed and committed > 0 else by_customer * math.nan
        top = shares.index[0] if committed and committed > 0 else None
        revenue = _revenue(graph, vendor)
        rows.append({
            "vendor": vendor,
            "customers": ", ".join(f"{c} {s:.0%}" if not math.isnan(s) else f"{c} n/d" for c, s in shares.items()),
            "n_customers": int(len(by_customer)),
            "committed_usd": committed,
            "top_customer": top,
            "top_share": float(shares.iloc[0]) if top is not None else math.nan,
            "hhi": hhi(shares.values) if top is not None else math.nan,
            "committed_usd_per_year": per_year if top is not None else math.nan,
            "revenue_usd": revenue,
            "per_year_to_revenue": per_year / revenue if top is not None and revenue > 0 else math.nan,
        })
    out = pd.DataFrame(rows)
    return out.sort_values("committed_usd", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def cross_holdings(graph) -> pd.DataFrame:
    """Who holds a piece of whom: ``equity`` links (holder = payer) and ``warrant`` links (holder = payee),
    summed per holder and company. ``stake`` sums the stakes the data states (NaN where none is stated);
    ``trade`` says whether the holder also sells to the company (``vendor``), buys from it (``customer``) or
    both; ``mutual`` is True where the company holds a piece of the holder too."""
    edges = _edges(graph)
    held = edges[edges["kind"].isin(("equity", "warrant"))].copy()
    held["holder"] = np.where(held["kind"] == "equity", held["payer"], held["payee"])
    held["company"] = np.where(held["kind"] == "equity", held["payee"], held["payer"])
    trades = edges[edges["kind"].isin(COMMITMENT_KINDS)]
    sells = set(zip(trades["payee"], trades["payer"]))   # (vendor, customer)
    pairs = set(zip(held["holder"], held["company"]))
    rows = []
    for (holder, company), group in held.groupby(["holder", "company"], sort=True):
        vendor, customer = (holder, company) in sells, (company, holder) in sells
        rows.append({
            "holder": holder, "company": company, "kinds": "+".join(sorted(set(group["kind"]))),
            "usd": group["usd"].sum(min_count=1), "stake": group["stake"].sum(min_count=1),
            "shares": group["shares"].sum(min_count=1),
            "trade": "both" if vendor and customer else "vendor" if vendor else "customer" if customer else "",
            "mutual": (company, holder) in pairs,
        })
    out = pd.DataFrame(rows, columns=["holder", "company", "kinds", "usd", "stake", "shares", "trade", "mutual"])
    return out.sort_values("usd", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def _flow_graph(graph):
    """A DiGraph with one edge per (payer, payee): ``usd`` = sum of the disclosed usd of its links (NaN if none
    disclosed), ``kinds`` and ``links``."""
    import networkx as nx

    flow = nx.DiGraph()
    flow.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        if flow.has_edge(u, v):
            e = flow.edges[u, v]
            e["usd"] = np.nansum([e["usd"], data["usd"]]) if not (math.isnan(e["usd"]) and math.isnan(data["usd"])) \
                else math.nan
            e["kinds"].append(data["kind"])
            e["links"].append(data["id"])
        else:
            flow.add_edge(u, v, usd=float(data["usd"]), kinds=[data["kind"]], links=[data["id"]])
    return flow


def money_cycles(graph, max_len: int = 5) -> pd.DataFrame:
    """Every simple cycle of money flow with at most ``max_len`` companies, and the amount that goes round it.

    Parallel links between the same payer and payee are summed first. The amount going round a cycle is its
    **bottleneck**: the smallest usd among its edges, the most money that can leave a company and come back
    to it along the cycle (NVIDIA -> OpenAI $30B, OpenAI -> Oracle $300B, Oracle -> NVIDIA $40B: $30B goes
    round). Amounts are totals over the links' lives. A cycle through an undisclosed edge has amount NaN.
    Each cycle starts at its alphabetically first company; sorted by amount, largest first.
    """
    import networkx as nx

    if isinstance(max_len, bool) or not isinstance(max_len, (int, np.integer)) or max_len < 2:
        raise InputError("max_len", f"{show(max_len)} is not an integer of 2 or more (companies in a cycle)")
    flow = _flow_graph(graph)
    rows = []
    for cycle in nx.simple_cycles(flow, length_bound=int(max_len)):
        start = cycle.index(min(cycle))
        nodes = cycle[start:] + cycle[:start]
        hops = list(zip(nodes, nodes[1:] + nodes[:1]))
        amounts = [flow.edges[u, v]["usd"] for u, v in hops]
        known = not any(math.isnan(a) for a in amounts)
        amount = min(amounts) if known else math.nan
        neck = hops[int(np.argmin(amounts))] if known else None
        rows.append({
            "cycle": " → ".join([*nodes, nodes[0]]),
            "companies": nodes,
            "length": len(nodes),
            "amount_usd": amount,
            "bottleneck": f"{neck[0]} → {neck[1]}" if neck else None,
            "edges": "; ".join(f"{u}→{v} {'+'.join(flow.edges[u, v]['kinds'])} {_fmt_usd(flow.edges[u, v]['usd'])}"
                               for u, v in hops),
        })
    out = pd.DataFrame(rows, columns=["cycle", "companies", "length", "amount_usd", "bottleneck", "edges"])
    return out.sort_values(["amount_usd", "cycle"], ascending=[False, True], na_position="last",
                           kind="stable").reset_index(drop=True)


def check_shortfall(shortfall: object, path: str = "stress") -> float:
    """The shortfall as a float in [0, 1], or InputError."""
    if isinstance(shortfall, bool) or not isinstance(shortfall, (int, float, np.floating, np.integer)):
        raise InputError(path, f"{show(shortfall)} is not a number; give the shortfall as a fraction in [0, 1]")
    value = float(shortfall)
    if not 0.0 <= value <= 1.0:
        raise InputError(path, f"{show(shortfall)} is outside [0, 1]; it is the fraction by which revenue falls "
                               "short of its path (0.5 = half)")
    return value


def stress_gap(commitments_usd: float, revenue_usd: float, shortfall: float) -> float:
    """Commitments per year the customer cannot pay when its revenue is ``(1 - shortfall) × revenue_usd``:
    ``max(0, commitments - (1 - shortfall) × revenue)``. [usd per year]"""
    return max(0.0, commitments_usd - (1.0 - shortfall) * revenue_usd)


def stress_test(graph, customer: str = "openai", shortfall: float = 0.5,
                revenue_usd: float | None = None) -> pd.DataFrame:
    """What goes unpaid if the customer's revenue falls short of its path by ``shortfall`` (0-1).

    Everything is per year. Each of the customer's commitments (its ``supply`` and ``cloud`` links with a
    disclosed usd) costs ``usd / years`` a year (``DEFAULT_YEARS`` where the term is not disclosed). The
    revenue path is ``revenue_usd`` a year; by default it is exactly what pays all commitments (the path the
    deals assume). Revenue turns out ``(1 - shortfall) ×`` the path, and the **gap** is
    :func:`stress_gap`: commitments minus actual revenue, at least 0. That gap goes unpaid: by seniority
    where any of the links has one (1 is paid first; links without one are paid last), else pro rata to the
    annual amounts; pro rata within a seniority class. So ``unpaid_usd`` sums to the gap exactly.

    Rows per commitment: ``counterparty``, ``annual_usd``, ``paid_usd``, ``unpaid_usd`` and
    ``exposure_to_revenue`` (unpaid per year over the counterparty's own annual revenue). ``attrs`` holds the
    totals (``commitments_usd``, ``revenue_path_usd``, ``gap_usd``) and the ``undisclosed`` links left out.
    """
    shortfall = check_shortfall(shortfall)
    _check_company_id(graph, customer, "customer")
    edges = _edges(graph)
    mine = edges[(edges["payer"] == customer) & edges["kind"].isin(COMMITMENT_KINDS)]
    undisclosed = sorted(mine.loc[mine["usd"].isna(), "id"])
    mine = mine[mine["usd"].notna()]
    annual, assumed = zip(*(_annual(u, y) for u, y in zip(mine["usd"], mine["years"]))) if len(mine) else ((), ())
    out = pd.DataFrame({
        "link": mine["id"].to_numpy(), "counterparty": mine["payee"].to_numpy(), "kind": mine["kind"].to_numpy(),
        "usd": mine["usd"].to_numpy(dtype=float), "years": mine["years"].to_numpy(dtype=float),
        "years_assumed": np.asarray(assumed, dtype=bool), "annual_usd": np.asarray(annual, dtype=float),
        "seniority": mine["seniority"].to_numpy(dtype=float),
    })
    commitments = float(out["annual_usd"].sum())
    if revenue_usd is None:
        path = commitments
    else:
        path = _number(revenue_usd, "revenue_usd", "revenue_usd")
        if math.isnan(path) or path < 0:
            raise InputError("revenue_usd", f"{show(revenue_usd)} is not an amount of 0 or more (usd per year)")
    gap = stress_gap(commitments, path, shortfall)
    available = commitments - gap
    paid = np.zeros(len(out))
    # Seniority classes in paying order; without seniority data everyone is in one class (pro rata).
    rank = out["seniority"].fillna(np.inf).to_numpy() if out["seniority"].notna().any() else np.zeros(len(out))
    for level in sorted(set(rank)):
        members = rank == level
        owed = out["annual_usd"].to_numpy()[members]
        pay = min(available, owed.sum())
        paid[members] = owed * (pay / owed.sum()) if owed.sum() > 0 else 0.0
        available -= pay
    out["paid_usd"] = paid
    out["unpaid_usd"] = out["annual_usd"] - out["paid_usd"]
    out["unpaid_share"] = out["unpaid_usd"] / gap if gap > 0 else 0.0
    out["counterparty_revenue_usd"] = [_revenue(graph, c) for c in out["counterparty"]]
    rev = out["counterparty_revenue_usd"]
    out["exposure_to_revenue"] = np.where(rev > 0, out["unpaid_usd"] / rev.where(rev > 0), math.nan)
    out = out.sort_values("unpaid_usd", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs.update(customer=customer, shortfall=shortfall, commitments_usd=commitments, revenue_path_usd=path,
                     gap_usd=gap, undisclosed=undisclosed, default_years=DEFAULT_YEARS)
    return out


def exposures(stress: pd.DataFrame) -> pd.DataFrame:
    """Per counterparty of a :func:`stress_test`: its unpaid usd per year, what it was owed, its annual revenue
    and the unpaid amount as a fraction of that revenue. ``unpaid_usd`` sums to the stress gap."""
    grouped = stress.groupby("counterparty", sort=False).agg(
        annual_usd=("annual_usd", "sum"), unpaid_usd=("unpaid_usd", "sum"),
        revenue_usd=("counterparty_revenue_usd", "first"))
    out = grouped.reset_index()
    rev = out["revenue_usd"]
    out["exposure_to_revenue"] = out["unpaid_usd"] / rev.where(rev > 0)
    return out.sort_values("unpaid_usd", ascending=False, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------- report


def _plain(value: Any) -> Any:
    """JSON-able scalar: NaN -> None, numpy -> Python."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def market_report(stress: float = 0.5, extra_links: Iterable[Mapping[str, Any]] = (), customer: str = "openai",
                  revenue_usd: float | None = None, companies_path=None, links_path=None) -> dict[str, Any]:
    """All market metrics as one JSON-able dict (for ``gigawatt market --json`` and :func:`render`)."""
    shortfall = check_shortfall(stress)
    companies = load_companies(companies_path)
    links = load_links(links_path, extra=extra_links)
    graph = build_graph(companies, links)
    shares = supply_shares(graph, customer)
    stressed = stress_test(graph, customer, shortfall, revenue_usd)
    return {
        "customer": customer,
        "companies": _records(companies),
        "links": _records(links.drop(columns="origin")),
        "supply_shares": _records(shares),
        "hhi_gw": _plain(hhi(shares["gw"])),
        "hhi_usd": _plain(hhi(shares["usd"])),
        "customer_concentration": _records(customer_concentration(graph)),
        "cross_holdings": _records(cross_holdings(graph)),
        "cycles": _records(money_cycles(graph)),
        "stress": {
            "shortfall": shortfall,
            "commitments_usd_per_year": stressed.attrs["commitments_usd"],
            "revenue_path_usd_per_year": stressed.attrs["revenue_path_usd"],
            "gap_usd_per_year": stressed.attrs["gap_usd"],
            "default_years": DEFAULT_YEARS,
            "undisclosed_links": stressed.attrs["undisclosed"],
            "commitments": _records(stressed),
            "exposures": _records(exposures(stressed)),
        },
    }


def _fmt_usd(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/d"
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= scale:
            return f"${value / scale:,.1f}{suffix}"
    return f"${value:,.0f}"


def _fmt(value: Any, kind: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "usd":
        return _fmt_usd(value)
    if kind == "pct":
        return f"{value:.0%}" if abs(value) >= 0.01 or value == 0 else f"{value:.1%}"
    if kind == "gw":
        return f"{value:g}"
    if kind == "int":
        return f"{value:,.0f}"
    return str(value)


def render(report: Mapping[str, Any]) -> list:
    """Rich renderables for the CLI: supply shares + HHI, vendor concentration, cross-holdings, cycles and the
    stress test's exposures."""
    from rich.table import Table

    def table(title, spec, rows, caption=None):
        t = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
        for header, _, fmt in spec:
            t.add_column(header, justify="left" if fmt == "" else "right")
        for row in rows:
            t.add_row(*(_fmt(row.get(key), fmt) for _, key, fmt in spec))
        return t

    customer = report["customer"]
    s = report["stress"]
    out = [
        table(f"{customer}'s compute commitments by vendor",
              [("vendor", "vendor", ""), ("GW", "gw", "gw"), ("usd", "usd", "usd"), ("share GW", "share_gw", "pct"),
               ("share usd", "share_usd", "pct"), ("links", "links", "int")],
              report["supply_shares"],
              caption=f"HHI: {_fmt(report['hhi_gw'], 'int')} by GW, {_fmt(report['hhi_usd'], 'int')} by usd "
                      "(0-10,000; above 1,800 is highly concentrated). Shares of disclosed amounts."),
        table("Vendors' customer concentration",
              [("vendor", "vendor", ""), ("customers", "customers", ""), ("committed", "committed_usd", "usd"),
               ("top share", "top_share", "pct"), ("HHI", "hhi", "int"),
               ("per year", "committed_usd_per_year", "usd"), ("÷ revenue", "per_year_to_revenue", "pct")],
              report["customer_concentration"]),
        table("Cross-holdings",
              [("holder", "holder", ""), ("company", "company", ""), ("kind", "kinds", ""), ("usd", "usd", "usd"),
               ("stake", "stake", "pct"), ("also trades as", "trade", "")],
              report["cross_holdings"]),
        table("Money cycles",
              [("cycle", "cycle", ""), ("goes round", "amount_usd", "usd"), ("bottleneck", "bottleneck", "")],
              report["cycles"], caption="Amount = the smallest flow on the cycle (totals over the deals' lives)."),
    ]
    caption = (f"{customer}'s revenue {s['shortfall']:.0%} short of a path of "
               f"{_fmt_usd(s['revenue_path_usd_per_year'])}/yr against {_fmt_usd(s['commitments_usd_per_year'])}/yr "
               f"of commitments: {_fmt_usd(s['gap_usd_per_year'])}/yr unpaid.")
    if s["undisclosed_links"]:
        caption += f" Left out (value not disclosed): {', '.join(s['undisclosed_links'])}."
    out.append(table(f"Stress test: exposures at a {s['shortfall']:.0%} shortfall",
                     [("counterparty", "counterparty", ""), ("owed/yr", "annual_usd", "usd"),
                      ("unpaid/yr", "unpaid_usd", "usd"), ("revenue", "revenue_usd", "usd"),
                      ("unpaid ÷ revenue", "exposure_to_revenue", "pct")],
                     s["exposures"], caption=caption))
    return out


# --------------------------------------------------------------------------------------------- drawing


def _layout(graph) -> dict[str, tuple[float, float]]:
    import networkx as nx

    simple = nx.Graph(graph.to_undirected())
    return {n: (float(x), float(y)) for n, (x, y) in nx.kamada_kawai_layout(simple).items()}


def _bends(graph) -> dict[str, float]:
    """Arc curvature per link: links between one pair of companies (either direction) fan out to alternate
    sides, 0.18, -0.18, 0.38, -0.38, ..., so each stays visible."""
    seen: dict[frozenset, int] = {}
    out = {}
    for u, v, d in graph.edges(data=True):
        k = seen.get(frozenset((u, v)), 0)
        seen[frozenset((u, v))] = k + 1
        offset = (0.18 + 0.2 * (k // 2)) * (1 if k % 2 == 0 else -1)
        # arc3's side is relative to the drawing direction; flip for one direction so sides are shared.
        out[d["id"]] = offset if str(u) < str(v) else -offset
    return out


def _node_size(revenue: float, max_revenue: float, small: float, big: float) -> float:
    """Marker area grows with the square root of revenue (a 300× range would otherwise hide the small)."""
    if math.isnan(revenue) or max_revenue <= 0:
        return small
    return small + (big - small) * math.sqrt(revenue / max_revenue)


def _edge_width(usd: float, max_usd: float, thin: float, thick: float) -> float:
    if math.isnan(usd) or max_usd <= 0:
        return thin
    return thin + (thick - thin) * math.sqrt(usd / max_usd)


def draw_graph(graph, path: str | pathlib.Path, title: str | None = None) -> pathlib.Path:
    """Draw the network to ``.png``/``.svg`` (matplotlib) or a self-contained ``.html`` (plotly, works offline):
    node area by revenue, edge width by usd, edge colour by link kind, arrows the way money flows."""
    target = pathlib.Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".png", ".svg", ".html"):
        raise InputError("graph", f"{show(str(path))} has suffix {show(suffix)}; use .png, .svg or .html")
    title = title or "Money flows around the AI compute deals (arrow: payer → payee)"
    pos = _layout(graph)
    if suffix == ".html":
        _draw_plotly(graph, pos, target, title)
    else:
        _draw_matplotlib(graph, pos, target, title)
    return target


def _draw_matplotlib(graph, pos, target: pathlib.Path, title: str) -> None:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    fig = Figure(figsize=(12, 10.5), dpi=110)
    ax = fig.add_subplot()
    revenues = [_revenue(graph, n) for n in graph.nodes]
    max_rev = np.nanmax(revenues) if any(not math.isnan(r) for r in revenues) else 0.0
    usds = [d["usd"] for _, _, d in graph.edges(data=True)]
    max_usd = np.nanmax(usds) if any(not math.isnan(u) for u in usds) else 0.0
    sizes = {n: _node_size(_revenue(graph, n), max_rev, 350, 5000) for n in graph.nodes}

    bends = _bends(graph)
    for u, v, d in graph.edges(data=True):
        rad = bends[d["id"]]
        disclosed = not math.isnan(d["usd"])
        arrow = FancyArrowPatch(
            pos[u], pos[v], connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>", mutation_scale=14,
            linewidth=_edge_width(d["usd"], max_usd, 0.8, 9.0), color=KIND_COLOURS[d["kind"]],
            alpha=0.75 if disclosed else 0.9, linestyle="-" if disclosed else (0, (3, 2)),
            shrinkA=math.sqrt(sizes[u]) / 2 + 2, shrinkB=math.sqrt(sizes[v]) / 2 + 2, zorder=1)
        ax.add_patch(arrow)
        # Label the amount at the arc's midpoint (quadratic Bezier control point of arc3).
        (x1, y1), (x2, y2) = pos[u], pos[v]
        cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
        mx, my = 0.25 * x1 + 0.5 * cx + 0.25 * x2, 0.25 * y1 + 0.5 * cy + 0.25 * y2
        label = _fmt_usd(d["usd"]).replace("$", "\\$") if disclosed else "n/d"
        if not math.isnan(d["gw"]):
            label += f" · {d['gw']:g} GW"
        ax.text(mx, my, label, fontsize=7.5, ha="center", va="center", color=KIND_COLOURS[d["kind"]], zorder=3,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))

    for n in graph.nodes:
        node = graph.nodes[n]
        colour = COMPANY_COLOURS.get(node.get("kind", ""), "#cccccc")
        known = not math.isnan(_revenue(graph, n))
        ax.scatter(*pos[n], s=sizes[n], c=colour if known else "white", edgecolors=colour if not known else "#333333",
                   linewidths=1.8 if not known else 0.8, zorder=4)
        rev = _fmt_usd(_revenue(graph, n)).replace("$", "\\$") if known else "revenue n/d"
        # Name below the marker (small markers would vanish under their text), revenue inside big ones.
        radius_pt = math.sqrt(sizes[n]) / 2
        ax.annotate(f"{node.get('name', n)}", pos[n], xytext=(0, -radius_pt - 2), textcoords="offset points",
                    fontsize=9.5, ha="center", va="top", zorder=5, fontweight="bold",
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
        inside = sizes[n] > 1500
        ax.annotate(rev, pos[n], xytext=(0, 0 if inside else -radius_pt - 15), textcoords="offset points",
                    fontsize=8, ha="center", va="center" if inside else "top", zorder=5, color="#222222")

    xs, ys = zip(*pos.values())
    pad = 0.18
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=13)
    kinds = [Line2D([], [], color=c, lw=3, label=f"{k}") for k, c in KIND_COLOURS.items()]
    kinds.append(Line2D([], [], color="#555555", lw=1, linestyle=(0, (3, 2)), label="value not disclosed"))
    firms = [Line2D([], [], marker="o", ls="", markersize=10, markerfacecolor=c, markeredgecolor="#333333",
                    label=k.replace("_", " ")) for k, c in COMPANY_COLOURS.items()
             if any(graph.nodes[n].get("kind") == k for n in graph.nodes)]
    leg1 = ax.legend(handles=kinds, title="link (width ∝ √usd)", loc="upper left", fontsize=8, title_fontsize=9,
                     frameon=False)
    ax.add_artist(leg1)
    ax.legend(handles=firms, title="company (area ∝ √revenue)", loc="lower left", fontsize=8, title_fontsize=9,
              frameon=False)
    fig.tight_layout()
    fig.savefig(target, format=target.suffix.lstrip(".").lower())


def _draw_plotly(graph, pos, target: pathlib.Path, title: str) -> None:
    import plotly.graph_objects as go

    revenues = [_revenue(graph, n) for n in graph.nodes]
    max_rev = np.nanmax(revenues) if any(not math.isnan(r) for r in revenues) else 0.0
    usds = [d["usd"] for _, _, d in graph.edges(data=True)]
    max_usd = np.nanmax(usds) if any(not math.isnan(u) for u in usds) else 0.0
    fig = go.Figure()
    bends = _bends(graph)
    shown: set[str] = set()
    mids_x, mids_y, mids_text = [], [], []
    for u, v, d in graph.edges(data=True):
        rad = bends[d["id"]]
        (x1, y1), (x2, y2) = pos[u], pos[v]
        cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
        t = np.linspace(0, 1, 20)
        bx = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t ** 2 * x2
        by = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t ** 2 * y2
        fig.add_trace(go.Scatter(
            x=bx, y=by, mode="lines", hoverinfo="skip", legendgroup=d["kind"], name=d["kind"],
            showlegend=d["kind"] not in shown,
            line=dict(color=KIND_COLOURS[d["kind"]], width=_edge_width(d["usd"], max_usd, 1, 12),
                      dash="solid" if not math.isnan(d["usd"]) else "dash"), opacity=0.7))
        shown.add(d["kind"])
        # Arrow head near the payee.
        fig.add_annotation(x=bx[-3], y=by[-3], ax=bx[-5], ay=by[-5], xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=2,
                           arrowcolor=KIND_COLOURS[d["kind"]], text="")
        mids_x.append(bx[10])
        mids_y.append(by[10])
        gw = "" if math.isnan(d["gw"]) else f", {d['gw']:g} GW"
        mids_text.append(f"<b>{d['id']}</b><br>{u} → {v} ({d['kind']}): {_fmt_usd(d['usd'])}{gw}"
                         f"<br>{d['date']} · {d['source']}<br>{d['note']}")
    fig.add_trace(go.Scatter(x=mids_x, y=mids_y, mode="markers", marker=dict(size=8, color="rgba(0,0,0,0.15)"),
                             hovertext=mids_text, hoverinfo="text", name="link details", showlegend=False))
    nodes = list(graph.nodes)
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
        text=[graph.nodes[n].get("name", n) for n in nodes], textposition="middle center",
        marker=dict(size=[math.sqrt(_node_size(_revenue(graph, n), max_rev, 350, 5000)) for n in nodes],
                    color=[COMPANY_COLOURS.get(graph.nodes[n].get("kind", ""), "#cccccc") for n in nodes],
                    line=dict(color="#333333", width=1)),
        hovertext=[f"<b>{graph.nodes[n].get('name', n)}</b> ({graph.nodes[n].get('kind', '')})<br>revenue "
                   f"{_fmt_usd(_revenue(graph, n))}<br>{graph.nodes[n].get('source', '')}" for n in nodes],
        hoverinfo="text", name="company (size ∝ √revenue)"))
    fig.update_layout(title=title, showlegend=True, plot_bgcolor="white", width=1100, height=850,
                      xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x"),
                      legend=dict(title="link kind (width ∝ √usd)"))
    fig.write_html(target, include_plotlyjs=True, full_html=True)
