"""The case file schema: every value is a fact that carries its provenance.

A fact's `source` is one of
- `report`: from the report, with its `page`;
- `derived`: computed or restored from report values, with the `formula` (and usually a page);
- `external`: from a public source, with its `url` and `date` (ISO, `YYYY`, `YYYY-MM` or `n.d.`);
- `own`: the organisation's own figures (for a user's own organisation), with the `date` they
  refer to and a `note` saying who supplied them;
- `missing`: unknown; it carries no value, only an optional `note` saying why.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from analysis.dataset.currency import supported_currencies

SourceKind = Literal["report", "derived", "external", "own", "missing"]
SOURCE_KINDS: tuple[str, ...] = ("report", "derived", "external", "own", "missing")
SEGMENTS: tuple[str, ...] = (
    "cluster_expansion",
    "innovation_technology",
    "education_training",
    "commercial_cooperation",
    "policy_action",
    "research_networking",
)

ID_RULE = r"^[a-z0-9_]+$"  # case ids: also file names, so no path characters
ID_PATTERN = re.compile(ID_RULE)
Id = Annotated[str, Field(pattern=ID_RULE, max_length=64)]
Text = Annotated[str, Field(min_length=1)]
NonNegative = Annotated[float, Field(ge=0)]
Percent = Annotated[float, Field(ge=0, le=100)]
SourceDate = Annotated[str, Field(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)$")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]
SHARE_TOLERANCE = 0.5


class Strict(BaseModel):
    """Strict types (no "10" for 10), unknown keys rejected, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Fact(Strict):
    source: SourceKind
    page: Annotated[int, Field(ge=1)] | None = None
    formula: Text | None = None
    url: Url | None = None
    date: SourceDate | None = None
    note: Text | None = None

    def has_content(self) -> bool:
        """Whether the fact holds a value (subclasses say what their value is)."""
        return False

    @property
    def is_missing(self) -> bool:
        return self.source == "missing"

    @model_validator(mode="after")
    def _provenance_is_complete(self) -> Fact:
        if self.source == "report" and self.page is None:
            raise PydanticCustomError("provenance", "a report value needs its page")
        if self.source == "derived" and self.formula is None:
            raise PydanticCustomError("provenance", "a derived value needs its formula")
        if self.source == "external" and (self.url is None or self.date is None):
            raise PydanticCustomError("provenance", "an external value needs its url and date")
        if self.source == "own" and (self.date is None or self.note is None):
            raise PydanticCustomError(
                "provenance", "an own figure needs its date and a note saying who supplied it"
            )
        if self.source == "missing" and self.has_content():
            raise PydanticCustomError(
                "provenance", "a missing value must not carry a value (give its source instead)"
            )
        if self.source != "missing" and not self.has_content():
            raise PydanticCustomError(
                "provenance", "no value given; write source: missing when it is unknown"
            )
        return self

    def source_ref(self) -> str:
        """Human-readable provenance: 'p. 17', the formula, or 'url (date)'."""
        if self.source == "report":
            return f"p. {self.page}"
        if self.source == "derived":
            pages = f"p. {self.page}: " if self.page else ""
            return f"{pages}{self.formula}"
        if self.source == "external":
            return f"{self.url} ({self.date})"
        if self.source == "own":
            return f"own figures ({self.date})"
        return ""


class NameFact(Fact):
    value: Text | None = None

    def has_content(self) -> bool:
        return self.value is not None


class DateFact(Fact):
    """A date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD."""

    value: Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = None

    def has_content(self) -> bool:
        return self.value is not None

    @property
    def year(self) -> int | None:
        return int(self.value[:4]) if self.value else None


class TextFact(Fact):
    """Danish text (the report's wording) with an English rendering."""

    da: Text | None = None
    en: Text | None = None

    def has_content(self) -> bool:
        return self.da is not None or self.en is not None

    @model_validator(mode="after")
    def _both_languages(self) -> TextFact:
        if (self.da is None) != (self.en is None):
            raise PydanticCustomError("language", "give the text in both da and en")
        return self

    def text(self, lang: str) -> str | None:
        return getattr(self, lang)


class Item(Strict):
    """An entry of a list fact: a proper name, or a Danish text with English rendering."""

    id: Id | None = None
    name: Text | None = None
    da: Text | None = None
    en: Text | None = None
    count: Annotated[int, Field(ge=0)] | None = None
    fte: NonNegative | None = None
    activity: Id | None = None  # a RegLab activity type (reference table), coded from the text

    @model_validator(mode="after")
    def _has_label(self) -> Item:
        if self.name is None and (self.da is None or self.en is None):
            raise PydanticCustomError("item", "an item needs a name, or both da and en")
        return self

    def label(self, lang: str) -> str:
        text = getattr(self, lang)
        if self.name and text:
            return f"{self.name} ({text})"
        return self.name or text


class ListFact(Fact):
    """A list; an empty list means "none" and is a value, unlike a missing list."""

    items: list[Item] | None = None

    def has_content(self) -> bool:
        return self.items is not None


class CountFact(Fact):
    value: Annotated[int, Field(ge=0)] | None = None
    unit: Text | None = None

    def has_content(self) -> bool:
        return self.value is not None


class QuantityFact(Fact):
    value: NonNegative | None = None
    unit: Text | None = None

    def has_content(self) -> bool:
        return self.value is not None


class ShareFact(Fact):
    value: Percent | None = None
    unit: Literal["%"] | None = None

    def has_content(self) -> bool:
        return self.value is not None


class BoolFact(Fact):
    value: bool | None = None

    def has_content(self) -> bool:
        return self.value is not None


def _check_currency(code: str | None) -> str | None:
    if code is not None and code not in supported_currencies():
        raise PydanticCustomError(
            "currency", "expected an ECB currency code such as EUR, USD, DKK, CHF, SEK"
        )
    return code


class MoneyFact(Fact):
    value: NonNegative | None = None
    unit: str | None = None

    check_unit = field_validator("unit")(_check_currency)

    def has_content(self) -> bool:
        return self.value is not None

    @model_validator(mode="after")
    def _amount_has_currency(self) -> MoneyFact:
        if self.value is not None and self.unit is None:
            raise PydanticCustomError("currency", "an amount needs its currency in unit")
        return self


class PriorityFact(Fact):
    """Priority 0-3 of one Target Board segment, coded from the text on `page`."""

    value: Annotated[int, Field(ge=0, le=3)] | None = None

    def has_content(self) -> bool:
        return self.value is not None


class TargetFact(Fact):
    """A quantified target; its number or year may be lost even when the target is known."""

    id: Id
    da: Text
    en: Text
    value: NonNegative | None = None
    unit: Text | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None

    def has_content(self) -> bool:
        return True


class FeeLevel(Strict):
    level: Id
    fixed: NonNegative
    per_employee: NonNegative = 0
    cap: NonNegative | None = None

    @model_validator(mode="after")
    def _cap_above_fixed(self) -> FeeLevel:
        if self.cap is not None and self.cap < self.fixed:
            raise PydanticCustomError("fee", "the cap must not be below the fixed fee")
        return self


class FeeSchedule(Fact):
    """Annual fee per level: fixed + per_employee x employees, at most cap."""

    currency: str | None = None
    levels: list[FeeLevel] | None = None

    check_currency = field_validator("currency")(_check_currency)

    def has_content(self) -> bool:
        return bool(self.levels)

    @model_validator(mode="after")
    def _complete(self) -> FeeSchedule:
        if self.levels and self.currency is None:
            raise PydanticCustomError("currency", "a fee schedule needs its currency")
        names = [level.level for level in self.levels or []]
        if len(names) != len(set(names)):
            raise PydanticCustomError("fee", "fee levels must be unique")
        return self


class Members(Strict):
    count: CountFact
    levels: ListFact
    types: ListFact
    named_members: ListFact | None = None
    admission: TextFact
    open_admission: BoolFact | None = None  # true: open to all; false: selective or exclusive
    geography: TextFact
    outside_region_pct: ShareFact | None = None


class Financing(Strict):
    budget: MoneyFact
    budget_upper_bound: MoneyFact | None = None
    member_share_pct: ShareFact
    public_share_pct: ShareFact
    foundation_share_pct: ShareFact
    fee_schedule: FeeSchedule
    description: TextFact
    public_support: TextFact | None = None

    def shares(self) -> dict[str, float | None]:
        return {
            "member": self.member_share_pct.value,
            "public": self.public_share_pct.value,
            "foundation": self.foundation_share_pct.value,
        }

    @model_validator(mode="after")
    def _shares_sum_to_100(self) -> Financing:
        values = [v for v in self.shares().values() if v is not None]
        if len(values) == len(self.shares()) and abs(sum(values) - 100) > SHARE_TOLERANCE:
            terms = " + ".join(f"{v:g}" for v in values)
            raise PydanticCustomError(
                "shares",
                "member, public and foundation shares must sum to 100 (+/- 0.5); "
                "they sum to {total}",
                {"total": f"{terms} = {sum(values):g}"},
            )
        return self


class Technology(Strict):
    field: TextFact
    flagships: ListFact
    restricted: BoolFact


class Priorities(Strict):
    cluster_expansion: PriorityFact
    innovation_technology: PriorityFact
    education_training: PriorityFact
    commercial_cooperation: PriorityFact
    policy_action: PriorityFact
    research_networking: PriorityFact

    def by_segment(self) -> dict[str, PriorityFact]:
        return {segment: getattr(self, segment) for segment in SEGMENTS}


class Goals(Strict):
    vision: TextFact
    mission: TextFact
    targets: list[TargetFact] = []
    targets_note: TextFact | None = None
    choices: TextFact
    priorities: Priorities


class Services(Strict):
    services: ListFact
    premium: ListFact
    network: TextFact | None = None


class Staffing(Strict):
    staff_count: CountFact
    fte: QuantityFact
    roles: ListFact
    background: TextFact | None = None


class Case(Strict):
    """One cluster organisation: the report's six parameters plus its identity."""

    case_id: Id
    case_no: Annotated[int, Field(ge=1)] | None = None
    name: NameFact
    city: NameFact
    region: TextFact
    country: TextFact
    founded: DateFact
    ownership: TextFact
    management: ListFact
    summary: TextFact
    recognition: TextFact | None = None
    members: Members
    financing: Financing
    technology: Technology
    goals: Goals
    services: Services
    staffing: Staffing

    @property
    def title(self) -> str:
        """The organisation's name (validation guarantees one)."""
        return self.name.value or self.case_id

    @model_validator(mode="after")
    def _has_a_name(self) -> Case:
        if self.name.value is None:
            raise PydanticCustomError("name", "every organisation needs a name (name.value)")
        return self
