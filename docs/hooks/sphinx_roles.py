"""griffe extension: the docstrings' Sphinx roles (``:func:`~gigawatt.api.simulate```) as cross-references.

The API pages render docstrings as Markdown, where a Sphinx role would show as raw ``:func:`` markup. Each role
becomes an optional autorefs reference: a link where the target is documented on the site, its name in code
where not (so ``mkdocs build --strict`` does not fail on the many targets outside the API pages).
"""

from __future__ import annotations

import re

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|meth|class|mod|attr|data|exc|obj|const):`([^`]+)`")


def _reference(match: re.Match) -> str:
    text = match.group(1).strip()
    title, _, target = text.partition("<")  # :func:`the title <module.name>`
    target = (target.rstrip(">") if target else title).strip()
    short = target.startswith("~")
    target = target.lstrip("~.")
    shown = title.strip() if text.count("<") else target.rsplit(".", 1)[-1] if short else target
    return f'<autoref identifier="{target}" optional><code>{shown}</code></autoref>'


def convert(text: str) -> str:
    """``:func:`~a.b.c``` -> an optional cross-reference to ``a.b.c`` titled ``c``."""
    return ROLE.sub(_reference, text)


class SphinxRoles(griffe.Extension):
    """Rewrites every docstring's Sphinx roles as it is loaded."""

    def on_instance(self, *, obj, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
