"""What every benchmark case shares: rows, medians, and the synthetic group report.

A case module defines `run(quick: bool) -> list[Row]`; `python -m bench` collects them.
"""

from __future__ import annotations

import atexit
import gc
import math
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from esgdesk.core.catalogue import Catalogue, DataType
from esgdesk.core.store import Report
from esgdesk.core.templates import DEMO_TEMPLATE, load_template
from esgdesk.core.values import Change, Key, Status, Value


@dataclass
class Row:
    name: str
    esgdesk: float
    baseline: float
    unit: str = "seconds"
    note: str = ""
    error: str = ""  # set when the case failed: the figures are then NaN and mean nothing

    @property
    def ratio(self) -> float:
        return self.esgdesk / self.baseline if self.baseline > 0 else float("inf")

    def to_json(self) -> dict[str, object]:
        def num(x: float) -> float | None:
            return x if math.isfinite(x) else None  # JSON has no NaN or infinity

        out: dict[str, object] = {
            "name": self.name,
            "esgdesk": num(self.esgdesk),
            "baseline": num(self.baseline),
            "ratio": num(self.ratio),
            "unit": self.unit,
            "note": self.note,
        }
        if self.error:
            out["error"] = self.error
        return out


def failed(name: str, error: BaseException | str, unit: str = "seconds") -> Row:
    """The row of a case that could not be measured, with what went wrong."""
    text = error if isinstance(error, str) else f"{error.__class__.__name__}: {error}"
    return Row(name, math.nan, math.nan, unit, error=text.strip().splitlines()[0] if text.strip() else "failed")


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


def paired(
    name: str,
    ours: Callable[[], object],
    base: Callable[[], object],
    *,
    repeat: int = 5,
    setup: Callable[[], object] | None = None,
    unit: str = "seconds",
) -> Row:
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


_size_override: int | None = None
_selected: frozenset[str] | None = None


def set_size(entities: int | None) -> None:
    """The scaling run measures every case at each size by overriding `main_size`."""
    global _size_override
    _size_override = entities


def scaling_size() -> int | None:
    """The size the scaling run is measuring now, or None in the ordinary run."""
    return _size_override


def main_size(quick: bool) -> int:
    if _size_override is not None:
        return _size_override
    return 2 if quick else 50


def select(names: Iterable[str] | None) -> None:
    """Restrict the run to these row names (`--only`); None measures everything."""
    global _selected
    _selected = None if names is None else frozenset(names)


def wanted(name: str) -> bool:
    """Whether a case should measure row `name` in this run (lets a case skip costly work)."""
    return _selected is None or name in _selected


_reports: dict[tuple[int, int], Path] = {}


def shared_group_report(entities: int, *, seed: int = 7) -> Path:
    """One group report per size and process, built on first use; copy it before changing it."""
    key = (entities, seed)
    path = _reports.get(key)
    if path is None or not path.exists():
        folder = Path(tempfile.mkdtemp(prefix="esgdesk-bench-"))
        atexit.register(shutil.rmtree, folder, True)
        path = group_report(folder / f"group-{entities}.esg", entities, seed=seed)
        _reports[key] = path
    return path


def copy_report(source: Path, target: Path) -> Path:
    """A private copy of a report file (the lock file beside it is not copied)."""
    shutil.copyfile(source, target)
    return target


def group_report(path: Path, entities: int = 50, *, catalogue: Catalogue | None = None, seed: int = 7) -> Path:
    """A group with `entities` subsidiaries, every typed indicator filled for two years
    (50 entities x 189 indicators x 2 years ~ 19,000 values), plausible and mostly consistent."""
    cat = catalogue or load_template(DEMO_TEMPLATE).catalogue
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    rep = Report.create(
        path,
        cat,
        company="Bench Group",
        year=2023,
        entity_id="group",
        identifier="000001",
        scheme="http://www.sse.com.cn",
    )
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
