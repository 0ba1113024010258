"""Several writes to a report in one transaction: `with report.batch(source=...) as b:`.

Every write of the store goes through a `Batch`; `Report`'s single-edit methods are batches of
one. A batch holds the report's write lock and one SQLite transaction: each write adds its row
and its own audit entry at once, the report's in-memory view changes only after the commit, and
listeners hear of the batch once. An error anywhere (a refused edit, a full disk, an exception in
the caller's block) rolls everything back: the file, its audit chain and the in-memory view stay
exactly as they were.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import Refused, ReportFileError, UnusableInput
from esgdesk.core.store import audit_log
from esgdesk.core.store.records import (
    SECTION_STATES,
    Entity,
    Explanation,
    ReportMeta,
    SectionState,
    ValueKey,
    write_meta,
)
from esgdesk.core.units import UnitTable
from esgdesk.core.values import Change, Key, Value

if TYPE_CHECKING:
    from esgdesk.core.evidence import Attachment
    from esgdesk.core.restatements import Restatement
    from esgdesk.core.store.report import Report

VALUE_COLS = "status, qualifier, entered, entered_unit, num, low, high, text, decimals, reason, detection_limit"

AckKey = tuple[str, str, int, str]  # entity, indicator, year, rule


def value_params(v: Value) -> tuple[Any, ...]:
    """A figure as the columns `VALUE_COLS` of the `vals` table."""
    return (
        v.status.value,
        v.qualifier.value,
        v.entered,
        v.entered_unit,
        v.number,
        v.low,
        v.high,
        v.text,
        v.decimals,
        v.reason,
        v.detection_limit,
    )


def put_value(db: sqlite3.Connection, *, at: str, user: str, change: Change, old: Value | None) -> None:
    """The row and the audit entry of one figure's change, inside the caller's transaction."""
    k = (change.key.entity, change.key.indicator, change.key.year)
    if change.new is None:
        db.execute("DELETE FROM vals WHERE entity = ? AND indicator = ? AND year = ?", k)
    else:
        db.execute(
            f"INSERT OR REPLACE INTO vals (entity, indicator, year, {VALUE_COLS}, updated_at, "
            "updated_by, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*k, *value_params(change.new), at, user, change.source),
        )
    audit_log.append(
        db,
        at=at,
        user=user,
        field="value",
        entity=k[0],
        indicator=k[1],
        year=k[2],
        old=old.to_dict() if old else None,
        new=change.new.to_dict() if change.new else None,
        why=change.why,
        source=change.source,
    )


class Batch:
    """The writes of one transaction; made by `Report.batch`, valid only inside its `with` block.

    `source` and `why` are recorded on every audit entry of the batch unless a write names its own.
    Reads through the batch (`get`, `explanation`, `acknowledged`, `section_state`) see its own
    writes; the report itself shows them only once the batch has committed.
    """

    def __init__(self, report: Report, db: sqlite3.Connection, *, at: str, source: str, why: str | None) -> None:
        self.report = report
        self._db = db
        self.at = at
        self.source = source
        self.why = why
        self.changes: list[Change] = []  # the figures written, in order, as listeners receive them
        self._values: dict[ValueKey, Value | None] = {}
        self._explanations: dict[ValueKey, Explanation | None] = {}
        self._acks: dict[AckKey, Explanation | None] = {}
        self._states: dict[tuple[str, str], SectionState] = {}
        self._entities: dict[str, Entity] = {}  # added or changed
        self._meta: ReportMeta | None = None
        self._catalogue: Catalogue | None = None
        self._published: set[int] = set()
        self._after: list[Callable[[], object]] = []  # in-memory updates of the rarer records, run after the commit
        self._open = True
        self.reload_annotations = False  # set when rows were written whose in-memory form is read back

    # -- reading what the batch has written so far -------------------------------------------
    def get(self, indicator: str, year: int | None = None, entity: str | None = None) -> Value | None:
        key = self._key(indicator, year, entity)
        return self._values[key] if key in self._values else self.report._value(key)

    def explanation(self, indicator: str, year: int | None = None, entity: str | None = None) -> Explanation | None:
        key = self._key(indicator, year, entity)
        return self._explanations[key] if key in self._explanations else self.report._explanations.get(key)

    def acknowledged(self, indicator: str, rule: str, year: int | None = None, entity: str | None = None) -> bool:
        return self._ack((*self._key(indicator, year, entity), rule)) is not None

    def section_state(self, section: str, entity: str | None = None) -> SectionState:
        ent = entity or self.report.meta.entity
        return self._states.get((ent, section)) or self.report.section_state(section, ent)

    def _key(self, indicator: str, year: int | None, entity: str | None) -> ValueKey:
        """As `Report._key`, knowing the entities this batch adds."""
        ent = entity or self.report.meta.entity
        if ent in self._entities:
            _, ind, yr = self.report._key(indicator, year, None)
            return (ent, ind, yr)
        return self.report._key(indicator, year, entity)

    def _ack(self, key: AckKey) -> Explanation | None:
        return self._acks[key] if key in self._acks else self.report._acks.get(key)

    # -- writing --------------------------------------------------------------------------------
    def _check_open(self) -> None:
        if not self._open:
            raise RuntimeError("a batch is written only inside its `with` block")

    def _audit(self, field: str, *, why: str | None = None, source: str | None = None, **entry: Any) -> None:
        audit_log.append(
            self._db,
            at=self.at,
            user=self.report.user,
            field=field,
            why=self.why if why is None else why,
            source=source or self.source,
            **entry,
        )

    def set_value(
        self,
        indicator: str,
        value: Value | None,
        *,
        year: int | None = None,
        entity: str | None = None,
        why: str | None = None,
        source: str | None = None,
        allow_computed: bool = False,
        restating: bool = False,
    ) -> Change:
        """Store (or with None, remove) a figure after the report's rules have accepted it."""
        key = self._key(indicator, year, entity)
        change = Change(
            Key(*key),
            self.get(indicator, key[2], key[0]),
            value,
            self.why if why is None else why,
            source or self.source,
        )
        self.report.guard(change, allow_computed=allow_computed, restating=restating)
        self.write_change(change)
        return change

    def write_change(self, change: Change) -> None:
        """Write a change already checked by `Report.guard` (its `old` is set to what it replaces)."""
        self._check_open()
        k = (change.key.entity, change.key.indicator, change.key.year)
        old = self._values[k] if k in self._values else self.report._value(k)
        change.old = old
        put_value(self._db, at=self.at, user=self.report.user, change=change, old=old)
        self._values[k] = change.new
        self.changes.append(change)

    def set_explanation(
        self,
        indicator: str,
        text: str | None,
        *,
        year: int | None = None,
        entity: str | None = None,
        why: str | None = None,
        source: str | None = None,
        author: str | None = None,
        at: str | None = None,
    ) -> None:
        """Attach the text that explains a figure; empty text removes it.

        `author` and `at` keep who wrote it and when, for an explanation copied from another report file.
        """
        self._check_open()
        key = self._key(indicator, year, entity)
        old = self.explanation(indicator, key[2], key[0])
        text = (text or "").strip() or None
        if text is None:
            self._db.execute("DELETE FROM explanations WHERE entity = ? AND indicator = ? AND year = ?", key)
            self._explanations[key] = None
        else:
            self._db.execute(
                "INSERT OR REPLACE INTO explanations (entity, indicator, year, text, author, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (*key, text, author or self.report.user, at or self.at),
            )
            self._explanations[key] = Explanation(text, author or self.report.user, at or self.at)
        self._audit(
            "explanation",
            entity=key[0],
            indicator=key[1],
            year=key[2],
            old=old.text if old else None,
            new=text,
            why=why,
            source=source,
        )

    def acknowledge(
        self,
        indicator: str,
        rule: str,
        note: str | None = None,
        *,
        year: int | None = None,
        entity: str | None = None,
        why: str | None = None,
        source: str | None = None,
        author: str | None = None,
        at: str | None = None,
    ) -> None:
        """Record that a finding of `rule` on a figure was seen and accepted (`author`, `at`: as for explanations)."""
        self._check_open()
        key = self._key(indicator, year, entity)
        self._db.execute(
            "INSERT OR REPLACE INTO acks (entity, indicator, year, rule, note, author, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*key, rule, note, author or self.report.user, at or self.at),
        )
        self._acks[(*key, rule)] = Explanation(note or "", author or self.report.user, at or self.at)
        self._audit(
            "ack",
            entity=key[0],
            indicator=key[1],
            year=key[2],
            new={"rule": rule, "note": note},
            why=why,
            source=source,
        )

    def withdraw_ack(
        self,
        indicator: str,
        rule: str,
        *,
        year: int | None = None,
        entity: str | None = None,
        why: str | None = None,
        source: str | None = None,
    ) -> bool:
        """Take back an acknowledgement; False (and nothing written) when there was none."""
        self._check_open()
        key = self._key(indicator, year, entity)
        old = self._ack((*key, rule))
        if old is None:
            return False
        self._db.execute("DELETE FROM acks WHERE entity = ? AND indicator = ? AND year = ? AND rule = ?", (*key, rule))
        self._acks[(*key, rule)] = None
        self._audit(
            "ack",
            entity=key[0],
            indicator=key[1],
            year=key[2],
            old={"rule": rule, "note": old.text or None},
            new=None,
            why=why,
            source=source,
        )
        return True

    def set_section_state(
        self,
        section: str,
        state: str,
        *,
        entity: str | None = None,
        comment: str | None = None,
        why: str | None = None,
        source: str | None = None,
    ) -> None:
        """Move a section of an entity to draft, submitted or approved."""
        self._check_open()
        report = self.report
        if section not in report.catalogue.sections:
            raise UnusableInput(f"unknown section '{section}'")
        if state not in SECTION_STATES:
            raise Refused(f"'{state}' is not a section state ({', '.join(SECTION_STATES)})")
        ent = entity or report.meta.entity
        old = self.section_state(section, ent)
        self._db.execute(
            "INSERT OR REPLACE INTO section_states (entity, section, state, by, at, comment) VALUES (?, ?, ?, ?, ?, ?)",
            (ent, section, state, report.user, self.at, comment),
        )
        self._states[(ent, section)] = SectionState(state, report.user, self.at, comment)
        self._audit(
            "section_state",
            entity=ent,
            indicator=None,
            year=report.meta.year,
            old={"section": section, "state": old.state},
            new={"section": section, "state": state, "comment": comment},
            why=why,
            source=source,
        )

    def log(
        self,
        field: str,
        *,
        new: Any = None,
        why: str | None = None,
        source: str | None = None,
        entity: str | None = None,
    ) -> None:
        """Record an event (an export, a merge, an issued file) in the audit log."""
        self._check_open()
        self._audit(field, new=new, why=why, source=source, entity=entity)

    def apply(
        self,
        changes: Iterable[Change],
        *,
        allow_computed: bool = False,
        restating: bool = False,
        kind_rules: bool = True,
        note_source: str | None = None,
        note: Any = None,
    ) -> list[Change]:
        """Figures as `Report.apply` writes them: every change checked by the report's rules first, then
        (with `note_source`) one "batch" entry carrying `note`, then each change with its own entry."""
        self._check_open()
        todo = list(changes)
        for c in todo:
            self._key(c.key.indicator, c.key.year, c.key.entity)
            self.report.guard(c, allow_computed=allow_computed, restating=restating, kind_rules=kind_rules)
        if note_source:
            self.log("batch", new=note, source=note_source, why=todo[0].why if todo else None)
        for c in todo:
            self.write_change(c)
        return todo

    def add_attachments(self, items: Iterable[tuple[Attachment, bytes]], *, source: str | None = None) -> int:
        """Attachments carried from another report file (an issued or a returned collection file), as they
        were attached there: each file stored once by its SHA-256, each attachment audited. Returns how many."""
        from esgdesk.core.evidence import check_name, sha256_of

        self._check_open()
        n = 0
        for a, data in items:
            if sha256_of(data) != a.sha256:
                raise ReportFileError(f"the evidence file '{a.name}' is damaged (its SHA-256 differs)")
            self._db.execute(
                "INSERT OR IGNORE INTO evidence_files (sha256, size, data) VALUES (?, ?, ?)",
                (a.sha256, len(data), data),
            )
            self._db.execute(
                "INSERT INTO attachments (entity, indicator, section, year, name, sha256, size, note, added_by, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a.entity,
                    a.indicator,
                    a.section,
                    a.year,
                    check_name(a.name),
                    a.sha256,
                    len(data),
                    a.note,
                    a.added_by,
                    a.added_at,
                ),
            )
            self._audit(
                "attachment",
                entity=a.entity,
                indicator=a.target,
                year=a.year,
                new={"name": a.name, "sha256": a.sha256, "size": len(data), "note": a.note, "added_by": a.added_by},
                source=source,
                why=None,
            )
            n += 1
        if n:
            self.reload_annotations = True  # the attachments' ids are the file's
        return n

    def set_meta(self, key: str, value: str, *, why: str | None = None, source: str | None = None) -> None:
        """Change a field of the report's header (or an extra field of it)."""
        self._check_open()
        meta, old = self.report._changed_meta(key, value, self._meta)
        write_meta(self._db, meta)
        self._meta = meta
        self._audit("meta", old={key: old}, new={key: value}, why=why, source=source)

    def add_entity(
        self,
        entity_id: str,
        name: str,
        *,
        identifier: str = "",
        scheme: str = "",
        parent: str | None = None,
        in_scope: bool = True,
        ownership: float = 1.0,
    ) -> Entity:
        """Add an entity (a subsidiary, a site) to the report's group."""
        self._check_open()
        known = {**self.report.entities, **self._entities}
        if entity_id in known:
            raise Refused(f"entity '{entity_id}' exists already")
        if parent is not None and parent not in known:
            raise UnusableInput(f"unknown parent entity '{parent}'")
        if not (0.0 <= ownership <= 1.0):
            raise Refused("ownership is a share between 0 and 1")
        ent = Entity(entity_id, name, identifier, scheme, parent, in_scope, ownership, len(known))
        self._db.execute(
            "INSERT INTO entities (id, name, identifier, scheme, parent, in_scope, ownership, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ent.id, ent.name, ent.identifier, ent.scheme, ent.parent, int(ent.in_scope), ent.ownership, ent.position),
        )
        self._entities[entity_id] = ent
        self._audit(
            "entity",
            entity=entity_id,
            new={"name": name, "parent": parent, "in_scope": in_scope, "ownership": ownership},
        )
        return ent

    def update_entity(self, entity_id: str, *, in_scope: bool | None = None, ownership: float | None = None) -> Entity:
        """Take an entity in or out of the consolidation scope, or change the share owned."""
        self._check_open()
        ent = self._entities.get(entity_id) or self.report.entities.get(entity_id)
        if ent is None:
            raise UnusableInput(f"unknown entity '{entity_id}'")
        new = Entity(
            ent.id,
            ent.name,
            ent.identifier,
            ent.scheme,
            ent.parent,
            ent.in_scope if in_scope is None else in_scope,
            ent.ownership if ownership is None else ownership,
            ent.position,
        )
        self._db.execute(
            "UPDATE entities SET in_scope = ?, ownership = ? WHERE id = ?",
            (int(new.in_scope), new.ownership, entity_id),
        )
        self._entities[entity_id] = new
        self._audit(
            "entity",
            entity=entity_id,
            old={"in_scope": ent.in_scope, "ownership": ent.ownership},
            new={"in_scope": new.in_scope, "ownership": new.ownership},
        )
        return new

    def set_entity_identifier(self, entity_id: str, identifier: str, scheme: str) -> Entity:
        """Store an entity's identifier and scheme as given; `esgdesk.core.properties` checks them first."""
        self._check_open()
        ent = self._entities.get(entity_id) or self.report.entities.get(entity_id)
        if ent is None:
            raise UnusableInput(f"unknown entity '{entity_id}'")
        new = Entity(ent.id, ent.name, identifier, scheme, ent.parent, ent.in_scope, ent.ownership, ent.position)
        self._db.execute("UPDATE entities SET identifier = ?, scheme = ? WHERE id = ?", (identifier, scheme, entity_id))
        self._entities[entity_id] = new
        self._audit(
            "entity",
            entity=entity_id,
            old={"identifier": ent.identifier, "scheme": ent.scheme},
            new={"identifier": identifier, "scheme": scheme},
        )
        return new

    def set_base_year(self, indicator: str, year: int | None, *, source: str | None = None) -> None:
        """Set (or, with None, clear) the year a numeric indicator's figures are compared with."""
        self._check_open()
        report = self.report
        ind = report.indicator(indicator)
        if not ind.type.numeric:
            raise Refused(f"'{ind.label.en}' is not a number: a base year compares figures")
        old = report._base_years.get(indicator)
        if year is None:
            if old is None:
                return
            self._db.execute("DELETE FROM base_years WHERE indicator = ?", (indicator,))
            self._after.append(lambda: report._base_years.pop(indicator, None))
        else:
            if not (1900 <= year <= report.meta.year):
                raise Refused(f"{year} cannot be a base year of this {report.meta.year} report")
            self._db.execute(
                "INSERT OR REPLACE INTO base_years (indicator, year, by, at) VALUES (?, ?, ?, ?)",
                (indicator, year, report.user, self.at),
            )
            self._after.append(lambda: report._base_years.__setitem__(indicator, year))
        self._audit("base_year", indicator=indicator, old=old, new=year, source=source)

    def mark_published(self, year: int, *, source: str | None = None) -> None:
        """Mark a year published: from the commit on, its figures are restated, not edited."""
        self._check_open()
        report = self.report
        self._db.execute(
            "INSERT OR IGNORE INTO published_years (year, by, at) VALUES (?, ?, ?)", (year, report.user, self.at)
        )
        if year not in report._published and year not in self._published:
            self._published.add(year)
            mark = Explanation("", report.user, self.at)
            self._after.append(lambda: report._published.__setitem__(year, mark))
        self._audit("published", year=year, new={"year": year}, source=source)

    def restate(self, change: Change, restatement: Restatement | None) -> None:
        """A figure of a published year with the restatement that discloses it (None: the restatement
        withdrawn, as by an undo); the change carries the reason as its `why`."""
        self._check_open()
        report = self.report
        report.guard(change, allow_computed=True, restating=True)
        self.write_change(change)
        k = (change.key.entity, change.key.indicator, change.key.year)
        if restatement is None:
            self._db.execute("DELETE FROM restatements WHERE entity = ? AND indicator = ? AND year = ?", k)
            self._after.append(lambda: report._restatements.pop(k, None))
        else:
            self._db.execute(
                "INSERT OR REPLACE INTO restatements (entity, indicator, year, previous, reason, by, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*k, restatement.previous_json(), restatement.reason, restatement.by, restatement.at),
            )
            self._after.append(lambda: report._restatements.__setitem__(k, restatement))
        self._audit(
            "restatement",
            entity=k[0],
            indicator=k[1],
            year=k[2],
            new=None
            if restatement is None
            else {"previous": json.loads(restatement.previous_json()), "reason": restatement.reason},
            why=change.why,
            source=change.source,
        )

    def attach(
        self,
        target: str,
        name: str,
        data: bytes,
        *,
        year: int | None = None,
        entity: str | None = None,
        note: str | None = None,
        source: str | None = None,
    ) -> Attachment:
        """Attach a file to a figure or a section (`target`: an indicator or section id)."""
        from esgdesk.core.evidence import Attachment, check_name, check_size, limit_mb, resolve_target, sha256_of

        self._check_open()
        report = self.report
        indicator, section = resolve_target(report, target)
        if indicator is not None:
            ent, _, yr = self._key(indicator, year, entity)
            current = report._value((ent, indicator, yr))
            for hook in report.guards:  # a department's file: only its own figures of the year it collects
                hook(report, Change(Key(ent, indicator, yr), current, current))
        else:
            ent, yr = entity or report.meta.entity, report.meta.year if year is None else int(year)
            if ent not in report.entities and ent not in self._entities:
                raise UnusableInput(f"unknown entity '{ent}'")
        name = check_name(name)
        check_size(len(data), limit_mb(report), name)
        digest = sha256_of(data)
        note = (note or "").strip() or None
        self._db.execute(
            "INSERT OR IGNORE INTO evidence_files (sha256, size, data) VALUES (?, ?, ?)", (digest, len(data), data)
        )
        cur = self._db.execute(
            "INSERT INTO attachments (entity, indicator, section, year, name, sha256, size, note, added_by, "
            "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ent, indicator, section, yr, name, digest, len(data), note, report.user, self.at),
        )
        att = Attachment(
            int(cur.lastrowid or 0), ent, indicator, section, yr, name, digest, len(data), note, report.user, self.at
        )
        self._audit(
            "attachment",
            entity=ent,
            indicator=indicator or section,
            year=yr,
            new={"name": name, "sha256": digest, "size": len(data), "note": note},
            why=note,
            source=source,
        )
        self._after.append(lambda: report._attachments.append(att))
        return att

    def detach(self, attachment_id: int, *, source: str | None = None) -> Attachment:
        """Remove an attachment; its stored file goes when nothing else uses it."""
        self._check_open()
        report = self.report
        att = next((a for a in report._attachments if a.id == attachment_id), None)
        if att is None:
            raise Refused(f"no attachment {attachment_id} in this report")
        self._db.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
        self._db.execute(
            "DELETE FROM evidence_files WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?)",
            (att.sha256, att.sha256),
        )
        self._audit(
            "attachment",
            entity=att.entity,
            indicator=att.target,
            year=att.year,
            old={"name": att.name, "sha256": att.sha256, "size": att.size, "note": att.note},
            source=source,
        )
        self._after.append(
            lambda: setattr(report, "_attachments", [a for a in report._attachments if a.id != attachment_id])
        )
        return att

    def replace_catalogue(
        self,
        catalogue: Catalogue,
        entries: Iterable[dict[str, Any]],
        *,
        conversions: Iterable[Change] = (),
        why: str | None = None,
        source: str | None = None,
    ) -> None:
        """Another catalogue snapshot, one audit entry per catalogue change (`entries`: field, indicator,
        old, new) and the figures it converts. `Report.replace_catalogue` checks nothing held is dropped."""
        self._check_open()
        self._db.execute(
            "UPDATE catalogue SET json = ?, fingerprint = ? WHERE id = 1",
            (catalogue.model_dump_json(by_alias=True), catalogue.fingerprint),
        )
        for e in entries:
            self._audit(
                e["field"], indicator=e.get("indicator"), old=e.get("old"), new=e.get("new"), why=why, source=source
            )
        for c in conversions:
            self.write_change(c)
        self._catalogue = catalogue

    # -- after the commit -------------------------------------------------------------------------
    def _publish(self) -> None:
        """Show the committed writes in the report's in-memory view."""
        self._open = False
        report = self.report
        for k, v in self._values.items():
            if v is None:
                report._values.pop(k, None)
            else:
                report._values[k] = v
        for ek, e in self._explanations.items():
            if e is None:
                report._explanations.pop(ek, None)
            else:
                report._explanations[ek] = e
        for ak, a in self._acks.items():
            if a is None:
                report._acks.pop(ak, None)
            else:
                report._acks[ak] = a
        report._states.update(self._states)
        report.entities.update(self._entities)
        if self._meta is not None:
            report.meta = self._meta
        if self._catalogue is not None:
            report.catalogue = self._catalogue
            report.units = UnitTable(self._catalogue.units)
        for step in self._after:
            step()
        if self.reload_annotations:
            report._load_annotations()
