"""The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so that an
entry removed or changed outside the app is detected when the file is opened."""

# The entry and the chain's hashing live here; the SQL that appends, reads and verifies a report's
# log is the store's (`esgdesk.core.store.audit_log`), the only code that touches a report's tables.

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

FIELDS = "seq, at, user, entity, indicator, year, field, old, new, why, source"
COLUMNS = tuple(FIELDS.split(", "))  # what an entry records, besides its hash


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of a report's append-only audit log: who changed what, when, why, and its hash."""

    seq: int
    at: str
    user: str
    entity: str | None
    indicator: str | None
    year: int | None
    field: str  # value, explanation, ack, section_state, meta, entity, import, merge ...
    old: Any
    new: Any
    why: str | None
    source: str

    @classmethod
    def from_row(cls, r: tuple[Any, ...]) -> AuditEntry:
        """An entry from its stored fields (`COLUMNS`, in order), its old and new values as JSON text."""
        return cls(
            seq=r[0],
            at=r[1],
            user=r[2],
            entity=r[3],
            indicator=r[4],
            year=r[5],
            field=r[6],
            old=None if r[7] is None else json.loads(r[7]),
            new=None if r[8] is None else json.loads(r[8]),
            why=r[9],
            source=r[10],
        )


def digest(prev: str, row: tuple[Any, ...]) -> str:
    """The hash of an entry (its stored fields, `COLUMNS` in order) chained to the one before it."""
    payload = json.dumps([prev, *row], ensure_ascii=False, separators=(",", ":"))
    return _sha256(payload.encode())


def digest_of_json(prev: str, fields: str) -> str:
    """`digest` of an entry whose fields are already serialised as a JSON array (SQLite's json_array)."""
    return _sha256(f'["{prev}",{fields[1:]}'.encode())


def _sha256(data: bytes) -> str:
    # Imported on first use: the app's start opens a report without writing or verifying an entry,
    # and hashlib's OpenSSL is a few milliseconds of it.
    import hashlib

    return hashlib.sha256(data).hexdigest()


def verify_entries(rows: list[tuple[tuple[Any, ...], str]]) -> list[str]:
    """Problems with a chain of entries read elsewhere (a report on a server), in plain words: each as its
    fields (`COLUMNS`, in order) and its stored hash, oldest first."""
    problems: list[str] = []
    prev = ""
    expected_seq = 1
    for fields, stored in rows:
        seq = int(fields[0])
        if seq != expected_seq:
            problems.append(f"audit entries {expected_seq}-{seq - 1} are missing")
        elif digest(prev, fields) != stored:
            problems.append(f"audit entry {seq} was changed outside esgdesk")
        if len(problems) > 20:
            break
        prev = stored
        expected_seq = seq + 1
    return problems
