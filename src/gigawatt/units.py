"""Quantities with units, parsed once at the scenario boundary.

Inside the model every number is a plain float in the unit its name says (``capacity_gw``, ``capex_usd``).
Users may write either that plain number or a string with a unit: ``"1.8 GW"``, ``"500 MW"``, ``"$100B"``,
``"55 $B/GW"``, ``"$55B/GW"``, ``"81 $/MWh"``, ``"37.5 %"``. This module turns such strings into the unit of
the key's name. It is a small table-driven parser rather than pint: pint costs ~0.3 s to import and the
CLI must start in well under a second; only these few dimensions ever appear in a scenario.
"""

from __future__ import annotations

import math
import re

from gigawatt.errors import InputError, show

# Scale factors to a base unit per dimension: power in W, energy in Wh, money in USD.
_POWER = {"w": 1.0, "kw": 1e3, "mw": 1e6, "gw": 1e9, "tw": 1e12}
_ENERGY = {"wh": 1.0, "kwh": 1e3, "mwh": 1e6, "gwh": 1e9, "twh": 1e12}
_MONEY_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12}

# Unit suffixes of key names (longest first) -> (dimension of numerator, scale, dimension of denominator, scale).
_KEY_UNITS = {
    "per_gw_usd": ("money", 1.0, "power", 1e9),  # finance.investment.per_gw_usd: a tranche per GW
    "usd_per_gw": ("money", 1.0, "power", 1e9),
    "usd_per_mw": ("money", 1.0, "power", 1e6),
    "usd_per_mwh": ("money", 1.0, "energy", 1e6),
    "usd_per_year": ("money", 1.0, None, 1.0),
    "usd": ("money", 1.0, None, 1.0),
    "gw_per_year": ("power", 1e9, None, 1.0),  # program.ramp_gw_per_year: "2.5 GW/yr"
    "gw": ("power", 1e9, None, 1.0),
    "mw": ("power", 1e6, None, 1.0),
    "kw": ("power", 1e3, None, 1.0),
    "twh": ("energy", 1e12, None, 1.0),
    "kwh": ("energy", 1e3, None, 1.0),
}

_NUMBER = r"[-+]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_MONEY_RE = re.compile(rf"^\$?\s*({_NUMBER})\s*(k|mm|m|bn|b|tn|t)?\s*\$?\s*(k|mm|m|bn|b|tn|t)?\s*(?:usd)?$", re.I)


def key_unit(key: str) -> str | None:
    """The unit suffix of a key name (``capex_usd_per_gw`` -> ``usd_per_gw``), or None if unitless.

    A rate of something else per a unit (``carbon_g_per_kwh``, grams per kWh) has none of these units: None."""
    for suffix in _KEY_UNITS:
        if key == suffix or key.endswith("_" + suffix):
            return None if key.endswith("_per_" + suffix) else suffix
    return None


_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?")


class _Ambiguous(ValueError):
    """A number whose comma is no thousands separator (a decimal comma, ``1,5``) or with an underscore (``1_5``):
    read either way it could be off by a factor of ten or more, so it is refused, never guessed."""


def _number(text: str) -> float:
    text = text.strip()
    if "_" in text or ("," in text and not _GROUPED.fullmatch(text)):
        raise _Ambiguous(text)
    return float(text.replace(",", ""))


def _parse_money(text: str) -> float | None:
    m = _MONEY_RE.match(text.strip())
    if not m:
        return None
    value, s1, s2 = m.group(1), (m.group(2) or "").lower(), (m.group(3) or "").lower()
    if s1 and s2:
        return None
    return _number(value) * _MONEY_SUFFIX[s1 or s2]


class _Milli(ValueError):
    """A unit written with a lower-case m (``mW``, ``mWh``): milli, a billionth of mega; refused, never read as M."""


def _unit_scale(unit: str, table: dict[str, float]) -> float | None:
    """Scale of a power or energy unit (``GW``, ``gw``, ``kWh``); None if unknown; :class:`_Milli` for ``mW``."""
    if unit[:1] == "m" and unit[1:].lower() in ("w", "wh"):
        raise _Milli(unit)
    return table.get(unit.lower())


def _parse_dim(text: str, dim: str) -> float | None:
    """Parse '1.8 GW' (power), '5 TWh' (energy) or '$100B' (money) into the base unit, or None."""
    text = text.strip()
    if dim == "money":
        return _parse_money(text)
    table = _POWER if dim == "power" else _ENERGY
    m = re.match(rf"^({_NUMBER})\s*([a-zA-Z]+)$", text)
    scale = _unit_scale(m.group(2), table) if m else None
    return None if scale is None else _number(m.group(1)) * scale


_PER_YEAR = re.compile(r"\s*(?:/\s*(?:yr|year|a)|per\s+year)$", re.I)


def _per_time(text: str, suffix: str, dim: str, scale: float) -> float | None:
    """A quantity of one dimension (``"1.8 GW"``), or per year where the field is per year (``"2.5 GW/yr"``):
    a rate in a field that is no rate, or the reverse, is refused (None)."""
    per_year = _PER_YEAR.search(text)
    if per_year and not suffix.endswith("_per_year"):
        return None
    if suffix == "gw_per_year" and not per_year:  # "2.5 GW" is a size, not a build rate
        return None
    base = _parse_dim(text[:per_year.start()] if per_year else text, dim)
    return None if base is None else base / scale


def _allowed(suffix: str) -> str:
    examples = {
        "usd_per_gw": '"$55B/GW", "55 $B/GW" or "55 $M/MW"', "per_gw_usd": '"$10B/GW"', "usd_per_mw": '"$12M/MW"',
        "usd_per_mwh": '"$81/MWh" or "8.1 c/kWh"', "usd_per_year": '"$13B" (per year)',
        "usd": '"$100B", "$700M"', "gw_per_year": '"2.5 GW/yr" or "500 MW/yr"', "gw": '"1.8 GW" or "500 MW"', "mw": '"100 MW"', "kw": '"210 kW"',
        "twh": '"176 TWh"', "kwh": '"10791 kWh"',
    }
    if not suffix:
        return "a plain number"
    unit = "USD/GW" if suffix == "per_gw_usd" else suffix.replace("_per_", "/").upper().replace("/YEAR", "/yr")
    unit = unit.replace("KW", "kW").replace("WH", "Wh")
    return f"a number in {unit} or a string with units like {examples[suffix]}"


def parse_quantity(value: object, key: str, path: str | None = None) -> float:
    """Convert ``value`` to a float in the unit of ``key``'s name.

    >>> parse_quantity("1.8 GW", "capacity_gw"), parse_quantity("$55B/GW", "capex_usd_per_gw")
    (1.8, 55000000000.0)
    """
    path = path or key
    if isinstance(value, bool):
        raise InputError(path, f"{show(value)} is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise InputError(path, f"{show(value)} is not a number")
    text = value.strip()
    if not text.isascii():
        odd = next(c for c in text if not c.isascii())
        raise InputError(path, f"{show(value)} holds {odd!r} (U+{ord(odd):04X}), not an ASCII character: full-width or "
                               "other look-alike digits and units are refused; write e.g. 10 or \"10 GW\"")
    try:
        return _parse_text(text, key, path, value)
    except _Ambiguous as e:
        raise InputError(path, f"{show(value)} is ambiguous ({show(str(e))}): a comma may only separate thousands in "
                               "groups of three (1,500); write decimals with a point (1.5), no underscores") from None
    except _Milli as e:
        what = "milliwatts" if str(e)[1:].lower() == "w" else "milliwatt-hours"
        raise InputError(path, f"{show(value)}: {str(e)!r} is {what} (lower-case m is milli), not mega; write "
                               f"M{str(e)[1:]} for mega; give {_allowed(key_unit(key) or '')}") from None


# Fields counted in a unit their name ends with, whose value is never a share (a percentage is refused).
COUNTED_IN = {"_bp": "basis points", "_years": "years", "_quarters": "quarters", "_months": "months",
              "_hours": "hours", "_days": "days"}
# A percentage is read only where the field is a share (an allow-list: "50%" is 0.5 of something, and a field
# that is no share, such as a CO2 intensity in g/kWh or a value in USD per GW-month (a name ending in _month,
# which COUNTED_IN does not list), must never read it as 0.5).
# The scenario's shares: *_share, stake, margins, markups, probabilities, rates, the load factor and utilisation,
# the cost of capital, growth and dilution per year, rent per year (a share of the cost), the capex split's parts
# and the capital mix's (own, lease, spv, debt: shares of capex).
SHARE_KEYS = frozenset({"share", "stake", "rate", "load_factor", "utilization", "cost_of_capital",
                        "non_rack_it_overhead", "growth_per_year", "growth_decay_per_year", "other_dilution_per_year",
                        "valuation_growth_per_year", "rent_per_year", "vendor_systems", "other_it", "facility", "it",
                        "own", "lease", "spv", "debt", "vendor"})
SHARE_ENDINGS = ("_share", "_probability", "_margin", "_markup", "_rate")


def is_share(key: str) -> bool:
    """Whether ``key`` is a share, the only kind of field a percentage (``"37.5 %"``) may be given for."""
    return key in SHARE_KEYS or key.endswith(SHARE_ENDINGS)


def _parse_text(text: str, key: str, path: str, value: str) -> float:
    """:func:`parse_quantity` of a string: a plain number, a percentage, or a quantity in a unit the key allows."""
    try:
        return _number(text)
    except _Ambiguous:
        raise
    except ValueError:
        pass
    suffix = key_unit(key)
    if text.endswith("%"):
        counted = next((end for end in COUNTED_IN if key.endswith(end)), None)
        if counted is not None:  # 50% of a basis point, of a year? a count of units is no share
            raise InputError(path, f"{show(value)} is a percentage, but this field is counted in "
                                   f"{COUNTED_IN[counted]}; give a plain number")
        if suffix is not None:  # 50% of what? a share has no unit; a quantity in GW or USD is no share
            raise InputError(path, f"{show(value)} is a percentage, but this field is a quantity; give "
                                   f"{_allowed(suffix)}")
        if not is_share(key):  # 50% of a gram per kWh, of a USD per GW-month? only a share is a percentage
            raise InputError(path, f"{show(value)} is a percentage, but {key} is not a share; give a plain number "
                                   "in the unit its name says")
        try:
            return _number(text[:-1]) / 100.0
        except _Ambiguous:
            raise
        except ValueError:
            raise InputError(path, f"{show(value)} is not a percentage") from None
    if suffix is None:
        raise InputError(path, f"{show(value)} is not a number (this field has no unit)")
    num_dim, num_scale, den_dim, den_scale = _KEY_UNITS[suffix]
    result: float | None = None
    if den_dim is None:
        result = _per_time(text, suffix, num_dim, num_scale)
    else:
        parts = text.split("/")
        if len(parts) == 1 and suffix == "per_gw_usd":  # "$10B" is already per GW by the key's meaning
            result = _parse_money(text)
        elif len(parts) == 2:
            den_unit = _unit_scale(parts[1].strip(), _POWER if den_dim == "power" else _ENERGY)
            num_text = parts[0].strip()
            if num_text.lower().endswith("c") and den_dim == "energy":  # cents
                base = _parse_money(num_text[:-1])
                base = None if base is None else base / 100.0
            else:
                base = _parse_money(num_text)
            if base is not None and den_unit is not None:
                result = base / den_unit * den_scale
    if result is None or not math.isfinite(result):
        rate = _PER_YEAR.search(text)
        why = ("is a rate per year, but this field is not per year" if rate and not suffix.endswith("_per_year")
               else "is not a rate per year, but this field is" if suffix == "gw_per_year" and not rate
               else "is not understood")
        raise InputError(path, f"{show(value)} {why}; give {_allowed(suffix)}")
    return result
