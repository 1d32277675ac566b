"""The one YAML loader for scenario text, from the CLI and from the API: plain data, bounded.

:func:`load_yaml` is PyYAML's safe loader with these refusals, each one :class:`~gigawatt.errors.InputError`
line: tags for bytes and sets (``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``), anchors and aliases (``&a`` / ``*a``: a few hundred bytes of aliases can expand to gigabytes),
duplicate keys in a mapping (the last would silently win), nesting deeper than :data:`MAX_DEPTH`, and text
longer than :data:`MAX_BYTES`. Without aliases the data is never larger than its text, so the size bound
bounds memory; the depth bound keeps the (recursive) composer and every later walk far from Python's
recursion limit.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from gigawatt.errors import InputError

MAX_BYTES = 1_000_000  # a scenario is a few kB; the largest built-in is under 10 kB
MAX_DEPTH = 32  # the deepest real path (uncertainty -> field -> options -> item) is 5 levels

__all__ = ["MAX_BYTES", "MAX_DEPTH", "load_yaml"]


class _Refused(yaml.YAMLError):
    """A refusal of this loader (not malformed YAML): carries the finished sentence."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _at(mark) -> str:
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


class _Checks:
    """Composer and constructor checks shared by both loaders: anchors, aliases, depth, duplicate keys."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(f"YAML aliases (*{event.anchor}) are not accepted{_at(event.start_mark)}; "
                           "write the value out")
        if getattr(event, "anchor", None) is not None:
            raise _Refused(f"YAML anchors (&{event.anchor}) are not accepted{_at(event.start_mark)}; "
                           "write the value out")
        self._depth = getattr(self, "_depth", 0) + 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels{_at(event.start_mark)}; a scenario is "
                           "a few levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(f"YAML merge keys (<<) are not accepted{_at(key_node.start_mark)}")
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise _Refused(f"a mapping key must be a plain value{_at(key_node.start_mark)}") from None
                if key in seen:
                    raise _Refused(f"duplicate key {_show_key(key)}{_at(key_node.start_mark)} "
                                   f"(first at line {seen[key]}); each key may appear once")
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _BoundedLoader(_Checks, yaml.SafeLoader):
    """Pure-Python SafeLoader with the checks (where PyYAML was built without libyaml)."""

    def fetch_flow_collection_start(self, TokenClass):  # noqa: N803 - PyYAML's name
        # The scanner reads a whole run of "[[[[" before the composer sees one node, in time quadratic in
        # the run: the flow depth is bounded here, as it is scanned.
        if self.flow_level >= MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels{_at(self.get_mark())}; a scenario is "
                           "a few levels deep")
        return super().fetch_flow_collection_start(TokenClass)


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser as _CParser

    class _FastBoundedLoader(_Checks, yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor,
                             yaml.resolver.Resolver):
        """libyaml's parser (events at C speed, its own nesting cap of 1,000) with PyYAML's Python composer
        (so that every node passes the checks) and safe constructor: a 1 MB file loads in about a second
        instead of half a minute."""

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _LOADER: type = _FastBoundedLoader
else:  # pragma: no cover - PyYAML without libyaml
    _LOADER = _BoundedLoader


_OTHER_BASE = re.compile(r"[-+]?0(?:[0-7]+|[xX][0-9a-fA-F]+|[bB][01]+)")  # YAML 1.1 octal (010 = 8), hex, binary


def _plain_number(constructor):
    """A YAML 1.1 number constructor that refuses what is read as a number but not written as one: ``1_5`` (15),
    ``1:30`` (90, base 60), ``010`` (8, octal), ``0x10`` (16), ``0b10`` (2). Each could be a typo or a padded
    number read in another base: refused, never guessed."""
    def construct(loader, node):
        text = str(node.value)
        if "_" in text or ":" in text or _OTHER_BASE.fullmatch(text):
            raise _Refused(f"{text!r}{_at(node.start_mark)} is ambiguous as a number (YAML would read it as "
                           f"{constructor(loader, node)!r}); write it plainly, e.g. 1.5 or 1500")
        return constructor(loader, node)

    return construct


for _tag, _make in (("tag:yaml.org,2002:int", yaml.constructor.SafeConstructor.construct_yaml_int),
                    ("tag:yaml.org,2002:float", yaml.constructor.SafeConstructor.construct_yaml_float)):
    _LOADER.add_constructor(_tag, _plain_number(_make))


def _refuse_tag(loader, node):
    """``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``: decoded into bytes or sets that no scenario field holds,
    or text that a name would carry without anyone seeing it; refused, never decoded silently."""
    raise _Refused(f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')}{_at(node.start_mark)} is not "
                   "accepted; a scenario holds plain text, numbers, lists and mappings")


for _tag in ("binary", "set", "omap", "pairs"):
    _LOADER.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


def _show_key(key: Any) -> str:
    text = repr(key) if isinstance(key, str) else str(key)
    return text if len(text) <= 60 else text[:57] + "..."


def load_yaml(text: str | bytes, where: str = "scenario", *, max_bytes: int = MAX_BYTES) -> Any:
    """Parse YAML text into plain data (dicts, lists, str, int, float, bool, None, dates).

    Raises :class:`InputError` at ``where`` (one line) for malformed YAML, aliases or anchors, duplicate
    keys, nesting deeper than :data:`MAX_DEPTH`, and text longer than ``max_bytes`` (UTF-8).
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(where, f"is not UTF-8 text (byte {e.start}); a scenario is YAML") from None
    if not isinstance(text, str):
        raise InputError(where, f"must be YAML text, got {type(text).__name__}")
    # len(text) <= bytes <= 4 * len(text): encode only near the limit
    if len(text) > max_bytes or (4 * len(text) > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes):
        raise InputError(where, f"is longer than {max_bytes:,} bytes; a scenario is a few kB of YAML")
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - safe constructor, checks above
    except _Refused as e:
        raise InputError(where, e.message) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(where, f"malformed YAML{_at(mark)}: {problem}") from None
    except ValueError as e:  # e.g. an integer of more than 4,300 digits (Python's int-from-text limit)
        if "digits" in str(e):
            raise InputError(where, "holds a number of more than 4,300 digits; write it with an exponent") from None
        raise InputError(where, f"holds a value that cannot be read: {str(e).splitlines()[0][:80]}") from None
    except RecursionError:  # defence in depth: the depth bound should stop this first
        raise InputError(where, f"is nested too deeply (more than {MAX_DEPTH} levels)") from None
