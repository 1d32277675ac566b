"""The report's power section: mix, LCOE beside the flat price, the week chart."""

from gigawatt import power
from gigawatt.report import power as report_power


class _Res:  # the section reads only the scenario of a simulation result
    def __init__(self, scn):
        self.scenario = scn


def test_power_section_shows_mix_lcoe_and_week_chart(monkeypatch):
    from gigawatt.scenario import load_scenario

    scn = load_scenario("stargate-10gw", ["energy.supply_options=gas,solar,battery", "energy.supply=optimised"])
    scn = scn.model_copy(update={"guesses": [*scn.guesses, f"{power.SCHEDULE_NOTE} phase 4 moves to 2028Q4"]})
    real = power.solve_scenario
    monkeypatch.setattr(power, "solve_scenario", lambda s, **kw: real(s, hours=24 * 200))  # through mid-July
    sec = report_power.section(_Res(scn))
    assert sec.id == "power"
    assert "against the flat $81/MWh assumption" in sec.intro and " at OpenAI Stargate " in sec.intro  # its site
    assert [i[0] for i in sec.images] == ["power-weeks", "power-capacity"]
    assert all(png[:4] == b"\x89PNG" for _, _, png in sec.images)
    assert "share of generation" in sec.tables[0]
    assert f"over {report_power._over(power.solve_scenario(scn).weather)} (" in sec.intro
    # Issue 20's figures, and a caption that says what is true (served to the target, not "every hour").
    for line in ("<li>Phase ", "<li>Reliability: N+", "<li>Weather: ", "<li>Tax credits: off", "<li>Value of speed: "):
        assert line in sec.intro, line
    assert "every hour" not in sec.tables[0] and "load served to 99.999 % of the energy with N+" in sec.tables[0]
    assert "The build-out was moved for it: phase 4 moves to 2028Q4.</li>" in sec.intro and "no slip" not in sec.intro
    assert "Hourly profiles: synthetic (" in sec.intro and ". synthetic" not in sec.intro
    labels = [k for k, _ in sec.cards]
    assert {"phase solved", "expected unserved energy", "loss of load", "tax credits", "value of a month of delay",
            "speed-adjusted cost"} <= set(labels)


def test_the_intro_says_which_weather_the_hours_are():
    assert report_power._over({"years": 1, "synthetic": True, "measured_years": 0}) == "a representative (synthetic) year"
    assert report_power._over({"years": 1, "synthetic": False, "measured_years": 1}) == "a measured typical year"
    assert report_power._over({"years": 3, "measured_years": 1}) == "3 weather years sized together (1 measured)"


def test_flat_supply_points_to_the_power_command_without_solving(monkeypatch):
    from gigawatt.scenario import load_scenario

    monkeypatch.setattr(power, "solve_scenario", lambda *a, **k: (_ for _ in ()).throw(AssertionError("solved")))
    sec = report_power.section(_Res(load_scenario("stargate-10gw")))
    assert "gigawatt power stargate-10gw" in sec.intro and not sec.images


class _Pw:  # a solve's figures, as gigawatt.power.results.PowerResult carries them (hand-written)
    capacity_mw = {"gas-recip": 1616.8, "solar": 0.0}
    schedule = {"energised_by": "2028Q4", "energised_by_source": "phase schedule", "slipped_from": "2027Q4",
                "slip_months": 12.0, "phase": {"number": 1, "of": 5, "facility_gw": 1.8, "first_online": "2027Q4"}}
    reliability = {"assessed": True, "target_energy_served": 0.99999, "target_met": True, "target_enforced": True,
                   "n_plus_k": 7, "eue_mwh_per_yr": 36.85, "lolh_h_per_yr": 2.3101,
                   "units": {"gas-recip": {"unit_mw": 18.8, "count": 86}}}
    weather = {"years": 3, "synthetic": True, "measured_years": 0, "source": "synthetic",
               "annual_capacity_factor": {"solar": [0.23, 0.24, 0.25]}}
    credits = {"applied": True, "law": "IRA §48E", "as_of": "2026Q4"}


SPEED = {"value": {"usd_per_gw_month": 8.06e8, "basis": "required revenue"}, "phase_gw": 1.8,
         "usd_per_month_of_delay": 1.4508e9,
         "plan": {"months_late": 12.0, "lcoe_usd_per_mwh": 62.2, "delay_usd_per_mwh": 10.0,
                  "speed_adjusted_usd_per_mwh": 72.2}}


def test_the_power_facts_say_phase_date_slip_reliability_weather_credits_and_speed():
    from gigawatt.report import power_facts as pf

    html = pf.facts_html(_Pw(), SPEED)
    assert ("Phase 1 of 5 (1.80 GW, due 2027Q4): energised by 2028Q4 (phase schedule); nothing that generates can be "
            "ready by 2027Q4, so the date slipped 12.0 months.") in html
    assert ("Reliability: N+7 (86 × 18.8 MW gas reciprocating engines); expected unserved energy 36.9 MWh/yr, "
            "loss of load 2.31 h/yr; target 99.999 % of the energy: met.") in html
    # No solar built: its capacity factor's spread across the years is not what the plan uses.
    assert "Weather: 3 years, synthetic; no weather-driven option built." in html and "0.230" not in html
    assert "Tax credits: on (IRA §48E, as of 2026Q4)." in html
    # The build-out moved before the run (energy.supply: optimised): the phase line says so, from the scenario's note.
    from gigawatt.power import SCHEDULE_NOTE

    class _Scn:
        guesses = ["a guess", f"{SCHEDULE_NOTE} no option can power phase 1 by 2027Q4; the earliest is 2028Q4"]

    moved = pf.schedule_moved(_Scn())
    assert moved == " The build-out was moved for it: no option can power phase 1 by 2027Q4; the earliest is 2028Q4."
    assert "so the date slipped 12.0 months. The build-out was moved" in pf.facts_html(_Pw(), SPEED, moved)
    assert pf.schedule_moved(type("S", (), {"guesses": []})()) == ""
    on_time = _Pw()
    on_time.schedule = {**_Pw.schedule, "slipped_from": None, "first_online": "2028Q4"}
    assert "(phase schedule); no slip.</li>" in pf.facts_html(on_time, SPEED)
    assert "(phase schedule). The build-out was moved for it: " in pf.facts_html(on_time, SPEED, moved)
    # $806 M x 1.8 GW = $1.45 B; 62.2 + 10.0 = 72.2
    assert ("$806 M per GW-month on required revenue × 1.80 GW = $1.45 B a month of delay; this plan is 12.0 months "
            "late for the phase&#x27;s date: LCOE $62.2 + delay $10.0 = $72.2/MWh speed-adjusted.") in html
    cards = dict((k, v) for k, v in pf.cards(_Pw(), SPEED))
    assert cards["phase solved"] == "1 of 5" and cards["energised by (phase due 2027Q4, slipped 12.0 months)"] == "2028Q4"
    assert cards["gas units spare (target 99.999 %)"] == "N+7" and cards["loss of load"] == "2.31 h/yr"
    assert cards["weather years"] == "3 years, synthetic" and cards["tax credits"] == "on"
    assert cards["value of a month of delay"] == "$1.45 B" and cards["speed-adjusted cost"] == "$72.2/MWh"


def test_built_solar_shows_its_spread_and_the_caption_says_what_is_served():
    from gigawatt.report import power_facts as pf

    pw = _Pw()
    pw.capacity_mw = {"gas-recip": 1616.8, "solar": 900.0}
    assert "solar capacity factor 0.230–0.250" in pf.facts_html(pw, SPEED)
    assert pf.served(pw.reliability) == ("load served to 99.999 % of the energy with N+7 gas units under forced "
                                         "outages: target met")
    assert "not assessed" in pf.served({"assessed": False}) and pf.nines(0.9999) == "99.99 %"
