"""Scenario files: loading, units, dates, overrides, schema, and every kind of bad input (gigawatt.scenario)."""

import json

import pytest
import yaml

from gigawatt import fields
from gigawatt.errors import InputError
from gigawatt.scenario import DEFAULT_SCENARIO, Scenario, builtin_names, json_schema, load_scenario
from gigawatt.timeline import label

MINIMAL = {"name": "tiny", "program": {"capacity_gw": 1}}


def write(tmp_path, data, name="s.yaml"):
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return p


def test_builtins_load_by_name_and_name_their_sources_and_guesses():
    assert {"openai-nvidia-10gw", "altman-5gw-campuses", "cheyenne-wy-10gw"} <= set(builtin_names())
    assert DEFAULT_SCENARIO == "openai-nvidia-2026"  # the deal as it stands; the LOI is superseded
    for name in ("openai-nvidia-10gw", "altman-5gw-campuses", "cheyenne-wy-10gw"):
        scn = load_scenario(name)
        assert isinstance(scn, Scenario) and scn.name == name
        assert scn.sources and scn.guesses


def test_default_scenario_is_the_deal_as_it_stands():
    scn = load_scenario()
    p, inv = scn.program, scn.finance.investment
    assert (scn.name, p.capacity_gw, p.platform, scn.as_of) == ("openai-nvidia-2026", 5, "vera-rubin-nvl144",
                                                                 "2026-03-31")
    assert (inv.fixed_usd, inv.fixed_date, inv.valuation_usd, inv.per_gw_usd) == (30e9, "2026Q1", 852e9, 0)
    assert scn.superseded is None and scn.standing()["superseded"] is False
    assert any("GUESS" in g for g in scn.guesses)  # the unpublished schedule is a labelled guess


def test_loi_is_superseded_and_says_by_what():
    scn = load_scenario("openai-nvidia-10gw")
    assert scn.standing() == {"as_of": "2025-09-22", "superseded": True, "superseded_on": "2026-02-27",
                              "superseded_by": "openai-nvidia-2026", "superseded_why": scn.superseded.why}
    assert "superseded on 2026-02-27" in scn.title
    load_scenario(scn.superseded.by)  # what replaced it is a built-in scenario


def test_superseded_date_must_be_a_date(tmp_path):
    with pytest.raises(InputError, match="superseded.date"):
        load_scenario(write(tmp_path, {**MINIMAL, "superseded": {"date": "2026Q1"}}))


def test_the_loi_as_announced():
    scn = load_scenario("openai-nvidia-10gw")
    p = scn.program
    assert (p.capacity_gw, p.capacity_basis, p.ramp_gw_per_year, p.phase_gw, p.platform) == (10, "facility", 2.5, 1,
                                                                                            "auto")
    assert label(scn.phases()[0][1]) == "2026Q4"  # first_online 2026H2: online by its Q4
    assert scn.finance.investment.per_gw_usd == 10e9 and scn.finance.investment.cap_usd == 100e9


def test_file_by_path_with_defaults(tmp_path):
    scn = load_scenario(write(tmp_path, MINIMAL))
    assert scn.name == "tiny" and scn.facility.pue == 1.2 and scn.horizon == ("2026Q1", "2035Q4")
    assert load_scenario(str(write(tmp_path, MINIMAL))).name == "tiny"


def test_unit_strings_in_a_file(tmp_path):
    scn = load_scenario(write(tmp_path, {
        "name": "units", "program": {"capacity_gw": "1.8 GW", "phase_gw": "600 MW", "first_online": "2026Q3"},
        "energy": {"price_usd_per_mwh": "8.1 c/kWh"},
        "compute": {"utilization": "40 %"},
        "finance": {"capex_usd_per_gw": "$55B/GW", "investment": {"per_gw_usd": "$10B", "cap_usd": "$100B"}},
        "hardware": {"vera-rubin-nvl144": {"unit_power_kw": "0.19 MW"}}}))
    assert scn.program.capacity_gw == pytest.approx(1.8) and scn.program.phase_gw == pytest.approx(0.6)
    assert scn.energy.price_usd_per_mwh == pytest.approx(81)
    assert scn.compute.utilization == pytest.approx(0.4)
    assert scn.finance.capex_usd_per_gw == 55e9
    assert scn.finance.investment.cap_usd == 100e9 and scn.finance.investment.per_gw_usd == 10e9
    assert scn.hardware["vera-rubin-nvl144"].unit_power_kw == pytest.approx(190)
    assert label(scn.phases()[0][1]) == "2026Q3"


@pytest.mark.parametrize("text", ["$55B/GW", "55 $B/GW", "55e9"])
def test_capex_spellings_through_set(text):
    assert load_scenario(overrides=[f"finance.capex_usd_per_gw={text}"]).finance.capex_usd_per_gw == 55e9


@pytest.mark.parametrize("when, quarter", [("2026Q3", "2026Q3"), ("2026H2", "2026Q4"), ("2027H1", "2027Q2")])
def test_dates(when, quarter):
    scn = load_scenario(overrides=[f"program.first_online={when}"])
    assert label(scn.phases()[0][1]) == quarter


def test_set_overrides_nested_fields_and_lists():
    scn = load_scenario(overrides=["facility.pue=1.35", "finance.investment.per_gw_usd=$5B",
                                   "finance.capex_split={vendor_systems: 0.6, other_it: 0.1, facility: 0.3}",
                                   "horizon=[2026Q1, 2030Q4]", "hardware.vera-rubin-nvl144.unit_power_kw=190 kW"])
    assert scn.facility.pue == 1.35
    assert scn.finance.investment.per_gw_usd == 5e9
    assert scn.finance.capex_split.vendor_systems == 0.6
    assert scn.horizon == ("2026Q1", "2030Q4")
    assert fields.numeric_values(scn)["hardware.vera-rubin-nvl144.unit_power_kw"] == 190
    # overrides as a mapping (the API's form) do the same
    assert load_scenario(overrides={"facility.pue": 1.3}).facility.pue == 1.3


def test_set_overrides_uncertainty_paths():
    scn = load_scenario(overrides=["uncertainty.facility.pue={dist: triangular, low: 1.1, mode: 1.2, high: 1.4}",
                                   "uncertainty.program.continue_probability=0.9"])
    assert scn.uncertainty["facility.pue"]["dist"] == "triangular"
    assert scn.uncertainty["program.continue_probability"] == 0.9
    assert fields.fixed_values(scn) == {"program.continue_probability": 0.9}


def test_overrides_do_not_leak_between_loads():
    load_scenario(overrides=["facility.pue=1.5"])
    assert load_scenario().facility.pue == 1.2


def test_schema_is_json_schema_with_the_sections():
    schema = json_schema()
    json.dumps(schema)  # serialisable
    assert schema["type"] == "object" and schema["title"] == "Scenario"
    for section in ("name", "horizon", "program", "facility", "energy", "compute", "finance", "uncertainty"):
        assert section in schema["properties"]
    assert "program" in schema["required"]
    defs = schema["$defs"]
    assert {"Program", "Facility", "Energy", "Compute", "Finance", "Phase"} <= set(defs)
    assert defs["Facility"]["properties"]["pue"]["minimum"] == 1.0
    assert defs["Facility"]["additionalProperties"] is False
    assert defs["Program"]["properties"]["capacity_basis"]["enum"] == ["facility", "it"]


def _bad(overrides=None, path=DEFAULT_SCENARIO):
    with pytest.raises(InputError) as e:
        load_scenario(path, overrides)
    msg = str(e.value)
    assert "\n" not in msg and "Traceback" not in msg
    return e.value, msg


@pytest.mark.parametrize("override, field, words", [
    ("foo=1", "foo", ["unknown key", "program", "facility"]),
    ("facility.foo=1", "facility.foo", ["unknown key", "pue", "load_factor"]),
    ("program.platform=rubin-nvl999", "program.platform", ["'rubin-nvl999'", "vera-rubin-nvl144", "auto"]),
    ("facility.pue=0.9", "facility.pue", ["0.9", "greater than or equal to 1", "facility power over IT power"]),
    ("program.capacity_gw=-1", "program.capacity_gw", ["-1", "greater than or equal to 0.001"]),
    ("program.capacity_gw=-1 GW", "program.capacity_gw", ["-1", "greater than or equal to 0.001"]),
    ("program.capacity_gw=.inf", "program.capacity_gw", ["inf", "finite"]),
    ("facility.load_factor=1.5", "facility.load_factor", ["1.5", "less than or equal to 1"]),
    ("facility.load_factor=150%", "facility.load_factor", ["1.5", "less than or equal to 1"]),
    ("program.first_online=2026Q5", "program.first_online", ["'2026Q5'", "2026Q3", "2026H2"]),
    ("program.first_online=2026H3", "program.first_online", ["'2026H3'", "H1 and H2"]),
    ("program.capacity_gw=1.8 parsecs", "program.capacity_gw", ["'1.8 parsecs'", '"1.8 GW"']),
    ("finance.capex_usd_per_gw=55 parsecs", "finance.capex_usd_per_gw", ["'55 parsecs'", "$55B/GW"]),
    ("facility.pue=abc", "facility.pue", ["'abc'", "number"]),
    ("program.capacity_basis=grid", "program.capacity_basis", ["'grid'", "'facility' or 'it'"]),
    ("compute.precision=fp16", "compute.precision", ["'fp16'", "'fp4', 'fp8' or 'bf16'"]),
    ("energy.comparison_state=ZZ", "energy.comparison_state", ["'ZZ'", "NY"]),
    ("horizon=[2026Q1, 2020Q1]", "horizon", ["2020Q1 is before 2026Q1"]),
    ("horizon=2026Q1", "horizon", ["'2026Q1'", "[2026Q1, 2035Q4]"]),
    ("finance.capex_split.facility=0.5", "finance.capex_split", ["sum to 1.28", "must sum to 1"]),
    ("hardware.nope.unit_power_kw=3", "hardware.nope", ["'nope'", "vera-rubin-nvl144"]),
    ("hardware.vera-rubin-nvl144.unit_power_kw=-3", "hardware.vera-rubin-nvl144.unit_power_kw", ["-3"]),
    ("program.phases=[{gw: 1, online: 2026Q9}]", "program.phases[0].online", ["'2026Q9'", "2026Q3"]),
    ("program.phases=[{gw: 1, online: 2026Q4, platform: rubin-ultra-nvl576}]", "program.phases[0].platform",
     ["rubin-ultra-nvl576", "available from 2027Q3", "2026Q4"]),
    # phases given by --set replace the file's ramp and size (issue 22); a site listed twice is refused
    ("program.sites=[stargate-abilene, stargate-abilene]", "program.sites[1]",
     ["'stargate-abilene' is listed twice", "program.sites[0]"]),
    ("program.phases=[{gw: 1}]", "program.phases[0].online", ["required"]),
    ("uncertainty.facility.foo={dist: uniform, low: 1, high: 2}", "uncertainty.facility.foo",
     ["'facility.foo'", "not a numeric field"]),
    ("uncertainty.facility.pue={dist: triangular, low: 1.5, mode: 1.2, high: 1.4}", "uncertainty.facility.pue",
     ["1.5", "1.4"]),
    ("facility=3", "facility", ["3", "dictionary"]),
    ("facility.pue", "--set", ["'facility.pue'", "path=value"]),
    ("=3", "--set", ["empty field path"]),
])
def test_bad_overrides_name_field_value_and_what_is_allowed(override, field, words):
    err, msg = _bad([override])
    assert err.path == field, msg
    assert msg.startswith(field + ": ")
    for w in words:
        assert w in msg, (w, msg)


def test_phases_exceeding_the_program_in_a_file(tmp_path):
    p = write(tmp_path, {"name": "x", "program": {"capacity_gw": 1.8, "phases": [
        {"gw": 1.8, "online": "2027H2"}, {"gw": "500 MW", "online": "2028H2"}]}})
    err, msg = _bad(path=p)  # the phases set the size: a capacity_gw beside them must restate it (issue 22)
    assert err.path == "program.capacity_gw" and "2.3 GW" in msg and "1.8" in msg and "program.phases" in msg


@pytest.mark.parametrize("text, words", [
    ("name: x\nprogram: {capacity_gw: 1\n", ["malformed YAML", "line 3"]),
    ("name: x\n  program: : :\n", ["malformed YAML"]),
    ("- just\n- a list\n", ["mapping", "list"]),
    ("", ["mapping", "NoneType"]),
    ("name: x\n", ["program", "required"]),
])
def test_bad_files(tmp_path, text, words):
    _, msg = _bad(path=write(tmp_path, text))
    for w in words:
        assert w in msg, (w, msg)


def test_missing_file_directory_and_unknown_name(tmp_path):
    err, msg = _bad(path=tmp_path / "nope.yaml")
    assert err.path == "scenario" and "does not exist" in msg and "nope.yaml" in msg
    err, msg = _bad(path=tmp_path)
    assert err.path == "scenario" and "is a directory" in msg
    err, msg = _bad(path="no-such-deal")
    assert "'no-such-deal'" in msg and "openai-nvidia-10gw" in msg


def test_digest_and_yaml_round_trip(tmp_path):
    scn = load_scenario()
    again = load_scenario(write(tmp_path, scn.to_yaml()))
    assert again.digest() == scn.digest()
    assert load_scenario(overrides=["facility.pue=1.3"]).digest() != scn.digest()


@pytest.mark.parametrize("override, needle", [
    ("uncertainty.facility.pue=0.5", "uncertainty.facility.pue: the value 0.5"),
    ("uncertainty.finance.capex_split.facility=0.9", "capex shares sum to 1.68"),
    ("uncertainty.hardware.rubin-ultra-nvl576.unit_power_kw=-600", "must be greater than or equal to 0.1"),
    ("uncertainty.facility.pue={dist: normal, mean: 1.2, sd: 0.5}", "reaches its low end"),
    ("uncertainty.facility.pue={dist: bernoulli, p: 0.5}", "reaches the outcome 0"),
    ("uncertainty.program.continue_probability=1.5", "less than or equal to 1"),
])
def test_uncertainty_block_obeys_the_fields_own_checks(override, needle):
    # a fixed value or either end of a distribution outside what the field allows is refused
    with pytest.raises(InputError) as e:
        load_scenario("openai-nvidia-10gw", [override])
    assert needle in str(e.value)


def test_a_truncated_distribution_inside_the_fields_range_is_accepted():
    scn = load_scenario("openai-nvidia-10gw",
                        ["uncertainty.facility.pue={dist: normal, mean: 1.2, sd: 0.05, low: 1.0}"])
    assert "facility.pue" in scn.uncertainty


# --- hardening: files, includes, numbers (issue 14) ------------------------------------------------------------

def test_requests_may_include_built_in_scenarios_only_and_learn_nothing_about_files(tmp_path):
    from gigawatt.errors import show
    from gigawatt.scenario import read_raw, validate

    secret = write(tmp_path, "name: secret\nprogram: {capacity_gw: 1}\n# the secret text\n", "secret.yaml")
    messages = []
    for target in (str(secret), str(tmp_path / "missing.yaml"), "/dev/zero", "/etc/passwd"):
        with pytest.raises(InputError) as e:
            validate({"name": "m", "include": [target]}, "scenario_text", builtins_only=True)
        assert e.value.path == "include[0]" and "built-in scenarios only" in e.value.message
        assert "secret text" not in str(e.value) and "exist" not in str(e.value)
        messages.append(str(e.value).replace(show(target), "PATH"))
        with pytest.raises(InputError) as e:
            read_raw(target, builtins_only=True)
        messages.append(str(e.value).replace(show(target), "PATH"))
    assert len(set(messages[::2])) == 1 and len(set(messages[1::2])) == 1  # the same line, file or not
    scn = validate({"name": "m", "include": ["openai-amd-6gw", "openai-broadcom-10gw"]}, "scenario_text",
                   builtins_only=True)
    assert scn.program.capacity_gw == pytest.approx(16.0)
    assert load_scenario("openai-portfolio", builtins_only=True).include


@pytest.mark.parametrize("include, words", [
    (["openai-portfolio", "openai-amd-6gw"], "include[1]: 'openai-amd-6gw' is already part of 'openai-portfolio'"),
    (["openai-amd-6gw", "openai-portfolio"], "include[1]: 'openai-portfolio' includes 'openai-amd-6gw', which "
                                             "include[0] already names"),
    (["openai-amd-6gw", "openai-amd-6gw"], "include[1]: 'openai-amd-6gw' is included twice"),
])
def test_a_part_counts_once_at_any_depth_of_includes(include, words):
    from gigawatt.scenario import validate

    with pytest.raises(InputError) as e:
        validate({"name": "m", "include": include})
    assert str(e.value).startswith(words), str(e.value)


def test_a_part_twice_through_two_composites_in_files(tmp_path):
    write(tmp_path, "name: a\ninclude: [openai-amd-6gw, openai-oracle-4.5gw]\n", "a.yaml")
    write(tmp_path, "name: b\ninclude: [openai-broadcom-10gw, openai-amd-6gw]\n", "b.yaml")
    top = write(tmp_path, "name: top\ninclude: [a.yaml, b.yaml]\n", "top.yaml")
    with pytest.raises(InputError) as e:
        load_scenario(top)
    assert str(e.value) == ("include[1]: 'b.yaml' includes 'openai-amd-6gw', which is already part of 'a.yaml' "
                            "(include[0]); a part counts once")


def test_the_cli_reads_regular_files_only_up_to_a_size(tmp_path):
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path, words in ((fifo, "not a regular file"), ("/dev/zero", "not a regular file"), (tmp_path, "directory")):
        with pytest.raises(InputError, match=words):
            load_scenario(path)
    big = write(tmp_path, "name: big\nprogram: {capacity_gw: 1}\n" + "#" * 1_000_000, "big.yaml")
    with pytest.raises(InputError, match="at most 1,000,000 bytes"):
        load_scenario(big)
    with pytest.raises(InputError, match="is empty"):
        load_scenario("")


@pytest.mark.parametrize("override, words", [
    ("facility.pue=true", "facility.pue: True is not allowed: must be a number, not true/false"),
    ("program.capacity_gw=yes", "program.capacity_gw: True is not allowed"),
    ("finance.customer_revenue.start_year=false", "start_year: False is not allowed"),
    ("program.ramp_gw_per_year=1e-300", "program.ramp_gw_per_year: 1e-300 is not allowed: must be greater than or "
                                        "equal to 0.01"),
    ("program.capacity_gw=1e-10", "greater than or equal to 0.001"),
    ("finance.capex_usd_per_gw=1e308", "finance.capex_usd_per_gw: 1e+308 is not allowed: must be less than or equal "
                                       "to 1e12"),
    ("hardware.vera-rubin-nvl144.unit_power_kw=1e-300", "greater than or equal to 0.1"),
    ("hardware.vera-rubin-nvl144.unit_power_kw=20000", "less than or equal to 10,000"),
    ("energy.price_usd_per_mwh=1e9", "less than or equal to 10,000"),
    ("finance.investment.valuation_usd=1e-300", "greater than or equal to 1e6"),
    ("compute.weekly_users=1e12", "less than or equal to 1e11"),
    ("finance.investment.per_gw_usd=2e12", "less than or equal to 1e12"),
])
def test_every_number_has_physical_bounds_and_no_booleans(override, words):
    with pytest.raises(InputError) as e:
        load_scenario("openai-nvidia-10gw", [override])
    assert words in str(e.value), str(e.value)


def test_every_numeric_field_has_a_documented_range():
    """Each float field of every section has a lower and an upper bound in the schema (editor and API)."""
    from gigawatt import scenario as sc

    missing = []
    for model in (sc.Phase, sc.Program, sc.Facility, sc.Energy, sc.Compute, sc.CapexSplit, sc.LeadQuarters,
                  sc.Investment, sc.Depreciation, sc.CustomerRevenue, sc.Finance, sc.PlatformOverride):
        props = model.model_json_schema().get("properties", {})
        for name, info in model.model_fields.items():
            if info.annotation not in (float, float | None, int):
                continue
            p = props[name]
            p = next((a for a in p.get("anyOf", [p]) if a.get("type") in ("number", "integer")), p)
            has_low = "minimum" in p or "exclusiveMinimum" in p
            has_high = "maximum" in p or "exclusiveMaximum" in p
            if not (has_low and has_high):
                missing.append(f"{model.__name__}.{name}")
    assert not missing, missing
