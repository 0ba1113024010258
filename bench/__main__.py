"""`python -m bench [--quick] [--json] [--only NAME...] [--scaling]`: every benchmark row against its baseline.

Each `bench/cases_*.py` module defines `run(quick: bool) -> list[Row]` (and may list the row names it
produces in `ROWS`, so that `--only` can skip it and a crash can be reported under the right names).
A case that raises becomes a failed row carrying the error; the other cases still run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import pkgutil
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from bench import common
from bench.common import Row, failed

# The rows the suite promises, in the order the table shows them.
EXPECTED_ROWS = (
    "startup",
    "open",
    "section_switch",
    "validate_full",
    "recheck_one_edit",
    "durable_edit",
    "export_xlsx",
    "export_xbrl",
    "arelle_validate",
    "merge_12",
    "consolidate_50",
    "peak_memory",
)

# The table's order: the promised rows, with the window that has a Python model beside the start-up it
# bounds. Rows not named here (the server's) come last.
TABLE_ORDER = (EXPECTED_ROWS[0], "startup_floor", *EXPECTED_ROWS[1:])

Runner = Callable[[bool], list[Row]]


@dataclass
class Case:
    module: str
    rows: tuple[str, ...]  # what it says it measures; empty when it does not say
    run: Runner | None
    error: str = ""


def discover() -> list[Case]:
    """Every `bench/cases_*.py`, imported; one that cannot be imported is kept with its error."""
    folder = Path(__file__).resolve().parent
    cases: list[Case] = []
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if not info.name.startswith("cases_"):
            continue
        try:
            mod: ModuleType = importlib.import_module(f"bench.{info.name}")
        except Exception as exc:  # a broken case must not hide the others
            cases.append(Case(info.name, (), None, f"cannot import: {exc.__class__.__name__}: {exc}"))
            continue
        rows = tuple(getattr(mod, "ROWS", ()))
        run = getattr(mod, "run", None)
        if not callable(run):
            cases.append(Case(info.name, rows, None, "defines no run(quick)"))
            continue
        cases.append(Case(info.name, rows, run))
    return cases


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_cases(cases: Sequence[Case], quick: bool, only: frozenset[str] | None) -> list[Row]:
    """Run the cases and return one row per name: measured, failed, or missing (no case made it)."""
    rows: list[Row] = []
    for case in cases:
        if only is not None and case.rows and not (only & set(case.rows)) and case.module not in only:
            continue
        names = case.rows or (case.module,)
        if case.run is None:
            rows.extend(failed(n, case.error) for n in names)
            continue
        _progress(f"bench: {case.module} ...")
        t0 = time.perf_counter()
        try:
            produced = list(case.run(quick))
        except Exception as exc:
            _progress("".join(traceback.format_exception_only(exc)).rstrip())
            rows.extend(failed(n, exc) for n in names)
            continue
        _progress(f"bench: {case.module} done in {time.perf_counter() - t0:.1f} s")
        rows.extend(produced)
    if only is not None:
        rows = [r for r in rows if r.name in only or _module_of(r.name, cases) in only]
    seen = {r.name for r in rows}
    for name in EXPECTED_ROWS:
        if name not in seen and (only is None or name in only):
            rows.append(failed(name, "no case module measured this row"))
    order = {n: i for i, n in enumerate(TABLE_ORDER)}
    rows.sort(key=lambda r: order.get(r.name, len(order)))
    return rows


def _module_of(name: str, cases: Sequence[Case]) -> str:
    for case in cases:
        if name in case.rows:
            return case.module
    return ""


# -- scaling ------------------------------------------------------------------------------------


@dataclass
class Scaled:
    name: str
    unit: str
    esgdesk: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def value_count(entities: int) -> int:
    db = sqlite3.connect(f"file:{common.shared_group_report(entities)}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM vals").fetchone()[0])
    finally:
        db.close()


def growth_exponent(sizes: Sequence[int], costs: Sequence[float]) -> float:
    """Least-squares slope of log(cost) over log(size): 1 grows like the size, 2 like its square."""
    pts = [
        (math.log(s), math.log(c)) for s, c in zip(sizes, costs, strict=True) if s > 0 and c > 0 and math.isfinite(c)
    ]
    if len(pts) < 2:
        return math.nan
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx > 0 else math.nan


def run_scaling(
    cases: Sequence[Case], quick: bool, only: frozenset[str] | None
) -> tuple[list[int], list[int], list[Scaled]]:
    sizes = common.entity_counts(quick)
    counts: list[int] = []
    table: dict[str, Scaled] = {}
    try:
        for n, entities in enumerate(sizes):
            _progress(f"bench: scaling at {entities} entities")
            counts.append(value_count(entities))
            common.set_size(entities)
            for row in run_cases(cases, quick, only):
                s = table.setdefault(row.name, Scaled(row.name, row.unit))
                # Pad so that a row which failed at one size still lines up with the sizes.
                while len(s.esgdesk) < n:
                    s.esgdesk.append(math.nan)
                    s.baseline.append(math.nan)
                s.esgdesk.append(row.esgdesk)
                s.baseline.append(row.baseline)
                if row.error:
                    s.errors.append(f"{entities}: {row.error}")
    finally:
        common.set_size(None)
    order = {n: i for i, n in enumerate(TABLE_ORDER)}
    return sizes, counts, sorted(table.values(), key=lambda s: order.get(s.name, len(order)))


# -- output -------------------------------------------------------------------------------------


def _fmt(x: float, unit: str) -> str:
    if not math.isfinite(x):
        return "—"
    if unit == "MiB":
        return f"{x:.0f} MiB"
    if x < 0.01:
        return f"{x * 1000:.2f} ms"
    if x < 1:
        return f"{x * 1000:.0f} ms"
    return f"{x:.2f} s"


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| row | esgdesk | baseline | ratio | note |", "|---|---:|---:|---:|---|"]
    for r in rows:
        ratio = f"{r.ratio:.2f}×" if math.isfinite(r.ratio) else "—"
        note = f"FAILED: {r.error}" if r.error else r.note
        lines.append(
            f"| {r.name} | {_fmt(r.esgdesk, r.unit)} | {_fmt(r.baseline, r.unit)} | {ratio} | "
            f"{note.replace('|', '/')} |"
        )
    return "\n".join(lines)


def markdown_scaling(sizes: Sequence[int], counts: Sequence[int], scaled: Sequence[Scaled]) -> str:
    head = " | ".join(f"{e} ({c:,} values)" for e, c in zip(sizes, counts, strict=True))
    lines = [f"| row | {head} | exponent | baseline exponent |", "|---|" + "---:|" * (len(sizes) + 2)]
    for s in scaled:
        cells = " | ".join(_fmt(x, s.unit) for x in s.esgdesk)
        exp = growth_exponent(counts, s.esgdesk)
        bexp = growth_exponent(counts, s.baseline)
        lines.append(f"| {s.name} | {cells} | {exp:.2f} | {bexp:.2f} |")
    return "\n".join(lines)


def scaling_json(sizes: Sequence[int], counts: Sequence[int], scaled: Sequence[Scaled]) -> dict[str, object]:
    def nums(xs: Sequence[float]) -> list[float | None]:
        return [x if math.isfinite(x) else None for x in xs]

    def one(x: float) -> float | None:
        return x if math.isfinite(x) else None

    return {
        "entities": list(sizes),
        "values": list(counts),
        "rows": [
            {
                "name": s.name,
                "unit": s.unit,
                "esgdesk": nums(s.esgdesk),
                "baseline": nums(s.baseline),
                "exponent": one(growth_exponent(counts, s.esgdesk)),
                "baseline_exponent": one(growth_exponent(counts, s.baseline)),
                "errors": s.errors,
            }
            for s in scaled
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and few repeats (a smoke run)")
    parser.add_argument("--json", action="store_true", help='print {"rows": [...]} instead of a table')
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these rows (or case modules)")
    parser.add_argument("--scaling", action="store_true", help="also measure at 1, 10, 50 and 200 entities")
    args = parser.parse_args(argv)
    only = frozenset(args.only) if args.only else None
    unknown = (only or frozenset()) - set(EXPECTED_ROWS)
    cases = discover()
    unknown -= {c.module for c in cases} | {n for c in cases for n in c.rows}
    if unknown:
        print(f"bench: no such row or case: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    common.select(None if only is None else only | {n for c in cases if c.module in only for n in c.rows})
    rows = run_cases(cases, args.quick, only)
    scaling = run_scaling(cases, args.quick, only) if args.scaling else None
    if args.json:
        out: dict[str, object] = {"rows": [r.to_json() for r in rows]}
        if scaling is not None:
            out["scaling"] = scaling_json(*scaling)
        print(json.dumps(out, indent=2))
    else:
        print(markdown(rows))
        if scaling is not None:
            print()
            print(markdown_scaling(*scaling))
    return 0


if __name__ == "__main__":
    sys.exit(main())
