"""`python -m bench.catalogue_upgrade [--entities N]`: moving a group report to a new catalogue.

The new catalogue adds two indicators, retires one, relabels one and changes the unit of two
(every entity's figures of those converted). esgdesk's upgrade (plan, backup, one transaction, an audit
entry per change and per converted figure) is measured against the bare job in the same run: the
snapshot replaced and the same figures rescaled by one UPDATE in one transaction, with bare sqlite3.
Not part of `python -m bench`'s table; it prints one row in the same shape.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

from bench.common import group_report, paired
from esgdesk.core import catalogue_edit as ce
from esgdesk.core.catalogue import Catalogue
from esgdesk.core.store import Report
from esgdesk.core.upgrade import apply_plan, plan

RE_UNIT = {"water_total": "10^4 m3", "domestic_wastewater_total": "kg"}


def next_catalogue(cat: Catalogue) -> Catalogue:
    cat = ce.add_indicator(
        cat,
        "emissions",
        {"id": "ghg_scope3_travel", "label": {"en": "Scope 3 travel"}, "unit": "t CO2e", "type": "decimal"},
    )
    cat = ce.add_indicator(
        cat,
        "resources",
        {"id": "renewable_share", "label": {"en": "Renewable electricity"}, "unit": "%", "type": "percent"},
    )
    cat = ce.retire_indicator(cat, "ehs_env_training_trainees", "no longer reported")
    cat = ce.edit_indicator(cat, "waste_total", {"label": {"en": "Waste generated, all kinds"}})
    for ind, unit in RE_UNIT.items():
        cat = ce.edit_indicator(cat, ind, {"unit": unit})
    return cat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="esgdesk-bench-up-") as tmp:
        folder = Path(tmp)
        path = group_report(folder / "group.esg", args.entities)
        pristine = folder / "pristine.esg"
        shutil.copyfile(path, pristine)
        with Report.open(path, readonly=True) as rep:
            target = next_catalogue(rep.catalogue)
            factors = {
                i: rep.catalogue.unit_table[rep.catalogue.indicators[i].unit].factor / target.unit_table[u].factor
                for i, u in RE_UNIT.items()
            }
            values = sum(1 for k in rep.value_map() if k[1] in RE_UNIT)
        snapshot = target.model_dump_json(by_alias=True)

        def setup() -> None:
            shutil.copyfile(pristine, path)
            shutil.rmtree(folder / ".esgdesk-backups", ignore_errors=True)

        def ours() -> None:
            with Report.open(path) as rep:
                apply_plan(rep, plan(rep, target))

        def base() -> None:
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA synchronous = FULL")
            db.execute("BEGIN IMMEDIATE")
            db.execute("UPDATE catalogue SET json = ? WHERE id = 1", (snapshot,))
            for ind, f in factors.items():
                db.execute("UPDATE vals SET num = num * ? WHERE indicator = ?", (f, ind))
            db.execute("COMMIT")
            db.close()

        row = paired("catalogue_upgrade", ours, base, repeat=args.repeat, setup=setup)
        row.note = f"{args.entities} entities, {values} figures converted, backup first"
        print(json.dumps(row.to_json(), indent=2))


if __name__ == "__main__":
    main()
