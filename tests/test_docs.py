"""The documentation site builds strictly (`mkdocs build --strict`), offline, with its generated pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

for _module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
    pytest.importorskip(_module, reason="the docs extra is not installed: pip install -e '.[docs]'")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    # a proxy that refuses every connection: anything fetched from the network fails the build
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HTTP_PROXY": "http://127.0.0.1:9",
           "HTTPS_PROXY": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
           "https_proxy": "http://127.0.0.1:9"}
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=ROOT,
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "WARNING" not in r.stderr
    return out


def _page(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_pages_are_built(site):
    for path in ("", "tutorial", "notebooks", "notebooks/01-the-loi-in-ten-cells", "notebooks/02-your-own-deal",
                 "notebooks/03-monte-carlo-and-sobol", "model", "reference/scenario-schema", "reference/outputs",
                 "reference/cli", "api/api", "api/results", "api/montecarlo", "api/outputs"):
        assert (site / path / "index.html").is_file(), path
    assert not (site / "hooks").exists()   # the build hook is not published


def test_scenario_schema_page_is_rendered_from_json_schema(site):
    from gigawatt.scenario import json_schema

    html = _page(site, "reference/scenario-schema")
    facility = json_schema()["$defs"]["Facility"]["properties"]
    for name, prop in facility.items():
        assert f"facility.{name}" in html
    assert facility["pue"]["default"] == 1.2 and "Power usage effectiveness" in html and "1 ≤ x ≤ 5" in html


def test_output_schema_page_lists_every_output(site):
    from gigawatt import outputs

    html = _page(site, "reference/outputs")
    for o in outputs.table():
        assert f"<code>{o.name}</code>" in html, o.name
    assert html.count("<tr>") == len(outputs.table()) + 2   # one header row per table


def test_cli_page_has_every_command(site):
    html = _page(site, "reference/cli")
    for command in ("run", "export", "mc", "report", "claims"):
        assert f"gigawatt {command}</h2>" in html or f'id="gigawatt-{command}"' in html, command


def test_api_reference_documents_the_public_api(site):
    assert 'id="gigawatt.api.simulate"' in _page(site, "api/api")
    assert 'id="gigawatt.results.Results.to_xarray"' in _page(site, "api/results")
    assert 'id="gigawatt.montecarlo.results.MCResults.quantile_frame"' in _page(site, "api/montecarlo")
    assert 'id="gigawatt.outputs.headline"' in _page(site, "api/outputs")


def test_no_raw_sphinx_roles_anywhere(site):
    """Docstrings' :func:`x` roles are rendered as links (or names in code), never shown as markup."""
    import re

    role = re.compile(r":(?:py:)?(?:func|meth|class|mod|attr|data|exc|obj):")
    raw = [str(p.relative_to(site)) for p in site.rglob("*.html") if role.search(p.read_text(encoding="utf-8"))]
    assert raw == []
    results = _page(site, "api/results")
    assert 'href="#gigawatt.results.Results.to_xarray"' in results  # :meth:`Results.to_xarray`... as a link


def test_api_page_documents_every_public_function_of_gigawatt_api(site):
    import inspect

    from gigawatt import api

    html = _page(site, "api/api")
    public = [n for n, f in vars(api).items() if inspect.isfunction(f) and not n.startswith("_")
              and f.__module__ in ("gigawatt.api", "gigawatt.scenario.files", "gigawatt.scenario")]
    assert {"simulate", "monte_carlo", "sensitivity", "model_of", "memory_per_draw", "with_supply"} <= set(public)
    for name in public:
        assert f'id="gigawatt.api.{name}"' in html or f'id="gigawatt.scenario.{name}"' in html, name


def test_notebooks_are_rendered_with_their_outputs(site):
    index = _page(site, "notebooks")
    for name in ("01-the-loi-in-ten-cells", "02-your-own-deal", "03-monte-carlo-and-sobol"):
        assert f'href="{name}/"' in index, name
        page = _page(site, f"notebooks/{name}")
        assert page.count('class="nb-output"') >= 3, name  # each code cell's output under it
        assert "Traceback" not in page
    loi = _page(site, "notebooks/01-the-loi-in-ten-cells")
    assert "<h1" in loi and "letter of intent" in loi and 'src="data:image/png;base64,' in loi  # its chart
