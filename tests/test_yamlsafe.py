"""The one YAML loader (gigawatt.yamlsafe.load_yaml): refusals, bounds, and --set values fuzzed in process."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario, parse_override
from gigawatt.yamlsafe import MAX_BYTES, MAX_DEPTH, load_yaml


def _refused(text, where="scenario") -> str:
    with pytest.raises(InputError) as e:
        load_yaml(text, where)
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith(f"{where}: ")
    return msg


def test_plain_data_still_loads():
    assert load_yaml("a: 1\nb: [x, 2.5, true, null]\nc: {d: '1.8 GW'}") == {
        "a": 1, "b": ["x", 2.5, True, None], "c": {"d": "1.8 GW"}}
    assert load_yaml("") is None


@pytest.mark.parametrize("text, words", [
    ("a: &x [1, 2]\nb: *x\n", ["anchors (&x)", "line 1"]),
    ("b: *x\n", ["aliases (*x)", "line 1"]),
    ("a: 1\nb: 2\na: 3\n", ["duplicate key 'a'", "line 3", "first at line 1"]),
    ("a:\n  b: 1\n  b: 2\n", ["duplicate key 'b'", "line 3"]),
    ("{1: a, 1.0: b}", ["duplicate key 1.0"]),
    ("<<: {a: 1}\n", ["merge keys"]),
    ("a: !!python/object/apply:os.system [ls]\n", ["malformed YAML", "python/object"]),
    ("a: " + "1" * 5000, ["4,300 digits"]),
    ("[" * 900 + "]" * 900, [f"deeper than {MAX_DEPTH}"]),
    ("a:\n" + "".join(" " * (2 * i) + f"- k{i}:\n" for i in range(1, 60)), [f"deeper than {MAX_DEPTH}"]),
    (b"a: \xff\n", ["not UTF-8", "byte 3"]),
])
def test_refusals_are_one_line_naming_what_and_where(text, words):
    msg = _refused(text)
    for w in words:
        assert w in msg, (w, msg)


def test_size_bound_counts_bytes_not_characters():
    assert load_yaml("a: '" + "x" * 1000 + "'", max_bytes=1010)["a"] == "x" * 1000
    assert "longer than 1,010 bytes" in _refused_with("a: '" + "é" * 1000 + "'", 1010)
    assert f"{MAX_BYTES:,}" in _refused("#" * (MAX_BYTES + 1))


def _refused_with(text, max_bytes):
    with pytest.raises(InputError) as e:
        load_yaml(text, "x", max_bytes=max_bytes)
    return str(e.value)


def test_an_alias_bomb_is_refused_before_any_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(12))
    assert "anchors (&a)" in _refused(bomb)


def test_scenario_files_and_set_values_use_the_loader(tmp_path):
    p = tmp_path / "dup.yaml"
    p.write_text("name: x\nprogram: {capacity_gw: 1}\nprogram: {capacity_gw: 2}\n")
    with pytest.raises(InputError, match=r"duplicate key 'program' at line 3"):
        load_scenario(p)
    with pytest.raises(InputError, match=r"--set links: YAML anchors"):
        parse_override("links=&a [1]")
    with pytest.raises(InputError, match=r"duplicate key 'x'"):
        parse_override("facility={x: 1, x: 2}")
    # malformed YAML stays a string, as before (validation then says what the field wants)
    assert parse_override("title=a: b: c") == ("title", "a: b: c")


# --- fuzzing --set values (in process: the loader and override parser, not subprocesses) -----------------

_scalars = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
                     st.text(max_size=20))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) |
                       st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_set_text_parses_or_is_refused_in_one_line(raw):
    try:
        path, value = parse_override("facility.pue=" + raw)
    except InputError as e:
        assert "\n" not in str(e) and str(e).startswith("--set facility.pue: ")
        return
    assert path == "facility.pue"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["facility.pue", "program.capacity_gw", "program.ramp_gw_per_year", "energy.price_usd_per_mwh",
                        "finance.capex_usd_per_gw", "hardware.vera-rubin-nvl144.unit_power_kw", "program.phases",
                        "links", "uncertainty.facility.pue", "horizon", "name"]),
       st.one_of(st.text(max_size=40), _values.map(repr)))
def test_any_set_value_gives_a_scenario_or_one_input_error(path, raw):
    """Whatever the value, the result is a validated scenario or one InputError line: never another error."""
    try:
        scn = load_scenario("openai-nvidia-10gw", [f"{path}={raw}"])
    except InputError as e:
        assert "\n" not in str(e)
        return
    assert scn.program.capacity_gw > 0


@pytest.mark.parametrize("text, read_as", [("x: 1_5", "15"), ("x: 1:30", "90"), ("x: 1_000.5", "1000.5")])
def test_numbers_yaml_would_misread_are_refused(text, read_as):
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match=f"ambiguous as a number \\(YAML would read it as {read_as}"):
        load_yaml(text, "f.yaml")
    assert load_yaml("x: 1500", "f.yaml") == {"x": 1500} and load_yaml("x: 1.5", "f.yaml") == {"x": 1.5}
