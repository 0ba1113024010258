"""Edits of a catalogue by the ESG office: each one returns a new, fully checked catalogue.

The operations are pure: they take a `Catalogue` and give back another one, or raise
`CatalogueError` with the same message `esgdesk catalogue-check` would print, so a change that
would break the catalogue is refused whole. Applying the result to a report (its figures, its
audit log, its version number) is `esgdesk.core.upgrade.apply_catalogue`'s job.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from esgdesk.core.catalogue import Area, Catalogue, Department, Indicator, Section, Text, check_catalogue
from esgdesk.core.errors import CatalogueError
from esgdesk.core.units import UnitTable

# What an edit may change on an indicator; "id" only while it holds no figures (checked on apply).
INDICATOR_FIELDS = (
    "id",
    "label",
    "definition",
    "unit",
    "type",
    "decimals",
    "owner",
    "gri",
    "breakdown",
    "formula",
    "min",
    "max",
    "yoy",
    "required",
    "cumulative",
    "evidence",
    "instructions",
)
_VERSION_EDIT = re.compile(r"^(.*)\+(\d+)$")


def next_version(version: str) -> str:
    """The version after an edit in a report: "2023.1" -> "2023.1+1" -> "2023.1+2"."""
    m = _VERSION_EDIT.match(version)
    if m:
        return f"{m.group(1)}+{int(m.group(2)) + 1}"
    return f"{version}+1" if version else "+1"


def _first_error(exc: Exception) -> tuple[str, str]:
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return "", str(exc)
    err = errors()[0]
    field = ".".join(str(p) for p in err["loc"])
    return field, str(err["msg"]).removeprefix("Value error, ")


def make_indicator(spec: Mapping[str, Any], *, where: str | None = None) -> Indicator:
    """An indicator from its fields as forms/ writes them; refused with the field and the problem."""
    from pydantic import ValidationError

    data = {
        k: v
        for k, v in spec.items()
        if v is not None or k in ("formula", "owner", "breakdown", "yoy", "min", "max", "instructions")
    }
    data.setdefault("definition", data.get("label"))
    try:
        return Indicator.model_validate(data)
    except ValidationError as exc:
        field, msg = _first_error(exc)
        ind = spec.get("id") if isinstance(spec.get("id"), str) else None
        raise CatalogueError(f"{field}: {msg}" if field else msg, file=where, indicator=ind) from None


def checked(cat: Catalogue) -> Catalogue:
    """`cat` if it passes every check of `esgdesk catalogue-check`; else CatalogueError."""
    check_catalogue(cat)
    if not cat.indicators:
        raise CatalogueError("a catalogue needs at least one indicator")
    return cat


def _resolve_unit(cat: Catalogue, spec: dict[str, Any]) -> None:
    # People pick "tCO2e" or "吨" as they type it; the catalogue stores the registry's own id.
    unit = spec.get("unit")
    if isinstance(unit, str):
        found = UnitTable(cat.units).resolve(unit)
        if found is not None:
            spec["unit"] = found.id


def _replace_section(cat: Catalogue, section_id: str, build: Any) -> Catalogue:
    areas = tuple(
        dataclasses.replace(a, sections=tuple(build(s) if s.id == section_id else s for s in a.sections))
        for a in cat.areas
    )
    return dataclasses.replace(cat, areas=areas)


def _section(cat: Catalogue, section_id: str) -> Section:
    section = cat.sections.get(section_id)
    if section is None:
        known = ", ".join(cat.sections)
        raise CatalogueError(f"unknown section '{section_id}' (sections: {known})")
    return section


def _indicator(cat: Catalogue, indicator_id: str) -> Indicator:
    ind = cat.indicators.get(indicator_id)
    if ind is None:
        raise CatalogueError(f"unknown indicator '{indicator_id}' in catalogue '{cat.id}' version {cat.version}")
    return ind


def add_indicator(
    cat: Catalogue, section_id: str, spec: Mapping[str, Any], *, position: int | None = None
) -> Catalogue:
    """`cat` with a new indicator in `section_id` (at the end, or at `position`)."""
    section = _section(cat, section_id)
    spec = dict(spec)
    if spec.get("id") in cat.indicators:
        raise CatalogueError("an indicator of that id exists already", indicator=str(spec["id"]))
    _resolve_unit(cat, spec)
    ind = make_indicator(spec, where=f"section '{section_id}'")
    items = list(section.indicators)
    items.insert(len(items) if position is None else max(0, min(position, len(items))), ind)
    return checked(_replace_section(cat, section.id, lambda s: dataclasses.replace(s, indicators=tuple(items))))


def edit_indicator(cat: Catalogue, indicator_id: str, changes: Mapping[str, Any]) -> Catalogue:
    """`cat` with some fields of one indicator changed; "section" moves it to the end of another section."""
    old = _indicator(cat, indicator_id)
    unknown = set(changes) - set(INDICATOR_FIELDS) - {"section"}
    if unknown:
        raise CatalogueError(f"'{sorted(unknown)[0]}' is not a field of an indicator", indicator=indicator_id)
    data = old.model_dump()
    data.update({k: v for k, v in changes.items() if k != "section"})
    _resolve_unit(cat, data)
    new = make_indicator(data, where=f"section '{cat.section_of[indicator_id].id}'")
    if new.id != indicator_id and new.id in cat.indicators:
        raise CatalogueError("an indicator of that id exists already", indicator=new.id)
    target = changes.get("section") or cat.section_of[indicator_id].id
    _section(cat, str(target))
    here = cat.section_of[indicator_id].id
    if target == here:
        out = _replace_section(
            cat,
            here,
            lambda s: dataclasses.replace(
                s, indicators=tuple(new if i.id == indicator_id else i for i in s.indicators)
            ),
        )
    else:
        out = _replace_section(
            cat,
            here,
            lambda s: dataclasses.replace(s, indicators=tuple(i for i in s.indicators if i.id != indicator_id)),
        )
        out = _replace_section(out, str(target), lambda s: dataclasses.replace(s, indicators=(*s.indicators, new)))
    # A changed id leaves formulas, breakdowns and checks pointing at nothing: `checked` says so.
    return checked(out)


def retire_indicator(cat: Catalogue, indicator_id: str, reason: str) -> Catalogue:
    """`cat` with an indicator no longer collected; its figures stay in the report, readable and exported."""
    old = _indicator(cat, indicator_id)
    reason = reason.strip()
    if not reason:
        raise CatalogueError("say why the indicator is retired", indicator=indicator_id)
    if old.retired:
        raise CatalogueError(f"is retired already ({old.retired})", indicator=indicator_id)
    # No longer checked: not required, not part of a breakdown's sum, not computed.
    new = dataclasses.replace(old, retired=reason, required=False, breakdown=None, formula=None)
    out = _replace_section(
        cat,
        cat.section_of[indicator_id].id,
        lambda s: dataclasses.replace(s, indicators=tuple(new if i.id == indicator_id else i for i in s.indicators)),
    )
    return checked(_without_checks_on(out, indicator_id))


def _without_checks_on(cat: Catalogue, indicator_id: str) -> Catalogue:
    """`cat` without the cross-field checks that read `indicator_id` (they would read a figure no longer
    collected); the preview and the audit log list each check removed."""
    from esgdesk.core.expressions import parse_expression

    def keep(s: Section) -> Section:
        checks = tuple(c for c in s.checks if indicator_id not in parse_expression(c.expr).names)
        return s if len(checks) == len(s.checks) else dataclasses.replace(s, checks=checks)

    return dataclasses.replace(
        cat, areas=tuple(dataclasses.replace(a, sections=tuple(keep(s) for s in a.sections)) for a in cat.areas)
    )


def remove_indicator(cat: Catalogue, indicator_id: str) -> Catalogue:
    """`cat` without an indicator: for a catalogue being prepared for next year. Applied to a report, an
    indicator that holds figures there is kept, retired (`esgdesk upgrade`), or the change refused (an edit)."""
    _indicator(cat, indicator_id)
    out = _replace_section(
        cat,
        cat.section_of[indicator_id].id,
        lambda s: dataclasses.replace(s, indicators=tuple(i for i in s.indicators if i.id != indicator_id)),
    )
    return checked(_without_checks_on(out, indicator_id))


def reinstate_indicator(cat: Catalogue, indicator_id: str) -> Catalogue:
    old = _indicator(cat, indicator_id)
    new = dataclasses.replace(old, retired=None)
    return checked(
        _replace_section(
            cat,
            cat.section_of[indicator_id].id,
            lambda s: dataclasses.replace(
                s, indicators=tuple(new if i.id == indicator_id else i for i in s.indicators)
            ),
        )
    )


def add_section(
    cat: Catalogue, area_id: str, section_id: str, label: Text, owner: str, *, position: int | None = None
) -> Catalogue:
    from pydantic import ValidationError

    area = next((a for a in cat.areas if a.id == area_id), None)
    if area is None:
        raise CatalogueError(f"unknown area '{area_id}' (areas: {', '.join(a.id for a in cat.areas)})")
    if section_id in cat.sections:
        raise CatalogueError(f"a section '{section_id}' exists already")
    try:
        section = Section.model_validate({"id": section_id, "label": label, "owner": owner})
    except ValidationError as exc:
        field, msg = _first_error(exc)
        raise CatalogueError(f"section {field}: {msg}") from None
    items = list(area.sections)
    items.insert(len(items) if position is None else max(0, min(position, len(items))), section)
    return checked(_replace_area(cat, dataclasses.replace(area, sections=tuple(items))))


def _replace_area(cat: Catalogue, area: Area) -> Catalogue:
    return dataclasses.replace(cat, areas=tuple(area if a.id == area.id else a for a in cat.areas))


def rename_section(cat: Catalogue, section_id: str, label: Text) -> Catalogue:
    _section(cat, section_id)
    if not label.en.strip():
        raise CatalogueError(f"section '{section_id}' needs an English name")
    return checked(_replace_section(cat, section_id, lambda s: dataclasses.replace(s, label=label)))


def move_section(cat: Catalogue, section_id: str, position: int) -> Catalogue:
    """`cat` with a section moved to `position` within its area (0 is first)."""
    _section(cat, section_id)
    area = cat.area_of[section_id]
    items = [s for s in area.sections if s.id != section_id]
    items.insert(max(0, min(position, len(items))), cat.sections[section_id])
    return checked(_replace_area(cat, dataclasses.replace(area, sections=tuple(items))))


def add_department(cat: Catalogue, department_id: str, name: Text) -> Catalogue:
    from pydantic import ValidationError

    if department_id in cat.department_table:
        raise CatalogueError(f"a department '{department_id}' exists already")
    try:
        dep = Department.model_validate({"id": department_id, "name": name})
    except ValidationError as exc:
        field, msg = _first_error(exc)
        raise CatalogueError(f"department {field}: {msg}") from None
    if not dep.name.en.strip():
        raise CatalogueError(f"department '{department_id}' needs an English name")
    return checked(dataclasses.replace(cat, departments=(*cat.departments, dep)))
