"""The local dashboard and REST API (``gigawatt serve``): :func:`gigawatt.web.app.create_app`.

Modules: ``app`` (the factory), ``models`` (request/response models), ``loading`` (the scenario a request
describes), ``payloads`` (results as JSON with their text), ``controls`` (the dashboard's controls and their
bounds), ``jobs`` (Monte Carlo jobs: progress, memory admission), ``middleware`` (Host allow-list, body
limits and deadline), ``errors`` (the one error shape), ``limits``, ``features``, ``server`` (uvicorn with
deadlines), and ``routes_*`` (one ``APIRouter`` each). FastAPI is imported only by those, so
``import gigawatt.web`` stays light.
"""
