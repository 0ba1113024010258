"""Collection files: the report format holding one department's figures for one entity.

A file is issued from the master with the department's current and last year's figures, their
explanations and instructions (in the catalogue snapshot), a deadline and comments from a
send-back. Its claims (which master, department, entity, indicators, a one-time nonce) are in
its meta and sealed with the master's key; `open_collection` installs a guard so that only the
department's own figures of the current year can be edited.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.errors import Refused, ReportFileError, UnusableInput
from esgdesk.core.values import Change, Key
from esgdesk.core.workflow import assignments
from esgdesk.core.workflow.events import History, log_event
from esgdesk.core.workflow.signing import master_secret, seal

if TYPE_CHECKING:
    from esgdesk.core.store import Report

KIND = "collection"
P = "workflow."
CLAIM_KEYS = (
    "master_id",
    "master_company",
    "master_file",
    "nonce",
    "issued_at",
    "issued_by",
    "department",
    "department_name",
    "entity",
    "deadline",
    "indicators",
    "sections",
    "comments",
    "catalogue",
)
SIGNATURE = P + "signature"


@dataclass(frozen=True, slots=True)
class Claims:
    """What a collection file says about itself (trusted only once its seal is checked)."""

    master_id: str
    master_company: str
    master_file: str
    nonce: str
    issued_at: str
    issued_by: str
    department: str
    department_name: str
    entity: str
    deadline: str
    indicators: tuple[str, ...]
    sections: tuple[str, ...]
    comments: dict[str, str]
    catalogue: str

    def to_extra(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for k in CLAIM_KEYS:
            v = getattr(self, k)
            if isinstance(v, tuple):
                out[P + k] = json.dumps(list(v), ensure_ascii=False)
            elif isinstance(v, dict):
                out[P + k] = json.dumps(v, ensure_ascii=False, sort_keys=True)
            else:
                out[P + k] = str(v)
        return out

    @classmethod
    def from_extra(cls, extra: dict[str, str], where: str) -> Claims:
        try:
            raw = {k: extra[P + k] for k in CLAIM_KEYS}
            return cls(
                **{k: raw[k] for k in CLAIM_KEYS if k not in ("indicators", "sections", "comments")},
                indicators=tuple(json.loads(raw["indicators"])),
                sections=tuple(json.loads(raw["sections"])),
                comments=dict(json.loads(raw["comments"])),
            )
        except (KeyError, ValueError, TypeError):
            raise UnusableInput(
                "this collection file has lost its issue details; it cannot be used", where=where
            ) from None

    @property
    def overdue_on(self) -> date | None:
        return date.fromisoformat(self.deadline) if self.deadline else None


def is_collection(report: Report) -> bool:
    return report.meta.kind == KIND


def claims_of(report: Report) -> Claims:
    if not is_collection(report):
        raise Refused("this is not a collection file", where=str(report.path))
    return Claims.from_extra(report.meta.extra, str(report.path))


def seal_payload(report: Report, claims: Claims, head_seq: int, head_hash: str) -> dict[str, Any]:
    return {
        "claims": claims.to_extra(),
        "file_id": report.meta.report_id,
        "company": report.meta.company,
        "year": report.meta.year,
        "entity": report.meta.entity,
        "catalogue": report.catalogue.fingerprint,
        "head_seq": head_seq,
        "head_hash": head_hash,
    }


def parse_deadline(text: str | None) -> str:
    if not text:
        return ""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UnusableInput(f"deadline '{text}' is not a date (write it as YYYY-MM-DD)") from None


def collection_guard(report: Report, change: Change) -> None:
    """Only the department's own current-year figures, and only in sections it has not yet submitted."""
    claims = claims_of(report)
    ind = change.key.indicator
    if ind not in claims.indicators:
        owner = report.catalogue.owner_of(ind)
        raise Refused(
            f"'{report.catalogue.indicators[ind].label.en}' belongs to {owner}, not to "
            f"{claims.department}: this file may change only {claims.department}'s figures"
        )
    if change.key.entity != claims.entity:
        raise Refused(f"this file collects figures of {claims.entity} only")
    if change.key.year != report.year:
        raise Refused(f"{change.key.year} figures are shown for reference; this file collects {report.year}")
    section = report.catalogue.section_of[ind]
    if report.section_state(section.id, claims.entity).state == "submitted":
        raise Refused(
            f"section '{section.label.en}' was submitted and is read-only; the ESG office can send it back for changes"
        )


def open_collection(path: Path | str, *, readonly: bool = False, user: str | None = None) -> Report:
    """Open a collection file with its department guard installed."""
    from esgdesk.core.store import Report

    rep = Report.open(path, readonly=readonly, user=user)
    try:
        claims_of(rep)
    except BaseException:
        rep.close()
        raise
    return rep


def visible_sections(report: Report) -> list[str] | None:
    """The sections a collection file shows (None: a master shows them all)."""
    return list(claims_of(report).sections) if is_collection(report) else None


@dataclass(frozen=True, slots=True)
class Issued:
    path: Path
    claims: Claims
    values: int


def issue(
    master: Report,
    department: str,
    out: Path | str,
    *,
    entity: str | None = None,
    deadline: str | None = None,
    overwrite: bool = False,
) -> Issued:
    """Write a collection file for `department` (and `entity`, by default the reporting entity)."""
    from esgdesk.core.store import Report, now_iso

    if is_collection(master):
        raise Refused("collection files are issued from the master report, not from a collection file")
    assignments.check_department(master, department)
    ent = entity or master.entity
    if ent not in master.entities:
        raise UnusableInput(f"unknown entity '{ent}'")
    out = Path(out)
    if out.resolve() == master.path.resolve():
        raise Refused("choose another file name than the master's")
    indicators = assignments.indicators_of(master, department)
    if not indicators:
        raise Refused(f"{department} owns no indicators; assign some first")
    sections = assignments.sections_of(master, indicators)
    history = History.of(master)
    comments = {s: st.comment for s in sections if (st := master.section_state(s, ent)).state == "draft" and st.comment}
    key = master_secret(master)
    claims = Claims(
        master_id=master.meta.report_id,
        master_company=master.meta.company,
        master_file=master.path.name,
        nonce=uuid.uuid4().hex,
        issued_at=now_iso(),
        issued_by=master.user,
        department=department,
        department_name=master.catalogue.department_table[department].name.en,
        entity=ent,
        deadline=parse_deadline(deadline),
        indicators=tuple(indicators),
        sections=tuple(sections),
        comments=comments,
        catalogue=master.catalogue.fingerprint,
    )
    main = master.entities[ent]
    rep = Report.create(
        out,
        master.catalogue,
        company=master.meta.company,
        company_zh=master.meta.company_zh,
        year=master.year,
        entity_id=ent,
        identifier=main.identifier,
        scheme=main.scheme,
        currency=master.meta.currency,
        user=master.user,
        kind=KIND,
        extra=claims.to_extra(),
        overwrite=overwrite,
    )
    try:
        wanted = set(indicators)
        years = (master.year, master.prior_year)
        changes = [
            Change(Key(ent, ind, y), None, v, None, "issue")
            for ind in indicators
            for y in years
            if (v := master.get(ind, y, ent)) is not None
        ]
        expl = {k: e for k, e in master.explanations().items() if k[0] == ent and k[1] in wanted and k[2] in years}
        acks = {k: e for k, e in master.acks().items() if k[0] == ent and k[1] in wanted and k[2] in years}
        states: dict[str, tuple[str, str | None]] = {}
        for s in sections:
            st = master.section_state(s, ent)
            if st.state == "approved":
                states[s] = ("approved", None)
            elif (ent, s, department) in history.submissions:
                states[s] = ("submitted", None)
            elif s in comments:
                states[s] = ("draft", comments[s])

        carried = [
            (a, master.evidence_bytes(a.sha256))
            for a in master.attachments()
            if a.entity == ent and a.year in years and (a.indicator in wanted or a.section in sections)
        ]

        # The office fills the file before handing it out: the department's rules apply from then on.
        with rep.batch(source="issue") as b:
            b.apply(
                changes,
                allow_computed=True,
                kind_rules=False,
                note_source="issue",
                note={"department": department, "entity": ent, "nonce": claims.nonce},
            )
            b.add_attachments(carried)  # the evidence goes along
            for k, e in expl.items():  # as written in the master: by whom, and when
                b.set_explanation(k[1], e.text, year=k[2], entity=k[0], author=e.author, at=e.at)
            for ak, a in acks.items():
                b.acknowledge(ak[1], ak[3], a.text or None, year=ak[2], entity=ak[0], author=a.author, at=a.at)
            for s, (state, comment) in states.items():
                b.set_section_state(s, state, entity=ent, comment=comment)
        head = rep.audit_hash()
        if head is None:  # a file just written holds its log; this one has lost it
            raise ReportFileError("the collection file's audit log is missing", where=str(rep.path))
        signature = seal(key, seal_payload(rep, claims, head[0], head[1]))
        rep.set_meta(SIGNATURE, json.dumps({"seq": head[0], "hmac": signature}), why="sealed on issue")
    except BaseException:
        path = rep.path
        rep.close()
        path.unlink(missing_ok=True)
        raise
    rep.close()
    try:
        log_event(
            master,
            {
                "event": "issue",
                "nonce": claims.nonce,
                "department": department,
                "entity": ent,
                "deadline": claims.deadline,
                "file": out.name,
                "issued_at": claims.issued_at,
                "indicators": list(indicators),
                "sections": list(sections),
                "values": len(changes),
            },
            why=f"collection file for {department}",
        )
    except BaseException:
        out.unlink(missing_ok=True)  # an unrecorded file could never be merged: do not leave it about
        raise
    return Issued(out, claims, len(changes))
