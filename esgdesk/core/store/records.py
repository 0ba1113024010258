"""What a report holds besides its figures: the header, entities, explanations and section states."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime

from esgdesk.core.catalogue import Model

SECTION_STATES = ("draft", "submitted", "approved")

ValueKey = tuple[str, str, int]  # entity, indicator, year


def now_iso() -> str:
    """Now, as the file records times (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(kw_only=True)
class ReportMeta(Model):
    """What a report is: whose, which year, which kind of file."""

    report_id: str
    company: str
    company_zh: str = ""
    entity: str  # id of the reporting entity (the group, or the company itself)
    year: int
    currency: str = "CNY"
    created_at: str
    created_by: str
    app_version: str
    kind: str = "master"  # master | collection
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def prior_year(self) -> int:
        return self.year - 1


@dataclass(frozen=True, slots=True)
class Entity:
    """A company of the report: the reporting one or a subsidiary, with its identifier."""

    id: str
    name: str
    identifier: str = ""
    scheme: str = ""
    parent: str | None = None
    in_scope: bool = True
    ownership: float = 1.0
    position: int = 0


@dataclass(frozen=True, slots=True)
class Explanation:
    """A note kept with a figure (an explanation or an acknowledgement), its author and time."""

    text: str
    author: str
    at: str


@dataclass(frozen=True, slots=True)
class SectionState:
    """Where a section stands in review (draft, submitted, approved), who set it and when."""

    state: str
    by: str
    at: str
    comment: str | None


def write_meta(db: sqlite3.Connection, meta: ReportMeta) -> None:
    """The header rows of the file, inside the caller's transaction."""
    db.execute("DELETE FROM meta")
    db.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("format", "esgdesk-report"),
            ("meta", json.dumps(dataclasses.asdict(meta), ensure_ascii=False, separators=(",", ":"))),
        ],
    )
