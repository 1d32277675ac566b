"""Fields that phases or sites set (issue 22): refused beside them unless they agree, filled when left out;
a site listed twice is refused, not counted twice."""

import pytest

from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario, validate
from gigawatt.scenario.files import builtin_names
from gigawatt.yamlsafe import load_yaml

PHASES = [{"gw": 1, "online": "2026Q4"}, {"gw": 1.5, "online": "2027Q3"}]


def _raw(**program):
    return {"name": "x", "program": {"first_online": "2026Q4", **program}}


@pytest.mark.parametrize("name, override, field, other", [
    ("stargate-10gw", "program.capacity_gw=1", "program.capacity_gw", "program.sites"),
    ("stargate-10gw", "program.first_online=2030Q1", "program.first_online", "program.sites"),
    ("stargate-10gw", "program.ramp_gw_per_year=2", "program.ramp_gw_per_year", "program.sites"),
    ("stargate-10gw", "program.phase_gw=0.5", "program.phase_gw", "program.sites"),
    ("cheyenne-wy-10gw", "program.capacity_gw=12", "program.capacity_gw", "program.phases"),
    ("cheyenne-wy-10gw", "program.first_online=2026Q1", "program.first_online", "program.phases"),
    ("openai-oracle-4.5gw", "program.phase_gw=1", "program.phase_gw", "program.phases"),
])
def test_a_field_the_phases_set_is_refused_beside_them_naming_both(name, override, field, other):
    with pytest.raises(InputError) as e:
        load_scenario(name, [override])
    assert e.value.path == field and other in e.value.message and field in e.value.message


def test_stargate_capacity_override_no_longer_answers_the_sites_total():
    # the case: --set program.capacity_gw=1 answered 9.57 GW in silence
    with pytest.raises(InputError, match=r"phases add up to 9\.57 GW.*remove program\.capacity_gw"):
        load_scenario("stargate-10gw", ["program.capacity_gw=1"])


def test_a_capacity_that_restates_the_phases_is_accepted_and_one_left_out_is_their_total():
    given = validate(_raw(capacity_gw=2.5, phases=PHASES))
    left_out = validate({"name": "x", "program": {"phases": PHASES}})
    assert given.program.capacity_gw == left_out.program.capacity_gw == 2.5
    assert left_out.program.first_online == "2026Q4"  # the first phase's quarter
    assert load_scenario("stargate-10gw").program.capacity_gw == pytest.approx(9.57)


def test_a_first_online_that_restates_the_first_phase_is_accepted():
    assert validate(_raw(phases=PHASES, capacity_gw=2.5)).phases()[0][0] == 1  # 2026Q4 is the first phase's


def test_without_phases_or_sites_the_ramp_fields_still_act():
    scn = validate({"name": "x", "program": {"capacity_gw": 3, "first_online": "2026Q4", "ramp_gw_per_year": 2,
                                             "phase_gw": 1}})
    assert [gw for gw, _, _ in scn.phases()] == [1, 1, 1]


def test_a_fixed_value_in_the_uncertainty_block_is_refused_beside_phases_too():
    raw = {"name": "x", "program": {"phases": PHASES}, "uncertainty": {"program.capacity_gw": 5}}
    with pytest.raises(InputError, match="program.phases") as e:
        validate(raw)
    assert e.value.path == "uncertainty.program.capacity_gw"


def test_a_site_listed_twice_is_refused_with_which_and_where():
    with pytest.raises(InputError) as e:
        load_scenario("stargate-10gw", ["program.sites=[stargate-abilene, stargate-milam, stargate-abilene]"])
    assert e.value.path == "program.sites[2]"
    assert "'stargate-abilene' is listed twice (also program.sites[0])" in e.value.message


@pytest.mark.parametrize("name", builtin_names())
def test_every_built_in_validates_and_its_yaml_loads_back_to_the_same_scenario(name):
    scn = load_scenario(name)
    again = validate(load_yaml(scn.to_yaml()), name)
    assert again.digest() == scn.digest() and again.phases() == scn.phases()


def test_phases_set_by_override_replace_the_files_ramp_in_either_order():
    phases = "program.phases=[{gw: 6, online: 2026Q4}, {gw: 6, online: 2027Q4}]"
    scn = load_scenario("openai-nvidia-2026", [phases])  # a 5 GW ramp in the file
    assert scn.program.capacity_gw == 12 and [gw for gw, _, _ in scn.phases()] == [6, 6]
    for order in ([phases, "program.capacity_gw=5"], ["program.capacity_gw=5", phases]):
        with pytest.raises(InputError, match="program.phases") as e:
            load_scenario("openai-nvidia-2026", order)
        assert e.value.path == "program.capacity_gw"


def test_sites_set_by_override_replace_the_files_phases():
    scn = load_scenario("cheyenne-wy-10gw", ["program.sites=[stargate-abilene]", "horizon=[2025Q1, 2035Q4]"])
    assert not scn.program.phases and scn.program.capacity_gw == sum(gw for gw, _, _ in scn.phases())


def test_the_json_schema_lets_a_file_with_phases_or_sites_leave_the_capacity_out():
    from gigawatt.scenario import json_schema

    assert "capacity_gw" not in json_schema()["$defs"]["Program"].get("required", [])
    assert "their total" in json_schema()["$defs"]["Program"]["properties"]["capacity_gw"]["description"]
