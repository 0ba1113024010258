"""The workflow's history, read back from the master's audit log.

Issues, merges, submissions and review decisions are audit entries (field `workflow`), so they
share the log's guarantees: append-only, hash-chained, and written in the same transaction as
the values they concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from esgdesk.core.store import Batch, Report

FIELD = "workflow"


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    at: str
    user: str
    data: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.data.get("event", ""))

    def __getitem__(self, key: str) -> Any:
        return self.data.get(key)


def read_events(report: Report) -> list[Event]:
    return [
        Event(e.seq, e.at, e.user, dict(e.new) if isinstance(e.new, dict) else {})
        for e in report.audit_log(field=FIELD)
    ]


def append_event(batch: Batch, data: dict[str, Any], *, why: str | None = None, source: str = "workflow") -> None:
    """Inside the caller's batch."""
    batch.log(FIELD, new=data, entity=data.get("entity"), why=why, source=source)


def log_event(report: Report, data: dict[str, Any], *, why: str | None = None) -> None:
    report.log(FIELD, new=data, why=why, source="workflow")


@dataclass(frozen=True, slots=True)
class History:
    """What the events say now: the latest issue per department and entity, merged nonces, live submissions."""

    issues: dict[str, Event]  # nonce -> issue event
    latest: dict[tuple[str, str], Event]  # (department, entity) -> latest issue
    merged: dict[str, Event]  # nonce -> merge event
    submissions: dict[tuple[str, str, str], Event]  # (entity, section, department) -> submit event still standing
    sent_back: dict[tuple[str, str], Event]  # (entity, section) -> latest send-back

    @classmethod
    def of(cls, report: Report) -> History:
        issues: dict[str, Event] = {}
        latest: dict[tuple[str, str], Event] = {}
        merged: dict[str, Event] = {}
        subs: dict[tuple[str, str, str], Event] = {}
        sent_back: dict[tuple[str, str], Event] = {}
        for ev in read_events(report):
            if ev.kind == "issue":
                issues[ev["nonce"]] = ev
                latest[(ev["department"], ev["entity"])] = ev
            elif ev.kind == "merge":
                for nonce in ev["nonces"] or []:
                    merged[nonce] = ev
            elif ev.kind == "submit":
                subs[(ev["entity"], ev["section"], ev["department"])] = ev
            elif ev.kind == "send_back":
                key = (ev["entity"], ev["section"])
                sent_back[key] = ev
                for k in [k for k in subs if k[:2] == key]:
                    del subs[k]
        return cls(issues, latest, merged, subs, sent_back)

    def submitted_by(self, entity: str, section: str) -> set[str]:
        return {k[2] for k in self.submissions if k[0] == entity and k[1] == section}
