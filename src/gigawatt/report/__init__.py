"""The HTML report: one self-contained file that works offline, and the same charts as PNG for slides.

>>> import gigawatt as gw
>>> from gigawatt.report import build_report
>>> info = build_report(gw.load_scenario("openai-nvidia-10gw"), "deal.html", png_dir="figures")  # doctest: +SKIP

The report is a list of sections (:mod:`gigawatt.report.sections`), each a function of the public API's
results. Plotly's JavaScript (the partial bundle with the trace types used, vendored in ``vendor/``) is embedded
once per file, so the page needs no network; the PNGs are drawn
with matplotlib from the very chart objects the page shows. Files are written to a temporary name and
renamed, so a failed or interrupted build never leaves a half-written report.
"""

from __future__ import annotations

import base64
import datetime as _dt
import importlib.util
import os
import string
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from gigawatt import present
from gigawatt.errors import InputError, show
from gigawatt.files import write_atomic
from gigawatt.report import sections as S

SUFFIXES = (".html", ".htm")
Progress = Callable[[str, int, int], None]  # (what is being done, steps done, steps in all)


@dataclass
class ReportInfo:
    path: Path
    size_bytes: int
    sections: list[str]
    pngs: list[Path] = field(default_factory=list)


def available(module: str) -> bool:
    """Whether an optional part of gigawatt (montecarlo, sensitivity, claims, market) is installed."""
    return importlib.util.find_spec(f"gigawatt.{module}") is not None


def check_output(path: str | os.PathLike) -> Path:
    """The report's path, or InputError if it is not an .html file in a writable folder."""
    p = Path(path)
    if p.suffix.lower() not in SUFFIXES:
        raise InputError("--output", f"{show(str(path))} must end in .html (the report is one HTML file)")
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise InputError("--output", f"{show(str(path))} is a folder; give a file name ending in .html")
    if not parent.is_dir():
        raise InputError("--output", f"folder {show(str(parent))} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise InputError("--output", f"cannot write {show(str(path))} (permission denied)")
    return p


def check_png_dir(path: str | os.PathLike) -> Path:
    """The PNG folder, created if missing, or InputError if it cannot be written."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError("--png", f"{show(str(path))} exists and is not a folder")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError("--png", f"cannot create folder {show(str(path))} ({e.strerror or e})") from None
    if not os.access(p, os.W_OK | os.X_OK):
        raise InputError("--png", f"cannot write to folder {show(str(path))} (permission denied)")
    return p


DEFAULT_MC = 4_000  # draws behind the ranges on the cards unless the caller asks for none (mc=0)
VENDOR_JS = "plotly-basic.min.js"  # plotly.js's partial bundle (bar, pie, scatter), MIT: vendor/plotly-basic.LICENSE


def counterpart(scn) -> str | None:
    """The built-in scenario to set beside this one: what superseded it, or the one it supersedes."""
    from gigawatt.scenario import builtin_names, read_raw

    if scn.superseded is not None:
        return scn.superseded.by or None
    return next((n for n in builtin_names()
                 if (read_raw(n)[0].get("superseded") or {}).get("by") == scn.name), None)


def build_sections(res, mc=None, *, progress: Callable[[str], None] = lambda s: None,
                   beside=None) -> list[S.Section]:
    """Every section the report has, in the order of a story: the deal (with ``beside``, the results of its
    :func:`counterpart`: as announced beside as it stands), what it means, how sure we are, then the detail
    and the sources; optional parts only where their module exists."""
    from gigawatt.report import extras

    out = [S.deal(res, beside), S.meaning(res)]
    if mc is not None:
        progress("uncertainty: fan charts and the tornado")
        out.append(extras.uncertainty(res, mc))
    out += [S.buildout(res), S.hardware(res), S.energy(res), S.compute(res), S.money(res)]
    extra_sources: list = []
    if available("claims"):
        progress("claims: checking every claim")
        out.append(extras.claims())
    if available("market"):
        progress("market: network and stress test")
        sec, srcs = extras.market(res)
        out.append(sec)
        extra_sources.extend(srcs)
    if available("sites"):
        from gigawatt.report import sites as report_sites

        progress("sites: the real build-out")
        out.append(report_sites.section(highlight=tuple(getattr(res.scenario.program, "sites", ()))))
    if importlib.util.find_spec("gigawatt.report.power") is not None and available("power"):
        from gigawatt.report import power as report_power  # another area's section, where it is installed

        progress("power: least-cost supply")
        sec = report_power.section(res)
        if sec is not None:
            out.append(sec)
    if available("capital"):
        from gigawatt.report import capital as report_capital

        progress("capital: who bears the risk")
        out.append(report_capital.section(res))
    out.append(S.sources(res, extra_sources, shown_states=S.near_states(res)))
    return out


def _card(label: str, value: str, ranges: dict[str, dict]) -> str:
    """A headline card: the value (every phase built), and under it the median draw and P5–P95 where the
    Monte Carlo ran; a value outside its own range is marked † (the page's note says why)."""
    rng = ranges.get(label)
    r = ""
    if rng:
        value = f"† {value}" if rng["outside"] else value
        r = (f'<div class="r" title="the median of the Monte Carlo draws">median draw {S.esc(rng["median"])}</div>'
             f'<div class="r" title="5th to 95th percentile of the Monte Carlo">P5–P95 {S.esc(rng["range"])}</div>')
    return f'<div class="card"><div class="v">{S.esc(value)}</div>{r}<div class="k">{S.esc(label)}</div></div>'


def _render_section(sec: S.Section, chart_html: Callable, ranges: dict[str, str] | None = None) -> str:
    ranges = ranges or {}
    parts = [f'<section id="{S.esc(sec.id)}">', f"<h2>{S.esc(sec.title)}</h2>", sec.intro]
    if sec.cards:
        parts.append('<div class="cards">' + "".join(_card(k, v, ranges) for k, v in sec.cards) + "</div>")
    for ch in sec.charts:
        cap = f"<figcaption>{S.esc(ch.caption)}</figcaption>" if ch.caption else ""
        parts.append(f'<figure><h3 class="chart-title">{S.esc(ch.title)}</h3><div class="chart">{chart_html(ch)}</div>'
                     f"{cap}</figure>")
    from gigawatt.report.png import compact

    from gigawatt.report.charts import figure_div

    for f in sec.figures:
        parts.append(f'<figure><h3 class="chart-title">{S.esc(f.title)}</h3>'
                     f'<div class="chart">{figure_div(f.plotly, f"chart-{f.id}", f.id)}</div>'
                     f"<figcaption>{S.esc(f.caption)}</figcaption></figure>")
    for img_id, alt, png in sec.images:
        data = base64.b64encode(compact(png)).decode("ascii")
        # On a phone a PNG keeps its own size (its text readable) and scrolls sideways in its box (template.html).
        parts.append(f'<figure><div class="img-scroll" tabindex="0" role="region" aria-label="{S.esc(alt)}">'
                     f'<img id="img-{S.esc(img_id)}" alt="{S.esc(alt)}" src="data:image/png;base64,{data}"></div>'
                     f'<figcaption>{S.esc(alt)}<span class="img-hint"> (full size: scroll sideways)</span>'
                     "</figcaption></figure>")
    parts.extend(sec.tables)
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def vendor_js() -> str:
    """The partial plotly.js bundle shipped in ``report/vendor/`` (only the trace types the report draws)."""
    return (resources.files("gigawatt.report") / "vendor" / VENDOR_JS).read_text(encoding="utf-8")


def render_html(res, secs: list[S.Section], *, mc_draws: int | None = None, ranges: dict[str, dict] | None = None,
                note: str = "") -> str:
    """The whole page as one string, plotly.js (its partial bundle) embedded once."""
    from gigawatt import __version__
    from gigawatt.report.charts import to_html_div

    scn = res.scenario
    template = string.Template((resources.files("gigawatt.report") / "template.html").read_text(encoding="utf-8"))
    toc = "\n".join(f'<li><a href="#{S.esc(s.id)}">{S.esc(s.title)}</a></li>' for s in secs)
    body = "\n".join(_render_section(s, to_html_div, ranges) for s in secs)
    horizon = f"{scn.horizon[0]}–{scn.horizon[1]}"
    view = getattr(scn, "view", "") or "independent"
    when = present.heading.dated(scn)
    subtitle = f"Scenario {scn.name} · view: {view} · horizon {horizon} · " + (f"{when} · " if when else "") + (
        f"figures: every phase built (the deterministic run); ranges from a Monte Carlo of {mc_draws:,} draws: "
        "the median draw and P5–P95 under each figure" if mc_draws else "deterministic run (no ranges)") + (f" · {note}" if note else "")
    notice = present.heading.superseded_line(scn)
    standing = f'<p class="superseded" role="alert">{S.esc(notice)}</p>\n' if notice else ""
    footer = (f"Generated by gigawatt {__version__} on {_dt.date.today().isoformat()}. Figures are at full build "
              "(the first quarter in which the whole program is online) unless a label says otherwise. "
              "Works offline: every script and image is inside this file (charts: plotly.js, MIT licence).")
    return template.substitute(title=S.esc(scn.title or scn.name), version=S.esc(__version__),
                               subtitle=S.esc(subtitle), standing=standing, toc=toc, body=body, footer=S.esc(footer),
                               plotlyjs=vendor_js())


def stamp(scn) -> str:
    """The PNG footer's first part: the scenario and the date."""
    view = getattr(scn, "view", "") or "independent"
    return f"{scn.title or scn.name} ({view} view) · gigawatt, {_dt.date.today().isoformat()}"


def build_report(scn, path, mc: int | None = DEFAULT_MC, png_dir=None, *, seed: int = 0,
                 progress: Progress | None = None) -> ReportInfo:
    """Write the HTML report of a scenario to ``path`` (and its charts as PNG to ``png_dir``).

    ``scn`` is a Scenario or a built-in name / path; ``mc`` the Monte Carlo draws behind the ranges on the
    cards and the "how sure we are" section (default :data:`DEFAULT_MC`, seeded; 0 or None: none). Raises
    InputError for a bad path or draw count.
    """
    from gigawatt.scenario import Scenario, load_scenario
    from gigawatt.api import simulate

    out = check_output(path)
    pngs = check_png_dir(png_dir) if png_dir is not None else None
    if mc == 0 and not isinstance(mc, bool):
        mc = None
    if mc is not None:
        if not available("montecarlo"):
            raise InputError("--mc", "Monte Carlo is not available in this installation")
        if isinstance(mc, bool) or not isinstance(mc, int) or mc < 2:
            raise InputError("--mc", f"{show(mc)} draws: give 0 (no ranges) or a whole number of at least 2")
    if not isinstance(scn, Scenario):
        scn = load_scenario(scn)

    total = 4 + (mc is not None) + (pngs is not None)
    step = 0

    def tick(what: str) -> None:
        nonlocal step
        if progress is not None:
            progress(what, step, total)
        step = min(step + 1, total - 1)

    from gigawatt.report import extras

    tick("simulating the deterministic run")
    res = simulate(scn)
    other = counterpart(scn)
    beside = simulate(load_scenario(other, view=scn.view or None)) if other and not scn.include else None
    mc_res = None
    if mc is not None:
        tick(f"Monte Carlo: {mc:,} draws")
        mc_res = extras.run_mc(scn, mc, seed, progress)
    tick("building sections")
    secs = build_sections(res, mc_res, progress=lambda what: progress(what, step, total) if progress else None,
                          beside=beside)
    tick("rendering charts")
    ranges = extras.card_ranges(mc_res, res.headline()) if mc_res is not None else {}
    note = extras.why_outside(mc_res, res.headline()) if mc_res is not None else ""
    text = render_html(res, secs, mc_draws=mc, ranges=ranges, note=note)
    written: list[Path] = []
    if pngs is not None:
        from gigawatt.report import png

        tick("drawing PNG figures")
        for sec in secs:
            for ch in sec.charts:
                ch.source = ch.source or "gigawatt model of the scenario; inputs' sources listed in the HTML report"
                written.append(png.render(ch, pngs / f"{ch.id}.png", stamp=stamp(scn)))
            for img_id, _, data in [*sec.images, *((f.id, f.caption, f.png) for f in sec.figures)]:
                target = pngs / f"{img_id}.png"
                write_atomic(target, data)
                written.append(target)
    tick("writing the report")
    try:
        write_atomic(out, text)
    except OSError as e:
        raise InputError("--output", f"cannot write {show(str(path))} ({e.strerror or e})") from None
    if progress is not None:
        progress("done", total, total)
    return ReportInfo(path=out, size_bytes=out.stat().st_size, sections=[s.id for s in secs], pngs=written)
