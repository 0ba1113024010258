"""`python -m bench.evidence [--mb N] [--files N]`: attaching evidence and writing the evidence pack.

- attach: one file of N MB attached to a figure of the demo (name and size checked, SHA-256, stored once,
  an audit entry, one durable transaction), against the bare job: the same bytes inserted as a blob by
  bare sqlite3 in one transaction with the same durability settings.
- evidence_pack: a pack of N attached files (1 MB each, with the figures workbook and the manifest),
  against the bare job: the same bytes read back by bare sqlite3 and written into a zip with zipfile.

Not part of `python -m bench`'s table; it prints its rows in the same shape.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from bench.common import Row, paired
from esgdesk.core.store import Report


def _attach_row(folder: Path, mb: int, repeat: int) -> Row:
    from esgdesk.core.demo import write_demo

    pristine = write_demo(folder / "pristine.esg")
    path = folder / "demo.esg"
    data = os.urandom(mb * 1_000_000)

    def setup() -> None:
        shutil.copyfile(pristine, path)

    def ours() -> None:
        with Report.open(path) as rep:
            rep.attach("electricity_total", "bill.pdf", data, note="bench")

    def base() -> None:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO evidence_files (sha256, size, data) VALUES ('x', ?, ?)", (len(data), data))
        db.execute("COMMIT")
        db.close()

    row = paired("attach", ours, base, repeat=repeat, setup=setup)
    row.note = f"one {mb} MB file into the demo report, open + attach + close vs a bare blob insert"
    return row


def _pack_row(folder: Path, files: int, repeat: int) -> Row:
    from esgdesk.core.demo import write_demo
    from esgdesk.exports.evidence_pack import write_evidence_pack

    path = write_demo(folder / "packed.esg")
    with Report.open(path) as rep:
        for n in range(files):
            rep.attach("electricity_total", f"bill-{n}.pdf", os.urandom(1_000_000))
    out, bare = folder / "pack.zip", folder / "bare.zip"

    def ours() -> None:
        with Report.open(path, readonly=True) as rep:
            write_evidence_pack(rep, out)

    def base() -> None:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        with zipfile.ZipFile(bare, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for sha, data in db.execute("SELECT sha256, data FROM evidence_files"):
                zf.writestr(f"evidence/{sha}.pdf", data, compress_type=zipfile.ZIP_STORED)  # as the pack stores PDFs
        db.close()

    row = paired("evidence_pack", ours, base, repeat=repeat)
    row.note = f"{files} files of 1 MB, figures workbook and manifest vs the files alone zipped"
    return row


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.evidence")
    parser.add_argument("--mb", type=int, default=10, help="size of the attached file")
    parser.add_argument("--files", type=int, default=20, help="files in the pack")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="esgdesk-bench-evidence-") as tmp:
        rows = [_attach_row(Path(tmp), args.mb, args.repeat), _pack_row(Path(tmp), args.files, args.repeat)]
    if args.json:
        print(json.dumps([r.to_json() for r in rows], indent=1))
        return
    for r in rows:
        print(
            f"{r.name:14} esgdesk {r.esgdesk:8.3f} s   baseline {r.baseline:8.3f} s   ratio {r.ratio:5.2f}   {r.note}"
        )


if __name__ == "__main__":
    main()
