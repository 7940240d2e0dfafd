"""How facts read in tables and captions: values in the chosen language, sources, and missing values."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from analysis.compute.strategy import Part
from analysis.dataset.schema import (
    BoolFact,
    Case,
    CountFact,
    DateFact,
    Fact,
    FeeSchedule,
    FundingFact,
    ListFact,
    MoneyFact,
    NameFact,
    PriorityFact,
    QuantityFact,
    ShareFact,
    TargetFact,
    TextFact,
)
from analysis.presentation.labels import has_label, label

if TYPE_CHECKING:
    import pandas as pd


PAGE_LOST = "n/a - page lost"  # how a note in the data says the report's page is lost


def number(value: float | int | None, lang: str, decimals: int | None = None) -> str:
    """A number with the language's separators (da: 1.650,5; en: 1,650.5); 'n/a' for None."""
    if value is None:
        return label("na", lang)
    if decimals is None:  # whole numbers and amounts of a thousand or more without decimals
        decimals = 0 if float(value).is_integer() or abs(float(value)) >= 1000 else 2
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if lang == "da":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def missing_text(fact: Fact | None, lang: str) -> str:
    """'n/a - page lost' where the note says the page is lost, else 'n/a'."""
    note = (fact.note or "") if fact is not None else ""
    return label("na_page_lost" if note.startswith(PAGE_LOST) else "na", lang)


def level_names(case: Case, lang: str) -> dict[str, str]:
    """Membership level id -> its label (from members.levels), for fee tables and charts."""
    return {item.id: item.label(lang) for item in case.members.levels.items or [] if item.id}


def fee_schedule_text(schedule: FeeSchedule, lang: str) -> str:
    parts = []
    cur = schedule.currency or ""
    for level in schedule.levels or []:
        text = f"{level.level}: {number(level.fixed, lang)}"
        if level.per_employee:
            text += f" + {number(level.per_employee, lang)} {label('per_employee', lang).lower()}"
        if level.cap is not None:
            text += f", {label('cap', lang).lower()} {number(level.cap, lang)}"
        parts.append(f"{text} {cur}")
    return "; ".join(parts)


def fact_value(fact: Fact | None, lang: str) -> str:
    """The value of a fact as text; missing facts read 'n/a' (never 0). One display rule per
    kind of fact (`_value`, dispatched on the fact's type)."""
    if fact is None or fact.is_missing:
        return missing_text(fact, lang)
    return _value(fact, lang)


@functools.singledispatch
def _value(fact: Fact, lang: str) -> str:
    raise TypeError(f"no display rule for {type(fact).__name__}")


@_value.register
def _(fact: FundingFact, lang: str) -> str:
    amount = f": {number(fact.value, lang)} {fact.unit}" if fact.value is not None else ""
    period = f" ({fact.period})" if fact.period else ""
    return f"{getattr(fact, lang).rstrip('.')}{amount}{period}"


@_value.register
def _(fact: TargetFact, lang: str) -> str:
    year = str(fact.year) if fact.year else label("na", lang)
    value = number(fact.value, lang)
    unit = unit_text(fact.unit, lang)
    return f"{getattr(fact, lang).rstrip('.')}: {value} {unit} ({year})".replace("  ", " ")


@_value.register
def _(fact: TextFact, lang: str) -> str:
    return fact.text(lang) or ""


@_value.register
def _(fact: ListFact, lang: str) -> str:
    if not fact.items:
        return label("none", lang)
    return "; ".join(
        item.label(lang) + (f" ({item.count})" if item.count is not None else "")
        for item in fact.items
    )


@_value.register
def _(fact: FeeSchedule, lang: str) -> str:
    return fee_schedule_text(fact, lang)


@_value.register
def _(fact: BoolFact, lang: str) -> str:
    return label("yes" if fact.value else "no", lang)


@_value.register
def _(fact: ShareFact, lang: str) -> str:
    return f"{number(fact.value, lang)} %"


@_value.register
def _(fact: MoneyFact, lang: str) -> str:
    return f"{number(fact.value, lang)} {fact.unit}"


@_value.register
def _(fact: PriorityFact, lang: str) -> str:
    return f"{fact.value} ({label(f'priority_{fact.value}', lang)})"


@_value.register(CountFact)
@_value.register(QuantityFact)
def _(fact: CountFact | QuantityFact, lang: str) -> str:
    return number(fact.value, lang)  # the unit has a column of its own (unit_text)


@_value.register
def _(fact: DateFact, lang: str) -> str:
    event = f" ({label(f'event.{fact.event}', lang)})" if fact.event else ""
    return f"{fact.value}{event}"


@_value.register
def _(fact: NameFact, lang: str) -> str:
    return str(fact.value)


def source_text(fact: Fact | None, lang: str) -> str:
    """Short provenance: 's. 17', 'afledt, s. 17', 'ekstern: url (date)', 'mangler'. Pages show
    an external source's URL as a link named by its domain (`linked`)."""
    if fact is None or fact.source == "missing":
        return label("missing", lang)
    pages = fact.pages or ([fact.page] if fact.page else [])
    if fact.source == "report":
        return f"{label('page', lang)} {', '.join(str(p) for p in pages)}"
    if fact.source in ("derived", "coded"):
        page = f", {label('page', lang)} {', '.join(str(p) for p in pages)}" if pages else ""
        if fact.source == "coded" and fact.url and not pages:  # coded from a public page
            return f"{label('coded', lang)}: {fact.url} ({date_text(fact.date, lang)})"
        return f"{label(fact.source, lang)}{page}"
    if fact.source == "own":
        return f"{label('own', lang)} ({date_text(fact.date, lang)})"
    return f"{label('external', lang)}: {fact.url} ({date_text(fact.date, lang)})"


def date_text(date: str | None, lang: str) -> str:
    """A page's date as the build's language writes it: 'n.d.' is 'u.å.' in Danish."""
    return label("no_date", lang) if date in (None, "n.d.") else str(date)


def unit_text(unit: object, lang: str) -> str:
    """A unit recorded in the data (in English) in the build's language where the label table
    has it ('members' -> 'medlemmer'); other units as recorded; '' for none (None or <NA>)."""
    if not isinstance(unit, str) or not unit:
        return ""
    key = f"unit.{unit.strip().lower()}"
    return label(key, lang) if has_label(key) else unit


def fact_note(fact: Fact | None, lang: str = "en") -> str:
    """The formula of a derived value, else the fact's note. Notes are recorded in English in
    the data (annotations of the source, shown as recorded); only the lost-page mark they start
    with is shown in the build's language."""
    if fact is None:
        return ""
    note = fact.note
    if note and note.startswith(PAGE_LOST):
        note = label("na_page_lost", lang) + note[len(PAGE_LOST) :]
    parts = [p for p in (fact.formula, fact.rule, note) if p]
    basis = getattr(fact, "unit_basis", None) or getattr(fact, "currency_basis", None)
    if basis is not None:
        parts.append(basis.formula)
    return " ".join(parts)


def year_text(fact: Fact | None) -> str:
    """The year a value describes, or '' where unknown or missing."""
    if fact is None or fact.is_missing or fact.as_of_year is None:
        return ""
    return str(fact.as_of_year)


def sources_line(facts: Iterable[Fact | None], lang: str, prefix: str = "") -> str:
    """'rapportens s. 17; ekstern: https://www.kpbs.org/... (2009-03-05)' from the facts behind
    a figure."""
    seen: list[str] = []
    for fact in facts:
        if fact is None or fact.source == "missing":
            continue
        text = source_text(fact, lang)
        if fact.source == "report":
            text = f"{label('report', lang)} {text}" if lang == "en" else f"rapportens {text}"
        if text not in seen:
            seen.append(text)
    body = "; ".join(seen) if seen else label("no_data", lang)
    return f"{prefix}{body}"


def part_value(part: Part, lang: str) -> str:
    """An input of a strategic axis as a reader sees it: number, count, %, yes/no or n/a."""
    if part.value is None:
        return label("na", lang)
    if part.kind == "yes_no":
        return label("yes" if part.value else "no", lang)
    if part.kind == "count":
        return str(int(part.value))
    if part.kind == "percent":
        return f"{number(part.value, lang)} %"
    if part.kind == "position":
        return number(part.value, lang, 2)
    if part.kind == "positions":
        return f"{number(part.value, lang, 2)} ({part.n})"
    return number(part.value, lang)


@dataclass(frozen=True)
class Caption:
    """A numbered caption: 'Figur 3.3.2: Budget ...', with its anchor (fig-3-3-2)."""

    kind: str  # figure or table
    number: str
    text: str  # the whole caption as plain text, number included

    @property
    def anchor(self) -> str:
        return f"{'fig' if self.kind == 'figure' else 'tab'}-{self.number.replace('.', '-')}"

    def html(self, source: str = "") -> str:
        """The caption as HTML, its anchor linkable (page.html#fig-3-3-2); `source` (HTML) is
        the source line under it."""
        line = f"<br><i>{source}</i>" if source else ""
        return (
            f'<p class="caption {self.kind}-caption" id="{self.anchor}">'
            f"<b>{html.escape(self.text)}</b>{line}</p>"
        )


def numbered_caption(kind: str, number: str, caption: str, lang: str) -> Caption:
    """'Tabel 3.3.2: De seks parametre side om side' (just 'Tabel 3.3.2' without a text)."""
    head = f"{label(kind, lang)} {number}"
    return Caption(kind, number, f"{head}: {caption}" if caption else head)


# a URL in HTML-escaped text (its & written &amp;); a closing bracket, comma or semicolon
# after it is the sentence's
URL = re.compile(r"https?://(?:&amp;|[^\s<>\"')\];,&])+")


def _link(url: str) -> str:
    """An escaped URL as a link named by its domain: <a href="https://www.kpbs.org/...">kpbs.org</a>."""
    name = urlparse(html.unescape(url)).netloc.removeprefix("www.") or url
    return f'<a href="{url}">{html.escape(name)}</a>'


def _links(escaped: str) -> str:
    """Every URL in HTML-escaped text a link (a full stop after it ends the sentence)."""

    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        stop = "." if url.endswith(".") else ""
        return _link(url.removesuffix(".")) + stop

    return URL.sub(one, escaped)


def linked(text: str) -> str:
    """Plain text as HTML, every URL in it a link named by its domain."""
    return _links(html.escape(text, quote=False))


PROVENANCE_PAGE = "provenance.html"  # the edition's page on source kinds and marks


def source_html(source: str, lang: str) -> str:
    """A caption's source line as HTML: 'Kilde: ...', its URLs as links, then a link to the
    page that explains every source kind and mark."""
    prefix = html.escape(label("kilde_prefix", lang))
    about = html.escape(label("provenance_link", lang))
    return (
        f'{prefix} {linked(source)} &middot; <a class="provenance" href="{PROVENANCE_PAGE}">'
        f"{about}</a>"
    )


LONG_WORD = 50  # characters: a word this long may break (words of text and numbers are shorter)
_TEXT_NODE = re.compile(r">([^<]+)<")
_WORD = re.compile(rf"\S{{{LONG_WORD},}}")
_CHAR = re.compile(r"&[#\w]+;|.", re.S)  # one character of escaped HTML: an entity is one


def soft_breaks(markup: str, every: int = 15) -> str:
    """HTML whose very long words (LONG_WORD characters or more, such as a pasted token) may
    break: a <wbr> every `every` characters of the text, never inside a tag or an entity; the
    words of ordinary text and every number stay whole."""

    def word(match: re.Match[str]) -> str:
        chars = _CHAR.findall(match.group(0))
        return "<wbr>".join("".join(chars[i : i + every]) for i in range(0, len(chars), every))

    return _TEXT_NODE.sub(lambda m: ">" + _WORD.sub(word, m.group(1)) + "<", markup)


class TableDisplay:
    """A table as the notebook shows it: pandas' own text form, and HTML with its URLs as
    links named by their domain and its decimal numbers in the language's format (the saved CSV
    keeps the numbers and the whole URLs)."""

    def __init__(self, frame: pd.DataFrame, lang: str, caption: str = "") -> None:
        self.frame = frame
        self.lang = lang
        self.caption = caption  # the numbered caption (HTML), kept in one block with the table

    def _repr_html_(self) -> str:
        import pandas as pd

        shown = self.frame.copy()
        for column in shown.columns:
            if pd.api.types.is_float_dtype(shown[column]):
                shown[column] = [
                    label("na", self.lang) if pd.isna(v) else number(v, self.lang)
                    for v in shown[column]
                ]
        # no row of index names (pandas' 'Felt' above the body) and headings aligned as the text
        table = str(
            shown.to_html(
                escape=True, na_rep=label("na", self.lang), index_names=False, justify="left"
            )
        )
        body = soft_breaks(_links(table))
        # caption and table in one block, so that a printed page never ends with a caption
        return f'<div class="table-block">{self.caption}{body}</div>' if self.caption else body

    def __repr__(self) -> str:
        return repr(self.frame)


BASIS_TERMS = (  # the fixed English terms of analysis.compute.metrics' bases, by label key
    ("ECB average", "basis.ecb_average"),
    ("head count, at most as many FTE", "basis.head_count_bound"),
    ("head count as an upper bound where FTE is unknown", "basis.head_count_upper"),
    ("budget in", "basis.budget_in"),
    ("number of items", "basis.number_of_items"),
    ("own figures", "basis.own_figures"),
)
RATE = re.compile(r"(?<= x )\d+\.\d+(?= )")
PAGES = re.compile(r"\bpp?\. (?=\d)")


def basis_text(basis: str, lang: str) -> str:
    """A metric's basis (field paths and formulas, written in English by the computation) with
    its fixed terms, page references and exchange rates in the build's language; formulas and
    notes quoted from the data stay as recorded."""
    if lang == "en":
        return basis
    for english, key in BASIS_TERMS:
        basis = basis.replace(english, label(key, lang))
    basis = RATE.sub(lambda m: number(float(m.group(0)), lang, 4), basis)
    return PAGES.sub(label("page", lang) + " ", basis)


def country_names(codes: list[str], lang: str) -> str:
    """ISO country codes as the build's language names them ('DK, SE' -> 'Danmark, Sverige'),
    from the Unicode CLDR data that Babel ships."""
    from babel import Locale

    names = Locale(lang).territories
    return ", ".join(names.get(code, code) for code in codes)
