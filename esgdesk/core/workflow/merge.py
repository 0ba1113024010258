"""Merging returned collection files into the master: preview first, then all or nothing.

`preview_merge` checks each file (same master, seal intact, log explains every edit, issued
last and not merged before) and sorts what it brings into changes, conflicts (the master's
figure changed since the file was issued) and refusals (anything not the department's own
current-year figures). `apply_merge` writes the accepted changes and resolved conflicts in one
transaction after a backup; each value's audit entry names the file and issue it came from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from esgdesk.core.errors import EsgdeskError, Refused, UnusableInput
from esgdesk.core.evidence import Attachment, check_name, check_size, limit_mb
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.core.values import Change, Key, Value
from esgdesk.core.workflow import assignments
from esgdesk.core.workflow.collection import KIND, SIGNATURE, Claims, seal_payload
from esgdesk.core.workflow.events import Event, History, append_event
from esgdesk.core.workflow.replay import FileState, state_from_log, state_from_tables, unexplained_edits
from esgdesk.core.workflow.signing import SECRET_KEY, check_seal

if TYPE_CHECKING:
    from esgdesk.core.store import Batch, Report

ValueKey = tuple[str, str, int]
ItemKind = Literal["value", "explanation", "ack"]
Choice = Literal["file", "master"]
ItemId = tuple[str, str, str, int]  # kind, entity, indicator, year


@dataclass(frozen=True, slots=True)
class Returned:
    """A returned file that passed every check; department and entity come from the master's own record."""

    path: Path
    nonce: str
    department: str
    entity: str
    issued_at: str

    @property
    def source(self) -> str:
        return f"merge:{self.path.name}#{self.nonce}"


@dataclass(slots=True)
class Item:
    kind: ItemKind
    key: ValueKey
    base: Any  # as issued: Value, explanation text, ack note, or None
    master: Any  # the master's now
    new: Any  # the file's
    file: Returned
    conflict: bool = False
    rule: str = ""  # for acknowledgements

    @property
    def id(self) -> ItemId:
        return (self.kind if not self.rule else f"ack:{self.rule}", *self.key)


@dataclass(frozen=True, slots=True)
class Refusal:
    file: str
    reason: str
    indicator: str | None = None
    year: int | None = None
    unusable: bool = False  # the file itself cannot be used (damaged, foreign, altered outside esgdesk)

    def text(self) -> str:
        what = f"{self.indicator} ({self.year}): " if self.indicator else ""
        return f"{self.file}: {what}{self.reason}"


@dataclass(frozen=True, slots=True)
class Submission:
    entity: str
    section: str
    department: str
    by: str
    at: str
    file: Returned


@dataclass(frozen=True, slots=True)
class IncomingAttachment:
    """Evidence a department attached in its file, not yet in the master."""

    file: Returned
    attachment: Attachment
    data: bytes


@dataclass
class MergePreview:
    files: list[Returned] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    refused_files: list[Refusal] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)  # single figures refused from accepted files
    submissions: list[Submission] = field(default_factory=list)
    attachments: list[IncomingAttachment] = field(default_factory=list)

    @property
    def changes(self) -> list[Item]:
        return [i for i in self.items if not i.conflict]

    @property
    def conflicts(self) -> list[Item]:
        return [i for i in self.items if i.conflict]

    @property
    def empty(self) -> bool:
        return not self.items and not self.submissions and not self.attachments


@dataclass(frozen=True, slots=True)
class MergeResult:
    values: int
    explanations: int
    acknowledgements: int
    submissions: int
    kept_master: int
    files: list[str]
    backup: Path
    attachments: int = 0


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Value) or isinstance(b, Value):
        if a is None or b is None:
            return a is b
        return bool(a.to_dict() == b.to_dict())
    return bool(a == b)


def _altered(detail: str) -> str:
    return (
        f"was altered outside esgdesk ({detail}); it cannot be merged: ask the department to fill a newly issued file"
    )


def check_file(
    master: Report, path: Path, history: History, seen: set[str]
) -> tuple[Returned, Claims, FileState, FileState, dict[tuple[str, str], tuple[str, str]]]:
    """Open a returned file read-only and check it; raises Refused saying what is wrong."""
    from esgdesk.core.store import Report

    with Report.open(path, readonly=True) as rep:
        if rep.meta.kind != KIND:
            raise Refused(f"is a {rep.meta.kind} report, not a collection file")
        try:
            claims = Claims.from_extra(rep.meta.extra, str(path))
        except EsgdeskError:
            raise Refused(_altered("its issue details are missing")) from None
        if claims.master_id != master.meta.report_id:
            raise Refused(
                f"belongs to another report: it was issued from '{claims.master_file}' "
                f"({claims.master_company}), not from '{master.path.name}' ({master.meta.company}, "
                f"{master.year})"
            )
        secret = master.meta.extra.get(SECRET_KEY)
        sig_raw = rep.meta.extra.get(SIGNATURE)
        if not secret or claims.nonce not in history.issues:
            raise Refused("was not issued from this report (it has no record of issuing it)")
        try:
            sig = json.loads(sig_raw or "")
            head_seq, hmac_hex = int(sig["seq"]), str(sig["hmac"])
        except (ValueError, KeyError, TypeError):
            raise Refused(_altered("its seal is missing")) from None
        if rep.integrity_problems:
            raise Refused(_altered(rep.integrity_problems[0]))
        row = rep.audit_hash(head_seq)
        payload = seal_payload(rep, claims, head_seq, row[1] if row else "")
        if row is None or not check_seal(bytes.fromhex(secret), payload, hmac_hex):
            raise Refused(_altered("its issue details or issued figures do not match their seal"))
        problems = unexplained_edits(rep)
        if problems:
            more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
            raise Refused(_altered(problems[0] + more))
        issue = history.issues[claims.nonce]
        if claims.nonce in history.merged:
            raise Refused(f"was merged already on {history.merged[claims.nonce].at}; a file is merged only once")
        if claims.nonce in seen:
            raise Refused("is listed twice (or is a copy of another file in this merge)")
        latest = history.latest.get((issue["department"], issue["entity"]))
        if latest is not None and latest["nonce"] != claims.nonce:
            raise Refused(
                f"is out of date: a newer file for {issue['department']} was issued on "
                f"{latest['issued_at']}; merge that one"
            )
        base = state_from_log(rep, upto=head_seq)
        final = state_from_tables(rep)
        stamps = {k: (s.by, s.at) for k, s in rep.section_states().items()}
    returned = Returned(path, claims.nonce, str(issue["department"]), str(issue["entity"]), str(issue["issued_at"]))
    return returned, claims, base, final, stamps


def _diff(
    master: Report,
    f: Returned,
    issue: Event,
    base: FileState,
    final: FileState,
    stamps: dict[tuple[str, str], tuple[str, str]],
    preview: MergePreview,
) -> None:
    cat = master.catalogue
    owned_now = set(assignments.indicators_of(master, f.department))
    issued = set(issue["indicators"] or [])
    name = f.path.name

    def refusal(kind: ItemKind, ent: str, ind: str, yr: int) -> str | None:
        if ind not in cat.indicators:
            return f"not an indicator of this report's catalogue (version {cat.version})"
        label = cat.indicators[ind].label.en
        if cat.indicators[ind].retired:
            return f"'{label}' was retired from this report's catalogue ({cat.indicators[ind].retired})"
        if ind not in issued:
            return f"'{label}' belongs to {assignments.owner_of(master, ind)}, not to {f.department}"
        if ind not in owned_now:
            return f"'{label}' has since been assigned to {assignments.owner_of(master, ind)}"
        if ent != f.entity:
            return f"this file was issued for {f.entity}, not {ent}"
        if yr != master.year:
            return f"{yr} figures were sent for reference; only {master.year} is collected"
        if kind == "value" and cat.indicators[ind].computed:  # a computed figure may still be explained
            return f"'{label}' is computed and cannot be typed"
        return None

    def consider(kind: ItemKind, key: ValueKey, old: Any, new: Any, now: Any, rule: str = "") -> None:
        if _same(old, new):
            return
        why = refusal(kind, *key)
        if why is None and kind == "value":
            try:
                master.guard(Change(Key(*key), now, new))
            except Refused as exc:
                why = exc.message
        elif why is None:
            section = cat.section_of[key[1]]
            if master.section_state(section.id, key[0]).state == "approved":
                why = f"section '{section.label.en}' is approved and locked"
        if why is not None:
            preview.refusals.append(Refusal(name, why, key[1], key[2]))
            return
        if _same(now, new):
            return
        preview.items.append(Item(kind, key, old, now, new, f, conflict=not _same(now, old), rule=rule))

    for key in sorted(set(base.values) | set(final.values)):
        now = master.get(key[1], key[2], key[0]) if key[0] in master.entities and key[1] in cat.indicators else None
        consider("value", key, base.value(key), final.value(key), now)
    for key in sorted(set(base.explanations) | set(final.explanations)):
        e = master.explanation(key[1], key[2], key[0]) if key[0] in master.entities else None
        consider("explanation", key, base.explanations.get(key), final.explanations.get(key), e.text if e else None)
    for akey in sorted(set(final.acks) - set(base.acks)):
        vkey = (akey[0], akey[1], akey[2])
        now_ack = master.acks().get(akey)
        consider("ack", vkey, None, final.acks[akey], now_ack.text if now_ack else None, rule=akey[3])
    for (ent, section), state in sorted(final.states.items()):
        if state != "submitted" or base.states.get((ent, section)) == "submitted":
            continue
        if section not in (issue["sections"] or []) or ent != f.entity:
            preview.refusals.append(Refusal(name, f"submission of section '{section}' that was not issued to it"))
            continue
        if master.section_state(section, ent).state == "approved":
            continue
        by, at = stamps.get((ent, section), ("", ""))
        preview.submissions.append(Submission(ent, section, f.department, by, at, f))


def preview_merge(
    master: Report, files: Iterable[Path | str], *, progress: Progress | None = None, cancel: CancelToken | None = None
) -> MergePreview:
    """What merging `files` would change; nothing is written."""
    paths = [Path(p) for p in files]
    history = History.of(master)
    preview = MergePreview()
    seen: set[str] = set()
    for n, path in enumerate(paths):
        step(progress, cancel, n, len(paths), f"checking {path.name}")
        try:
            f, _claims, base, final, stamps = check_file(master, path, history, seen)
        except EsgdeskError as exc:
            preview.refused_files.append(Refusal(path.name, exc.message, unusable=isinstance(exc, UnusableInput)))
            continue
        seen.add(f.nonce)
        preview.files.append(f)
        if _claims.catalogue != master.catalogue.fingerprint:
            _to_master_units(master, path, (base, final), preview)
        _diff(master, f, history.issues[f.nonce], base, final, stamps, preview)
        _incoming_attachments(master, f, history.issues[f.nonce], preview)
    step(progress, cancel, len(paths), len(paths), "preview ready")
    return preview


def _incoming_attachments(master: Report, f: Returned, issue: Event, preview: MergePreview) -> None:
    """The evidence the department added: its own figures and sections of the collected year, checked
    like a file attached in the master (a plain name, within the size limit, bytes matching their SHA-256)."""
    from esgdesk.core.store import Report

    issued = set(issue["indicators"] or []) | set(issue["sections"] or [])
    held = {(a.entity, a.target, a.year, a.sha256, a.name) for a in master.attachments()}
    limit = limit_mb(master)
    with Report.open(f.path, readonly=True) as rep:
        for a in rep.attachments():
            if (a.entity, a.target, a.year, a.sha256, a.name) in held:
                continue  # issued from the master, or merged before
            try:
                check_name(a.name)
                if a.target not in issued or a.entity != f.entity:
                    raise Refused(f"evidence for '{a.target}' ({a.entity}), which was not issued to this file")
                if a.year != master.year:
                    raise Refused(f"evidence for {a.year}; only {master.year} is collected")
                check_size(a.size, limit, a.name)
                data = rep.evidence_bytes(a.sha256)
            except EsgdeskError as exc:
                preview.refusals.append(
                    Refusal(f.path.name, f"attachment '{a.name[:60]}': {exc.message}", a.target, a.year)
                )
                continue
            held.add((a.entity, a.target, a.year, a.sha256, a.name))
            preview.attachments.append(IncomingAttachment(f, a, data))


def _to_master_units(master: Report, path: Path, states: tuple[FileState, ...], preview: MergePreview) -> None:
    """A file issued before the master moved to another catalogue: its figures in the master's units."""
    from esgdesk.core.store import Report
    from esgdesk.core.upgrade import convert_value

    with Report.open(path, readonly=True) as rep:
        theirs = rep.catalogue
    ours = master.catalogue
    for ind_id, ind in theirs.indicators.items():
        now = ours.indicators.get(ind_id)
        if now is None or now.unit == ind.unit:
            continue  # a missing indicator is listed by the diff
        from_u, to_u = theirs.unit_table[ind.unit], ours.unit_table[now.unit]
        for st in states:
            for key in [k for k in st.values if k[1] == ind_id]:
                if from_u.dimension != to_u.dimension:
                    st.values.pop(key)
                    if st is states[-1]:
                        preview.refusals.append(
                            Refusal(
                                path.name,
                                f"'{now.label.en}' is now measured in {to_u.id}, "
                                f"not {from_u.id}: enter it in the master",
                                ind_id,
                                key[2],
                            )
                        )
                    continue
                st.values[key] = convert_value(Value.from_dict(st.values[key]), from_u, to_u).to_dict()


def apply_merge(
    master: Report,
    preview: MergePreview,
    resolutions: Mapping[ItemId, Choice] | None = None,
    *,
    cancel: CancelToken | None = None,
) -> MergeResult:
    """Write the preview's changes and the conflicts resolved in favour of the file; all or nothing."""

    resolutions = resolutions or {}
    open_conflicts = [c for c in preview.conflicts if c.id not in resolutions]
    if open_conflicts:
        c = open_conflicts[0]
        raise Refused(
            f"{len(open_conflicts)} conflict(s) need a decision first, e.g. {c.key[1]} ({c.key[2]}): "
            "keep the master's figure or take the file's"
        )
    take = [i for i in preview.items if not i.conflict or resolutions.get(i.id) == "file"]
    kept = sum(1 for i in preview.conflicts if resolutions.get(i.id) == "master")
    for i in take:
        if not _same(_master_now(master, i), i.master):
            raise Refused(f"the report changed since the preview ({i.key[1]}, {i.key[2]}); preview the merge again")
    history = History.of(master)
    if cancel is not None:
        cancel.check()
    values = [i for i in take if i.kind == "value"]
    changes = [
        Change(Key(*i.key), i.master, i.new, f"merged from {i.file.path.name} ({i.file.department})", i.file.source)
        for i in values
    ]
    backup = master.backup("before-merge")

    def annotate(b: Batch) -> None:
        for i in take:
            ent, ind, yr = i.key
            if i.kind == "explanation":
                b.set_explanation(ind, i.new, year=yr, entity=ent, source=i.file.source)
            elif i.kind == "ack":
                b.acknowledge(ind, str(i.rule), i.new or None, year=yr, entity=ent, source=i.file.source)
        standing = {k: (str(e["by"]), str(e["at"])) for k, e in history.submissions.items()}
        for s in preview.submissions:
            append_event(
                b,
                {
                    "event": "submit",
                    "entity": s.entity,
                    "section": s.section,
                    "department": s.department,
                    "by": s.by,
                    "at": s.at,
                    "file": s.file.path.name,
                    "nonce": s.file.nonce,
                },
                source=s.file.source,
            )
            standing[(s.entity, s.section, s.department)] = (s.by, s.at)
        for ent, section in sorted({(s.entity, s.section) for s in preview.submissions}):
            owners = assignments.section_departments(master, section)
            done = {k[2] for k in standing if k[:2] == (ent, section)}
            if owners <= done:
                b.set_section_state(
                    section, "submitted", entity=ent, why=f"submitted by {', '.join(sorted(owners))}", source="merge"
                )
        for f in preview.files:
            b.add_attachments([(i.attachment, i.data) for i in preview.attachments if i.file is f], source=f.source)
        append_event(
            b,
            {
                "event": "merge",
                "nonces": [f.nonce for f in preview.files],
                "files": [f.path.name for f in preview.files],
                "values": len(changes),
                "kept_master": kept,
                "refused": [r.text() for r in preview.refusals],
                "refused_files": [r.text() for r in preview.refused_files],
            },
            why="merge of returned collection files",
            source="merge",
        )

    with master.batch(source="merge") as b:
        b.apply(changes, note_source="merge", note={"files": [f.path.name for f in preview.files]})
        annotate(b)
    return MergeResult(
        values=len(changes),
        explanations=sum(1 for i in take if i.kind == "explanation"),
        acknowledgements=sum(1 for i in take if i.kind == "ack"),
        submissions=len(preview.submissions),
        kept_master=kept,
        files=[f.path.name for f in preview.files],
        backup=backup,
        attachments=len(preview.attachments),
    )


def _master_now(master: Report, i: Item) -> Any:
    ent, ind, yr = i.key
    if i.kind == "value":
        return master.get(ind, yr, ent)
    if i.kind == "explanation":
        e = master.explanation(ind, yr, ent)
        return e.text if e else None
    a = master.acks().get((ent, ind, yr, i.rule))
    return a.text if a else None
