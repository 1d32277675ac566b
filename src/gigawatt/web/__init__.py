"""The local dashboard and REST API (``gigawatt serve``): :func:`gigawatt.web.app.create_app`.

FastAPI is imported only by :mod:`gigawatt.web.app`, so ``import gigawatt.web`` stays light.
"""
