"""Fee schedules: fixed + per-employee, capped; flat fees; missing schedules stay missing."""

from __future__ import annotations

import pytest

from analysis.compute.fees import fee
from analysis.dataset.loading import load_cases


@pytest.fixture(scope="module")
def cases():
    return load_cases()


@pytest.mark.parametrize(
    ("level", "employees", "amount", "capped"),
    [
        ("standard", 0, 200, False),
        ("standard", 100, 600, False),
        ("standard", 325, 1500, False),  # 200 + 4 x 325 = 1500: exactly at the cap
        ("standard", 326, 1500, True),  # one employee more: capped
        ("premium", 10, 2540, False),
        ("premium", 600, 4900, False),  # 2500 + 4 x 600 = 4900: exactly at the cap
        ("premium", 601, 4900, True),
        ("premium", 100000, 4900, True),
    ],
)
def test_eco_world_styria_fee_follows_schedule_and_cap(cases, level, employees, amount, capped):
    result = fee("eco_world_styria", employees, level, cases=cases)
    assert (result.amount, result.currency, result.capped) == (amount, "EUR", capped)


def test_default_level_is_the_first_listed(cases):
    assert fee("eco_world_styria", 100, cases=cases).level == "standard"


def test_flat_fee_does_not_depend_on_company_size(cases):
    small = fee("cleantech_north", 1, cases=cases)
    large = fee("cleantech_north", 50000, cases=cases)
    assert small.amount == large.amount == 5000 and small.currency == "USD"


def test_external_fee_levels_are_usable(cases):
    assert fee("cleantech_san_diego", 10, "gold", cases=cases).amount == 20000


def test_missing_fee_schedule_returns_none_not_zero(cases):
    assert fee("medicon_valley_alliance", 10, cases=cases) is None
    assert fee("ict_cluster_bern", 10, cases=cases) is None


def test_fee_prints_amount_and_currency(cli):
    run = cli("fee", "eco_world_styria", "--employees", "100")
    assert (run.code, run.out) == (0, "600 EUR\n")


def test_fee_for_missing_schedule_says_na(cli):
    run = cli("fee", "medicon_valley_alliance", "--employees", "100")
    assert run.code == 0 and run.out.startswith("n/a")
