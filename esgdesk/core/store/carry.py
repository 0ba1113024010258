"""Roll-forward's copy of a report's rows into next year's new file, in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from esgdesk.core.store import audit_log
from esgdesk.core.store.db import rollback
from esgdesk.core.store.records import now_iso

if TYPE_CHECKING:
    from esgdesk.core.store.report import Report


def carry_forward(old: Report, new: Report, *, known: set[str]) -> int:
    """Copy into `new` (just created, empty) the entities, figures and explanations of `old` whose
    indicators are in `known`, with its assurance records (`carry_assurance`), and log the roll-forward.
    All or nothing; returns how many figures went along."""
    from esgdesk.core.store.report import carry_assurance

    new._check_writable()
    with old._write_lock, new._write_lock:
        db, src = new._db, old._db
        try:
            db.execute("BEGIN IMMEDIATE")
            for e in old.entities.values():
                if e.id in new.entities:
                    continue
                db.execute(
                    "INSERT INTO entities (id, name, identifier, scheme, parent, in_scope, ownership, position) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (e.id, e.name, e.identifier, e.scheme, e.parent, int(e.in_scope), e.ownership, e.position),
                )
            rows = [r for r in src.execute("SELECT * FROM vals") if r[1] in known]
            if rows:  # the same format version on both sides: the same columns in the same order
                db.executemany(f"INSERT INTO vals VALUES ({', '.join('?' * len(rows[0]))})", rows)
            expl = [r for r in src.execute("SELECT * FROM explanations") if r[1] in known]
            if expl:
                db.executemany(f"INSERT INTO explanations VALUES ({', '.join('?' * len(expl[0]))})", expl)
            # Every earlier year goes along with its restatements, evidence and base years.
            carry_assurance(src, db, known=known, closed_year=old.year, user=old.user, at=now_iso())
            audit_log.append(
                db,
                at=now_iso(),
                user=old.user,
                field="rollforward",
                new={"from": old.meta.report_id, "from_year": old.year, "values": len(rows)},
                source="rollforward",
            )
            db.execute("COMMIT")
        except BaseException:
            rollback(db)
            raise
    return len(rows)
