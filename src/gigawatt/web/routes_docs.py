"""Routes: the dashboard page, its static files and Plotly, and the API docs (Swagger UI, served offline).

Swagger UI's files come from the ``fastapi-offline`` package (it ships them; nothing is fetched from a CDN).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException

STATIC_DIR = Path(str(resources.files("gigawatt") / "web" / "static"))
router = APIRouter(include_in_schema=False)


@functools.cache
def swagger_dir() -> Path:
    """Swagger UI's files as the fastapi-offline package ships them."""
    return Path(str(resources.files("fastapi_offline") / "static"))


@router.get("/")
def index():
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/docs")
def docs():
    html = get_swagger_ui_html(openapi_url="/openapi.json", title="gigawatt API",
                               swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                               swagger_css_url="/static/swagger/swagger-ui.css",
                               swagger_favicon_url="/static/swagger/favicon.png",
                               swagger_ui_parameters={"tryItOutEnabled": True, "defaultModelsExpandDepth": 0,
                                                      "validatorUrl": None})
    return HTMLResponse(html.body, headers={"Cache-Control": "no-cache"})


@router.get("/static/swagger/{name}")
def swagger_file(name: str):
    base = swagger_dir()
    if name not in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"):
        raise HTTPException(404)
    return FileResponse(base / name, headers={"Cache-Control": "public, max-age=86400"})


@functools.cache
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


@router.get("/static/plotly.min.js")
def plotly_js():
    return Response(_plotly_js(), media_type="application/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})
