"""Terminal tables at 60, 80 and 120 columns keep every number whole (present.fit), and names cannot steer a
terminal (present.safe)."""

import json
import re

import pytest
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from gigawatt import present
from gigawatt.cli import app

WIDTHS = (60, 80, 120)
NUMBER = re.compile(r"[$]?\d[\d,.]*(?: ?[%×])?")


def _run(width, *args):
    r = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width)})
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module")
def sites_json():
    return json.loads(_run(120, "sites", "--json"))


@pytest.fixture(scope="module")
def claims_json():
    return json.loads(_run(120, "claims", "--json"))


def _lines_fit(out, width):
    assert max(len(line) for line in out.splitlines()) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_sites_shows_every_number_of_its_json_whole(width, sites_json):
    out = _run(width, "sites")
    _lines_fit(out, width)
    for r in sites_json:
        assert r["id"] in out
        for mw in (r["power_online_mw"], r["planned_mw"]):
            assert re.search(rf"\b{re.escape(present.value(mw, 'MW'))}", out), (width, r["id"], mw)
        if r["next_date"]:
            assert re.search(rf"\b{re.escape(present.value(r['next_power_mw'], 'MW'))}", out), (width, r["id"])
            assert r["next_date"][:7] in out
    if width < 120:
        assert f"At {width} columns:" in out and "shown under site" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_claims_shows_every_figure_and_probability_whole(width, claims_json):
    out = _run(width, "claims")
    _lines_fit(out, width)
    for r in claims_json:
        if r["p_holds"] is not None:
            assert present.pct(r["p_holds"]) in out
        for token in NUMBER.findall(r["gigawatt"]):
            assert token.rstrip(".,") in out, (width, r["id"], token)
    assert "P(holds)" in out and "P(ho\n" not in out


def _render(table, width):
    con = Console(width=width, record=True, highlight=False, color_system=None)
    con.print(table)
    return con.export_text()


def test_fit_never_cuts_a_number_and_notes_what_moved():
    t = Table("name", "power", "notes")
    t.add_row("fluidstack-lake-mariner", "1,276,000,000 MW", "a long note " * 8)
    notes = present.fit(t, 40, drop=("notes",), stack={"notes": "name"})
    out = _render(t, 40)
    assert "1,276,000,000 MW" in out and notes == ["notes shown under name"]
    assert present.note(notes, 40).startswith("At 40 columns: notes shown under name")
    t = Table("a", "b")
    t.add_row("x", "12,345")
    assert present.fit(t, 80, drop=("b",)) == [] and [c.header for c in t.columns] == ["a", "b"]


def test_fit_folds_words_before_figures():
    t = Table("label", "value")
    t.add_row("Supercalifragilistic expialidocious", "98,765.43")
    present.fit(t, 22)
    assert "98,765.43" in _render(t, 22)


def test_safe_escapes_control_characters_but_keeps_text():
    assert present.safe("plan\x1b[2J\rB\u202e") == "plan\\x1b[2J\\rB\\u202e"
    assert present.safe("line one\nline two\tcol é") == "line one\nline two\tcol é"


def test_console_escapes_control_characters_in_tables_and_text():
    import io

    con = present.table.console(file=io.StringIO(), width=60, color_system=None)
    t = Table("name")
    t.add_row("evil\x1b]0;pwned\x1b[2J")
    con.print(t)
    con.print("title \x1b[31mred\x9b")
    out = con.file.getvalue()
    assert "\x1b" not in out and "\x9b" not in out
    assert "evil\\x1b]0;pwned" in out and "title \\x1b[31mred\\x9b" in out
