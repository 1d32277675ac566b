"""The claims file, ``data/claims.yaml``: the article's claims, its words, and how each is checked."""

from __future__ import annotations

from importlib import resources

from gigawatt.errors import InputError

# Every claim says what it is (id, topic, the article's words and plain English), what the article states, and
# the formula of gigawatt's value (see gigawatt.claims.formula).
REQUIRED = ("id", "topic", "words", "english", "stated", "value")


def load_claims(path=None) -> dict:
    """The claims file as a mapping (``article_date``, ``claims``); the packaged one by default."""
    import yaml

    if path is None:
        text = (resources.files("gigawatt") / "data" / "claims.yaml").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise InputError("claims", "a claims file is a mapping with a 'claims' list")
    return data


def require_fields(claim: dict) -> None:
    """InputError naming the first field of :data:`REQUIRED` that ``claim`` lacks."""
    for k in REQUIRED:
        if k not in claim:
            raise InputError(f"claims[{claim.get('id', '?')}].{k}", "is required but missing")
