"""The shared store tests run on both stores: a report file, and the same report on a PostgreSQL server.

A test marked `both_stores` runs twice (tests/conftest.py): its `mini` and `demo` fixtures give a report
file, then the same report published on the private test server and opened by URL.
`reopen` opens a report again the way its store does.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from esgdesk.core.schema import APPEND_ONLY_TRIGGERS
from esgdesk.core.store import Report, open_report
from esgdesk.core.store.integrity import IntegrityResult


def target(rep: Report) -> Path | str:
    """What opens `rep` again: its file, or its URL."""
    url = getattr(rep, "url", None)
    return rep.path if url is None else url.with_report(url.report)


def reopen(rep: Report, *, readonly: bool = False) -> Report:
    return open_report(target(rep), readonly=readonly)


def digest(rep: Report) -> str:
    """What the store holds, as one hash: a file's bytes, or every row of a server report's tables."""
    if getattr(rep, "url", None) is None:
        return hashlib.sha256(Path(rep.path).read_bytes()).hexdigest()
    from esgdesk.core.store.server.ddl import tables

    h = hashlib.sha256()
    for t in tables():
        rows = rep.connection().execute(f"SELECT * FROM {t.name} ORDER BY {', '.join(t.key)}").fetchall()
        h.update(repr((t.name, rows)).encode())
    return h.hexdigest()


def on_server(rep: Report, dsn: str) -> Report:
    """`rep` published to the server at `dsn` (a database prepared by `server init`, with its admin's DSN)
    and opened there by the role `tester`, a member of the ESG office: the tests' user, as on a file."""
    from esgdesk.core.store.server.transfer import publish

    path = rep.path
    rep.close()
    return open_report(publish(path, dsn).replace("user=postgres", "user=tester"))


def check(rep: Report) -> IntegrityResult:
    """`esgdesk check` of the report (closed or open) in its store."""
    from esgdesk.core.store.integrity import check_report
    from esgdesk.core.store.server.transfer import check as check_server_report

    where = target(rep)
    return check_report(where) if isinstance(where, Path) else check_server_report(where)


def tamper_audit(path: Path) -> None:
    """Change logged entry 2 of a closed report file behind esgdesk's back, then put its schema back."""
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_no_update")
    with db:
        db.execute("UPDATE audit SET why = 'nobody' WHERE seq = 2")
    db.execute(APPEND_ONLY_TRIGGERS[0])  # covering the tracks: the schema is esgdesk's again
    db.close()
