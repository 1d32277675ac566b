"""A claim's value: a small formula of + - * / over operands, evaluated on arrays.

Operands (separated from operators by spaces): ``$gpus`` a headline figure of the claim's scenario,
``mix:PLATFORM`` a platform's share of the first GW, ``ref:KEY.QUANTITY[@YEAR]`` a sourced figure,
``company:ID.FIELD``, ``link:ID.FIELD`` and ``links:payer=X,kind=Y,until=DATE`` market data, and
``paid:CUSTOMER:VENDOR:SHORTFALL`` the share a customer pays its vendor in the market stress test.
The formula is parsed with :mod:`ast` and only arithmetic is evaluated (never ``eval``).
"""

from __future__ import annotations

import ast
import math
import operator

import numpy as np

from gigawatt.claims.lookup import Lookup
from gigawatt.claims.modelrun import ModelRun
from gigawatt.errors import InputError, show

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_SYMBOLS = {"+", "-", "*", "/", "(", ")"}


def _tokens(formula: str) -> tuple[str, list[str]]:
    """``"$a / ref:X.y"`` -> (``"v0 / v1"``, operands); operands and operators are separated by spaces."""
    parts, found = [], []
    for tok in str(formula).split():
        if tok in _SYMBOLS:
            parts.append(tok)
            continue
        try:
            float(tok)
            parts.append(tok)
        except ValueError:
            parts.append(f"v{len(found)}")
            found.append(tok)
    return " ".join(parts), found


def operands(formula: str) -> list[str]:
    """The operands of a formula, in order: ``"$a / ref:X.y"`` -> ``["$a", "ref:X.y"]``."""
    return _tokens(formula)[1]


def _evaluate_expr(expr: str, values: list):
    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            with np.errstate(divide="ignore", invalid="ignore"):
                return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id.startswith("v"):
            return values[int(node.id[1:])]
        raise InputError("claims.value", f"{show(expr)} is not a formula of + - * / and operands")

    return ev(ast.parse(expr, mode="eval"))


def _data_operand(op: str, lk: Lookup):
    if op.startswith("ref:"):
        return lk.ref(op[4:])
    if op.startswith("company:"):
        return lk.company(op[8:])
    if op.startswith("link:"):
        return lk.link(op[5:])
    if op.startswith("links:"):
        return lk.links_sum(op[6:])
    if op.startswith("paid:"):
        return lk.paid(op[5:])
    raise InputError("claims.value",
                     f"{show(op)}: an operand starts with $, mix:, ref:, company:, link:, links: or paid:")


def evaluate_formula(formula: str, lookup: Lookup, run: ModelRun | None = None):
    """Evaluate a claim formula: ``$`` and ``mix:`` operands per draw of ``run`` (arrays), data operands
    from ``lookup`` (a float, or an array of draws where the figure is uncertain)."""
    expr, ops = _tokens(formula)
    values = []
    for op in ops:
        if not (op.startswith("$") or op.startswith("mix:")):
            values.append(_data_operand(op, lookup))
            continue
        if run is None:
            raise InputError("claims.value", f"{op} needs a scenario")
        h = run.headline
        if op.startswith("mix:"):
            values.append(run.platform_share(h, op[4:]))
        elif op[1:] not in h:
            raise InputError("claims.value", f"{op} is not a headline figure")
        else:
            values.append(np.asarray(h[op[1:]], dtype=float))
    return _evaluate_expr(expr, values)


def scalar(x) -> float:
    """A formula's value for one case: the first element as a float (NaN if empty)."""
    a = np.asarray(x, dtype=float).ravel()
    return float(a[0]) if a.size else math.nan
