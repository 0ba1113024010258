"""Group figures computed from the entities in the consolidation scope, never typed.

Additive figures (amounts, counts, quantities) are summed over in-scope entities, each weighted
by the group's effective share under the equity-share approach and in full under operational or
financial control. Ratios and intensities are recomputed from the group's totals through their
formulas. Percentages, averages, concentrations and other figures without a formula cannot be
added up: they are listed as not consolidable, and the group's own figure (if typed) stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from esgdesk.core.catalogue import DataType, Indicator, topological_formulas
from esgdesk.core.display import format_number
from esgdesk.core.errors import Refused
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.core.values import Change, Key, Qualifier, Status, Value
from esgdesk.core.workflow.events import append_event

if TYPE_CHECKING:
    from esgdesk.core.store import Entity, Report

APPROACH_KEY = "consolidation.approach"
APPROACHES = {
    "operational_control": "operational control: 100% of every entity the group operates",
    "financial_control": "financial control: 100% of every entity the group controls financially",
    "equity_share": "equity share: each entity in proportion to the group's ownership",
}
SOURCE = "consolidation"
_NON_ADDITIVE_DIMENSIONS = {"percent", "dimensionless", "currency_text"}
ValueKey = tuple[str, str, int]


def approach(report: Report) -> str | None:
    return report.meta.extra.get(APPROACH_KEY) or None


def set_approach(report: Report, name: str) -> None:
    if name not in APPROACHES:
        raise Refused(f"'{name}' is not a consolidation approach ({', '.join(APPROACHES)})")
    report.set_meta(APPROACH_KEY, name, why=f"consolidation approach: {APPROACHES[name]}")


def how_consolidated(report: Report, ind: Indicator) -> tuple[str, str]:
    """('sum' | 'formula' | 'none', why)."""
    if ind.retired:
        return "none", f"retired from the catalogue ({ind.retired}): its figures stay as they were"
    if ind.formula:
        return "formula", "recomputed from the group's totals"
    if ind.type not in (DataType.INTEGER, DataType.DECIMAL, DataType.MONETARY):
        kind = "a percentage" if ind.type == DataType.PERCENT else f"a {ind.type.value} figure"
        return "none", f"{kind} without a formula cannot be added up across entities; enter the group figure"
    dim = report.catalogue.unit_table[ind.unit].dimension
    if dim in _NON_ADDITIVE_DIMENSIONS or "_per_" in dim or dim.startswith("concentration"):
        return "none", f"a {dim.replace('_', ' ')} cannot be added up across entities; enter the group figure"
    return "sum", "summed over the entities in scope"


def members(report: Report) -> list[Entity]:
    return [e for e in report.entities.values() if e.id != report.entity and e.in_scope]


def weight(report: Report, ent: Entity, how: str) -> float:
    """The group's effective share of `ent` (ownership multiplied up the chain of parents)."""
    if how != "equity_share":
        return 1.0
    share = ent.ownership
    seen = {ent.id}
    parent = ent.parent
    while parent is not None and parent != report.entity and parent not in seen:
        seen.add(parent)
        p = report.entities.get(parent)
        if p is None:
            break
        share *= p.ownership
        parent = p.parent
    return share


@dataclass
class ConsolidationResult:
    approach: str
    entities: dict[str, float]  # entity -> weight
    totals: dict[tuple[str, int], float] = field(default_factory=dict)  # (indicator, year) -> group figure
    not_consolidable: dict[str, str] = field(default_factory=dict)  # indicator -> why
    incomplete: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # entities without the figure
    replaced_typed: list[tuple[str, int]] = field(default_factory=list)  # group figures that had been typed
    written: int = 0
    # Group figures of a published year that would now differ: kept as published (restate them if wrong).
    published_kept: list[tuple[str, int]] = field(default_factory=list)


def _qualifier(parts: list[Value]) -> Qualifier:
    qs = {p.qualifier for p in parts} - {Qualifier.NONE}
    if not qs:
        return Qualifier.NONE
    if qs <= {Qualifier.MORE_THAN, Qualifier.AT_LEAST}:
        return Qualifier.AT_LEAST
    if qs <= {Qualifier.LESS_THAN, Qualifier.AT_MOST}:
        return Qualifier.AT_MOST
    return Qualifier.APPROXIMATELY


def compute(
    report: Report, *, progress: Progress | None = None, cancel: CancelToken | None = None
) -> tuple[ConsolidationResult, dict[ValueKey, Value | None]]:
    """The group figures without writing them: (result, {group key: value or None to remove})."""
    from esgdesk.core.formulas import evaluate

    how = approach(report)
    if how is None:
        raise Refused("state the consolidation approach first (operational_control, financial_control or equity_share)")
    group = report.entity
    ents = members(report)
    if not ents:
        raise Refused("no entity is in the consolidation scope; add subsidiaries or bring them into scope")
    weights = {e.id: weight(report, e, how) for e in ents}
    result = ConsolidationResult(how, weights)
    cat = report.catalogue
    vals = report.value_map()
    years = sorted({k[2] for k in vals if k[0] in weights})
    fs = cat.factor_set(report.meta.extra.get("factor_set"))
    factors = {f.id: f.value for f in fs.factors} if fs else {}
    out: dict[ValueKey, Value | None] = {}
    group_numbers: dict[tuple[str, int], float] = {}
    inds = list(cat.ordered_indicators())
    total = len(inds) * max(len(years), 1)
    done = 0
    for ind in inds:
        kind, why = how_consolidated(report, ind)
        if kind == "none":
            result.not_consolidable[ind.id] = why
            done += len(years)
            continue
        if kind != "sum":
            continue
        for year in years:
            done += 1
            if done % 200 == 0:
                step(progress, cancel, done, total, "adding up the entities")
            parts: list[Value] = []
            number = 0.0
            missing: list[str] = []
            not_applicable = 0
            for eid, w in weights.items():
                v = vals.get((eid, ind.id, year))
                if v is None:
                    missing.append(eid)
                    continue
                x = v.numeric()
                if x is None:
                    not_applicable += v.status in (Status.NOT_APPLICABLE, Status.BELOW_DETECTION)
                    continue
                parts.append(v)
                number += x * w
            key = (group, ind.id, year)
            if not parts and not not_applicable:
                out[key] = None
                continue
            if missing and parts:
                result.incomplete[(ind.id, year)] = missing
            if not parts:
                out[key] = Value(
                    status=Status.NOT_APPLICABLE, entered="\\", reason="not applicable in any entity in scope"
                )
                continue
            decimals = ind.decimals if how != "equity_share" else max(ind.decimals, 2)
            number = round(number, max(decimals, 0) + 6)
            out[key] = Value(
                number=number,
                qualifier=_qualifier(parts),
                decimals=decimals,
                entered=format_number(number),
                reason=None,
            )
            group_numbers[(ind.id, year)] = number
    # A group's computed figures come from its summed figures through the same formulas (esgdesk.core.formulas);
    # nothing is typed for a consolidated group (its guard refuses it), so there is no typed figure to prefer.
    for ind in topological_formulas(cat):
        for year in years:

            def now(name: str, y: int = year) -> float | None:
                return group_numbers.get((name, y))

            def prev(name: str, y: int = year) -> float | None:
                return group_numbers.get((name, y - 1))

            r = evaluate(ind.formula or "", now, prev, factors)
            key = (group, ind.id, year)
            if r is None:
                out[key] = None
                continue
            group_numbers[(ind.id, year)] = r
            out[key] = Value(number=r, decimals=ind.decimals, entered=format_number(r))
    result.totals = group_numbers
    step(progress, cancel, total, total, "group figures ready")
    return result, out


def consolidate(
    report: Report, *, progress: Progress | None = None, cancel: CancelToken | None = None
) -> ConsolidationResult:
    """Compute the group figures and write them in one transaction (after a backup)."""
    result, out = compute(report, progress=progress, cancel=cancel)
    ours = report.written_by(SOURCE)
    changes: list[Change] = []
    for key, new in out.items():
        old = report.value_map().get(key)
        if report.is_published(key[2]):
            if (old is None) != (new is None) or (
                old is not None and new is not None and old.to_dict() != new.to_dict()
            ):
                result.published_kept.append((key[1], key[2]))
            continue
        if new is None:
            if old is not None and (key[1], key[2]) in ours:
                changes.append(Change(Key(*key), old, None, "no entity in scope has this figure", SOURCE))
            continue
        if old is not None and old.to_dict() == new.to_dict():
            continue
        if old is not None and (key[1], key[2]) not in ours:
            result.replaced_typed.append((key[1], key[2]))
        changes.append(Change(Key(*key), old, new, f"consolidated ({result.approach})", SOURCE))
    if cancel is not None:
        cancel.check()
    note = {
        "event": "consolidate",
        "approach": result.approach,
        "entities": result.entities,
        "values": len(changes),
        "not_consolidable": sorted(result.not_consolidable),
    }

    report.backup("before-consolidation")
    with report.batch(source=SOURCE) as b:
        b.apply(
            changes,
            allow_computed=True,
            note_source=SOURCE,
            note={"approach": result.approach, "entities": len(result.entities)},
        )
        append_event(b, note, why="group figures recomputed", source=SOURCE)
    result.written = len(changes)
    return result


def group_guard(report: Report, change: Change) -> None:
    """Once a group is consolidated, its summed and recomputed figures are not typed."""
    if change.source == SOURCE or change.key.entity != report.entity or approach(report) is None:
        return
    if not members(report):
        return
    ind = report.catalogue.indicators[change.key.indicator]
    kind, _ = how_consolidated(report, ind)
    if kind != "none":
        raise Refused(
            f"'{ind.label.en}' of the group is consolidated from its entities; change the entities' "
            "figures and consolidate again"
        )
