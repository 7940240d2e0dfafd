"""The case file schema: every value is a fact that carries its provenance.

A fact's `source` is one of
- `report`: from the report, with its `page`;
- `derived`: computed or restored from report values, with the `formula` (and usually a page);
- `coded`: our coding of the report's text (e.g. a 0-3 priority), with the `page` or `pages` it
  rests on and the `rule` that turned the text into the value;
- `external`: from a public source, with its `url`, the page's own `date` (ISO, `YYYY`, `YYYY-MM`
  or `n.d.` where the page shows none) and `as_of`, the year the value describes;
- `own`: the organisation's own figures (for a user's own organisation), with the `date` they
  refer to, `as_of` and a `note` saying who supplied them;
- `missing`: unknown; it carries no value, only an optional `note` saying why.

`as_of` is the year a value describes, not the date of its source. Values the report states
describe the report's year (2010) unless `as_of` says otherwise. A count, amount or quantity may
hold further dated observations in `history`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from analysis.dataset.currency import supported_currencies

SourceKind = Literal["report", "derived", "coded", "external", "own", "missing"]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
REPORT_YEAR = 2010  # the report was written June-August 2010 (p. 2): what it states describes 2010
Group = Literal["report", "publisher", "benchmark", "own"]
GROUPS: tuple[str, ...] = get_args(Group)
# What kind of body an entry is. A cluster organisation meets the European Cluster Collaboration
# Platform's validation criteria (a dedicated management of at least 0.5 FTE, at least 15
# committed members, more than one type of member); the others are kept for context and left
# out of the default comparison.
BodyKind = Literal["cluster_organisation", "trade_association", "incubator", "programme", "network"]
BODY_KINDS: tuple[str, ...] = get_args(BodyKind)
DEFAULT_KINDS: tuple[str, ...] = ("cluster_organisation",)
# The Target Board's six segments (the report's framework for goals), in its order; the
# fields of Priorities are these, in this order (tested).
Segment = Literal[
    "cluster_expansion",
    "innovation_technology",
    "education_training",
    "commercial_cooperation",
    "policy_action",
    "research_networking",
]
SEGMENTS: tuple[str, ...] = get_args(Segment)

ID_RULE = r"^[a-z0-9_]+$"  # case ids: also file names, so no path characters
ID_PATTERN = re.compile(ID_RULE)
Id = Annotated[str, Field(pattern=ID_RULE, max_length=64)]
# Characters no text of ours needs and that can hide or reorder what a reader sees: C0 control
# characters other than tab and newline, DEL, and Unicode bidirectional overrides and isolates.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# A cell that starts with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@")


def _visible(text: str) -> str:
    found = _HIDDEN.search(text)
    if found:
        raise PydanticCustomError(
            "text",
            "text without control or bidirectional-override characters (found U+{code})",
            {"code": f"{ord(found.group()):04X}"},
        )
    return text


# Line breaks of every kind (a one-line field holds one line): a blank line in a name would end
# the block of markup around it where a page is made from Markdown.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")


def _label(text: str) -> str:
    _visible(text)
    if _LINE_BREAK.search(text):
        raise PydanticCustomError("text", "one line of text (a name or label holds no line break)")
    text = text.strip()
    if not text:
        raise PydanticCustomError("text", "a name or label that is not blank")
    if text.startswith(FORMULA_START):
        raise PydanticCustomError(
            "text", "a name or label must not start with =, +, - or @ (a spreadsheet formula)"
        )
    return text


Text = Annotated[str, Field(min_length=1, max_length=5000), AfterValidator(_visible)]
Label = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_label)]
# Plausible ranges: finite, and within what a real organisation can have.
MAX_AMOUNT = 1e12  # money in any currency
MAX_COUNT = 1_000_000  # members, companies, staff
NonNegative = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
SourceDate = Annotated[str, Field(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)$")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]
Year = Annotated[int, Field(ge=1800, le=2100)]
Page = Annotated[int, Field(ge=1)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]  # ISO 3166-1 alpha-2
SHARE_TOLERANCE = 0.5


class Strict(BaseModel):
    """Strict types (no "10" for 10), unknown keys rejected, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Fact(Strict):
    source: SourceKind
    page: Page | None = None
    pages: list[Page] | None = None  # a coded or derived value resting on several pages
    formula: Text | None = None
    rule: Text | None = None  # coded: how the text became the value
    url: Url | None = None
    date: SourceDate | None = None
    as_of: Year | None = None  # the year the value describes
    note: Text | None = None
    # The body the fact describes when that is not the organisation itself (a partner, a
    # project it joined, its programme, its host or a predecessor): kept for context, never
    # counted as known for the organisation (coverage, comparisons, axes).
    about: Label | None = None

    def has_content(self) -> bool:
        """Whether the fact holds a value: its `value` is set (facts whose content is
        something else, text in two languages, a list, a schedule, say so themselves)."""
        return getattr(self, "value", None) is not None

    @property
    def is_missing(self) -> bool:
        return self.source == "missing"

    @model_validator(mode="after")
    def _provenance_is_complete(self) -> Fact:
        if self.source == "report" and not (self.page or self.pages):
            raise PydanticCustomError("provenance", "a report value needs its page")
        if self.source == "derived" and self.formula is None:
            raise PydanticCustomError("provenance", "a derived value needs its formula")
        if self.source == "coded" and (
            self.rule is None
            or not (self.page or self.pages or (self.url and self.date and self.as_of))
        ):
            raise PydanticCustomError(
                "provenance",
                "a coded value needs its rule and what it rests on: the report's page(s), or "
                "the url, the page's date and as_of of a public page",
            )
        if self.source == "external" and (
            self.url is None or self.date is None or self.as_of is None
        ):
            raise PydanticCustomError(
                "provenance",
                "an external value needs its url, the page's date (n.d. if none) and as_of",
            )
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

    @property
    def as_of_year(self) -> int | None:
        """The year the value describes: `as_of`, or the report's year for what the report
        states or what we code or derive from its pages; None where unknown."""
        if self.as_of is not None:
            return self.as_of
        if self.source in ("report", "coded") or (self.source == "derived" and self.page):
            return REPORT_YEAR
        if self.source == "own" and self.date and self.date[:4].isdigit():
            return int(self.date[:4])  # an own figure describes the date it is given for
        return None

    def page_text(self) -> str:
        """'p. 17' or 'pp. 17, 18' (empty without pages)."""
        pages = self.pages or ([self.page] if self.page else [])
        if not pages:
            return ""
        return ("p. " if len(pages) == 1 else "pp. ") + ", ".join(str(p) for p in pages)

    def source_ref(self) -> str:
        """Human-readable provenance: 'p. 17', the formula, the rule, or 'url (date)'."""
        if self.source == "report":
            return self.page_text()
        if self.source == "derived":
            pages = f"{self.page_text()}: " if self.page_text() else ""
            return f"{pages}{self.formula}"
        if self.source == "coded":
            where = self.page_text() or f"{self.url} ({self.date})"
            return f"{where}: {self.rule}"
        if self.source == "external":
            return f"{self.url} ({self.date})"
        if self.source == "own":
            return f"own figures ({self.date})"
        return ""


class NameFact(Fact):
    value: Label | None = None


class DateFact(Fact):
    """A date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD, and which event it dates
    (so that founding dates compare like with like)."""

    value: Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = None
    event: Literal["founded", "opened_for_members", "brand", "predecessor"] | None = None

    @property
    def value_year(self) -> int | None:
        return int(self.value[:4]) if self.value else None


class TextFact(Fact):
    """Danish text (the report's wording) with an English rendering."""

    da: Label | None = None
    en: Label | None = None

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
    name: Label | None = None
    da: Label | None = None
    en: Label | None = None
    count: Count | None = None
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


class Observed(Fact):
    """A value that may have been observed in several years: the fact itself is the headline
    observation (the report's for the report's cases, the latest for the others) and `history`
    holds the other dated observations."""

    history: list[Self] = []

    @model_validator(mode="after")
    def _history_is_dated(self) -> Observed:
        for item in self.history:
            if item.history:
                raise PydanticCustomError("history", "an observation in history has no history")
            if item.source == "missing":
                raise PydanticCustomError("history", "history holds known observations only")
            if item.as_of_year is None:
                raise PydanticCustomError("history", "each observation in history needs as_of")
        return self

    def observations(self) -> list[Self]:
        """Every known observation of the organisation itself (headline and history; not those
        about another body, such as a predecessor's count), oldest first."""
        found = ([self] if self.has_content() else []) + list(self.history)
        return sorted((f for f in found if not f.about), key=lambda f: f.as_of_year or 0)

    def at(self, as_of: int | None) -> Self:
        """The observation describing `as_of` or the latest year before it; the headline when
        `as_of` is None; a missing fact when nothing is known by then."""
        if as_of is None:
            return self
        known = [
            f for f in self.observations() if f.as_of_year is not None and f.as_of_year <= as_of
        ]
        if known:  # the observation alone: the later ones in its history are not known yet
            return known[-1].model_copy(update={"history": []})
        return type(self)(source="missing", note=f"no observation by {as_of}")


class CountFact(Observed):
    value: Count | None = None
    unit: Text | None = None


class QuantityFact(Observed):
    value: NonNegative | None = None
    unit: Text | None = None


class ShareFact(Fact):
    value: Percent | None = None
    unit: Literal["%"] | None = None


class BoolFact(Fact):
    value: bool | None = None


class KindFact(Fact):
    """What kind of body the organisation is (BODY_KINDS), with the evidence: our coding of a
    public page against the ECCP criteria (source: coded, its rule and url), or own."""

    value: BodyKind | None = None


def _check_currency(code: str | None) -> str | None:
    if code is not None and code not in supported_currencies():
        raise PydanticCustomError(
            "currency", "expected an ECB currency code such as EUR, USD, DKK, CHF, SEK"
        )
    return code


def _require_currency(fact: Any) -> Any:
    """An amount needs its currency (a model validator of the money facts)."""
    if fact.value is not None and fact.unit is None:
        raise PydanticCustomError("currency", "an amount needs its currency in unit")
    return fact


class UnitBasis(Strict):
    """Where the unit of an amount comes from when the page does not state it in full (a lost
    euro sign, a dollar that may be Canadian): always our derivation, with the readings."""

    source: Literal["derived"]
    formula: Text
    alternatives: list[str] = []  # other currencies the text allows, shown beside the one taken

    check_alternatives = field_validator("alternatives")(
        lambda codes: [_check_currency(c) for c in codes]
    )


class MoneyFact(Observed):
    value: NonNegative | None = None
    unit: str | None = None
    unit_basis: UnitBasis | None = None

    check_unit = field_validator("unit")(_check_currency)

    _amount_has_currency = model_validator(mode="after")(_require_currency)


class PriorityFact(Fact):
    """Priority 0-3 of one Target Board segment: our coding of the text on `page`(s), or an
    organisation's own figure; the report states no such scores."""

    value: Annotated[int, Field(ge=0, le=3)] | None = None

    @model_validator(mode="after")
    def _never_report(self) -> PriorityFact:
        if self.source == "report":
            raise PydanticCustomError(
                "provenance",
                "a priority is our coding of the text: write source: coded with its rule",
            )
        return self


class FundingFact(Fact):
    """Money the organisation received or raised besides its budget: a grant to it, its share
    of a programme, or the project money it brought in (not its own annual budget)."""

    id: Id
    kind: Literal["grant", "projects", "programme", "other"]
    da: Label
    en: Label
    value: NonNegative | None = None
    unit: str | None = None
    period: Annotated[str, Field(pattern=r"^\d{4}(-\d{4})?$")] | None = None

    check_unit = field_validator("unit")(_check_currency)

    def has_content(self) -> bool:
        return True

    _amount_has_currency = model_validator(mode="after")(_require_currency)


class TargetFact(Fact):
    """A quantified target; its number or year may be lost even when the target is known."""

    id: Id
    da: Label
    en: Label
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
    currency_basis: UnitBasis | None = None
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


def _missing(kind: type[Fact]) -> Any:
    """The default of a field left out of a case file: a missing fact (shown as n/a)."""
    return Field(default_factory=lambda: kind(source="missing"))


class Members(Strict):
    count: CountFact = _missing(CountFact)
    levels: ListFact = _missing(ListFact)
    types: ListFact = _missing(ListFact)
    named_members: ListFact | None = None
    admission: TextFact = _missing(TextFact)
    open_admission: BoolFact | None = None  # true: open to all; false: selective or exclusive
    geography: TextFact = _missing(TextFact)
    outside_region_pct: ShareFact | None = None
    # companies or actors in the cluster's network or sector that are not counted as members
    network: CountFact | None = None


class Financing(Strict):
    budget: MoneyFact = _missing(MoneyFact)
    budget_upper_bound: MoneyFact | None = None
    member_income: MoneyFact | None = None  # the members' share of the budget as an amount
    public_income: MoneyFact | None = None
    member_share_pct: ShareFact = _missing(ShareFact)
    public_share_pct: ShareFact = _missing(ShareFact)
    foundation_share_pct: ShareFact = _missing(ShareFact)
    fee_schedule: FeeSchedule = _missing(FeeSchedule)
    description: TextFact = _missing(TextFact)
    public_support: TextFact | None = None
    funding: list[FundingFact] = []  # grants and project money, each dated and sourced

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
    field: TextFact = _missing(TextFact)
    flagships: ListFact = _missing(ListFact)
    restricted: BoolFact = _missing(BoolFact)


class Priorities(Strict):
    cluster_expansion: PriorityFact = _missing(PriorityFact)
    innovation_technology: PriorityFact = _missing(PriorityFact)
    education_training: PriorityFact = _missing(PriorityFact)
    commercial_cooperation: PriorityFact = _missing(PriorityFact)
    policy_action: PriorityFact = _missing(PriorityFact)
    research_networking: PriorityFact = _missing(PriorityFact)

    def by_segment(self) -> dict[str, PriorityFact]:
        return {segment: getattr(self, segment) for segment in SEGMENTS}


class Goals(Strict):
    vision: TextFact = _missing(TextFact)
    mission: TextFact = _missing(TextFact)
    targets: list[TargetFact] = []
    targets_note: TextFact | None = None
    choices: TextFact = _missing(TextFact)
    priorities: Priorities = Field(default_factory=Priorities)


class CodingFact(Fact):
    """Our coding attached to other facts' items (e.g. the RegLab activity type of each
    service): its pages and rule; the coded values sit on the items themselves."""

    def has_content(self) -> bool:
        return self.source != "missing"


class Services(Strict):
    services: ListFact = _missing(ListFact)
    premium: ListFact = _missing(ListFact)
    network: TextFact | None = None
    activity_coding: CodingFact | None = None  # how the items' `activity` codes were assigned

    @model_validator(mode="after")
    def _codes_have_their_rule(self) -> Services:
        # An organisation coding its own services (source: own) needs no more; codes we put
        # on the report's or a public source's items are our coding and must say how.
        theirs = [f for f in (self.services, self.premium) if f.source != "own"]
        items = [i for f in theirs for i in f.items or []]
        if any(i.activity for i in items) and self.activity_coding is None:
            raise PydanticCustomError(
                "provenance",
                "services carry activity codes: add activity_coding (source: coded, page(s), rule)",
            )
        return self


class Staffing(Strict):
    staff_count: CountFact = _missing(CountFact)
    fte: QuantityFact = _missing(QuantityFact)
    roles: ListFact = _missing(ListFact)
    background: TextFact | None = None


class Case(Strict):
    """One cluster organisation: the report's six parameters plus its identity."""

    case_id: Id
    case_no: Annotated[int, Field(ge=1)] | None = None
    group: Group
    kind: KindFact  # cluster organisation, trade association, incubator, programme or network
    sector: Id  # an id of data/reference/sectors.csv (our classification)
    country_codes: list[CountryCode] = Field(min_length=1)  # ISO codes, for filtering
    name: NameFact
    city: NameFact = _missing(NameFact)
    region: TextFact = _missing(TextFact)
    country: TextFact = _missing(TextFact)
    founded: DateFact = _missing(DateFact)  # the organisation's own start (see its event)
    milestones: list[DateFact] = []  # other dated events: predecessor, brand, opening
    ownership: TextFact = _missing(TextFact)
    management: ListFact = _missing(ListFact)
    summary: TextFact = _missing(TextFact)
    recognition: list[TextFact] = []  # awards and standing, each with its source
    members: Members = Field(default_factory=Members)
    financing: Financing = Field(default_factory=Financing)
    technology: Technology = Field(default_factory=Technology)
    goals: Goals = Field(default_factory=Goals)
    services: Services = Field(default_factory=Services)
    staffing: Staffing = Field(default_factory=Staffing)

    @property
    def title(self) -> str:
        """The organisation's name (validation guarantees one)."""
        return self.name.value or self.case_id

    @model_validator(mode="after")
    def _has_a_name(self) -> Case:
        if self.name.value is None:
            raise PydanticCustomError("name", "every organisation needs a name (name.value)")
        return self
