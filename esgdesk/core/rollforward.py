"""Roll-forward: next year's report from this year's; this year becomes the prior year."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from esgdesk.core import audit
from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import Refused, WriteError

if TYPE_CHECKING:
    from esgdesk.core.store import Report


def roll_forward(old: Report, new_path: Path, *, catalogue: Catalogue | None = None) -> Report:
    """A new report for `old.year + 1` holding every value and explanation of the old one.

    Values and explanations keep their years, so last year's figures and explanations are
    the new report's prior year; section states and acknowledgements start afresh.
    `catalogue` replaces the snapshot (to adopt an edited `forms/`); by default the old one is kept.
    """
    from esgdesk.core.store import Report, carry_assurance, now_iso

    if Path(new_path).resolve() == old.path.resolve():
        raise Refused("roll-forward writes a new file; choose another name than the current report's")
    cat = catalogue or old.catalogue
    main = old.entities[old.entity]
    new = Report.create(
        new_path,
        cat,
        company=old.meta.company,
        company_zh=old.meta.company_zh,
        year=old.year + 1,
        entity_id=main.id,
        identifier=main.identifier,
        scheme=main.scheme,
        currency=old.meta.currency,
        user=old.user,
        extra={"previous_report_id": old.meta.report_id, "previous_report": old.path.name},
    )
    db = new.connection()
    try:
        db.execute("BEGIN IMMEDIATE")
        src = old.connection()
        for e in old.entities.values():
            if e.id == main.id:
                continue
            db.execute(
                "INSERT INTO entities (id, name, identifier, scheme, parent, in_scope, ownership, position) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (e.id, e.name, e.identifier, e.scheme, e.parent, int(e.in_scope), e.ownership, e.position),
            )
        known = set(cat.indicators)
        rows = [r for r in src.execute("SELECT * FROM vals") if r[1] in known]
        if rows:
            db.executemany(f"INSERT INTO vals VALUES ({', '.join('?' * len(rows[0]))})", rows)
        expl = [r for r in src.execute("SELECT * FROM explanations") if r[1] in known]
        if expl:
            db.executemany(f"INSERT INTO explanations VALUES ({', '.join('?' * len(expl[0]))})", expl)
        # Every earlier year goes along with its restatements, evidence and base years.
        carry_assurance(src, db, known=known, closed_year=old.year, user=old.user, at=now_iso())
        audit.append(
            db,
            at=now_iso(),
            user=old.user,
            field="rollforward",
            new={"from": old.meta.report_id, "from_year": old.year, "values": len(rows)},
            source="rollforward",
        )
        db.execute("COMMIT")
    except Exception as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        path = new.path
        new.close()
        path.unlink(missing_ok=True)
        raise WriteError(f"roll-forward failed ({exc}); nothing was written", where=str(path)) from None
    path = new.path
    new.close()
    return Report.open(path, user=old.user)
