"""The report's frameworks applied to every organisation by written rules.

The report places its cases' goals on the Cluster Initiative Target Board (pp. 7-8, 13) and
their services on RegLab's nine activity types (pp. 9-12). Here the same two codings are applied
to every organisation, the report's six and the benchmark alike, by the rules of
data/reference/coding_rules.csv: each rule is a list of keywords (word beginnings, matched in a
fact's English text without regard to case), so that a second reader applying them reaches the
same codes.

- A service (an item of `services.services` or `services.premium`) gets the RegLab activity of
  the first `reglab` rule, in the rules' order, one of whose keywords its text contains.
- A Target Board objective gets a priority 0-3 from two kinds of evidence: each goal statement
  (vision, mission, choices, each target, the targets' note) that contains a keyword of the
  objective counts 2 points (at most 4), and each service whose activity serves the objective
  (data/reference/segment_activities.csv) 1 point (at most 2); 0 points = 0, 1 = 1, 2-3 = 2,
  4 or more = 3. With no goal statement and no service, the priority stays unknown.
- A fact about another body (`about`) is never coded for this organisation.
- What an organisation states itself (`source: own`) is never replaced. Our earlier codings
  (`source: coded`) are: every organisation is coded by the same rules.

Each coded value is a `coded` fact that names the rule, rests on the fact it was coded from (its
url, date and year, or the report's page) and says in its note which words decided it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from analysis.dataset.schema import (
    SEGMENTS,
    Case,
    CodingFact,
    Fact,
    Item,
    ListFact,
    PriorityFact,
    TextFact,
)

FRAMEWORKS = ("reglab", "target_board", "financing")
ACTIVITY_RULE = (
    "RegLab activity: the first reglab rule of data/reference/coding_rules.csv (in its order) one "
    "of whose keywords the service's English text contains"
)
PRIORITY_RULE = (
    "Target Board priority from data/reference/coding_rules.csv: 2 points for each goal statement "
    "with a keyword of the objective (at most 4), 1 for each service whose activity serves it "
    "(segment_activities.csv; at most 2); 0 points = 0, 1 = 1, 2-3 = 2, 4 or more = 3"
)


@dataclass(frozen=True)
class Rule:
    framework: str
    code: str
    order: int
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]

    def match(self, text: str) -> str | None:
        """The first keyword the text contains (at a word's beginning), or None."""
        found = self.pattern.search(text)
        return found.group(0).lower() if found else None


def rules_from_table(table: Any) -> list[Rule]:
    """The rules of the coding_rules reference table (a DataFrame), in their order."""
    rules = []
    for row in table.sort_values(["framework", "order"]).itertuples():
        keywords = tuple(k.strip().lower() for k in row.keywords.split(";") if k.strip())
        pattern = re.compile(
            r"(?<![\w])(" + "|".join(re.escape(k) for k in keywords) + ")", re.IGNORECASE
        )
        rules.append(Rule(row.framework, row.code, int(row.order), keywords, pattern))
    return rules


def _text(item: Item | TextFact) -> str:
    """The English text of a statement or an item (a proper name where it has no rendering)."""
    if isinstance(item, TextFact):
        return item.en or ""
    return " ".join(t for t in (item.name, item.en) if t)


def activity_of(text: str, rules: Iterable[Rule]) -> tuple[str, str] | None:
    """(activity, the keyword that decided it) for a service's text, or None."""
    for rule in rules:
        if rule.framework == "reglab":
            word = rule.match(text)
            if word:
                return rule.code, word
    return None


def _provenance(fact: Fact) -> dict[str, Any]:
    """Where a coded value rests: the fact it was coded from (its page, or url, date, year)."""
    if fact.page or fact.pages:
        return {"page": fact.page, "pages": fact.pages, "as_of": fact.as_of_year}
    if fact.url and fact.date:
        return {"url": fact.url, "date": fact.date, "as_of": fact.as_of_year}
    # an own or derived statement: its year, and the formula or note it carries
    return {"pages": None, "as_of": fact.as_of_year}


def _coded(fact_type: type[Fact], rule: str, basis: Fact, note: str, **value: Any) -> Any:
    provenance = _provenance(basis)
    if "url" not in provenance and not (provenance.get("page") or provenance.get("pages")):
        # coded from our own derivation or an own figure: the basis says where it comes from
        return fact_type(
            source="derived",
            formula=f"{rule} (from {basis.source} text: {basis.source_ref() or basis.note or ''})",
            as_of=provenance["as_of"],
            note=note,
            **value,
        )
    return fact_type(source="coded", rule=rule, note=note, **provenance, **value)


def code_services(case: Case, rules: list[Rule]) -> tuple[Case, dict[str, list[str]]]:
    """The case with every service item (of a fact not about another body, not its own
    coding) given its RegLab activity; returns also activity -> the texts coded to it."""
    services = case.services
    changes: dict[str, ListFact] = {}
    coded: dict[str, list[str]] = {}
    words: list[str] = []
    for name in ("services", "premium"):
        fact: ListFact = getattr(services, name)
        if fact.items is None or fact.about or fact.source == "own":
            continue
        items = []
        for item in fact.items:
            found = activity_of(_text(item), rules)
            activity = found[0] if found else None
            if found and name == "services":
                coded.setdefault(found[0], []).append(found[1])
                words.append(f"{found[1]} -> {found[0]}")
            items.append(item.model_copy(update={"activity": activity}))
        changes[name] = fact.model_copy(update={"items": items})
    if not changes:
        return case, coded
    basis = services.services if services.services.items is not None else services.premium
    note = "keywords: " + ("; ".join(words) if words else "none matched")
    coding = _coded(CodingFact, ACTIVITY_RULE, basis, note)
    updated = services.model_copy(update={**changes, "activity_coding": coding})
    return case.model_copy(update={"services": updated}), coded


def goal_statements(case: Case) -> list[tuple[str, Fact, str]]:
    """(field, fact, English text) of every goal statement not about another body."""
    goals = case.goals
    found: list[tuple[str, Fact, str]] = []
    for field in ("vision", "mission", "choices"):
        fact = getattr(goals, field)
        if not fact.is_missing and not fact.about and fact.en:
            found.append((f"goals.{field}", fact, fact.en))
    for i, target in enumerate(goals.targets):
        if not target.about:
            found.append((f"goals.targets[{i}]", target, target.en))
    note = goals.targets_note
    if note is not None and not note.is_missing and not note.about and note.en:
        found.append(("goals.targets_note", note, note.en))
    return found


def code_priorities(
    case: Case,
    rules: list[Rule],
    served: Mapping[str, list[str]],
    activity_segments: Mapping[str, set[str]],
) -> Case:
    """The case with every Target Board objective it does not state itself coded 0-3."""
    statements = goal_statements(case)
    service_fact = case.services.services
    has_services = service_fact.items is not None and not service_fact.about
    if not statements and not has_services:
        return case
    by_segment = {r.code: r for r in rules if r.framework == "target_board"}
    current = case.goals.priorities.by_segment()
    changes: dict[str, PriorityFact] = {}
    for segment in SEGMENTS:
        if current[segment].source == "own" or segment not in by_segment:
            continue
        rule = by_segment[segment]
        hits = [(field, fact, rule.match(text)) for field, fact, text in statements]
        hits = [(field, fact, word) for field, fact, word in hits if word]
        services = [
            word
            for activity, words in served.items()
            if segment in activity_segments.get(activity, set())
            for word in words
        ]
        points = min(2 * len(hits), 4) + min(len(services), 2)
        value = 0 if points == 0 else 1 if points == 1 else 2 if points <= 3 else 3
        parts = [f"{field}: '{word}'" for field, _, word in hits]
        if services:
            parts.append(f"{len(services)} service(s) serving it")
        note = f"{points} point(s): " + (
            "; ".join(parts) if parts else "no goal or service names it"
        )
        basis = hits[0][1] if hits else (statements[0][1] if statements else service_fact)
        changes[segment] = _coded(PriorityFact, PRIORITY_RULE, basis, note, value=value)
    priorities = case.goals.priorities.model_copy(update=changes)
    goals = case.goals.model_copy(update={"priorities": priorities})
    return case.model_copy(update={"goals": goals})


def code_case(case: Case, rules: list[Rule], activity_segments: Mapping[str, set[str]]) -> Case:
    """Both codings of one organisation."""
    case, served = code_services(case, rules)
    return code_priorities(case, rules, served, activity_segments)


def code_cases(cases: Mapping[str, Case], reference: Any) -> dict[str, Case]:
    """Every organisation coded by the rules of the reference tables."""
    rules = rules_from_table(reference.coding_rules)
    segments: dict[str, set[str]] = {}
    for row in reference.segment_activities.itertuples():
        segments.setdefault(row.activity_id, set()).add(row.segment_id)
    return {case_id: code_case(case, rules, segments) for case_id, case in cases.items()}
