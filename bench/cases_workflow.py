"""The ESG office's bulk jobs: merging twelve returned department files, consolidating 50 entities.

Baselines copy the same rows with bare sqlite3: the merge as the files' rows read and written
in one transaction, the consolidation as one GROUP BY over the subsidiaries.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from bench.common import Row, group_report, main_size, paired
from esgdesk.core.store import Report
from esgdesk.core.values import Change, Key

ROWS = ["merge_12", "consolidate_50"]


def _department_files(folder: Path) -> tuple[Path, list[Path]]:
    """A demo master and one filled, returned file per owner department (twelve in the real catalogue)."""
    from esgdesk.core.demo import write_demo
    from esgdesk.core.workflow.assignments import departments
    from esgdesk.core.workflow.collection import issue, open_collection

    master_path = write_demo(folder / "master.esg")
    files: list[Path] = []
    with Report.open(master_path) as master:
        for a in departments(master):
            if not a.indicators:
                continue
            out = folder / f"{a.department}.esg"
            issue(master, a.department, out)
            files.append(out)
    for path in files:
        with open_collection(path) as rep:
            changes = []
            for ent, ind, year, v in list(rep.values(year=rep.year)):
                if v.number is not None and not rep.catalogue.indicators[ind].computed:
                    x = v.number * 1.01
                    changes.append(
                        Change(Key(ent, ind, year), v, v.with_changes(number=x, entered=f"{x:g}"), "bench", "app")
                    )
            rep.apply(changes)
    return master_path, files


def _merge_row(folder: Path, repeat: int) -> Row:
    from esgdesk.core.workflow.merge import apply_merge, preview_merge

    master_path, files = _department_files(folder)
    pristine = folder / "pristine.esg"
    shutil.copyfile(master_path, pristine)

    def setup() -> None:
        shutil.copyfile(pristine, master_path)
        shutil.rmtree(folder / ".esgdesk-backups", ignore_errors=True)

    def ours() -> None:
        with Report.open(master_path) as master:
            apply_merge(master, preview_merge(master, files))

    def base() -> None:
        rows = []
        for f in files:
            src = sqlite3.connect(f"file:{f}?mode=ro", uri=True)
            rows.extend(src.execute("SELECT * FROM vals WHERE year = 2023").fetchall())
            src.close()
        db = sqlite3.connect(master_path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.executemany(f"INSERT OR REPLACE INTO vals VALUES ({', '.join('?' * len(rows[0]))})", rows)
        db.execute("COMMIT")
        db.close()

    row = paired("merge_12", ours, base, repeat=repeat, setup=setup)
    row.note = f"{len(files)} department files into the demo master, preview + apply with checks"
    return row


def _consolidate_row(folder: Path, repeat: int, entities: int) -> Row:
    from esgdesk.core.workflow.consolidation import consolidate, set_approach

    path = group_report(folder / "group.esg", entities)
    with Report.open(path) as rep:
        set_approach(rep, "operational_control")
    pristine = folder / "group-pristine.esg"
    shutil.copyfile(path, pristine)

    def setup() -> None:
        shutil.copyfile(pristine, path)
        shutil.rmtree(folder / ".esgdesk-backups", ignore_errors=True)

    def ours() -> None:
        with Report.open(path) as rep:
            consolidate(rep)

    def base() -> None:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT OR REPLACE INTO vals (entity, indicator, year, status, num, updated_at, updated_by, source) "
            "SELECT 'group', indicator, year, 'reported', SUM(num), '', '', 'consolidation' FROM vals "
            "WHERE entity != 'group' AND num IS NOT NULL GROUP BY indicator, year"
        )
        db.execute("COMMIT")
        db.close()

    row = paired("consolidate_50", ours, base, repeat=repeat, setup=setup)  # the issue's name at every size
    row.note = f"{entities} entities of bench.common.group_report, sums + formulas, backup first"
    return row


def run(quick: bool) -> list[Row]:
    repeat = 2 if quick else 5
    with tempfile.TemporaryDirectory(prefix="esgdesk-bench-wf-") as tmp:
        folder = Path(tmp)
        (folder / "m").mkdir()
        (folder / "g").mkdir()
        return [_merge_row(folder / "m", repeat), _consolidate_row(folder / "g", repeat, main_size(quick))]
