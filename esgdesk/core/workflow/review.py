"""Review of sections: a department submits, the ESG office approves, sends back or unlocks.

Submitting happens in the department's collection file and reaches the master with the merge;
approval locks the section (the core refuses edits to approved sections); a send-back reopens it
with a comment that the next issued file carries; unlocking needs a reason for the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from esgdesk.core.catalogue import Severity
from esgdesk.core.errors import Refused, UnusableInput
from esgdesk.core.findings import Finding
from esgdesk.core.workflow.collection import claims_of, is_collection
from esgdesk.core.workflow.events import log_event

if TYPE_CHECKING:
    from esgdesk.core.store import Report


def _section(report: Report, section: str) -> str:
    if section not in report.catalogue.sections:
        raise UnusableInput(f"unknown section '{section}'")
    return section


def blocking_findings(
    report: Report, section: str, *, entity: str | None = None, indicators: set[str] | None = None
) -> list[Finding]:
    """Errors, and warnings nobody has explained, on the section's figures of this year."""
    from esgdesk.core.validation import Engine

    engine = Engine(report)
    engine.run_all()
    ent = entity or report.entity
    found = engine.findings(entity=ent, year=report.year, section=section)
    return [
        f
        for f in found
        if (indicators is None or f.indicator in indicators)
        and (f.severity == Severity.ERROR or (f.severity == Severity.WARNING and not f.explained))
    ]


def submit(collection: Report, section: str) -> None:
    """The department hands in a section of its collection file; it becomes read-only for them."""
    if not is_collection(collection):
        raise Refused(
            "sections are submitted in the department's collection file; the ESG office approves them in the master"
        )
    claims = claims_of(collection)
    _section(collection, section)
    if section not in claims.sections:
        raise Refused(f"section '{section}' was not issued to {claims.department}")
    state = collection.section_state(section, claims.entity).state
    if state != "draft":
        raise Refused(f"section '{section}' is {state} already")
    blocking = blocking_findings(collection, section, entity=claims.entity, indicators=set(claims.indicators))
    if blocking:
        f = blocking[0]
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        raise Refused(
            f"section '{section}' cannot be submitted while findings are open: {f.message}{more}; "
            "correct the figure or explain it"
        )
    collection.set_section_state(
        section, "submitted", entity=claims.entity, why=f"submitted by {collection.user} for {claims.department}"
    )


def _master_only(report: Report) -> None:
    if is_collection(report):
        raise Refused("review happens in the master report, not in a collection file")


def approve(master: Report, section: str, *, entity: str | None = None) -> None:
    _master_only(master)
    _section(master, section)
    ent = entity or master.entity
    state = master.section_state(section, ent).state
    if state != "submitted":
        raise Refused(f"section '{section}' is {state}; only a submitted section can be approved")
    master.set_section_state(section, "approved", entity=ent, why="approved")
    log_event(master, {"event": "approve", "section": section, "entity": ent})


def send_back(master: Report, section: str, comment: str, *, entity: str | None = None) -> None:
    _master_only(master)
    _section(master, section)
    comment = comment.strip()
    if not comment:
        raise Refused("say what needs changing: a send-back needs a comment")
    ent = entity or master.entity
    state = master.section_state(section, ent).state
    if state == "approved":
        raise Refused(f"section '{section}' is approved; unlock it first (with a reason)")
    if state != "submitted":
        raise Refused(f"section '{section}' has not been submitted; there is nothing to send back")
    master.set_section_state(section, "draft", entity=ent, comment=comment, why=f"sent back: {comment}")
    log_event(master, {"event": "send_back", "section": section, "entity": ent, "comment": comment})


def unlock(master: Report, section: str, reason: str, *, entity: str | None = None) -> None:
    _master_only(master)
    _section(master, section)
    reason = reason.strip()
    if not reason:
        raise Refused("unlocking an approved section needs a reason; it goes to the audit log")
    ent = entity or master.entity
    state = master.section_state(section, ent).state
    if state != "approved":
        raise Refused(f"section '{section}' is {state}, not approved; there is nothing to unlock")
    master.set_section_state(section, "submitted", entity=ent, why=f"unlocked: {reason}")
    log_event(master, {"event": "unlock", "section": section, "entity": ent, "reason": reason}, why=reason)
