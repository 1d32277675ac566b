"""The report's power section: mix, LCOE beside the flat price, the week chart."""

from gigawatt import power
from gigawatt.report import power as report_power


class _Res:  # the section reads only the scenario of a simulation result
    def __init__(self, scn):
        self.scenario = scn


def test_power_section_shows_mix_lcoe_and_week_chart(monkeypatch):
    from gigawatt.scenario import load_scenario

    scn = load_scenario("stargate-10gw", ["energy.supply_options=gas,solar,battery", "energy.supply=optimised"])
    real = power.solve_scenario
    monkeypatch.setattr(power, "solve_scenario", lambda s, **kw: real(s, hours=24 * 200))  # through mid-July
    sec = report_power.section(_Res(scn))
    assert sec.id == "power"
    assert "against the flat $81/MWh assumption" in sec.intro and " at OpenAI Stargate " in sec.intro  # its site
    assert [i[0] for i in sec.images] == ["power-weeks", "power-capacity"]
    assert all(png[:4] == b"\x89PNG" for _, _, png in sec.images)
    assert "share of generation" in sec.tables[0]
    assert f"over {report_power._over(power.solve_scenario(scn).weather)} (" in sec.intro


def test_the_intro_says_which_weather_the_hours_are():
    assert report_power._over({"years": 1, "synthetic": True, "measured_years": 0}) == "a representative (synthetic) year"
    assert report_power._over({"years": 1, "synthetic": False, "measured_years": 1}) == "a measured typical year"
    assert report_power._over({"years": 3, "measured_years": 1}) == "3 weather years sized together (1 measured)"


def test_flat_supply_points_to_the_power_command_without_solving(monkeypatch):
    from gigawatt.scenario import load_scenario

    monkeypatch.setattr(power, "solve_scenario", lambda *a, **k: (_ for _ in ()).throw(AssertionError("solved")))
    sec = report_power.section(_Res(load_scenario("stargate-10gw")))
    assert "gigawatt power stargate-10gw" in sec.intro and not sec.images
