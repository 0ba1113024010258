"""The same report on a PostgreSQL server: several writers at once, and a consolidation against the file.

- `concurrent_edits`: writer processes each change their own figures of one group report at once, each
  edit a `Report.set_value` (guards, conflict check, audit chain, NOTIFY, one transaction); the baseline is
  the same number of processes making bare psycopg transactions (one UPDATE of the same rows each). The row
  is the seconds per edit of the whole run (1 / throughput); `concurrent_edits_p95` the 95th-percentile
  latency of one edit, both against the baseline's.
- `consolidate_200`: `consolidate` of a 200-entity group report on the server against the same on its file.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import Row, group_report, main_size, paired, wanted

ROWS = ["concurrent_edits", "concurrent_edits_p95", "consolidate_200"]


def _p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 2 else xs[0]


def _writer(url: str, keys: list[tuple[str, str, int]], ready: Any, start: Any, out: Any) -> None:
    from esgdesk.core.store import open_report

    with open_report(url) as rep:
        values = [rep.parse(ind, "1234") for _, ind, _ in keys]
        ready.put(None)
        start.wait()
        took = []
        for (ent, ind, yr), v in zip(keys, values, strict=True):
            t0 = time.perf_counter()
            rep.set_value(ind, v, year=yr, entity=ent, why="bench")
            took.append(time.perf_counter() - t0)
    out.put(took)


def _bare(dsn: str, schema: str, keys: list[tuple[str, str, int]], ready: Any, start: Any, out: Any) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute(f"SET search_path TO {schema}")
        ready.put(None)
        start.wait()
        took = []
        for ent, ind, yr in keys:
            t0 = time.perf_counter()
            with pg.transaction():
                pg.execute(
                    "UPDATE vals SET num = 1234, entered = '1234' WHERE entity = %s AND indicator = %s AND year = %s",
                    (ent, ind, yr),
                )
            took.append(time.perf_counter() - t0)
    out.put(took)


def _run_writers(target: Any, args: list[tuple[Any, ...]]) -> tuple[float, list[float]]:
    ctx = mp.get_context("spawn")  # each writer its own interpreter and connection, as people at their desks
    ready, start, out = ctx.Queue(), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, ready, start, out)) for a in args]
    for p in procs:
        p.start()
    for _ in procs:  # every writer connected and its report open before the clock starts (on a busy machine
        ready.get(timeout=600)  # starting 20 interpreters takes longer than any fixed pause)
    t0 = time.perf_counter()
    start.set()
    took: list[float] = []
    for _ in procs:
        took.extend(out.get(timeout=600))
    wall = time.perf_counter() - t0
    for p in procs:
        p.join(timeout=60)
        if p.exitcode != 0:
            raise RuntimeError(f"a writer process failed (exit {p.exitcode})")
    return wall, took


def _concurrent_rows(dsn: str, folder: Path, writers: int, edits: int, entities: int) -> list[Row]:
    from esgdesk.core.server_url import ReportURL
    from esgdesk.core.store import Report
    from esgdesk.core.store.server.ddl import report_schema_name
    from esgdesk.core.store.server.transfer import publish

    path = group_report(folder / "group.esg", entities)
    with Report.open(path, readonly=True) as rep:
        numeric = [
            i.id for i in rep.catalogue.ordered_indicators() if i.type.numeric and not i.computed and not i.retired
        ]
        ents = [e for e in rep.entities if e != rep.entity]
        report_id = rep.meta.report_id
    url = publish(path, dsn)
    # Different figures per writer: writer w takes entity w (round robin), its own indicators.
    plan = [
        [(ents[w % len(ents)], numeric[(w * edits + k) % len(numeric)], 2023) for k in range(edits)]
        for w in range(writers)
    ]
    wall, took = _run_writers(_writer, [(url, keys) for keys in plan])
    schema = report_schema_name(report_id)
    bare_dsn = ReportURL.parse(url).dsn
    bwall, btook = _run_writers(_bare, [(bare_dsn, schema, keys) for keys in plan])
    n = writers * edits
    note = (
        f"{writers} writer processes x {edits} edits on a {entities}-entity group report: "
        f"{n / wall:.0f} edits/s (bare psycopg {n / bwall:.0f}/s)"
    )
    return [
        Row("concurrent_edits", wall / n, bwall / n, note=note),
        Row(
            "concurrent_edits_p95",
            _p95(took),
            _p95(btook),
            note=f"95th-percentile latency of one edit, median {statistics.median(took) * 1000:.1f} ms "
            f"(bare {statistics.median(btook) * 1000:.1f} ms)",
        ),
    ]


def _consolidate_row(dsn: str, folder: Path, entities: int, repeat: int) -> Row:
    from esgdesk.core.store import Report, open_report
    from esgdesk.core.store.server.transfer import publish
    from esgdesk.core.workflow.consolidation import consolidate, set_approach

    path = group_report(folder / "cons.esg", entities, seed=11)
    with Report.open(path) as rep:
        set_approach(rep, "operational_control")
    pristine = folder / "cons-pristine.esg"
    shutil.copyfile(path, pristine)
    url = ""

    def setup() -> None:
        nonlocal url
        shutil.copyfile(pristine, path)
        shutil.rmtree(folder / ".esgdesk-backups", ignore_errors=True)
        _unpublish(dsn, report_id)  # each run starts from the same report, on the server as in the file
        url = publish(path, dsn)

    def on_server() -> None:
        with open_report(url) as rep:
            consolidate(rep)

    def on_file() -> None:
        with Report.open(path) as rep:
            consolidate(rep)

    with Report.open(path, readonly=True) as rep:
        report_id = rep.meta.report_id
    row = paired("consolidate_200", on_server, on_file, repeat=repeat, setup=setup)
    row.note = f"consolidate on the server against its file, {entities} entities of bench.common.group_report"
    return row


def _unpublish(dsn: str, report_id: str) -> None:
    import psycopg

    from esgdesk.core.store.server.ddl import report_schema_name

    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute(f"DROP SCHEMA IF EXISTS {report_schema_name(report_id)} CASCADE")
        pg.execute("DELETE FROM esgdesk.reports WHERE id = %s", (report_id,))


def run(quick: bool) -> list[Row]:
    from bench.pg import private_server

    writers, edits = (4, 5) if quick else (20, 25)
    entities = main_size(quick) if quick else 200
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="esgdesk-bench-server-") as tmp, private_server() as dsn:
        folder = Path(tmp)
        if wanted("concurrent_edits") or wanted("concurrent_edits_p95"):
            rows += _concurrent_rows(dsn, folder, writers, edits, entities)
        if wanted("consolidate_200"):
            rows.append(_consolidate_row(dsn, folder, entities, 2 if quick else 3))
    return rows
