"""Annual membership fees computed from a case's structured fee schedule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from analysis.dataset.errors import Problem, UsageError
from analysis.dataset.loading import get_case
from analysis.dataset.schema import Case, FeeLevel
from analysis.dataset.text import whole_number


@dataclass(frozen=True)
class Fee:
    amount: float
    currency: str
    level: str
    capped: bool

    def __str__(self) -> str:
        return f"{self.amount:,.0f} {self.currency}".replace(",", "")


def level_fee(level: FeeLevel, employees: int) -> tuple[float, bool]:
    """fixed + per_employee x employees, limited to the cap; also whether the cap applied."""
    uncapped = level.fixed + level.per_employee * employees
    if level.cap is not None and uncapped > level.cap:
        return level.cap, True
    return uncapped, False


def parse_employees(value: object, argument: str = "--employees") -> int:
    """A company size as a whole number >= 0 (accepts int or its text form)."""
    number = whole_number(value)
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    if number is None or number < 0:
        raise UsageError([Problem("argument", argument, value, "expected a whole number >= 0")])
    return number


def fee(
    case_id: str,
    employees: int | str,
    level: str | None = None,
    *,
    cases: Mapping[str, Case] | None = None,
    data_dir: str | Path | None = None,
) -> Fee | None:
    """The annual fee a company with `employees` pays at `level` (default: the first level).

    Returns None when the case's fee schedule is missing from the sources.
    """
    if cases is None:
        from analysis.dataset.loading import load_cases

        cases = load_cases(data_dir)
    case = get_case(cases, case_id)
    count = parse_employees(employees)
    schedule = case.financing.fee_schedule
    if schedule.is_missing or not schedule.levels:
        return None
    levels = {lvl.level: lvl for lvl in schedule.levels}
    chosen = schedule.levels[0] if level is None else levels.get(level)
    if chosen is None:
        raise UsageError(
            [
                Problem(
                    "argument",
                    "--level",
                    level,
                    f"expected one of: {', '.join(levels)} (for {case_id})",
                )
            ]
        )
    amount, capped = level_fee(chosen, count)
    return Fee(amount, schedule.currency or "", chosen.level, capped)
