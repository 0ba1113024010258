"""History: a report holds any number of earlier years.

Roll-forward keeps every year a report holds; `import_history` brings in the years of earlier report
files of the same company (indicators matched by id), and `base_change` compares a figure with its
indicator's base year (GHG emissions against the year a reduction target starts from).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from esgdesk.core.errors import Refused
from esgdesk.core.values import Change, Key

if TYPE_CHECKING:
    from esgdesk.core.store import Report


@dataclass
class HistoryImport:
    """What `import_history` brought in, and what it left as it was."""

    files: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    values: int = 0
    explanations: int = 0
    kept: int = 0  # figures the report holds already (its own figure wins; a restatement changes it)
    unknown_indicators: list[str] = field(default_factory=list)


def _same_company(a: Report, b: Report) -> bool:
    ea, eb = a.entities[a.entity], b.entities[b.entity]
    if ea.identifier and eb.identifier:
        return bool(ea.identifier == eb.identifier)
    return a.meta.company.strip().casefold() == b.meta.company.strip().casefold()


def import_history(report: Report, paths: Sequence[Path | str]) -> HistoryImport:
    """Bring the earlier years of other report files of the same company into `report`, all or nothing.

    Only years before the report's own year are taken, and only figures the report does not hold yet;
    the older file's reporting entity is the report's, other entities are matched by id. Every year an
    older file held was published with it, so it is marked published here too.
    """
    from esgdesk.core.store import open_report

    result = HistoryImport()
    changes: list[Change] = []
    explanations: list[tuple[tuple[str, str, int], str, str, str]] = []
    published: set[int] = set()
    unknown: set[str] = set()
    seen: set[tuple[str, str, int]] = set()
    for path in paths:
        with open_report(path, readonly=True) as old:  # a file, or a server report's URL
            name = path.name if isinstance(path, Path) else f"{old.meta.company} {old.meta.year} (server)"
            if old.meta.report_id == report.meta.report_id or old.path.resolve() == report.path.resolve():
                raise Refused("is this report itself; give the files of earlier years", where=str(path))
            if not _same_company(report, old):
                raise Refused(f"is a report of {old.meta.company}, not of {report.meta.company}", where=str(path))
            if old.meta.kind != "master":
                raise Refused("is a department's collection file; import the ESG office's report", where=str(path))
            ents = {old.entity: report.entity, **{e: e for e in old.entities if e in report.entities}}
            for ent, ind, year, value in old.values():
                if year >= report.year or ent not in ents:
                    continue
                if ind not in report.catalogue.indicators:
                    unknown.add(ind)
                    continue
                key = (ents[ent], ind, year)
                if key in seen:
                    continue  # a newer file listed first gave it already
                seen.add(key)
                if report.get(ind, year, key[0]) is not None:
                    result.kept += 1
                    continue
                changes.append(Change(Key(*key), None, value, f"history from {name}", "history"))
                published.add(year)
            for (ent, ind, year), expl in old.explanations().items():
                if (
                    year < report.year
                    and ent in ents
                    and ind in report.catalogue.indicators
                    and report.explanation(ind, year, ents[ent]) is None
                ):
                    explanations.append(((ents[ent], ind, year), expl.text, expl.author, expl.at))
            published |= {y for y in old.years() if y <= old.year and y < report.year}
            result.files.append(name)
    result.years = sorted({c.key.year for c in changes})
    result.values = len(changes)
    result.explanations = len(explanations)
    result.unknown_indicators = sorted(unknown)
    report.import_history(
        changes,
        explanations,
        sorted(published - set(report.published_years())),
        note={"files": result.files, "years": result.years},
    )
    return result


def figure(
    report: Report, computed: dict[tuple[str, str, int], float], indicator: str, year: int, entity: str | None = None
) -> float | None:
    """A figure as the form shows it, by the precedence of `esgdesk.core.formulas` (typed, else computed)."""
    from esgdesk.core.formulas import figure as typed_or_computed

    ent = entity or report.entity
    computed_here = computed.get((ent, indicator, year)) if report.catalogue.indicators[indicator].computed else None
    return typed_or_computed(report.get(indicator, year, ent), computed_here)


@dataclass(frozen=True, slots=True)
class BaseChange:
    base_year: int
    base: float
    year: int
    value: float

    @property
    def change(self) -> float | None:
        """The change against the base year, as a fraction (-0.12 for 12 % less)."""
        return None if self.base == 0 else (self.value - self.base) / abs(self.base)


def base_change(
    report: Report,
    indicator: str,
    number: float | None,
    *,
    year: int | None = None,
    entity: str | None = None,
    base_number: float | None = None,
) -> BaseChange | None:
    """A figure against its indicator's base year; None without a base year or either figure.

    `number` and `base_number` are what the caller reads for the two years (the engine's result
    for a computed indicator); without `base_number` the stored base-year figure is used.
    """
    base_year = report.base_year(indicator)
    if base_year is None or number is None:
        return None
    if base_number is None:
        stored = report.get(indicator, base_year, entity)
        base_number = stored.numeric() if stored is not None else None
    if base_number is None:
        return None
    return BaseChange(base_year, base_number, year or report.year, number)
