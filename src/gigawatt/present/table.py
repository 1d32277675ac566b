"""Terminal tables that fit a width without cutting a number: wrap text at spaces, stack or drop columns with a note.

Rich's last resort for a table wider than the terminal shrinks every column evenly and folds what no longer fits,
so ``1,276 MW`` prints as ``1,27``. :func:`fit` instead gives each column at least its longest word (a token with
a digit, or a cell of a ``no_wrap`` column, whole), moves low-priority columns under another column's cell
(``stack``) or leaves them out, and hands the room left to the columns whose text wraps.
"""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\S*\d(?: [A-Za-z%×]{1,3}\b)|\S+")  # a number and its short unit (1,110 MW) are one word
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """``text`` with control characters (ESC, CR, bidi overrides) shown as escapes, so a name cannot steer a
    terminal or a report: ``"a\\x1b[2Jb"`` → ``"a\\\\x1b[2Jb"``. Newlines and tabs are kept."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def _plain(cell) -> str:
    return getattr(cell, "plain", cell if isinstance(cell, str) else str(cell))


def _longest(text: str, whole: bool, digits: bool = False) -> int:
    lines = text.splitlines() or [""]
    if whole:
        return max(len(line) for line in lines)
    return max((len(w) for line in lines for w in _WORD.findall(line) if not digits or _DIGIT.search(w)), default=0)


def _needs(col) -> tuple[int, int, int]:
    """(width that keeps every number whole, every word whole, every line unwrapped up to the column's
    ``max_width``) of a column."""
    texts = [_plain(c) for c in col._cells]
    hard = max([_longest(t, col.no_wrap, digits=True) for t in texts] + [1])
    least = max([_longest(t, col.no_wrap) for t in texts] + [_longest(_plain(col.header), False), hard])
    most = max([_longest(t, True) for t in texts] + [_longest(_plain(col.header), True)])
    return hard, least, max(least, min(most, col.max_width or most))


def _stack(table, src: int, dst: int) -> None:
    from rich.text import Text

    label = _plain(table.columns[src].header)
    table.columns[dst].no_wrap = False
    cells = table.columns[dst]._cells
    for i, (below, above) in enumerate(zip(table.columns[src]._cells, cells)):
        if _plain(below).strip():
            t = above.copy() if isinstance(above, Text) else Text(str(above))
            t.append(f"\n{label}: ", style="dim")
            t.append_text(below if isinstance(below, Text) else Text(str(below)))
            cells[i] = t


def _overhead(table) -> int:
    return table._extra_width + sum(table._get_padding_width(i) for i in range(len(table.columns)))


def _share(room: int, hard: list[int], *targets: list[int]) -> list[int]:
    """Widths from ``hard`` up to each of ``targets`` in turn (every word whole, then every line whole): within a
    target the narrowest columns (numbers) are served first, so text wraps or folds rather than figures."""
    widths = list(hard)
    spare = room - sum(widths)
    for goal in targets:
        for i in sorted(range(len(widths)), key=lambda k: goal[k]):
            extra = max(0, min(goal[i] - widths[i], spare))
            widths[i] += extra
            spare -= extra
    return widths


def _give_up(table, width: int, drop: tuple[str, ...], stack: dict[str, str]) -> list[str]:
    notes = []
    for name in drop:
        if sum(_needs(c)[1] for c in table.columns) + _overhead(table) <= width:
            break
        names = [_plain(c.header) for c in table.columns]
        if name not in names:
            continue
        i = names.index(name)
        if stack.get(name) in names:
            _stack(table, i, names.index(stack[name]))
            notes.append(f"{name} shown under {stack[name]}")
        else:
            notes.append(f"{name} left out")
        del table.columns[i]
    return notes


def fit(table, width: int, drop: tuple[str, ...] = (), stack: dict[str, str] | None = None) -> list[str]:
    """Make ``table`` fit ``width`` columns with every word and number whole; returns notes on what moved.

    ``drop`` names columns (by header) to give up first, in order, while the rest cannot fit; a column named in
    ``stack`` goes under that column's cells instead of away. Where the words still cannot all be whole, words
    without a digit fold; a table whose numbers alone cannot fit is left to wrap at the terminal, never cut."""
    notes = _give_up(table, width, drop, stack or {})
    if table.columns:
        hard, least, most = zip(*[_needs(c) for c in table.columns])
        if sum(least) + _overhead(table) > width:
            table.show_edge = False  # two more columns of room before any word folds
        room = width - _overhead(table)
        widths = _share(room, list(hard), list(least), list(most))
        for col, w in zip(table.columns, widths):
            col.width, col.min_width, col.max_width, col.overflow = w, None, None, "fold"
    return notes


def note(notes: list[str], width: int) -> str:
    """One line on what :func:`fit` moved: ``At 80 columns: where shown under site; ... (widen it or --json).``"""
    return f"At {width} columns: {'; '.join(notes)} (a wider terminal or --json shows all)" if notes else ""


def console(**kwargs):
    """A rich Console that escapes control characters in everything it prints (its own styling codes aside):
    a scenario named ``"\\x1b]0;pwned\\x07"`` prints as text, not as a terminal command."""
    from rich.console import Console
    from rich.segment import Segment

    class _Safe(Console):
        def render_str(self, text, **kw):  # plain strings escaped before they are measured
            return super().render_str(safe(text), **kw)

        def render(self, renderable, options=None):
            for seg in super().render(renderable, options):
                yield seg if seg.control or not _CONTROL.search(seg.text) else Segment(safe(seg.text), seg.style)

    return _Safe(**kwargs)
