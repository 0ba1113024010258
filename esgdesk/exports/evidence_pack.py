"""The evidence pack: what an assurance provider asks for, in one zip.

- `evidence/<indicator or section>/<year>/<entity>/<name>`: every attached file, as stored;
- `figures.xlsx`: each figure with its value, its history (every change in the audit log) and its attachments;
- `manifest.json`: the report, every file of the pack with its SHA-256 and size, and every attachment.

Written under a temporary name and renamed when complete: a failed or cancelled pack leaves nothing behind.
Each stored file is checked against its SHA-256 as it is read, so a damaged report never yields a pack
whose manifest vouches for wrong bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk import __version__
from esgdesk.core.errors import WriteError
from esgdesk.core.evidence import check_name, safe_component, unique_path
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.core.store.files import replacing

if TYPE_CHECKING:
    from esgdesk.core.store import Report

MANIFEST = "manifest.json"
_COMPRESSED = frozenset(
    {
        "pdf",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "heic",
        "tif",
        "tiff",
        "zip",
        "7z",
        "rar",
        "gz",
        "xlsx",
        "xlsm",
        "docx",
        "pptx",
        "odt",
        "ods",
        "mp4",
        "mov",
    }
)
FIGURES = "figures.xlsx"


def write_evidence_pack(
    report: Report, out: Path | str, *, progress: Progress | None = None, cancel: CancelToken | None = None
) -> dict[str, Any]:
    """Write the pack to `out`; returns its manifest."""
    out = Path(out)
    attachments = report.attachments()
    total = len(attachments) + 2
    files: list[dict[str, Any]] = []
    listed: list[dict[str, Any]] = []
    paths: dict[int, str] = {}
    taken: set[str] = set()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with replacing(out) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for n, att in enumerate(attachments):
                step(progress, cancel, n, total, "evidence files")
                data = report.evidence_bytes(att.sha256)  # checked against its SHA-256
                folder = "/".join(("evidence", safe_component(att.target), str(att.year), safe_component(att.entity)))
                path = unique_path(taken, folder, check_name(att.name))
                # Scans, photos and office files are compressed already: deflating them again only costs time.
                stored = path.rsplit(".", 1)[-1].lower() in _COMPRESSED
                zf.writestr(path, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
                paths[att.id] = path
                files.append({"path": path, "sha256": att.sha256, "size": len(data)})
                listed.append({**att.to_json(), "path": path})
            step(progress, cancel, len(attachments), total, "figures")
            book = _figures_workbook(report, paths)
            zf.writestr(FIGURES, book)
            files.append({"path": FIGURES, "sha256": hashlib.sha256(book).hexdigest(), "size": len(book)})
            manifest = {
                "format": "esgdesk-evidence-pack 1",
                "generator": f"esgdesk {__version__}",
                "generated_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                "report": {
                    "id": report.meta.report_id,
                    "company": report.meta.company,
                    "year": report.year,
                    "file": report.path.name,
                },
                "files": files,
                "attachments": listed,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            step(progress, cancel, total, total, "saving")
    except OSError as exc:
        raise WriteError(f"the evidence pack could not be written: {exc.strerror or exc}", where=str(out)) from None
    return manifest


def _figures_workbook(report: Report, paths: dict[int, str]) -> bytes:
    """Each figure with its value, history and attachments; then each attachment."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from esgdesk.core.display import display

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Figures"
    head = [
        "Indicator",
        "Label",
        "Entity",
        "Year",
        "Value",
        "Unit",
        "Status",
        "Restated from",
        "Restatement reason",
        "Changes",
        "Last changed by",
        "Last changed at",
        "Attachments",
    ]
    _append(ws, head)
    history: dict[tuple[str | None, str | None, int | None], list[tuple[str, str]]] = {}
    entries = [e for e in report.audit_log() if e.field in _HISTORY_FIELDS and e.indicator]
    for e in entries:
        history.setdefault((e.entity, e.indicator, e.year), []).append((e.user, e.at))
    by_figure: dict[tuple[str, str, int], list[str]] = {}
    for att in report.attachments():
        by_figure.setdefault((att.entity, att.target, att.year), []).append(paths.get(att.id, att.name))
    cat = report.catalogue
    for ent, ind_id, year, v in report.values():
        ind = cat.indicators[ind_id]
        rest = report.restatement(ind_id, year, ent)
        steps = history.get((ent, ind_id, year), [])
        _append(
            ws,
            [
                ind_id,
                ind.label.en,
                ent,
                year,
                display(v, ind),
                ind.unit,
                v.status.value,
                display(rest.previous, ind) if rest and rest.previous else None,
                rest.reason if rest else None,
                len(steps),
                steps[-1][0] if steps else None,
                steps[-1][1] if steps else None,
                "; ".join(by_figure.get((ent, ind_id, year), [])) or None,
            ],
        )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    att_ws = wb.create_sheet("Attachments")
    att_ws.append(
        [
            "Indicator or section",
            "Entity",
            "Year",
            "Name",
            "Path in this pack",
            "SHA-256",
            "Size (bytes)",
            "Note",
            "Added by",
            "Added at",
        ]
    )
    for att in report.attachments():
        _append(
            att_ws,
            [
                att.target,
                att.entity,
                att.year,
                att.name,
                paths.get(att.id),
                att.sha256,
                att.size,
                att.note or "",
                att.added_by,
                att.added_at,
            ],
        )
    for cell in att_ws[1]:
        cell.font = Font(bold=True)
    hist_ws = wb.create_sheet("History")  # every change of every figure, as the audit log holds it
    _append(
        hist_ws,
        [
            "When",
            "Who",
            "Entity",
            "Indicator or section",
            "Year",
            "What",
            "Before",
            "After",
            "Why",
            "Source",
            "Audit entry",
        ],
    )
    for e in entries:
        _append(
            hist_ws,
            [e.at, e.user, e.entity, e.indicator, e.year, e.field, _text(e.old), _text(e.new), e.why, e.source, e.seq],
        )
    for cell in hist_ws[1]:
        cell.font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_HISTORY_FIELDS = ("value", "explanation", "restatement", "attachment", "ack")


def _text(raw: Any) -> str | None:
    """An audit entry's old or new part as a person reads it: a figure as it was entered."""
    if raw is None:
        return None
    if isinstance(raw, dict):
        if "entered" in raw or "number" in raw:
            return str(raw.get("entered") or raw.get("number") or raw.get("text") or "")
        return ", ".join(f"{k}: {v}" for k, v in raw.items() if v not in (None, "") and not isinstance(v, dict))
    return str(raw)


def _append(ws: Any, row: list[Any]) -> None:
    """A row of free text kept as text: openpyxl would store a text starting with '=' as a formula."""
    ws.append(row)
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
            cell.quotePrefix = True
