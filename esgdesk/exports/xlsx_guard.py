"""Checks a workbook before openpyxl reads it, so that a foreign or hostile file is refused
with a clear message in bounded time and memory.

An .xlsx is a zip of XML parts. A zip bomb declares small parts that inflate to gigabytes; a
"billion laughs" part declares nested XML entities that expand exponentially; an external
entity reads files off the machine. Workbooks written by spreadsheet programs never declare a
DOCTYPE, so any part that does is refused outright; sizes and compression ratios are checked
from the zip directory, and the scan itself stops at the declared size.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from esgdesk.core.errors import UnusableInput
from esgdesk.core.jobs import CancelToken, Progress, step


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int = 100 * 2**20  # the file on disk
    members: int = 5_000  # parts in the zip
    member_bytes: int = 200 * 2**20  # one part, inflated
    total_bytes: int = 400 * 2**20  # all parts, inflated
    ratio: float = 200.0  # inflated / compressed, for parts large enough to matter
    ratio_floor: int = 2 * 2**20  # parts smaller than this may compress as well as they like


LIMITS = Limits()
_CHUNK = 1 << 16
_MARKERS = (b"<!doctype", b"<!entity")
_SCANNED = (".xml", ".rels", ".vml")


def check_workbook_file(
    path: Path, *, limits: Limits = LIMITS, progress: Progress | None = None, cancel: CancelToken | None = None
) -> None:
    """Raise UnusableInput unless `path` looks like a workbook that is safe to open."""
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnusableInput("no such file", where=where) from None
    except OSError as exc:
        raise UnusableInput(f"cannot be read: {exc.strerror or exc}", where=where) from None
    if path.is_dir():
        raise UnusableInput("this is a folder, not a workbook", where=where)
    if size > limits.file_bytes:
        raise UnusableInput(f"the file is too large for a workbook of ESG figures ({size // 2**20} MB)", where=where)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnusableInput(f"cannot be read: {exc.strerror or exc}", where=where) from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableInput(
            "this is an old-style .xls workbook (or an encrypted one); save it as .xlsx first", where=where
        )
    if not head.startswith(b"PK"):
        raise UnusableInput("this is not an Excel workbook (.xlsx)", where=where)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnusableInput(f"this workbook is damaged and cannot be read ({exc})", where=where) from None
    with zf:
        infos = zf.infolist()
        _check_directory(infos, limits, where)
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
            raise UnusableInput("this zip file is not an Excel workbook (.xlsx)", where=where)
        scanned = [i for i in infos if i.filename.lower().endswith(_SCANNED)]
        for n, info in enumerate(scanned):
            step(progress, cancel, n, len(scanned), "checking the workbook")
            _scan_member(zf, info, limits, where)


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits, where: str) -> None:
    if len(infos) > limits.members:
        raise UnusableInput(f"the workbook has {len(infos)} parts; this is not a workbook of ESG figures", where=where)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnusableInput("the workbook is encrypted; remove the password and save it again", where=where)
        if info.file_size > limits.member_bytes:
            raise _bomb(where, info.filename)
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise _bomb(where, info.filename)
        total += info.file_size
        if total > limits.total_bytes:
            raise _bomb(where, info.filename)


def _bomb(where: str, member: str) -> UnusableInput:
    return UnusableInput(
        f"refused: part '{member}' would inflate far beyond any real workbook (a zip bomb?); nothing was read",
        where=where,
    )


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, where: str) -> None:
    """Stream one XML part looking for DTD declarations; never holds more than a chunk."""
    seen = 0
    tail = b""
    first = True
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                if first:
                    first = False
                    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]:
                        raise UnusableInput(f"part '{info.filename}' is not UTF-8 XML; refused", where=where)
                seen += len(chunk)
                if seen > info.file_size or seen > limits.member_bytes:
                    raise _bomb(where, info.filename)
                window = (tail + chunk).lower()
                for marker in _MARKERS:
                    if marker in window:
                        raise UnusableInput(
                            f"refused: part '{info.filename}' declares XML entities or a DOCTYPE, which no "
                            "spreadsheet program writes (an entity-expansion attack?); nothing was read",
                            where=where,
                        )
                tail = window[-16:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise UnusableInput(f"this workbook is damaged and cannot be read ({exc})", where=where) from None
