"""Labels of figures and tables in Danish (default) or English, from labels.csv beside this module."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from analysis.dataset.errors import Problem, UsageError

LANGS = ("da", "en")
LABEL_FILE = Path(__file__).with_name("labels.csv")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    with LABEL_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["key"]: {lang: row[lang] for lang in LANGS} for row in csv.DictReader(handle)}


def check_lang(lang: object, argument: str = "lang") -> str:
    if lang not in LANGS:
        raise UsageError([Problem("argument", argument, lang, "expected da or en")])
    return str(lang)


def label(key: str, lang: str, **fields: object) -> str:
    """The label `key` in `lang`, with {placeholders} filled from `fields`."""
    try:
        text = _table()[key][check_lang(lang)]
    except KeyError:
        raise KeyError(f"no label {key!r} in {LABEL_FILE.name}") from None
    return text.format(**fields) if fields else text


def has_label(key: str) -> bool:
    return key in _table()
