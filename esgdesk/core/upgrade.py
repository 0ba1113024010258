"""Moving a report to another catalogue: what changes, and the change itself in one transaction.

Both the ESG office's edits in a report (`esgdesk catalogue add|edit|retire`, the app's catalogue
editor) and `esgdesk upgrade` end here: `plan` compares the report's catalogue with the new one
(added, retired, relabelled, re-unit-ed, re-owned, re-formulated...), converts the figures of an
indicator whose unit changed (keeping what was typed) and keeps every indicator that holds
figures, retiring it where the new catalogue no longer has it; `apply_plan` writes it all through
the report's store, one audit entry per change.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import Catalogue, Indicator, Section, Unit
from esgdesk.core.catalogue_edit import checked
from esgdesk.core.errors import Refused, UnusableInput
from esgdesk.core.values import Change, Key, Value

if TYPE_CHECKING:
    from esgdesk.core.store import Report

# How each kind of change reads in a preview, in English and Chinese.
KINDS_TEXT: dict[str, tuple[str, str]] = {
    "added": ("added", "新增"),
    "retired": ("retired", "停用"),
    "reinstated": ("collected again", "恢复收集"),
    "kept": ("kept as retired (not in the new catalogue, holds figures)", "保留为停用（新目录中没有，但已有数据）"),
    "removed": ("removed (held no figures)", "删除（没有数据）"),
    "relabelled": ("relabelled", "更名"),
    "unit": ("unit changed", "单位变更"),
    "owner": ("new owner", "负责部门变更"),
    "formula": ("formula changed", "公式变更"),
    "moved": ("moved to another section", "移至其他章节"),
    "edited": ("edited", "修改"),
    "section_added": ("section added", "新增章节"),
    "section_renamed": ("section renamed", "章节更名"),
    "section_removed": ("section removed", "删除章节"),
    "sections_reordered": ("sections reordered", "章节重新排序"),
    "check_added": ("check added", "新增校验"),
    "check_removed": ("check removed", "删除校验"),
    "department_added": ("department added", "新增部门"),
    "department_renamed": ("department renamed", "部门更名"),
}
KINDS = {k: v[0] for k, v in KINDS_TEXT.items()}


def _kind(kind: str, lang: str) -> str:
    en, zh = KINDS_TEXT[kind]
    return zh if lang.startswith("zh") else en


@dataclass(frozen=True, slots=True)
class CatalogueChange:
    kind: str  # a key of KINDS
    target: str  # the indicator, section, area or department
    old: Any = None
    new: Any = None

    @property
    def text(self) -> str:
        return self.text_in("en")

    def text_in(self, lang: str) -> str:
        what = _kind(self.kind, lang)
        if self.kind in ("relabelled", "unit", "owner", "formula", "moved", "section_renamed", "department_renamed"):
            return f"{self.target}: {what}: {_short(self.old)} -> {_short(self.new)}"
        if self.kind == "edited":
            return f"{self.target}: {what} ({', '.join(self.new)})"
        if self.kind in ("check_added", "check_removed"):
            return f"{self.target}: {what}: {self.old or self.new}"
        if self.kind in ("retired", "kept"):
            return f"{self.target}: {what}" + (f": {self.new}" if self.new else "")
        return f"{self.target}: {what}"

    def entry(self) -> dict[str, Any]:
        """The audit entry recording it."""
        indicator = self.target if not self.kind.startswith(("section", "department", "check")) else None
        return {
            "field": "catalogue",
            "indicator": indicator,
            "old": {"change": self.kind, "target": self.target, "value": self.old},
            "new": {"change": self.kind, "target": self.target, "value": self.new},
        }


def _short(v: Any) -> str:
    if v is None:
        return "(none)"
    if isinstance(v, dict) and "en" in v:
        return str(v["en"])
    return str(v)


def diff(old: Catalogue, new: Catalogue) -> list[CatalogueChange]:
    """What differs between two catalogues, indicator by indicator, in the new catalogue's order."""
    out: list[CatalogueChange] = []
    for dep in new.departments:
        before = old.department_table.get(dep.id)
        if before is None:
            out.append(CatalogueChange("department_added", dep.id, None, dep.name.en))
        elif before.name != dep.name:
            out.append(CatalogueChange("department_renamed", dep.id, before.name.en, dep.name.en))
    for section in new.sections.values():
        before_s = old.sections.get(section.id)
        if before_s is None:
            out.append(CatalogueChange("section_added", section.id, None, section.label.en))
        elif before_s.label != section.label:
            out.append(CatalogueChange("section_renamed", section.id, before_s.label.en, section.label.en))
    out += [CatalogueChange("section_removed", s) for s in old.sections if s not in new.sections]
    for section in new.sections.values():
        before_checks = {c.id: c for c in old.sections[section.id].checks} if section.id in old.sections else {}
        now = {c.id: c for c in section.checks}
        out += [
            CatalogueChange("check_added", f"{section.id}.{c}", None, now[c].expr)
            for c in now
            if before_checks.get(c) != now[c]
        ]
        out += [
            CatalogueChange("check_removed", f"{section.id}.{c}", before_checks[c].expr, None)
            for c in before_checks
            if c not in now
        ]
    for area in new.areas:
        common = [s.id for s in area.sections if s.id in old.sections]
        before_order = [s.id for a in old.areas if a.id == area.id for s in a.sections if s.id in common]
        if before_order and before_order != common:
            out.append(CatalogueChange("sections_reordered", area.id, before_order, common))
    for ind in new.ordered_indicators():
        prev = old.indicators.get(ind.id)
        if prev is None:
            out.append(CatalogueChange("added", ind.id, None, ind.label.en))
            continue
        out += _indicator_changes(old, new, prev, ind)
    out += [CatalogueChange("removed", i) for i in old.indicators if i not in new.indicators]
    return out


def _indicator_changes(old: Catalogue, new: Catalogue, prev: Indicator, ind: Indicator) -> list[CatalogueChange]:
    out: list[CatalogueChange] = []
    if ind.retired and not prev.retired:
        return [CatalogueChange("retired", ind.id, None, ind.retired)]
    if prev.retired and not ind.retired:
        out.append(CatalogueChange("reinstated", ind.id, prev.retired, None))
    if prev.label != ind.label:
        out.append(CatalogueChange("relabelled", ind.id, prev.label.en, ind.label.en))
    if prev.unit != ind.unit:
        out.append(CatalogueChange("unit", ind.id, prev.unit, ind.unit))
    if old.owner_of(ind.id) != new.owner_of(ind.id):
        out.append(CatalogueChange("owner", ind.id, old.owner_of(ind.id), new.owner_of(ind.id)))
    if prev.formula != ind.formula:
        out.append(CatalogueChange("formula", ind.id, prev.formula, ind.formula))
    if old.section_of[ind.id].id != new.section_of[ind.id].id:
        out.append(CatalogueChange("moved", ind.id, old.section_of[ind.id].id, new.section_of[ind.id].id))
    shown = {"label", "unit", "owner", "formula", "retired"}
    fields = [
        f.name
        for f in dataclasses.fields(Indicator)
        if f.name not in shown and getattr(prev, f.name) != getattr(ind, f.name)
    ]
    if fields:
        out.append(
            CatalogueChange(
                "edited",
                ind.id,
                {f: _plain(getattr(prev, f)) for f in fields},
                {f: _plain(getattr(ind, f)) for f in fields},
            )
        )
    return out


def _plain(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return v.model_dump() if hasattr(v, "model_dump") else dataclasses.asdict(v)
    if isinstance(v, tuple):
        return [_plain(x) for x in v]
    return v


# -- the plan -------------------------------------------------------------------------------


@dataclass
class UpgradePlan:
    old: Catalogue
    new: Catalogue  # what the report will hold: the target plus the indicators kept as retired
    changes: list[CatalogueChange]
    conversions: list[Change] = field(default_factory=list)  # figures of re-unit-ed indicators

    @property
    def empty(self) -> bool:
        return not self.changes and self.old.version == self.new.version

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def lines(self, lang: str = "en") -> list[str]:
        zh = lang.startswith("zh")
        head = (
            f"指标目录“{self.old.id}”版本 {self.old.version} -> “{self.new.id}”版本 {self.new.version}"
            if zh
            else f"catalogue '{self.old.id}' version {self.old.version} -> '{self.new.id}' version {self.new.version}"
        )
        out = [head, *(f"  {c.text_in(lang)}" for c in self.changes)]
        if self.conversions:
            n = len(self.conversions)
            out.append(
                f"  {n} 项数据换算为指标的新单位（保留原始输入）"
                if zh
                else f"  {n} figure(s) converted to their indicator's new unit (what was typed is kept)"
            )
        return out

    def summary(self, lang: str = "en") -> str:
        kinds = [k for k in KINDS if self.count(k)]
        zh = lang.startswith("zh")
        parts = [
            f"{_kind(k, lang).split(' (')[0].split('（')[0]} {self.count(k)} 项"
            if zh
            else f"{self.count(k)} {_kind(k, lang).split(' (')[0]}"
            for k in kinds
        ]
        return ("，" if zh else ", ").join(parts) or ("没有变化" if zh else "no changes")

    def to_json(self) -> dict[str, Any]:
        return {
            "from": {"id": self.old.id, "version": self.old.version},
            "to": {"id": self.new.id, "version": self.new.version},
            "changes": [
                {"change": c.kind, "target": c.target, "old": c.old, "new": c.new, "text": c.text} for c in self.changes
            ],
            "converted_figures": len(self.conversions),
        }


def plan(
    report: Report, target: Catalogue, *, keep_missing: bool = True, source: str = "upgrade", why: str | None = None
) -> UpgradePlan:
    """What moving `report` to `target` changes. An indicator the report holds figures for and
    `target` lacks is kept, retired (`keep_missing`), or the move is refused (an edit in the report)."""
    old = report.catalogue
    held = report.held_indicators()
    missing = sorted(i for i in held if i not in target.indicators and i in old.indicators)
    if missing and not keep_missing:
        raise Refused(
            f"'{missing[0]}' holds figures in this report, so its id is fixed and it cannot be removed; "
            "retire it instead"
        )
    states = report.held_sections()
    new = _keep(old, target, missing, states) if (missing or states - set(target.sections)) else target
    new = checked(new)
    changes = [
        CatalogueChange("kept", c.target, c.old, c.new) if c.kind == "retired" and c.target in missing else c
        for c in diff(old, new)
    ]
    if changes and new.version == old.version:
        from esgdesk.core.catalogue_edit import next_version

        new = dataclasses.replace(new, version=next_version(old.version))
    conversions = _conversions(report, old, new, why=why, source=source)
    return UpgradePlan(old, new, changes, conversions)


def _keep(old: Catalogue, target: Catalogue, missing: list[str], states: set[str]) -> Catalogue:
    """`target` with the indicators (and section-states' sections) it lacks kept, retired, where they were."""
    reason = f"not in catalogue '{target.id}' version {target.version}"
    kept: dict[str, list[Indicator]] = {}
    for ind_id in missing:
        ind = old.indicators[ind_id]
        retired = dataclasses.replace(ind, retired=ind.retired or reason, required=False, breakdown=None, formula=None)
        kept.setdefault(old.section_of[ind_id].id, []).append(retired)
    for sec in states - set(target.sections):
        if sec in old.sections:
            kept.setdefault(sec, [])
    departments = list(target.departments)
    units = list(target.units)
    unit_ids = {u.id for u in units}
    dep_ids = {d.id for d in departments}

    def need_department(dep: str | None) -> None:
        if dep and dep not in dep_ids and dep in old.department_table:
            departments.append(old.department_table[dep])
            dep_ids.add(dep)

    def need_unit(unit: str) -> None:
        if unit not in unit_ids and unit in old.unit_table:
            units.append(old.unit_table[unit])
            unit_ids.add(unit)

    areas = {a.id: [*a.sections] for a in target.areas}
    order = [a.id for a in target.areas]
    for sec_id, inds in kept.items():
        for ind in inds:
            need_unit(ind.unit)
            need_department(ind.owner)
        placed = False
        for area_id in order:
            for n, s in enumerate(areas[area_id]):
                if s.id == sec_id:
                    areas[area_id][n] = dataclasses.replace(s, indicators=(*s.indicators, *inds))
                    placed = True
        if placed:
            continue
        before = old.sections[sec_id]
        need_department(before.owner)
        section = Section(id=sec_id, label=before.label, owner=before.owner, indicators=tuple(inds), checks=())
        area_id = old.area_of[sec_id].id
        if area_id not in areas:
            area_id = order[-1] if order else area_id
            if area_id not in areas:
                areas[area_id] = []
                order.append(area_id)
        areas[area_id].append(section)
    area_objs = []
    for area_id in order:
        base = (
            next((a for a in target.areas if a.id == area_id), None) or old.area_of[next(s.id for s in areas[area_id])]
        )
        area_objs.append(dataclasses.replace(base, sections=tuple(areas[area_id])))
    return dataclasses.replace(target, areas=tuple(area_objs), departments=tuple(departments), units=tuple(units))


def _conversions(report: Report, old: Catalogue, new: Catalogue, *, why: str | None, source: str) -> list[Change]:
    out: list[Change] = []
    changed = {
        i: (old.unit_table[old.indicators[i].unit], new.unit_table[ind.unit])
        for i, ind in new.indicators.items()
        if i in old.indicators and old.indicators[i].unit != ind.unit
    }
    if not changed:
        return out
    for (ent, ind_id, year), v in sorted(report.value_map().items()):
        units = changed.get(ind_id)
        if units is None:
            continue
        from_u, to_u = units
        if from_u.dimension != to_u.dimension:
            raise Refused(
                f"'{ind_id}' would change unit from {from_u.id} ({from_u.dimension.replace('_', ' ')}) "
                f"to {to_u.id} ({to_u.dimension.replace('_', ' ')}), another kind of quantity: its "
                "figures cannot be converted; give the new measure a new indicator and retire this one"
            )
        converted = convert_value(v, from_u, to_u)
        if converted != v:
            out.append(
                Change(
                    Key(ent, ind_id, year),
                    v,
                    converted,
                    why or f"unit of '{ind_id}' changed from {from_u.id} to {to_u.id}",
                    source,
                )
            )
    return out


def convert_value(v: Value, from_u: Unit, to_u: Unit) -> Value:
    """`v` (in `from_u`) in `to_u`: numbers converted exactly, what was typed and its unit kept."""
    factor = Decimal(repr(from_u.factor)) / Decimal(repr(to_u.factor))

    def conv(x: float | None) -> float | None:
        return None if x is None else float(Decimal(repr(x)) * factor)

    decimals = v.decimals
    if decimals is not None:
        shift = math.log10(float(factor))
        decimals = decimals - round(shift) if abs(shift - round(shift)) < 1e-9 else None
    return dataclasses.replace(
        v,
        number=conv(v.number),
        low=conv(v.low),
        high=conv(v.high),
        detection_limit=conv(v.detection_limit),
        decimals=decimals,
        entered_unit=v.entered_unit or (from_u.id if v.entered else None),
    )


def apply_plan(
    report: Report, plan_: UpgradePlan, *, why: str | None = None, source: str = "upgrade", backup: bool = True
) -> Path | None:
    """Write `plan_` to the report in one transaction (after a backup copy); returns the backup's path."""
    if report.catalogue.fingerprint != plan_.old.fingerprint:
        raise Refused("the report's catalogue changed since this preview was made; preview again")
    saved = report.backup(f"before-{source}") if backup else None
    entries: list[dict[str, Any]] = [
        {
            "field": "catalogue_version",
            "old": {"id": plan_.old.id, "version": plan_.old.version},
            "new": {"id": plan_.new.id, "version": plan_.new.version},
        }
    ]
    entries += [c.entry() for c in plan_.changes]
    report.replace_catalogue(plan_.new, entries, conversions=plan_.conversions, why=why, source=source)
    return saved


def apply_catalogue(
    report: Report, target: Catalogue, *, why: str | None = None, source: str = "catalogue"
) -> UpgradePlan:
    """An edit of the report's own catalogue: the version moves on; an indicator holding figures is never removed."""
    from esgdesk.core.catalogue_edit import next_version

    if target.version == report.catalogue.version:
        target = dataclasses.replace(target, version=next_version(report.catalogue.version))
    p = plan(report, target, keep_missing=False, source=source, why=why)
    apply_plan(report, p, why=why, source=source, backup=False)
    return p


def load_source(source: str | Path, *, exclude: Path | None = None) -> Catalogue:
    """A catalogue from a forms folder, another report file, or a template's name."""
    from esgdesk.core.catalogue import load_catalogue
    from esgdesk.core.server_url import is_url

    if is_url(source):  # another report's catalogue, that report being on a server
        from esgdesk.core.store import open_report

        with open_report(source, readonly=True) as other:
            return other.catalogue
    path = Path(source)
    if path.is_dir():
        return load_catalogue(path)
    if path.is_file():
        from esgdesk.core.store import Report

        if exclude is not None and path.resolve() == exclude.resolve():
            raise Refused("the catalogue source is the report itself")
        with Report.open(path, readonly=True) as other:
            return other.catalogue
    from esgdesk.resources import templates_dir

    candidate = templates_dir() / str(source)
    if (candidate / "catalogue.toml").is_file():
        return load_catalogue(candidate)
    from esgdesk.core.templates import TEMPLATE_FILE, load_template

    if (candidate / TEMPLATE_FILE).is_file():
        return load_template(str(source)).catalogue
    raise UnusableInput(f"'{source}' is neither a forms folder, a report file nor a template name")


def roll_forward_to(old: Report, new_path: Path | str, source: str | Path) -> Report:
    """Next year's report on another catalogue: rolled forward, then upgraded (audited) in the new file."""
    from esgdesk.core.rollforward import roll_forward

    target = load_source(source, exclude=old.path)
    new = roll_forward(old, Path(new_path))
    try:
        p = plan(new, target, why=f"catalogue from {source}")
        if not p.empty:
            apply_plan(new, p, why=f"catalogue from {source}", source="rollforward", backup=False)
    except BaseException:
        path = new.path
        new.close()
        path.unlink(missing_ok=True)
        raise
    return new
