"""Capital cost bottom-up: racks × unit prices for IT, MW × a build cost for the facility.

DESIGN.md section 3, "Finance": vendor systems = units × unit price, plus the vendor's networking where it
sells it; other IT (CPU hosts, storage, third-party network and optics) per unit; facility (building,
power, cooling) per MW of facility power, paid once, at the first build (a refresh replaces IT only).
Prices and their ranges are catalog rows (``data/costs.csv``: analysts' rack prices, Bernstein's GB200
cost shares, construction-cost surveys in $/MW); the top-down alternative, capex per GW split in shares
(:func:`gigawatt.model.finance.cohort_capex_usd`), is the vendors' own framing.

Hand check (``tests/model/test_costs.py``): one facility GW of Vera Rubin NVL144 at PUE 1.2 and 10 % non-rack
IT is 1e6 / 1.2 / 1.1 / 210 = 3,607.5 racks; at $7.8M + $0.9M per rack the vendor sells $31.4B; other IT at
$0.96M per rack is $3.46B; the facility at $10.5M per MW is $10.5B: $45.3B per GW, 69 % of it the vendor's.
"""

from __future__ import annotations

import numpy as np

MW_PER_GW = 1e3


def content_share(vendor_content_share):
    """The vendor's share of a unit's price, where the catalog gives one; a platform without a split (NaN) is
    sold whole by its vendor (the reading before the split). [-]"""
    return np.nan_to_num(np.asarray(vendor_content_share, dtype=float), nan=1.0)


def bottom_up_capex_usd(facility_gw, racks_per_gw, price_usd_per_unit, network_usd_per_unit, other_it_usd_per_unit,
                        facility_usd_per_mw, generation, vendor_content_share=1.0) -> dict[str, np.ndarray]:
    """Capex of each cohort by component. [USD]

    ``facility_gw`` (draws, cohorts) facility power of each cohort (0 when cancelled); the per-rack figures
    and ``racks_per_gw`` shaped (draws or 1, cohorts) for each cohort's platform; ``facility_usd_per_mw``
    (draws,); ``generation`` (cohorts,): 0 = the first build, which alone pays for the facility;
    ``vendor_content_share`` the share of the rack price that is the vendor's own content (its GPU and CPU
    boards and switches); the rest of the rack (ODM assembly, power shelves, cooling, chassis) is bought from
    others and counts as other IT, so the vendor's margin applies to its own content only.
    Returns ``{"vendor_systems", "other_it", "facility"}`` each (draws, cohorts).
    """
    racks = facility_gw * racks_per_gw
    first = np.asarray(generation)[None, :] == 0
    facility = np.where(first, facility_gw * MW_PER_GW * np.asarray(facility_usd_per_mw)[:, None], 0.0)
    own = price_usd_per_unit * vendor_content_share
    return {"vendor_systems": racks * (own + network_usd_per_unit),
            "other_it": racks * (other_it_usd_per_unit + (price_usd_per_unit - own)), "facility": facility}
