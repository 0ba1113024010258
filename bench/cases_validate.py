"""Validation speed: a full run over a group report, and the re-check after one edit.

Baselines do the least any checker must: one dictionary lookup and one comparison per rule
evaluated (for the re-check, per rule that depends on the edited figure).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Row, group_report, main_size, paired
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine
from esgdesk.core.values import Change, Key, Value

EDITED = "employees_female"  # a part: its total's breakdown, next year's change and a check depend on it


def _bare(work: list[tuple[tuple[str, str, int], int]], values: dict[tuple[str, str, int], Value]) -> int:
    hits = 0
    for key, n in work:
        for _ in range(n):
            v = values.get(key)
            if v is not None and v.number is not None and v.number < 0:
                hits += 1
    return hits


def run(quick: bool) -> list[Row]:
    entities = main_size(quick)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = group_report(Path(tmp) / "group.esg", entities)
        rep = Report.open(path)
        try:
            engine = Engine(rep)
            engine.run_all()
            values = rep.value_map()
            work = [(s, len(engine.ctx.rules_for(s[1]))) for s in engine.ctx.all_subjects()]
            n_values = len(values)
            row = paired(
                "validate_full", lambda: Engine(rep).run_all(), lambda: _bare(work, values), repeat=3 if quick else 5
            )
            row.note = f"{entities} entities, {n_values} values, {sum(n for _, n in work)} rule evaluations"
            rows.append(row)

            key = (f"sub{entities // 2:03d}", EDITED, rep.year)
            flip = [0]

            def edit() -> None:
                flip[0] += 1
                x = 400 + flip[0] % 2
                rep.apply([Change(Key(*key), None, Value(number=float(x), entered=str(x), decimals=0), None, "bench")])

            before = engine.evaluations
            edit()
            touched = engine.recheck([key])
            dependent = engine.evaluations - before
            dep_work = [(s, len(engine.ctx.rules_for(s[1]))) for s in touched]
            row = paired(
                "recheck_one_edit",
                lambda: engine.recheck([key]),
                lambda: _bare(dep_work, values),
                repeat=20 if quick else 200,
                setup=edit,
            )
            row.note = (
                f"{dependent} dependent rule evaluations on {len(touched)} subjects; "
                f"{row.esgdesk * 1000:.2f} ms per edit (target < 5 ms)"
            )
            rows.append(row)
        finally:
            rep.close()
    return rows


if __name__ == "__main__":
    import sys

    for r in run("--quick" in sys.argv):
        print(
            f"{r.name:20} esgdesk {r.esgdesk * 1000:9.3f} ms  baseline {r.baseline * 1000:9.3f} ms  "
            f"ratio {r.ratio:8.1f}  {r.note}"
        )
