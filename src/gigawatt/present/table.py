"""Terminal tables that fit a width without cutting a number: wrap text at spaces, stack or drop columns with a note.

Rich's last resort for a table wider than the terminal shrinks every column evenly and folds what no longer fits,
so ``1,276 MW`` prints as ``1,27``. :func:`fit` instead gives each column at least its longest word (a token with
a digit, or a cell of a ``no_wrap`` column, whole), moves low-priority columns under another column's cell
(``stack``) or leaves them out, and hands the room left to the columns whose text wraps.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[-+−$(~≈<>†]*\d")  # a word that is a number (1,276 MW; $5.7B; −3.2; 2030Q2), not a name with one
SPLIT_FROM = 5  # a grid of this many columns or more splits into parts rather than fold its headers
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
    return max((len(w) for line in lines for w in _WORD.findall(line) if not digits or _NUMBER.match(w)), default=0)


def _needs(col) -> tuple[int, int, int]:
    """(width that keeps every number whole (a word that starts with one), every word whole, every line unwrapped up to the column's
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
    table._fitted = True
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


def _figures(col) -> bool:
    """A column of figures: in every cell the longest word is a number (``$25.5 B``, ``2030Q2``, ``—``)."""
    texts = [_plain(c) for c in col._cells]
    return all(_longest(t, False, digits=True) >= _longest(t, False) for t in texts if t.strip(" —-"))


def split(table, width: int) -> list:
    """A table whose numbers alone cannot fit ``width`` as several tables of consecutive columns, one under the
    other, each led by the first column (a year-by-year grid at 60 columns: its years in two parts)."""
    import copy

    cols = table.columns
    least = [_needs(c)[1] for c in cols]
    groups, group = [], []
    for i in range(1, len(cols)):
        if group and least[0] + sum(least[j] for j in group) + least[i] + 3 * (len(group) + 3) + 1 > width:
            groups.append(group)
            group = []
        group.append(i)
    groups.append(group)
    parts = []
    for k, g in enumerate(groups):
        part = copy.copy(table)
        part.columns = [copy.copy(cols[j]) for j in (0, *g)]
        part.title = table.title if k == 0 else None
        part.caption = table.caption if k == len(groups) - 1 else None
        fit(part, width)
        parts.append(part)
    return parts


def records(table):
    """A table whose numbers cannot fit side by side as one block per row: its first cell, then each other
    column's name and cell on a line of its own (text wraps at spaces; numbers stay whole)."""
    from rich.console import Group
    from rich.text import Text

    heads = [_plain(c.header) for c in table.columns]
    blocks = [Text(str(table.title), style="bold")] if table.title else []
    for i in range(table.row_count):
        cells = [c._cells[i] if i < len(c._cells) else "" for c in table.columns]
        block = Text(_plain(cells[0]), style="bold")
        for head, cell in zip(heads[1:], cells[1:]):
            if _plain(cell).strip():
                block.append(f"\n  {head}: ", style="dim")
                block.append_text(cell if isinstance(cell, Text) else Text(str(cell)))
        blocks.append(block)
    return Group(*blocks)


def _fitted(renderable, width: int, con):
    """A table wider than the room it is given, fitted (:func:`fit`, nothing dropped) before it is drawn; a grid of
    figures too wide for them split into parts (:func:`split`); any other table whose numbers cannot fit side by
    side as one block per row (:func:`records`). So rich's even shrinking never cuts a number, whichever command
    printed the table. A command's own :func:`fit` (drops, stacks, notes) comes first."""
    from rich.console import Group
    from rich.table import Table

    if not isinstance(renderable, Table) or getattr(renderable, "_fitted", False):
        return renderable
    renderable._fitted = True
    if con.measure(renderable, options=con.options.update_width(10_000)).maximum <= width:  # its natural width
        return renderable
    least = [_needs(c)[1] for c in renderable.columns]  # the figures beside a label column folded to 24 at most
    grid = len(least) >= SPLIT_FROM and all(map(_figures, renderable.columns[1:]))
    if grid and min(least[0], 24) + sum(least[1:]) + _overhead(renderable) > width:
        return Group(*split(renderable, width))
    if sum(_needs(c)[0] for c in renderable.columns) + _overhead(renderable) > width:
        return records(renderable)
    fit(renderable, width)
    return renderable


def console(**kwargs):
    """A rich Console that escapes control characters in everything it prints (its own styling codes aside):
    a scenario named ``"\\x1b]0;pwned\\x07"`` prints as text, not as a terminal command."""
    from rich.console import Console
    from rich.segment import Segment

    class _Safe(Console):
        def render_str(self, text, **kw):  # plain strings escaped before they are measured
            return super().render_str(safe(text), **kw)

        def render(self, renderable, options=None):
            renderable = _fitted(renderable, (options or self.options).max_width, self)
            for seg in super().render(renderable, options):
                yield seg if seg.control or not _CONTROL.search(seg.text) else Segment(safe(seg.text), seg.style)

    return _Safe(**kwargs)
