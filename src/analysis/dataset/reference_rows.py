"""The reference tables' rows (one pydantic model per CSV table) and what each table must
hold: its row model, the column whose values must be unique, and the fewest rows the figures
and tables can be drawn from (`TABLES`, one entry per table)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from analysis.dataset.schema import SEGMENTS, Id, Label, Page, Percent, Segment, Text


class Row(BaseModel):
    """A CSV row: empty cells are None, numbers are parsed from text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_none(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: (None if v == "" else v) for k, v in data.items()}
        return data


class SegmentRow(Row):
    segment_id: Segment
    order: Annotated[int, Field(ge=1, le=6)]
    name: Label
    label_da: Label
    label_en: Label
    rank_tier: Annotated[int, Field(ge=1, le=6)]
    share_pct: Percent | None = None
    pages: Annotated[str, Field(pattern=r"^\d+(;\d+)*$")]
    note: str | None = None


class ActivityRow(Row):
    activity_id: Id
    position: Annotated[int, Field(ge=1, le=9)]
    section: Text
    label_da: Label
    label_en: Label
    page: Page


class AttentionRow(Row):
    activity_id: Id
    kind: Literal["prerequisite", "attention"]
    label_da: Label
    label_en: Label
    page: Page


class StaffingRow(Row):
    band: Text
    staff_min: Annotated[int, Field(ge=0)]
    staff_max: Annotated[int, Field(ge=0)] | None = None
    share_pct: Percent
    page: Page


class IntervieweeRow(Row):
    kind: Literal["expert", "practitioner"]
    name: Label
    role_da: str | None = None
    role_en: str | None = None
    organisation: str | None = None
    country_da: str | None = None
    country_en: str | None = None
    country_basis: str | None = None
    case_id: Id | None = None
    page: Page


class TheoryRow(Row):
    concept_id: Id
    concept: Text
    author: Text
    year: Annotated[int, Field(ge=1800, le=2100)]
    work: Text
    page: Page
    footnote: Annotated[int, Field(ge=1)]
    note: str | None = None


class SegmentActivityRow(Row):
    segment_id: Segment
    activity_id: Id
    note: Text


class ParameterRow(Row):
    parameter_id: Id
    number: Annotated[int, Field(ge=1, le=6)]
    label_da: Label
    label_en: Label
    section: Literal["members", "financing", "technology", "goals", "services", "staffing"]
    page: Page


class CodingRuleRow(Row):
    framework: Literal["reglab", "target_board", "financing"]
    code: Id
    order: Annotated[int, Field(ge=1)]
    keywords: Text
    note: str | None = None


class SectorRow(Row):
    sector_id: Id
    label_da: Label
    label_en: Label
    note: str | None = None


@dataclass(frozen=True)
class Table:
    """A reference table: its row model, the id column that must be unique (None: no such
    column) and the fewest rows the notebooks can draw from."""

    model: type[Row]
    key: str | None
    min_rows: int = 1


TABLES: dict[str, Table] = {
    "target_board_segments": Table(SegmentRow, "segment_id", len(SEGMENTS)),
    "reglab_activities": Table(ActivityRow, "activity_id"),
    "reglab_attention_points": Table(AttentionRow, None),
    "staffing_study": Table(StaffingRow, "band"),
    "interviewees": Table(IntervieweeRow, "name"),
    "cluster_theories": Table(TheoryRow, "concept_id"),
    "parameters": Table(ParameterRow, "parameter_id", 6),
    "segment_activities": Table(SegmentActivityRow, None, len(SEGMENTS)),
    "sectors": Table(SectorRow, "sector_id"),
    "coding_rules": Table(CodingRuleRow, None),
}
