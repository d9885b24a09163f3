"""Chart inputs shaped like the poll engine's output (docs/polls-engine-contract.md).

The frames come from small CSV files in tests/data/charts/ with the contract's
columns and dtypes; the catalog mirrors the engine's Catalog/Question/Option.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "charts"


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    options: list[Option]
    base: str


@dataclass(frozen=True)
class Catalog:
    questions: list[Question]


def read_aggregates(path: Path = DATA / "aggregates.csv") -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"survey": str, "question": str, "option": str,
                                     "base_kind": str, "group": str, "title": str,
                                     "suppression": str}, keep_default_na=False,
                        na_values={"count": [""], "answered": [""], "attended": [""],
                                   "base": [""], "share": [""], "ci_low": [""], "ci_high": [""]})
    for column in ("count", "answered", "attended", "base"):
        frame[column] = frame[column].astype("Int64")
    for column in ("approx", "suppressed"):
        frame[column] = frame[column].astype(str).map({"True": True, "False": False}).astype(bool)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


@pytest.fixture
def aggregates() -> pd.DataFrame:
    return read_aggregates()


@pytest.fixture
def meetups() -> pd.DataFrame:
    frame = pd.read_csv(DATA / "meetups.csv", dtype={"survey": str, "title": str, "group": str})
    frame["date"] = pd.to_datetime(frame["date"])
    frame["attended"] = frame["attended"].astype("Int64")
    return frame


@pytest.fixture
def catalog() -> Catalog:
    raw = yaml.safe_load((DATA / "catalog.yaml").read_text(encoding="utf-8"))
    return Catalog([
        Question(id=q["id"], kind=q["kind"], text=q["text"], base=q["base"],
                 options=[Option(**option) for option in q["options"]])
        for q in raw["questions"]
    ])
