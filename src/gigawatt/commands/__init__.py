"""CLI commands by feature area; each module's ``register(app)`` adds its commands to the typer app.

Modules here import only typer and the standard library at import time (the CLI must start fast);
everything heavier is imported inside the command functions.
"""

AREAS = ("money", "claims", "uncertainty", "market", "report", "web", "runs", "sites", "export", "power", "capital")
