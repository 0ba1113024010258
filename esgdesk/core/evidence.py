"""Evidence: the source documents behind a figure (a utility bill, an HR roster, a meter photo).

Files are stored inside the report file, content-addressed by SHA-256 (a file attached to ten
figures is stored once), each attachment with who, when and a note. This module holds what is
decided about evidence before anything is written: which names are acceptable, how large a file
may be, how a file is read; the store writes it, `evidence_pack` hands it to an assurance provider.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.errors import Refused, UnusableInput

if TYPE_CHECKING:
    from esgdesk.core.store import Report

DEFAULT_LIMIT_MB = 25  # per file; an ESG office may set another (`esgdesk evidence PATH --limit MB`)
LIMIT_KEY = "evidence_limit_mb"  # in the report's settings (meta.extra)
MAX_LIMIT_MB = 1024  # a report file is one SQLite database: files beyond this belong in a document system
MAX_NAME = 200
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@dataclass(frozen=True, slots=True)
class Attachment:
    """One file attached to a figure (entity × indicator × year) or to a section (entity × section × year)."""

    id: int
    entity: str
    indicator: str | None
    section: str | None
    year: int
    name: str
    sha256: str
    size: int
    note: str | None
    added_by: str
    added_at: str

    @property
    def target(self) -> str:
        return self.indicator or self.section or ""

    def to_json(self) -> dict[str, Any]:
        """An entry of `esgdesk evidence --json`."""
        out: dict[str, Any] = {
            "indicator": self.indicator,
            "entity": self.entity,
            "year": self.year,
            "name": self.name,
            "sha256": self.sha256,
            "size": self.size,
            "note": self.note,
            "added_by": self.added_by,
            "added_at": self.added_at,
        }
        if self.section is not None:
            out["section"] = self.section
        return out


def sha256_of(data: bytes) -> str:
    import hashlib  # evidence is hashed when attached; opening a report loads neither module

    return hashlib.sha256(data).hexdigest()


def check_name(name: str) -> str:
    """A file name that stays a plain name in any folder it is unpacked into; refused otherwise."""
    import unicodedata

    clean = unicodedata.normalize("NFC", name).strip()
    if not clean or clean in (".", ".."):
        raise Refused(f"'{name}' is not a file name")
    if any(c in clean for c in "/\\:") or any(unicodedata.category(c).startswith("C") for c in clean):
        raise Refused(
            f"the file name '{name}' holds a folder separator or a control character: it could "
            "escape the folder it is unpacked into"
        )
    if clean.startswith("..") or clean.endswith((".", " ")):
        raise Refused(f"the file name '{name}' is not safe to unpack (it starts with '..' or ends with a dot)")
    if clean.split(".")[0].lower() in _RESERVED:
        raise Refused(f"the file name '{name}' is reserved on Windows")
    if len(clean) > MAX_NAME:
        raise Refused(f"the file name '{name[:40]}…' is longer than {MAX_NAME} characters")
    return clean


def limit_mb(report: Report) -> float:
    """The largest file, in MB, that may be attached to this report."""
    raw = report.meta.extra.get(LIMIT_KEY)
    try:
        value = float(raw) if raw is not None else float(DEFAULT_LIMIT_MB)
    except ValueError:
        return float(DEFAULT_LIMIT_MB)
    return value if 0 < value <= MAX_LIMIT_MB else float(DEFAULT_LIMIT_MB)


def check_limit_text(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        raise Refused(f"'{text}' is not a size in MB") from None
    if not 0 < value <= MAX_LIMIT_MB:
        raise Refused(f"the limit is a size between 0 and {MAX_LIMIT_MB} MB")
    return f"{value:g}"


def check_size(size: int, limit: float, name: str) -> None:
    if size > limit * 1_000_000:
        raise Refused(
            f"'{name}' is {size / 1_000_000:.1f} MB; the limit for one attachment is {limit:g} MB "
            f"(the ESG office can change it: esgdesk evidence REPORT --limit MB)"
        )


def read_file(path: Path, limit: float) -> tuple[str, bytes]:
    """The name and the bytes of a file to attach; a missing, vanished, unreadable or too large file is refused."""
    name = check_name(path.name)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UnusableInput("no such file", where=str(path)) from None
    except OSError as exc:
        raise UnusableInput(f"cannot be read: {exc.strerror or exc}", where=str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        raise UnusableInput("not a plain file (a folder, a device or a pipe cannot be attached)", where=str(path))
    check_size(st.st_size, limit, name)
    try:
        with path.open("rb") as fh:
            data = fh.read(int(limit * 1_000_000) + 1)  # never more than the limit, whatever the file does
    except FileNotFoundError:
        raise UnusableInput("the file vanished while it was read", where=str(path)) from None
    except OSError as exc:
        raise UnusableInput(f"cannot be read: {exc.strerror or exc}", where=str(path)) from None
    check_size(len(data), limit, name)  # it grew while it was read
    return name, data


def safe_component(text: str) -> str:
    """A folder name made from an id, for the evidence pack's layout."""
    out = "".join(c if c.isalnum() or c in "-_." else "_" for c in text).strip(".") or "_"
    return out[:80]


def resolve_target(report: Report, target: str) -> tuple[str | None, str | None]:
    """(indicator, section) for the id a user gave: an indicator first, else a section."""
    if target in report.catalogue.indicators:
        return target, None
    if target in report.catalogue.sections:
        return None, target
    raise UnusableInput(f"unknown indicator or section '{target}'")


def unique_path(taken: set[str], folder: str, name: str) -> str:
    """A path inside the pack for `name` that no other file took (two bills may share a name)."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    candidate, n = f"{folder}/{name}", 2
    while candidate.lower() in taken:
        candidate = f"{folder}/{stem} ({n}){dot}{ext}"
        n += 1
    taken.add(candidate.lower())
    return candidate
