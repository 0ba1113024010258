"""Where each department stands: issued, returned, submitted, approved, completion, findings, overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from esgdesk.core.catalogue import Severity
from esgdesk.core.workflow import assignments
from esgdesk.core.workflow.events import History

if TYPE_CHECKING:
    from esgdesk.core.store import Report


@dataclass(frozen=True, slots=True)
class DepartmentStatus:
    department: str
    name: str
    entity: str
    issued_at: str | None
    deadline: str | None
    returned_at: str | None
    sections: int
    submitted: int  # sections this department has handed in (or that are approved)
    approved: int
    filled: int
    expected: int
    errors: int
    open_warnings: int
    sent_back: list[str]
    overdue: bool

    @property
    def stage(self) -> str:
        if self.sections and self.approved == self.sections:
            return "approved"
        if self.sections and self.submitted == self.sections:
            return "submitted"
        if self.returned_at:
            return "returned"
        if self.issued_at:
            return "issued"
        return "not issued"

    @property
    def completion(self) -> float:
        return self.filled / self.expected if self.expected else 1.0

    def to_json(self) -> dict[str, object]:
        return {
            "department": self.department,
            "name": self.name,
            "entity": self.entity,
            "stage": self.stage,
            "issued_at": self.issued_at,
            "deadline": self.deadline,
            "returned_at": self.returned_at,
            "sections": self.sections,
            "submitted": self.submitted,
            "approved": self.approved,
            "completion": round(self.completion, 4),
            "filled": self.filled,
            "expected": self.expected,
            "errors": self.errors,
            "open_warnings": self.open_warnings,
            "sent_back": self.sent_back,
            "overdue": self.overdue,
        }


def department_status(master: Report, *, today: date | None = None) -> list[DepartmentStatus]:
    """One row per department and entity: the reporting entity, plus every entity a file was issued for."""
    from esgdesk.core.validation import Engine

    today = today or date.today()
    history = History.of(master)
    engine = Engine(master)
    engine.run_all()
    findings = [f for f in engine.findings(year=master.year)]
    own = assignments.owners(master)
    out: list[DepartmentStatus] = []
    for a in assignments.departments(master):
        if not a.indicators:
            continue
        entities = [master.entity] + sorted({e for (d, e) in history.latest if d == a.department} - {master.entity})
        for ent in entities:
            issue = history.latest.get((a.department, ent))
            merged = history.merged.get(issue["nonce"]) if issue is not None else None
            submitted = approved = 0
            sent_back: list[str] = []
            for s in a.sections:
                state = master.section_state(s, ent)
                if state.state == "approved":
                    approved += 1
                    submitted += 1
                elif (ent, s, a.department) in history.submissions:
                    submitted += 1
                elif state.state == "draft" and state.comment:
                    sent_back.append(s)
            typed = [i for i in a.indicators if not master.catalogue.indicators[i].computed]
            filled = sum(1 for i in typed if master.get(i, master.year, ent) is not None)
            mine = [f for f in findings if f.entity == ent and own.get(f.indicator) == a.department]
            deadline = issue["deadline"] if issue is not None else None
            done = bool(a.sections) and submitted == len(a.sections)
            overdue = bool(deadline) and not done and date.fromisoformat(str(deadline)) < today
            out.append(
                DepartmentStatus(
                    department=a.department,
                    name=a.name,
                    entity=ent,
                    issued_at=str(issue["issued_at"]) if issue is not None else None,
                    deadline=str(deadline) if deadline else None,
                    returned_at=merged.at if merged is not None else None,
                    sections=len(a.sections),
                    submitted=submitted,
                    approved=approved,
                    filled=filled,
                    expected=len(typed),
                    errors=sum(1 for f in mine if f.severity == Severity.ERROR),
                    open_warnings=sum(1 for f in mine if f.severity == Severity.WARNING and not f.explained),
                    sent_back=sent_back,
                    overdue=overdue,
                )
            )
    return out
