"""ECB annual average rates through currencyconverter's bundled (offline) data."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from statistics import fmean

import pytest
from currency_converter import CurrencyConverter, RateNotFoundError

from analysis.dataset.currency import annual_rate, convert, supported_currencies


def test_annual_rate_is_the_mean_of_the_librarys_daily_rates():
    # Independent check: the full library (whole history loaded), averaged day by day.
    full = CurrencyConverter()
    rates = []
    day = date(2010, 1, 1)
    while day.year == 2010:
        with contextlib.suppress(RateNotFoundError):
            rates.append(full.convert(1, "EUR", "USD", date=day))
        day += timedelta(days=1)
    assert annual_rate("USD", 2010) == pytest.approx(fmean(rates), rel=1e-12)


def test_report_conversion_of_styria_budget_is_reproduced():
    # The report (p. 17) equates the 800,000 EUR budget with "ca. 6 mio. DKK".
    assert convert(800_000, "EUR", "DKK", 2010) == pytest.approx(6_000_000, rel=0.01)


def test_cross_rate_goes_through_the_euro_and_round_trips():
    there = convert(1000, "USD", "DKK", 2010)
    assert convert(there, "DKK", "USD", 2010) == pytest.approx(1000)
    assert convert(5, "EUR", "EUR", 2010) == 5


def test_year_changes_the_rate():
    assert annual_rate("DKK", 2010) != annual_rate("DKK", 2020)


def test_unknown_currency_is_an_error():
    assert "DKK" in supported_currencies() and "EUR" in supported_currencies()
    with pytest.raises(ValueError, match="unknown currency"):
        annual_rate("XYZ")
