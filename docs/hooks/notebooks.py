"""mkdocs hook: the example notebooks as pages of the site, run at build time (nothing generated is committed).

Each ``examples/*.ipynb`` is executed on a fresh kernel (nbclient, offline, seconds each) and written as
``notebooks/<name>.md``: its Markdown cells as they are, code in Python blocks, and each cell's output under it
(text, tables as HTML, charts as inline PNG). A cell that raises fails the build, as it fails the tests.
"""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

from mkdocs.structure.files import File

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TIMEOUT_S = 300


def notebooks() -> list[Path]:
    return sorted(EXAMPLES.glob("*.ipynb"))


def on_files(files, config):
    for path in notebooks():
        files.append(File.generated(config, f"notebooks/{path.stem}.md", content=page(path)))
    return files


def _run(path: Path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(EXAMPLES)}})
    # The kernel's own start-up chatter ("running over TCP without encryption") is no warning of the build's.
    client.execute(stderr=subprocess.DEVNULL)
    return nb


def _output(out: dict) -> str:
    if out.get("output_type") == "stream":
        return _text(out.get("text", ""))
    data = out.get("data", {})
    if "image/png" in data:
        return f'<img alt="chart" src="data:image/png;base64,{"".join(data["image/png"]).strip()}">\n'
    if "text/html" in data:
        return f'<div class="nb-output">\n{"".join(data["text/html"])}\n</div>\n'
    if "text/plain" in data:
        return _text("".join(data["text/plain"]))
    return ""


def _text(text) -> str:
    text = "".join(text) if isinstance(text, list) else text
    return f'<pre class="nb-output"><code>{html.escape(text.rstrip())}</code></pre>\n'


def page(path: Path) -> str:
    """The notebook, run, as a Markdown page (with its file name and how to open it at the end)."""
    parts = []
    for cell in _run(path).cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source + "\n")
        elif cell.cell_type == "code" and cell.source.strip():
            parts.append(f"```python\n{cell.source}\n```\n")
            parts.extend(_output(o) for o in cell.get("outputs", []))
    parts.append(f"*This page is `examples/{path.name}`, run when the site was built: open it with "
                 f"`jupyter lab examples/{path.name}`.*\n")
    return "\n".join(parts)
