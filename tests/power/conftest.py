"""Fixtures of the power tests."""

import pytest


@pytest.fixture(scope="module")
def client():
    """``POST /api/power`` alone: the power router with the app's error handlers, no server (a module that needs
    the whole app defines its own ``client``)."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from gigawatt.web import errors
    from gigawatt.web.routes_power import router

    app = FastAPI()
    errors.install(app)
    app.include_router(router)
    return TestClient(app)
