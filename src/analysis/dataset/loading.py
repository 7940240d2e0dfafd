"""Read and validate the case files and reference tables.

Every problem becomes one `Problem` line naming the file, the field path, the bad value and what
was expected; all problems of a run are collected before `DataError` is raised. YAML is read with
a safe loader only, so a tag such as `!!python/object/apply` is refused and never executed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from analysis.dataset.coding import code_cases
from analysis.dataset.errors import DataError, Problem, UsageError, Written, suggest
from analysis.dataset.paths import display_path, resolve_data_dir
from analysis.dataset.reference_rows import TABLES, Row
from analysis.dataset.schema import ID_PATTERN, SEGMENTS, Case, Page, Text

CASE_SUFFIXES = (".yaml", ".yml")
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a key given twice in one mapping (YAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _first_alias(text: str) -> int | None:
    """The line (0-based) of the first alias (*name) of a YAML text, scanning events only
    (nothing is built)."""
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            return int(event.start_mark.line) if event.start_mark else 0
    return None


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse one YAML file safely; return (data, problems)."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, "(file)", str(path), f"cannot be read: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1]
        return None, [Problem(name, f"(byte {exc.start})", bad, "the file must be UTF-8 text")]
    try:
        alias = _first_alias(text)
        if alias is not None:
            # An alias repeats a node; nested ones can stand for billions of values (an "alias
            # bomb") that any later step would expand. The data needs none, so none is read.
            return None, [
                Problem(name, f"(line {alias + 1})", "*alias", "YAML aliases are not allowed")
            ]
        data = yaml.load(
            text, Loader=_UniqueKeyLoader
        )  # a SafeLoader subclass: no arbitrary objects
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        where = f"(line {mark.line + 1})" if mark else "(yaml)"
        problem = exc.problem or "constructor error"
        if "constructor for the tag" in problem:
            tag = problem.split("tag", 1)[1].strip(" '")
            return None, [
                Problem(name, where, tag, "unsafe or unknown YAML tag; only plain YAML is read")
            ]
        return None, [Problem(name, where, problem, "each key may appear only once")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"(line {mark.line + 1}, column {mark.column + 1})" if mark else "(yaml)"
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(name, where, problem, "valid YAML syntax")]
    if data is None:
        return None, [Problem(name, "(top level)", "", "the file is empty; expected a mapping")]
    if not isinstance(data, dict):
        return None, [
            Problem(name, "(top level)", type(data).__name__, "expected a mapping of fields")
        ]
    return data, []


def _loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_PLAIN = {
    # pydantic error type -> wording of what was expected
    "greater_than_equal": "expected a number >= {ge}",
    "less_than_equal": "expected a number <= {le}",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "string_type": "expected text (quote dates and numbers meant as text)",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
    "literal_error": "expected {expected}",
    "string_pattern_mismatch": "expected text matching {pattern}",
    "string_too_short": "expected non-empty text",
}


def _fields_at(model: type[BaseModel] | None, loc: Sequence[int | str]) -> list[str]:
    """The field names of the model found at `loc` inside `model` (list indices skipped),
    for suggesting a field where a misspelt one was written."""
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int) or part not in model.model_fields:
            continue
        model = _model_of(model.model_fields[part].annotation)
    return list(model.model_fields) if model is not None else []


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def validation_problems(
    name: str, exc: ValidationError, prefix: str = "", model: type[BaseModel] | None = None
) -> list[Problem]:
    """pydantic's errors as Problems (field path, bad value as written, expectation), with the
    missing key named and a near miss of a field or a choice suggested."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        field_path = _loc(loc)
        if prefix:
            field_path = f"{prefix}.{field_path}" if loc else prefix
        value = error.get("input")
        if error["type"] == "missing":
            value = Written(f"no {loc[-1]!s}" if loc else "nothing")
            expected = f"required field {loc[-1]!s} is missing" if loc else "required field"
        elif error["type"] == "extra_forbidden":
            value = Written(str(loc[-1]) if loc else "")
            choices = _fields_at(model or Case, loc[:-1])
            expected = "unknown field" + (
                suggest(loc[-1] if loc else "", choices)
                or " (check the spelling against the template)"
            )
        elif error["type"] == "literal_error":
            choices = re.findall(r"'([^']+)'", str(error.get("ctx", {}).get("expected", "")))
            expected = f"expected {error['ctx']['expected']}" + suggest(value, choices)
        elif error["type"] == "shares":
            value = error["ctx"]["total"]
            expected = error["msg"].split(";")[0]
        else:
            template = _PLAIN.get(error["type"])
            expected = template.format(**error.get("ctx", {})) if template else error["msg"]
        problems.append(Problem(name, field_path, value, expected))
    return problems


def parse_case(path: Path) -> tuple[Case | None, list[Problem]]:
    """Read and validate one case file. A valid file read before with the same name and the
    very same bytes is not parsed again (a validated case is immutable and does not depend on
    its folder): a build reads the data and then its snapshot, and the tests read many copies of
    one data folder. A file with problems is always read again, so they name its path."""
    try:
        key = (path.stem, hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:
        return _parse_case(path)  # read_yaml says what is wrong, in one line
    if key in _VALID:
        return _VALID[key], []
    case, problems = _parse_case(path)
    if case is not None:
        if len(_VALID) >= _MAX_CACHED:
            _VALID.clear()
        _VALID[key] = case
    return case, problems


_VALID: dict[tuple[str, str], Case] = {}
_MAX_CACHED = 2048


def _parse_case(path: Path) -> tuple[Case | None, list[Problem]]:
    data, problems = read_yaml(path)
    if problems:
        return None, problems
    name = display_path(path)
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return None, validation_problems(name, exc)
    if case.case_id != path.stem:
        return None, [
            Problem(name, "case_id", case.case_id, f"must equal the file name ({path.stem!r})")
        ]
    return case, []


def case_files(data_dir: Path) -> list[Path]:
    cases_dir = data_dir / "cases"
    return sorted(p for p in cases_dir.iterdir() if p.suffix in CASE_SUFFIXES and p.is_file())


def check_data_dir(data_dir: Path, argument: str = "--data-dir") -> None:
    if not data_dir.is_dir():
        raise DataError([Problem("argument", argument, str(data_dir), "no such folder")])
    if not (data_dir / "cases").is_dir():
        raise DataError(
            [Problem("argument", argument, str(data_dir), "expected a folder with cases/ inside")]
        )


def load_cases(data_dir: str | Path | None = None) -> dict[str, Case]:
    """All case files of `data_dir`, validated, keyed by case id in report order."""
    folder = resolve_data_dir(data_dir)
    check_data_dir(folder)
    files = case_files(folder)
    if not files:
        raise DataError([Problem(display_path(folder / "cases"), "(folder)", "", "no case files")])
    problems: list[Problem] = []
    cases: list[tuple[Case, Path]] = []
    for path in files:
        case, found = parse_case(path)
        problems += found
        if case is not None:
            cases.append((case, path))
    for key in ("case_id", "case_no"):
        first: dict[Any, Path] = {}
        for case, path in cases:
            value = getattr(case, key)
            if value is None:
                continue
            if value in first:
                problems.append(
                    Problem(
                        display_path(path),
                        key,
                        value,
                        f"duplicate; already used by {display_path(first[value])}",
                    )
                )
            else:
                first[value] = path
    if problems:
        raise DataError(problems)
    ordered = sorted(
        (case for case, _ in cases), key=lambda c: (c.case_no is None, c.case_no or 0, c.case_id)
    )
    return {case.case_id: case for case in ordered}


# ---------------------------------------------------------------- reference tables


class TableSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    title: Text
    source: Text
    pages: list[Page]
    note: str | None = None


@dataclass
class Reference:
    """The reference tables as DataFrames, plus what each table is and where it comes from."""

    tables: dict[str, Any]  # name -> pandas.DataFrame
    sources: dict[str, TableSource] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None


def _read_table(path: Path, model: type[Row], key: str | None) -> tuple[list[Row], list[Problem]]:
    name = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return [], [Problem(name, "(file)", "", "reference table is missing")]
    except OSError as exc:
        return [], [Problem(name, "(file)", "", f"cannot be read: {exc.strerror or exc}")]
    except UnicodeDecodeError as exc:
        return [], [Problem(name, f"(byte {exc.start})", "", "the file must be UTF-8 text")]
    reader = csv.DictReader(io.StringIO(text))
    expected = list(model.model_fields)
    if reader.fieldnames is None or sorted(reader.fieldnames) != sorted(expected):
        return [], [Problem(name, "(header)", reader.fieldnames, f"expected columns {expected}")]
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, record in enumerate(reader, start=2):
        try:
            rows.append(model.model_validate(record))
        except ValidationError as exc:
            problems += validation_problems(name, exc, prefix=f"line {line}")
    if key:
        values = [getattr(row, key) for row in rows]
        for value in sorted({v for v in values if values.count(v) > 1}):
            problems.append(Problem(name, key, value, "duplicate; ids must be unique"))
    return rows, problems


def _table_checks(tables: dict[str, list[Any]], folder: Path) -> list[Problem]:
    problems: list[Problem] = []

    def where(table: str) -> str:
        return display_path(folder / f"{table}.csv")

    segments = {row.segment_id for row in tables["target_board_segments"]}
    if segments and segments != set(SEGMENTS):
        problems.append(
            Problem(
                where("target_board_segments"), "segment_id", sorted(segments), "the six segments"
            )
        )
    positions = sorted(row.position for row in tables["reglab_activities"])
    if positions and positions != list(range(1, len(positions) + 1)):
        problems.append(Problem(where("reglab_activities"), "position", positions, "1, 2, ... n"))
    activities = {row.activity_id for row in tables["reglab_activities"]}
    for table in ("reglab_attention_points", "segment_activities"):
        problems += [
            Problem(
                where(table),
                "activity_id",
                row.activity_id,
                "an activity_id of reglab_activities.csv",
            )
            for row in tables[table]
            if activities and row.activity_id not in activities
        ]
    mapped = {row.segment_id for row in tables["segment_activities"]}
    if tables["segment_activities"] and mapped != set(SEGMENTS):
        problems.append(
            Problem(
                where("segment_activities"),
                "segment_id",
                sorted(mapped),
                "every one of the six segments",
            )
        )
    codes = {
        "reglab": activities,
        "target_board": set(SEGMENTS),
        "financing": {"public", "member"},
    }
    problems += [
        Problem(
            where("coding_rules"),
            "code",
            row.code,
            f"a code of {row.framework}: {', '.join(sorted(codes[row.framework]))}",
        )
        for row in tables["coding_rules"]
        if codes[row.framework] and row.code not in codes[row.framework]
    ]
    shares = [row.share_pct for row in tables["staffing_study"]]
    if shares and abs(sum(shares) - 100) > 0.5:
        problems.append(
            Problem(where("staffing_study"), "share_pct", shares, "shares summing to 100")
        )
    return problems


def load_reference(data_dir: str | Path | None = None) -> Reference:
    """The reference tables of `data_dir`/reference as DataFrames, validated."""
    import pandas as pd

    folder = resolve_data_dir(data_dir)
    check_data_dir(folder)
    ref_dir = folder / "reference"
    problems: list[Problem] = []
    parsed: dict[str, list[Row]] = {}
    for table, spec in TABLES.items():
        rows, found = _read_table(ref_dir / f"{table}.csv", spec.model, spec.key)
        if not found and len(rows) < spec.min_rows:  # a table the notebooks cannot draw
            found = [
                Problem(
                    display_path(ref_dir / f"{table}.csv"),
                    "(rows)",
                    len(rows),
                    f"at least {spec.min_rows} row(s)",
                )
            ]
        parsed[table] = rows
        problems += found
    problems += _table_checks(parsed, ref_dir)
    sources: dict[str, TableSource] = {}
    meta, found = read_yaml(ref_dir / "sources.yaml")
    problems += found
    for table, entry in (meta or {}).items():
        if table not in TABLES:
            problems.append(
                Problem(
                    display_path(ref_dir / "sources.yaml"), table, table, "a reference table name"
                )
            )
            continue
        try:
            sources[table] = TableSource.model_validate(entry)
        except ValidationError as exc:
            problems += validation_problems(display_path(ref_dir / "sources.yaml"), exc, table)
    if problems:
        raise DataError(problems)
    frames = {
        table: pd.DataFrame(
            [row.model_dump() for row in rows],
            columns=list(TABLES[table].model.model_fields),
        )
        for table, rows in parsed.items()
    }
    return Reference(tables=frames, sources=sources)


@dataclass
class Dataset:
    """Everything the notebooks and the report build read: cases plus reference tables."""

    data_dir: Path
    cases: dict[str, Case]
    reference: Reference


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Cases and reference tables, validated together so that all problems are reported."""
    folder = resolve_data_dir(data_dir)
    problems: list[Problem] = []
    cases: dict[str, Case] = {}
    reference = Reference(tables={})
    check_data_dir(folder)
    try:
        cases = load_cases(folder)
    except DataError as exc:
        problems += exc.problems
    try:
        reference = load_reference(folder)
    except DataError as exc:
        problems += exc.problems
    if not problems:
        problems += _activity_codes(cases, reference, folder)
        problems += _sector_codes(cases, reference, folder)
    if problems:
        raise DataError(problems)
    # the report's frameworks applied to every organisation by the written rules
    return Dataset(folder, code_cases(cases, reference), reference)


def _activity_codes(cases: dict[str, Case], reference: Reference, folder: Path) -> list[Problem]:
    """Service items may name a RegLab activity type; it must be one of the reference table's."""
    known = set(reference.reglab_activities.activity_id)
    problems = []
    for case in cases.values():
        for kind in ("services", "premium"):
            items = getattr(case.services, kind).items or []
            for i, item in enumerate(items):
                if item.activity is not None and item.activity not in known:
                    problems.append(
                        Problem(
                            display_path(folder / "cases" / f"{case.case_id}.yaml"),
                            f"services.{kind}.items[{i}].activity",
                            item.activity,
                            f"one of: {', '.join(sorted(known))}",
                        )
                    )
    return problems


def _sector_codes(cases: dict[str, Case], reference: Reference, folder: Path) -> list[Problem]:
    """Every case's sector must be one of data/reference/sectors.csv."""
    known = set(reference.sectors.sector_id)
    return [
        Problem(
            display_path(folder / "cases" / f"{case.case_id}.yaml"),
            "sector",
            case.sector,
            f"one of: {', '.join(sorted(known))} (data/reference/sectors.csv)"
            + suggest(case.sector, known),
        )
        for case in cases.values()
        if case.sector not in known
    ]


def data_files(data_dir: str | Path | None = None) -> list[Path]:
    """Every input file of the data folder (for checksums in the report manifest)."""
    folder = resolve_data_dir(data_dir)
    # Only what the loader reads: cases/ and reference/, not what else lies in the folder (a
    # report built into it, notes, templates).
    found = [p for p in (folder / "cases").glob("*") if p.suffix in CASE_SUFFIXES]
    found += [p for p in (folder / "reference").glob("*") if p.suffix in (".csv", ".yaml")]
    return sorted(p for p in found if p.is_file())


def get_case(cases: Mapping[str, Case], case_id: object, argument: str = "case_id") -> Case:
    """The case with this id; a clear error for a path-like or unknown id."""
    if not isinstance(case_id, str) or not ID_PATTERN.match(case_id):
        raise UsageError(
            [
                Problem(
                    "argument",
                    argument,
                    case_id,
                    "expected an id of lowercase letters, digits and _",
                )
            ]
        )
    if case_id not in cases:
        expected = "unknown case" + (
            suggest(case_id, cases) or " (python -m analysis cases lists them)"
        )
        raise UsageError([Problem("argument", argument, case_id, expected)])
    return cases[case_id]
