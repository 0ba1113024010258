"""`Report`, an open report file: one SQLite database per report, every edit durable when the call returns.

`Report` is the core API that the app, the command line and the tests share. It keeps the
values in memory for reading and writes each change in its own transaction with
`synchronous=FULL`, so an acknowledged edit survives a crash, a kill or a power cut, and a
failed write (full disk, read-only folder) leaves the last good state untouched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk import __version__
from esgdesk.core import audit, hooks, schema, schema_check, typed_json
from esgdesk.core.backups import make_backup
from esgdesk.core.catalogue import Catalogue, Indicator, read_snapshot
from esgdesk.core.errors import EsgdeskError, Refused, ReportFileError, UnusableInput, WriteError
from esgdesk.core.hooks import Guard
from esgdesk.core.locking import ReportLock, current_user
from esgdesk.core.store import audit_log
from esgdesk.core.store.batch import VALUE_COLS, Batch, value_params
from esgdesk.core.store.db import connect as _connect
from esgdesk.core.store.db import rollback as _rollback
from esgdesk.core.store.db import write_error as _write_error
from esgdesk.core.store.files import copy_database, inspect_file, replacing
from esgdesk.core.store.records import (
    Entity,
    Explanation,
    ReportMeta,
    SectionState,
    ValueKey,
    now_iso,
    write_meta,
)
from esgdesk.core.units import UnitTable
from esgdesk.core.values import Change, Key, Qualifier, Status, Value, value_from_row

if TYPE_CHECKING:
    from esgdesk.core.evidence import Attachment
    from esgdesk.core.restatements import Restatement

_STATUS = {s.value: s for s in Status}
_QUALIFIER = {q.value: q for q in Qualifier}


Listener = Callable[[list[Change]], None]


def _row_to_value(r: tuple[Any, ...]) -> Value:
    return value_from_row(r)


_VALUE_COLS = VALUE_COLS
_value_params = value_params


class Report:
    """An open report file. Use `Report.open` or `Report.create`; close it (or use `with`)."""

    def __init__(
        self,
        path: Path,
        db: sqlite3.Connection,
        catalogue: Catalogue,
        meta: ReportMeta,
        *,
        readonly: bool,
        lock: ReportLock | None,
        user: str,
    ) -> None:
        self.path = path
        self._db = db
        self.catalogue = catalogue
        self.meta = meta
        self.readonly = readonly
        self._lock = lock
        self.user = user
        self.units = UnitTable(catalogue.units)
        self._write_lock = threading.RLock()
        # A figure is kept as its row of the file until it is first read (`_value`): opening a report
        # then costs little more than reading its rows, and the app's first paint reads one form's worth.
        self._values: dict[ValueKey, Value | tuple[Any, ...]] = {}
        self._all_built = False
        self._explanations: dict[ValueKey, Explanation] = {}
        self._acks: dict[tuple[str, str, int, str], Explanation] = {}
        self._states: dict[tuple[str, str], SectionState] = {}
        self._published: dict[int, Explanation] = {}  # year -> who marked it published, and when
        self._restatements: dict[ValueKey, Restatement] = {}
        self._attachments: list[Attachment] = []
        self._base_years: dict[str, int] = {}
        self.entities: dict[str, Entity] = {}
        self._integrity: list[str] | None = None  # the audit chain's problems, once checked
        self._closed = False
        self.notes: list[str] = []  # things the user should be told after opening (stale lock, migration)
        self._listeners: list[Listener] = []
        # Extra rules a layer above provides (a collection file allows only its department's figures),
        # asked for again when the report's kind or entities change (see `core.hooks`).
        self._guards: tuple[Guard, ...] = ()
        self._guards_for: tuple[str, int] | None = None
        self._load()

    # -- opening and creating ----------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path | str,
        catalogue: Catalogue,
        *,
        company: str,
        year: int,
        entity_id: str = "company",
        identifier: str = "",
        scheme: str = "",
        company_zh: str = "",
        currency: str = "CNY",
        user: str | None = None,
        kind: str = "master",
        extra: dict[str, str] | None = None,
        overwrite: bool = False,
    ) -> Report:
        path = Path(path)
        user = user or current_user()
        if path.exists() and not overwrite:
            raise Refused("a file of that name exists already; choose another name", where=str(path))
        if not (1900 <= year <= 2200):
            raise Refused(f"{year} is not a reporting year")
        import uuid  # only a new report needs an id; opening one (the app's start) does not load uuid

        meta = ReportMeta(
            report_id=str(uuid.uuid4()),
            company=company,
            company_zh=company_zh,
            entity=entity_id,
            year=year,
            currency=currency,
            created_at=now_iso(),
            created_by=user,
            app_version=__version__,
            kind=kind,
            extra=extra or {},
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(path, "creating") as tmp:  # never leave a half-made report under the real name
                tmp.unlink(missing_ok=True)
                db = _connect(tmp)
                try:
                    db.execute("BEGIN")
                    schema.create_schema(db)
                    write_meta(db, meta)
                    db.execute(
                        "INSERT INTO catalogue (id, json, fingerprint) VALUES (1, ?, ?)",
                        (catalogue.model_dump_json(by_alias=True), catalogue.fingerprint),
                    )
                    db.execute(
                        "INSERT INTO entities (id, name, identifier, scheme, position) VALUES (?, ?, ?, ?, 0)",
                        (entity_id, company, identifier, scheme),
                    )
                    audit_log.append(
                        db,
                        at=meta.created_at,
                        user=user,
                        field="create",
                        new={"company": company, "year": year},
                        source="create",
                    )
                    db.execute("COMMIT")
                finally:
                    db.close()
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, sqlite3.Error):
                raise _write_error(exc, path) from None
            raise WriteError(f"cannot create the report: {exc.strerror or exc}", where=str(path)) from None
        return cls.open(path, user=user)

    @classmethod
    def open(cls, path: Path | str, *, readonly: bool = False, user: str | None = None, backup: bool = False) -> Report:
        path = Path(path)
        user = user or current_user()
        version = inspect_file(path)
        if version < schema.SCHEMA_VERSION:
            _check_head(path)  # a foreign file is refused as such, not migrated or backed up
            if not readonly:  # a damaged file is refused before the upgrade writes anything
                cls.open(path, readonly=True, user=user).close()
        lock: ReportLock | None = None
        if not readonly:
            lock = ReportLock(path)
            lock.acquire(user)
        try:
            notes: list[str] = []
            if lock and lock.stale_holder:
                h = lock.stale_holder
                notes.append(
                    f"{h.get('user', 'someone')} on {h.get('host', '?')} did not close this report cleanly "
                    f"(since {h.get('since', '?')}); their lock was released"
                )
            if readonly:
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
                schema_check.harden(db)
                if version < schema.SCHEMA_VERSION:
                    mem = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                    schema_check.harden(mem)
                    db.backup(mem)
                    db.close()
                    db = mem
                    db.execute("BEGIN")
                    schema.migrate(db, version)
                    schema_check.verify(db, schema.SCHEMA_VERSION, where=str(path))
                    db.execute("COMMIT")
            else:
                if version < schema.SCHEMA_VERSION:
                    backup_path = make_backup(path, path, f"before-migration-v{version}")
                    notes.append(
                        f"the report was upgraded to format {schema.SCHEMA_VERSION}; "
                        f"the original is kept at {backup_path}"
                    )
                elif backup:
                    make_backup(path, path, "on-open")
                db = _connect(path)
                if version < schema.SCHEMA_VERSION:
                    try:
                        db.execute("BEGIN IMMEDIATE")
                        schema.migrate(db, version)
                        schema_check.verify(db, schema.SCHEMA_VERSION, where=str(path))  # before it is kept
                        db.execute("COMMIT")
                    except (sqlite3.Error, ReportFileError) as exc:
                        db.execute("ROLLBACK")
                        db.close()
                        raise (exc if isinstance(exc, ReportFileError) else _write_error(exc, path)) from None
            try:
                catalogue, meta = _read_head(db, path)
            except EsgdeskError:
                db.close()
                raise
            report = cls(path, db, catalogue, meta, readonly=readonly, lock=lock, user=user)
            report.notes.extend(notes)
            if readonly and version < schema.SCHEMA_VERSION:
                # The upgraded copy lives in memory only: check its log now, while it is there.
                report._integrity = report._check_audit()
            return report
        except BaseException:
            if lock:
                lock.release()
            raise

    def _load(self) -> None:
        db = self._db
        try:
            self.entities = {
                r[0]: Entity(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7])
                for r in db.execute(
                    "SELECT id, name, identifier, scheme, parent, in_scope, ownership, position FROM entities "
                    "ORDER BY position, id"
                )
            }
            self._values = {
                (r[0], r[1], r[2]): r for r in db.execute(f"SELECT entity, indicator, year, {_VALUE_COLS} FROM vals")
            }
            # Figures are built when first read, but a status or qualifier esgdesk does not know makes
            # the file unreadable now, as it did when every figure was built at once.
            bad = db.execute(
                f"SELECT status, qualifier FROM vals WHERE status NOT IN ({', '.join('?' * len(_STATUS))}) "
                f"OR qualifier NOT IN ({', '.join('?' * len(_QUALIFIER))}) LIMIT 1",
                (*_STATUS, *_QUALIFIER),
            ).fetchone()
            if bad is not None:
                raise ValueError(f"unknown status or qualifier {bad[0]!r}, {bad[1]!r}")
            self._load_annotations()
            db.execute("SELECT max(seq) FROM audit").fetchone()  # the log itself is checked on first use
        except (sqlite3.Error, KeyError, ValueError) as exc:
            self.close()
            raise ReportFileError(f"the report is damaged and cannot be read ({exc})", where=str(self.path)) from None

    def _load_annotations(self) -> None:
        """Explanations, acknowledgements and section states: read at open, and again after a batch that wrote rows kept only on disk."""
        db = self._db
        self._explanations = {
            (r[0], r[1], r[2]): Explanation(r[3], r[4], r[5])
            for r in db.execute("SELECT entity, indicator, year, text, author, at FROM explanations")
        }
        self._acks = {
            (r[0], r[1], r[2], r[3]): Explanation(r[4] or "", r[5], r[6])
            for r in db.execute("SELECT entity, indicator, year, rule, note, author, at FROM acks")
        }
        self._states = {
            (r[0], r[1]): SectionState(r[2], r[3], r[4], r[5])
            for r in db.execute("SELECT entity, section, state, by, at, comment FROM section_states")
        }
        self._published = {
            r[0]: Explanation("", r[1], r[2]) for r in db.execute("SELECT year, by, at FROM published_years")
        }
        # Their modules load only for a report that has some: few have any, and start-up reads this.
        restated = db.execute("SELECT entity, indicator, year, previous, reason, by, at FROM restatements").fetchall()
        if restated:
            from esgdesk.core.restatements import Restatement

            self._restatements = {(r[0], r[1], r[2]): Restatement.from_row(r[3], r[4], r[5], r[6]) for r in restated}
        else:
            self._restatements = {}
        self._base_years = {r[0]: r[1] for r in db.execute("SELECT indicator, year FROM base_years")}
        attached = db.execute(
            "SELECT id, entity, indicator, section, year, name, sha256, size, note, added_by, added_at FROM attachments "
            "ORDER BY id"
        ).fetchall()
        if attached:
            from esgdesk.core.evidence import Attachment

            self._attachments = [Attachment(*r) for r in attached]
        else:
            self._attachments = []

    @property
    def integrity_problems(self) -> list[str]:
        """What is wrong with the audit log, in plain words; empty when it is intact.

        Checked on first use rather than at open: the log is the largest table of the file and every
        entry is hashed. The app, `esgdesk validate`, `esgdesk check` and a merge all ask for it.
        """
        with self._write_lock:
            if self._integrity is None:
                self._integrity = self._check_audit()
            return self._integrity

    def _check_audit(self) -> list[str]:
        try:
            if not self._closed:
                return audit_log.verify(self._db)
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            schema_check.harden(db)
            try:
                return audit_log.verify(db)
            finally:
                db.close()
        except sqlite3.Error as exc:
            return [f"the audit log cannot be read ({exc})"]

    def close(self) -> None:
        self._closed = True
        try:
            self._db.close()
        finally:
            if self._lock:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Report:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.meta.year

    @property
    def prior_year(self) -> int:
        return self.meta.year - 1

    @property
    def entity(self) -> str:
        return self.meta.entity

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self.catalogue.indicators[indicator_id]
        except KeyError:
            raise UnusableInput(f"unknown indicator '{indicator_id}'") from None

    def _value(self, key: ValueKey) -> Value | None:
        v = self._values.get(key)
        if isinstance(v, tuple):
            v = self._values[key] = value_from_row(v, 3)
        return v

    def get(self, indicator: str, year: int | None = None, entity: str | None = None) -> Value | None:
        return self._value((entity or self.meta.entity, indicator, year or self.meta.year))

    def values(self, *, entity: str | None = None, year: int | None = None) -> Iterator[tuple[str, str, int, Value]]:
        """(entity, indicator, year, value) in catalogue order, then entity, then year (newest first)."""
        order = {ind.id: n for n, ind in enumerate(self.catalogue.ordered_indicators())}
        epos = {e: n for n, e in enumerate(self.entities)}
        keys = [k for k in self._values if (entity is None or k[0] == entity) and (year is None or k[2] == year)]
        keys.sort(key=lambda k: (order.get(k[1], 1 << 30), epos.get(k[0], 1 << 30), -k[2]))
        for k in keys:
            v = self._value(k)
            if v is not None:
                yield k[0], k[1], k[2], v

    def value_map(self) -> dict[ValueKey, Value]:
        """All values by (entity, indicator, year); a read-only view for engines and exporters."""
        if not self._all_built:
            with self._write_lock:
                values = self._values
                for k, v in values.items():
                    if isinstance(v, tuple):
                        values[k] = value_from_row(v, 3)
                self._all_built = True
        return self._values  # type: ignore[return-value]  # every row was built above

    def years(self) -> list[int]:
        ys = {k[2] for k in self._values} | {self.meta.year, self.meta.year - 1}
        return sorted(ys)

    def explanation(self, indicator: str, year: int | None = None, entity: str | None = None) -> Explanation | None:
        return self._explanations.get((entity or self.meta.entity, indicator, year or self.meta.year))

    def explanations(self) -> dict[ValueKey, Explanation]:
        return self._explanations

    def acknowledged(self, indicator: str, rule: str, year: int | None = None, entity: str | None = None) -> bool:
        return (entity or self.meta.entity, indicator, year or self.meta.year, rule) in self._acks

    def acks(self) -> dict[tuple[str, str, int, str], Explanation]:
        return self._acks

    def section_state(self, section: str, entity: str | None = None) -> SectionState:
        return self._states.get((entity or self.meta.entity, section), SectionState("draft", "", "", None))

    def section_states(self) -> dict[tuple[str, str], SectionState]:
        return self._states

    def published_years(self) -> list[int]:
        """Years whose figures were published: they are restated, never edited."""
        return sorted(self._published)

    def is_published(self, year: int) -> bool:
        return year in self._published

    def restatement(self, indicator: str, year: int, entity: str | None = None) -> Restatement | None:
        return self._restatements.get((entity or self.meta.entity, indicator, year))

    def restatements(self) -> dict[ValueKey, Restatement]:
        return self._restatements

    def base_year(self, indicator: str) -> int | None:
        """The year an indicator's figures are compared with (e.g. GHG emissions against a target's base)."""
        return self._base_years.get(indicator)

    def base_years(self) -> dict[str, int]:
        return self._base_years

    def attachments(
        self, *, target: str | None = None, year: int | None = None, entity: str | None = None
    ) -> list[Attachment]:
        """Evidence attached to figures and sections, oldest first; `target` is an indicator or section id."""
        return [
            a
            for a in self._attachments
            if (target is None or a.target == target)
            and (year is None or a.year == year)
            and (entity is None or a.entity == entity)
        ]

    def evidence_bytes(self, sha256: str) -> bytes:
        """The stored file with this SHA-256; checked against it, so a damaged file is never handed out."""
        with self._write_lock:
            try:
                row = self._db.execute("SELECT data FROM evidence_files WHERE sha256 = ?", (sha256,)).fetchone()
            except sqlite3.Error as exc:
                raise ReportFileError(f"the report's evidence cannot be read ({exc})", where=str(self.path)) from None
        if row is None:
            raise ReportFileError(f"the evidence file {sha256[:12]}… is missing from the report", where=str(self.path))
        data = bytes(row[0])
        from esgdesk.core.evidence import sha256_of

        if sha256_of(data) != sha256:
            raise ReportFileError(
                f"the evidence file {sha256[:12]}… is damaged (its SHA-256 differs)", where=str(self.path)
            )
        return data

    def audit_log(
        self,
        *,
        indicator: str | None = None,
        entity: str | None = None,
        field: str | None = None,
        upto: int | None = None,
    ) -> list[audit.AuditEntry]:
        """The audit entries in order, of one indicator, entity or kind (`field`), up to entry `upto`."""
        with self._write_lock:
            try:
                return audit_log.read(self._db, indicator=indicator, entity=entity, field=field, upto=upto)
            except (sqlite3.Error, ValueError) as exc:  # ValueError: an entry's JSON was damaged on disk
                raise ReportFileError(
                    f"the report's audit log is damaged and cannot be read ({exc})", where=str(self.path)
                ) from None

    def audit_table(self, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        """Every audit entry as stored (JSON as text), oldest first: its entity, then `columns`; a column
        the log does not have reads as empty. For exports that print the log as it is."""
        names = ", ".join(c if c in audit.COLUMNS else "NULL" for c in columns) or "NULL"  # only known names
        with self._write_lock:
            try:
                return self._db.execute(f"SELECT entity, {names} FROM audit ORDER BY seq").fetchall()
            except sqlite3.Error as exc:
                raise ReportFileError(f"the report's audit log cannot be read ({exc})", where=str(self.path)) from None

    def audit_hash(self, seq: int | None = None) -> tuple[int, str] | None:
        """(seq, hash) of audit entry `seq`, or of the last entry; None when there is no such entry.
        A seal signs it: whatever was logged up to there cannot change unnoticed."""
        sql = "SELECT seq, hash FROM audit " + ("WHERE seq = ?" if seq is not None else "ORDER BY seq DESC LIMIT 1")
        with self._write_lock:
            row = self._db.execute(sql, () if seq is None else (seq,)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def written_by(self, source: str, *, entity: str | None = None) -> set[tuple[str, int]]:
        """(indicator, year) of the figures of `entity` whose last write came from `source` (e.g. consolidation)."""
        with self._write_lock:
            rows = self._db.execute(
                "SELECT indicator, year FROM vals WHERE entity = ? AND source = ?", (entity or self.meta.entity, source)
            ).fetchall()
        return {(r[0], r[1]) for r in rows}

    # -- listening (the GUI's models subscribe; the core knows nothing of Qt) ---------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _notify(self, changes: list[Change]) -> None:
        for listener in list(self._listeners):
            listener(changes)

    # -- writing -----------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.readonly:
            raise Refused("this report is open read-only", where=str(self.path))

    def _key(self, indicator: str, year: int | None, entity: str | None) -> ValueKey:
        self.indicator(indicator)
        ent = entity or self.meta.entity
        if ent not in self.entities:
            raise UnusableInput(f"unknown entity '{ent}'")
        yr = self.meta.year if year is None else int(year)
        if not (1900 <= yr <= 2200):
            raise Refused(f"{yr} is not a reporting year")
        return (ent, indicator, yr)

    def parse(self, indicator: str, text: str, *, unit: str | None = None, decimal_comma: bool = False) -> Value | None:
        """Read typed text for an indicator; `unit` is the unit the text is in when it does not say."""
        ind = self.indicator(indicator)
        if unit:
            resolved = self.units.resolve(unit)
            if resolved is None:
                raise Refused(f"unknown unit '{unit}'")
            stripped = text.strip()
            if stripped and stripped[-1].isdigit():
                text = f"{stripped} {resolved.id}"
        # Loaded with the first figure typed: its patterns need not compile before the first paint.
        from esgdesk.core.parser import parse_value

        return parse_value(text, ind, self.units, decimal_comma=decimal_comma)

    def set_value(
        self,
        indicator: str,
        value: Value | None,
        *,
        year: int | None = None,
        entity: str | None = None,
        why: str | None = None,
        source: str = "app",
        allow_computed: bool = False,
    ) -> Change:
        key = self._key(indicator, year, entity)
        change = Change(Key(*key), self._value(key), value, why, source)
        self.apply([change], allow_computed=allow_computed)
        return change

    def set_text(
        self,
        indicator: str,
        text: str,
        *,
        year: int | None = None,
        entity: str | None = None,
        unit: str | None = None,
        why: str | None = None,
        source: str = "app",
    ) -> Change:
        return self.set_value(
            indicator, self.parse(indicator, text, unit=unit), year=year, entity=entity, why=why, source=source
        )

    def guard(
        self, change: Change, *, allow_computed: bool = False, restating: bool = False, kind_rules: bool = True
    ) -> None:
        """Refuse a change the report's rules forbid; the workflow layer adds its own (`guards`).

        `kind_rules=False` leaves those out: the ESG office filling a department's file before issuing it.
        """
        ind = self.indicator(change.key.indicator)
        if ind.retired and change.new is not None:
            raise Refused(
                f"'{ind.label.en}' was retired from this report's catalogue ({ind.retired}); "
                "its figures stay readable but are no longer collected"
            )
        if change.key.year in self._published and not restating:
            raise Refused(
                f"{change.key.year} is a published year: its figures are restated with a reason, "
                f"not edited (esgdesk restate, or the restatement dialog in the app)"
            )
        if ind.computed and not allow_computed and change.new is not None:
            raise Refused(f"'{ind.label.en}' is computed from other figures and cannot be typed")
        section = self.catalogue.section_of[ind.id]
        state = self.section_state(section.id, change.key.entity).state
        if state == "approved":
            raise Refused(f"section '{section.label.en}' is approved and locked; the ESG office must unlock it first")
        for hook in self.guards if kind_rules else ():
            hook(self, change)

    @property
    def guards(self) -> tuple[Guard, ...]:
        """The extra rules of this report's kind (a department's file, a group), read-only."""
        shape = (self.meta.kind, len(self.entities))
        if self._guards_for != shape:
            self._guards = hooks.guards_for(self)
            self._guards_for = shape
        return self._guards

    @contextlib.contextmanager
    def batch(self, *, source: str = "app", why: str | None = None) -> Iterator[Batch]:
        """Write several changes in one transaction: all of them or none (see `store.batch`).

        Each write adds its own audit entry with `source` and `why` (unless it names its own);
        listeners are told once, after the commit. Any error inside the block rolls it all back.
        """
        self._check_writable()
        with self._write_lock:
            db = self._db
            b = Batch(self, db, at=now_iso(), source=source, why=why)
            try:
                db.execute("BEGIN IMMEDIATE")
                yield b
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(db)
                raise _write_error(exc, self.path) from None
            except BaseException:
                _rollback(db)
                raise
            finally:
                b._open = False
            b._publish()
        self._notify(b.changes)

    def apply(
        self,
        changes: Iterable[Change],
        *,
        allow_computed: bool = False,
        batch_source: str | None = None,
        batch_note: Any = None,
        restating: bool = False,
        kind_rules: bool = True,
    ) -> list[Change]:
        """Write changes in one transaction: all of them or none. Returns what was applied.

        Every change is checked (`guard`) before anything is written; with `batch_source`, one "batch"
        entry carrying `batch_note` comes first in the log.
        """
        self._check_writable()
        todo = [c for c in changes]
        for c in todo:
            self._key(c.key.indicator, c.key.year, c.key.entity)
            self.guard(c, allow_computed=allow_computed, restating=restating, kind_rules=kind_rules)
        with self.batch() as b:
            if batch_source:
                b.log("batch", new=batch_note, source=batch_source, why=todo[0].why if todo else None)
            for c in todo:
                b.write_change(c)  # checked above, before the transaction
        return todo

    def held_indicators(self) -> set[str]:
        """Indicators the report holds anything for: figures, explanations, acknowledgements, restatements,
        evidence. A catalogue change may retire them, never remove them."""
        return (
            {k[1] for k in self._values}
            | {k[1] for k in self._explanations}
            | {k[1] for k in self._acks}
            | {k[1] for k in self._restatements}
            | {a.indicator for a in self._attachments if a.indicator}
        )

    def held_sections(self) -> set[str]:
        """Sections the report holds a review state or evidence for."""
        return {sec for _, sec in self._states} | {a.section for a in self._attachments if a.section}

    def replace_catalogue(
        self,
        catalogue: Catalogue,
        entries: list[dict[str, Any]],
        *,
        conversions: Iterable[Change] = (),
        why: str | None = None,
        source: str = "catalogue",
    ) -> None:
        """Adopt another catalogue snapshot in one transaction: the snapshot, the figures it converts
        (a changed unit) and one audit entry per catalogue change (`entries`: field, indicator, old, new).

        Refused when a figure, explanation or acknowledgement would lose its indicator: nothing the
        report holds is ever dropped by a catalogue change (retire an indicator instead).
        """
        self._check_writable()
        lost = sorted(self.held_indicators() - set(catalogue.indicators))
        if lost:
            raise Refused(
                f"'{lost[0]}' holds figures in this report and cannot be removed from its catalogue; "
                "retire it instead" + (f" ({len(lost) - 1} more)" if len(lost) > 1 else "")
            )
        gone = sorted(self.held_sections() - set(catalogue.sections))
        if gone:
            raise Refused(f"section '{gone[0]}' has a review state or evidence in this report and cannot be removed")
        with self.batch(source=source, why=why) as b:
            b.replace_catalogue(catalogue, entries, conversions=conversions, why=why, source=source)

    def restate(
        self, indicator: str, value: Value, *, year: int, reason: str, entity: str | None = None, source: str = "app"
    ) -> tuple[Change, Restatement | None]:
        """Restate a figure of a published year; returns the change and the restatement it replaced.

        The value as first published is kept however often the figure is restated; the audit log
        keeps every step.
        """
        key = self._key(indicator, year, entity)
        reason = reason.strip()
        if not reason:
            raise Refused("a restatement needs a reason (it is disclosed with the restated figure)")
        if key[2] not in self._published:
            raise Refused(f"{key[2]} is not a published year: change the figure directly (esgdesk set)")
        before = self._restatements.get(key)
        old = self._value(key)
        first = before.previous if before is not None else old
        from esgdesk.core.restatements import Restatement

        rest = Restatement(first, reason, self.user, now_iso())
        change = Change(Key(*key), old, value, reason, source)
        self._put_restatement(change, rest)
        return change, before

    def withdraw_restatement(self, change: Change, before: Restatement | None) -> None:
        """Undo `restate`: the figure and the restatement as they were before (the log keeps both)."""
        back = Change(change.key, change.new, change.old, "undo", change.source)
        self._put_restatement(back, before)

    def _put_restatement(self, change: Change, rest: Restatement | None) -> None:
        with self.batch(source=change.source) as b:
            b.restate(change, rest)

    def attach(
        self,
        target: str,
        name: str,
        data: bytes,
        *,
        year: int | None = None,
        entity: str | None = None,
        note: str | None = None,
        source: str = "app",
    ) -> Attachment:
        """Attach a file to a figure or a section (`target`: an indicator or section id) in one transaction."""
        with self.batch(source=source) as b:
            return b.attach(target, name, data, year=year, entity=entity, note=note)

    def detach(self, attachment_id: int, *, source: str = "app") -> Attachment:
        """Remove an attachment (an undo, or a wrong file); its stored file goes when nothing else uses it."""
        with self.batch(source=source) as b:
            return b.detach(attachment_id)

    def import_history(
        self,
        changes: list[Change],
        explanations: list[tuple[ValueKey, str, str, str]],
        published: list[int],
        *,
        note: Any = None,
    ) -> None:
        """Earlier years from other report files, in one transaction (see `esgdesk.core.history`)."""

        # Only figures the report lacks are written, so a published year gains history, never an edit.
        with self.batch(source="history") as b:
            b.apply(changes, allow_computed=True, restating=True, note_source="history", note=note)
            for key, text, author, when in explanations:
                b.set_explanation(key[1], text, year=key[2], entity=key[0], author=author, at=when)
            for year in published:
                b.mark_published(year)

    def set_base_year(self, indicator: str, year: int | None, *, source: str = "app") -> None:
        """Set (or, with None, clear) the base year of a numeric indicator."""
        ind = self.indicator(indicator)
        if not ind.type.numeric:
            raise Refused(f"'{ind.label.en}' is not a number: a base year compares figures")
        if year is None and indicator not in self._base_years:
            return
        with self.batch(source=source) as b:
            b.set_base_year(indicator, year)

    def mark_published(self, year: int, *, source: str = "app") -> None:
        """Mark a year published: from now on its figures are restated, not edited."""
        if year in self._published:
            return
        with self.batch(source=source) as b:
            b.mark_published(year)

    def set_explanation(
        self, indicator: str, text: str | None, *, year: int | None = None, entity: str | None = None
    ) -> None:
        with self.batch() as b:
            b.set_explanation(indicator, text, year=year, entity=entity)

    def acknowledge(
        self, indicator: str, rule: str, note: str | None = None, *, year: int | None = None, entity: str | None = None
    ) -> None:
        with self.batch() as b:
            b.acknowledge(indicator, rule, note, year=year, entity=entity)

    def withdraw_ack(self, indicator: str, rule: str, *, year: int | None = None, entity: str | None = None) -> None:
        """Take back an acknowledgement (an undo, or a second thought); the audit log keeps both."""
        key = self._key(indicator, year, entity)
        if (*key, rule) not in self._acks:
            return
        with self.batch() as b:
            b.withdraw_ack(indicator, rule, year=year, entity=entity)

    def set_section_state(
        self,
        section: str,
        state: str,
        *,
        entity: str | None = None,
        comment: str | None = None,
        why: str | None = None,
    ) -> None:
        with self.batch() as b:
            b.set_section_state(section, state, entity=entity, comment=comment, why=why)

    def _changed_meta(self, key: str, value: str, base: ReportMeta | None = None) -> tuple[ReportMeta, Any]:
        """The header with `key` set to `value` (checked), and the value it replaces."""
        base = base or self.meta
        fields = {f.name for f in dataclasses.fields(ReportMeta)} - {
            "extra",
            "report_id",
            "created_at",
            "created_by",
            "app_version",
        }
        old = getattr(base, key) if key in fields else base.extra.get(key)
        data = dataclasses.asdict(base)
        if key in fields:
            data[key] = value
        else:
            data["extra"] = {**data["extra"], key: value}
        try:
            return ReportMeta.model_validate(data), old
        except ValueError as exc:  # pydantic's ValidationError
            raise Refused(f"{key}: {_first_error(exc)}") from None

    def set_meta(self, key: str, value: str, *, why: str | None = None) -> None:
        self._changed_meta(key, value)  # a bad value is refused as such, even on a report open read-only
        with self.batch(why=why) as b:
            b.set_meta(key, value)

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
        with self.batch() as b:
            return b.add_entity(
                entity_id,
                name,
                identifier=identifier,
                scheme=scheme,
                parent=parent,
                in_scope=in_scope,
                ownership=ownership,
            )

    def update_entity(self, entity_id: str, *, in_scope: bool | None = None, ownership: float | None = None) -> Entity:
        with self.batch() as b:
            return b.update_entity(entity_id, in_scope=in_scope, ownership=ownership)

    def set_entity_identifier(self, entity_id: str, identifier: str, scheme: str, *, why: str | None = None) -> Entity:
        """Store an entity's identifier as given; `esgdesk.core.properties` checks it first."""
        with self.batch(why=why) as b:
            return b.set_entity_identifier(entity_id, identifier, scheme)

    def log(self, field: str, *, new: Any = None, why: str | None = None, source: str = "app") -> None:
        """Record an event (an export, a merge, an issued file) in the audit log."""
        with self.batch(source=source) as b:
            b.log(field, new=new, why=why)

    def backup(self, reason: str) -> Path:
        with self._write_lock:
            return make_backup(lambda to: copy_database(self._db, to), self.path, reason)

    def save_copy(self, path: Path | str, *, overwrite: bool = False) -> Path:
        """Write the report as it is now to `path` (e.g. when its own disk is full or read-only).

        The copy is made with SQLite's online backup under a temporary name and renamed when
        complete, so a failure leaves neither a half-written copy nor any change to this report.
        """
        target = Path(path)
        if target.resolve() == self.path.resolve():
            raise Refused("a copy needs another name than the report itself", where=str(target))
        if target.exists() and not overwrite:
            raise Refused("a file of that name exists already; choose another name", where=str(target))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with replacing(target, "copying") as tmp, self._write_lock:
                dst = sqlite3.connect(str(tmp))
                try:
                    self._db.backup(dst)
                finally:
                    dst.close()
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, sqlite3.Error):
                raise _write_error(exc, target) from None
            raise WriteError(f"cannot save a copy there: {exc.strerror or exc}", where=str(target)) from None
        return target

    def connection(self) -> sqlite3.Connection:
        """The underlying database, for tests that inject faults: esgdesk itself reads and writes a report
        through `Report` and `Report.batch` (tests/test_import_contracts.py finds SQL anywhere else)."""
        return self._db

    def rollforward(self, new_path: Path | str) -> Report:
        from esgdesk.core.rollforward import roll_forward

        return roll_forward(self, Path(new_path))


def carry_assurance(
    src: sqlite3.Connection, dst: sqlite3.Connection, *, known: set[str], closed_year: int, user: str, at: str
) -> None:
    """Roll-forward's part for assurance, inside its transaction: every restatement, published year, evidence
    file, attachment and base year goes along (indicators not in `known` left behind), and the year just
    closed is marked published: it was published with the old report and is restated from now on."""

    def copy(table: str, keep: Callable[[tuple[Any, ...]], bool] | None = None) -> None:
        rows = [r for r in src.execute(f"SELECT * FROM {table}") if keep is None or keep(r)]
        if rows:  # the same format version on both sides: the same columns in the same order
            dst.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)

    copy("restatements", lambda r: r[1] in known)
    copy("published_years")
    dst.execute("INSERT OR IGNORE INTO published_years (year, by, at) VALUES (?, ?, ?)", (closed_year, user, at))
    copy("evidence_files")
    copy("attachments", lambda r: r[2] is None or r[2] in known)
    copy("base_years", lambda r: r[0] in known)


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    return str(errors()[0]["msg"]) if callable(errors) else str(exc)


def _read_meta(text: str) -> ReportMeta:
    try:
        return typed_json.loads(ReportMeta, text)
    except typed_json.NotPlain:
        return ReportMeta.model_validate_json(text)


def _read_head(db: sqlite3.Connection, path: Path) -> tuple[Catalogue, ReportMeta]:
    try:
        rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if rows.get("format") != "esgdesk-report" or "meta" not in rows:
            raise ReportFileError("this is not an esgdesk report (its header is missing)", where=str(path))
        # Data from disk, validated before use: read strictly without pydantic when it is exactly what
        # esgdesk writes (the usual case, and the fast start), by pydantic in full otherwise.
        meta = _read_meta(rows["meta"])
        row = db.execute("SELECT json FROM catalogue WHERE id = 1").fetchone()
        if row is None:
            raise ReportFileError("the report has lost its indicator catalogue", where=str(path))
        catalogue = read_snapshot(row[0])
    except sqlite3.Error as exc:
        raise ReportFileError(f"the report is damaged and cannot be read ({exc})", where=str(path)) from None
    except (ValueError, TypeError) as exc:  # pydantic's ValidationError, or a header that is not text at all
        raise ReportFileError(f"the report's header is damaged ({_first_error(exc)})", where=str(path)) from None
    return catalogue, meta


def _check_head(path: Path) -> None:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    schema_check.harden(db)
    try:
        _read_head(db, path)
    finally:
        db.close()
