"""What every benchmark case shares: rows, medians, and the synthetic group report.

A case module defines `run(quick: bool) -> list[Row]`; `python -m bench` collects them.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from esgdesk.core.catalogue import Catalogue, DataType, load_catalogue
from esgdesk.core.store import Report
from esgdesk.core.values import Change, Key, Status, Value
from esgdesk.resources import forms_dir


@dataclass
class Row:
    name: str
    esgdesk: float
    baseline: float
    unit: str = "seconds"
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.esgdesk / self.baseline if self.baseline > 0 else float("inf")

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "esgdesk": self.esgdesk, "baseline": self.baseline, "ratio": self.ratio,
                "unit": self.unit, "note": self.note}


def median_time(fn: Callable[[], object], *, repeat: int = 5, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of `fn` over `repeat` runs, each after `setup` (not timed)."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def paired(name: str, ours: Callable[[], object], base: Callable[[], object], *, repeat: int = 5,
           setup: Callable[[], object] | None = None, unit: str = "seconds") -> Row:
    """Alternate the two so that machine noise hits both alike."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for fn, out in ((ours, a), (base, b)):
            if setup is not None:
                setup()
            gc.collect()
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return Row(name, statistics.median(a), statistics.median(b), unit)


def entity_counts(quick: bool) -> list[int]:
    return [1, 2] if quick else [1, 10, 50, 200]


def main_size(quick: bool) -> int:
    return 2 if quick else 50


def group_report(path: Path, entities: int = 50, *, catalogue: Catalogue | None = None, seed: int = 7) -> Path:
    """A group with `entities` subsidiaries, every typed indicator filled for two years
    (50 entities x 189 indicators x 2 years ~ 19,000 values), plausible and mostly consistent."""
    cat = catalogue or load_catalogue(forms_dir())
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    rep = Report.create(path, cat, company="Bench Group", year=2023, entity_id="group", identifier="000001",
                        scheme="http://www.sse.com.cn")
    try:
        for n in range(entities):
            rep.add_entity(f"sub{n:03d}", f"Subsidiary {n:03d}", identifier=f"91{n:016d}", parent="group")
        changes: list[Change] = []
        for n in range(entities):
            ent = f"sub{n:03d}"
            for ind in cat.indicators.values():
                if ind.computed:
                    continue
                for year in (2022, 2023):
                    changes.append(Change(Key(ent, ind.id, year), None, _fake(ind.type, rng), None, "bench"))
        rep.apply(changes, batch_source="bench")
    finally:
        rep.close()
    return path


def _fake(kind: DataType, rng: random.Random) -> Value:
    if kind == DataType.PERCENT:
        x = round(rng.uniform(1, 99), 2)
        return Value(number=x, entered=f"{x}%", decimals=2)
    if kind == DataType.INTEGER:
        x = rng.randint(1, 2000)
        return Value(number=float(x), entered=str(x), decimals=0)
    if kind == DataType.RANGE:
        lo = round(rng.uniform(6.5, 7.5), 1)
        return Value(low=lo, high=round(lo + 0.1, 1), entered=f"{lo}-{lo + 0.1:.1f}", decimals=1)
    if kind in (DataType.TEXT, DataType.BOOLEAN):
        return Value(text="yes", entered="yes")
    x = round(rng.uniform(1, 5000), 2)
    return Value(status=Status.REPORTED, number=x, entered=str(x), decimals=2)
