"""mkdocs hook: the pages rendered from data at build time (nothing generated is committed).

* ``reference/scenario-schema.md`` from :func:`gigawatt.scenario.json_schema` (the schema of scenario files);
* ``reference/outputs.md`` from ``gigawatt/data/outputs.csv`` through :mod:`gigawatt.outputs`;
* ``reference/cli.md`` from the command line's own help texts (the typer app of :mod:`gigawatt.cli`).
"""

from __future__ import annotations

import json

from mkdocs.structure.files import File

PAGES = {"reference/scenario-schema.md": "scenario_schema_page", "reference/outputs.md": "outputs_page",
         "reference/cli.md": "cli_page"}


def on_files(files, config):
    for uri, render in PAGES.items():
        files.append(File.generated(config, uri, content=globals()[render]()))
    return files


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _type(prop: dict, defs: dict) -> str:
    if "$ref" in prop:
        return "section"
    if "anyOf" in prop:
        return " or ".join(_type(p, defs) for p in prop["anyOf"])
    kind = prop.get("type", "any")
    if kind == "array":
        items = prop.get("items", {})
        return f"list of {_type(items, defs)}" if items else "list"
    if kind == "object":
        return "mapping"
    return {"number": "number", "string": "text", "integer": "integer", "boolean": "yes/no",
            "null": "none"}.get(kind, kind)


def _allowed(prop: dict) -> str:
    parts = []
    for p in [prop] + prop.get("anyOf", []):
        if "enum" in p:
            parts.append(", ".join(f"`{v}`" for v in p["enum"]))
        lo = p.get("minimum", p.get("exclusiveMinimum"))
        hi = p.get("maximum", p.get("exclusiveMaximum"))
        if lo is not None or hi is not None:
            lo_s = "" if lo is None else f"{lo:g} {'<' if 'exclusiveMinimum' in p else '≤'} "
            hi_s = "" if hi is None else f" {'<' if 'exclusiveMaximum' in p else '≤'} {hi:g}"
            parts.append(f"{lo_s}x{hi_s}")
    return "; ".join(parts)


def _rows(props: dict, required: set, defs: dict, prefix: str, out: list, sections: list) -> None:
    for name, prop in props.items():
        path = f"{prefix}{name}"
        ref = prop.get("$ref") or prop.get("items", {}).get("$ref") or (
            prop.get("additionalProperties", {}).get("$ref") if isinstance(prop.get("additionalProperties"), dict)
            else None)
        default = "required" if name in required else (
            f"`{json.dumps(prop['default'])}`" if "default" in prop else "")
        out.append(f"| `{path}` | {_type(prop, defs)} | {default} | {_allowed(prop)} | "
                   f"{_cell(prop.get('description', ''))} |")
        if ref:
            target = ref.rsplit("/", 1)[-1]
            sub = "[]." if prop.get("type") == "array" else ".NAME." if prop.get("type") == "object" else "."
            sections.append((f"{path}{sub}".rstrip("."), defs[target]))


def scenario_schema_page() -> str:
    from gigawatt.scenario import json_schema

    schema = json_schema()
    defs = schema.get("$defs", {})
    lines = ["# Scenario schema", "",
             "Every field of a scenario file, rendered at build time from `gigawatt.scenario.json_schema()` "
             "(the same schema that `gigawatt schema` prints for editor completion). A field you leave out takes "
             "its default. Override any field on the command line with `--set PATH=VALUE`, or in Python with "
             "`gw.load_scenario(name, [\"PATH=VALUE\"])`. Any number may instead be a distribution under "
             "`uncertainty:` (by field path).", ""]
    todo = [("", schema)]
    seen = set()
    while todo:
        prefix, node = todo.pop(0)
        title = prefix or "top level"
        if title in seen:
            continue
        seen.add(title)
        lines += [f"## {title}" if prefix else "## Top level", ""]
        if node.get("description") and prefix:
            lines += [_cell(node["description"]), ""]
        lines += ["| field | type | default | allowed | description |", "|---|---|---|---|---|"]
        sections: list = []
        _rows(node.get("properties", {}), set(node.get("required", [])), defs,
              f"{prefix}." if prefix else "", lines, sections)
        lines.append("")
        todo += sections
    return "\n".join(lines) + "\n"


def outputs_page() -> str:
    from gigawatt import outputs

    lines = ["# Output schema", "",
             "Every figure the model gives, rendered at build time from `gigawatt/data/outputs.csv` (read by "
             "`gigawatt.outputs`): the JSON contract's keys, the Monte Carlo's default series, the rules by which "
             "a composite combines its parts, and the labels the terminal, the report and the dashboard show all "
             "come from that one file.", "",
             "*kind*: `stock` is a level at the quarter's end, `flow` happens over the quarter, `figure` is a "
             "headline number. *combine*: how a composite's parts combine per draw. *derive*: `at:S` the series S "
             "at the headline quarter, `annual:S` four times that, `total:S` cumulative through it, `formula` a "
             "function of `gigawatt.headline`, `cumulative:S` (a series) S summed to date. *MC*: aggregated by a "
             "Monte Carlo by default.", ""]
    for scope, title in (("headline", "Headline figures"), ("series", "Quarterly series")):
        lines += [f"## {title}", "", "| name | unit | kind | group | combine | derive | MC | description |",
                  "|---|---|---|---|---|---|---|---|"]
        for o in outputs.table():
            if o.scope == scope:
                lines.append(f"| `{o.name}` | {_cell(o.unit)} | {o.kind} | {o.group} | {o.combine} | "
                             f"`{o.derive}` | {'yes' if o.mc else ''} | {_cell(o.description)} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def cli_page() -> str:
    import click
    import typer

    from gigawatt.cli import app

    group = typer.main.get_command(app)
    ctx = click.Context(group, info_name="gigawatt")
    lines = ["# Command line", "",
             "Every command with its arguments and options, rendered at build time from the command line's own "
             "help texts (`gigawatt COMMAND --help` prints the same). Bad input exits with code 2 and one line "
             "naming the field, the value given and what is allowed; exit code 1 is an internal error "
             "(`GIGAWATT_DEBUG=1` shows the traceback).", ""]
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        lines += [f"## gigawatt {name}", "", _cell(cmd.help or ""), ""]
        if isinstance(cmd, click.Group):
            subs = ", ".join(f"`{s}`" for s in cmd.list_commands(ctx))
            lines += [f"Subcommands: {subs} (see `gigawatt {name} --help`).", ""]
            continue
        params = [p for p in cmd.params if p.name != "help"]
        if params:
            lines += ["| argument or option | help | default |", "|---|---|---|"]
            for p in params:
                what = " / ".join(f"`{o}`" for o in p.opts) if p.param_type_name == "option" else f"`{p.name.upper()}`"
                default = "required" if p.required else ("" if p.default in (None, False, ()) else f"`{p.default}`")
                lines.append(f"| {what} | {_cell(getattr(p, 'help', '') or '')} | {default} |")
            lines.append("")
    return "\n".join(lines) + "\n"
