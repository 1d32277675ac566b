"""The model: pure functions on arrays shaped (draws, quarters) or (draws, cohorts).

No I/O, no globals, no pydantic objects: numbers in, numbers out, in the unit their names say.
``gigawatt.simulate`` is the one place that wires the stages together.
"""
