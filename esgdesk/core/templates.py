"""Report templates: a report's catalogue composed from the company-neutral indicator library.

`forms/` is the library (indicator definitions grouped by topic, units, emission factors).
`templates/<name>/template.toml` says which of them a kind of report collects, in which sections,
owned by which departments, required or optional, with which wording and which export profile;
`templates/<name>/indicators.toml` adds rows that only that template has (one company's own
figures). The format is described in templates/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import (
    Area,
    Catalogue,
    Check,
    Framework,
    GriIndexEntry,
    Indicator,
    Section,
    Text,
    check_catalogue,
    load_catalogue,
    read_toml,
)
from esgdesk.core.errors import CatalogueError, UnusableInput
from esgdesk.core.expressions import parse_expression

if TYPE_CHECKING:
    from esgdesk.core.store import Report

TEMPLATE_FILE = "template.toml"
OWN_INDICATORS = "indicators.toml"
DEFAULT_TEMPLATE = "general"
DEMO_TEMPLATE = "luster-2023"


@dataclass(frozen=True)
class ExportProfile:
    """Which export profiles (files in exporters/) a report of this template uses."""

    workbook: str = "workbook.toml"
    xbrl: str = "xbrl.toml"


@dataclass(frozen=True)
class Template:
    name: str
    title: Text
    description: Text
    catalogue: Catalogue
    export: ExportProfile
    folder: Path
    data: str | None = None  # a file of figures in the template folder (the demo's printed report)

    @property
    def indicator_count(self) -> int:
        return len(self.catalogue.indicators)


def _text(value: Any, file: Path, what: str) -> Text:
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, dict) and isinstance(value.get("en"), str):
        return Text(value["en"], str(value.get("zh", "")))
    raise CatalogueError(f'{what} must be {{ en = "...", zh = "..." }}', file=str(file))


def template_names(root: Path | None = None) -> list[str]:
    from esgdesk.resources import templates_dir

    root = root or templates_dir()
    if not root.is_dir():
        return []
    names = sorted(p.name for p in root.iterdir() if (p / TEMPLATE_FILE).is_file())
    # The general template first: it is the default, and the one a new company starts from.
    return sorted(names, key=lambda n: (n != DEFAULT_TEMPLATE, n == "blank", n))


def list_templates(root: Path | None = None) -> list[Template]:
    return [load_template(n, root) for n in template_names(root)]


def template_indicators(root: Path | None = None, *, library: Path | None = None) -> set[str]:
    """Every indicator the templates in `root` compose, their own rows included (the export profile,
    shared by all of them, may name any of these)."""
    return {ind for n in template_names(root) for ind in load_template(n, root, library=library).catalogue.indicators}


def load_template(name: str, root: Path | None = None, *, library: Path | None = None) -> Template:
    """The template called `name`; refuses an unknown name with the names there are."""
    from esgdesk.resources import forms_dir, templates_dir

    root = root or templates_dir()
    folder = root / name
    if not name or "/" in name or "\\" in name or not (folder / TEMPLATE_FILE).is_file():
        known = ", ".join(template_names(root)) or "none"
        raise UnusableInput(f"no template called '{name}' (templates: {known})")
    lib = load_catalogue(library or forms_dir())
    return compose(lib, folder)


def compose(lib: Catalogue, folder: Path) -> Template:
    """Build the template's catalogue from the library `lib` and the files in `folder`."""
    file = folder / TEMPLATE_FILE
    spec = read_toml(file)
    own_file = folder / OWN_INDICATORS
    own = read_toml(own_file) if own_file.is_file() else {}

    pool: dict[str, Indicator] = {i.id: i for i in lib.indicators.values()}
    for raw in own.get("indicator", []):
        try:
            ind = Indicator.model_validate(raw)
        except ValueError as exc:
            raise CatalogueError(
                f"{_first(exc)}", file=str(own_file), indicator=raw.get("id") if isinstance(raw, dict) else None
            ) from None
        if ind.id in pool:
            raise CatalogueError(
                "the library already has this id; override it in template.toml instead",
                file=str(own_file),
                indicator=ind.id,
            )
        pool[ind.id] = ind

    overrides: dict[str, Any] = spec.get("indicator", {})
    if not isinstance(overrides, dict):
        raise CatalogueError("[indicator.<id>] tables override library indicators", file=str(file))
    departments = {d.id: d for d in lib.departments}
    for raw in spec.get("department", []):
        dep = lib.department_table.get(raw.get("id", "")) if isinstance(raw, dict) else None
        try:
            from esgdesk.core.catalogue import Department

            departments[raw["id"]] = Department.model_validate(raw) if dep is None or "name" in raw else dep
        except (ValueError, KeyError, TypeError):
            raise CatalogueError("every [[department]] needs an id and a name", file=str(file)) from None

    topic_of_check: list[tuple[Check, str]] = [(c, s.id) for s in lib.sections.values() for c in s.checks]
    areas: list[Area] = []
    used: set[str] = set()
    section_from: dict[str, str] = {}
    built: list[tuple[str, Text, list[dict[str, Any]]]] = []
    for area in spec.get("area", []):
        if not isinstance(area, dict) or not isinstance(area.get("id"), str):
            raise CatalogueError("every [[area]] needs an id", file=str(file))
        sections: list[dict[str, Any]] = []
        for sec in area.get("section", []):
            sid = sec.get("id") if isinstance(sec, dict) else None
            if not isinstance(sid, str):
                raise CatalogueError(f"area '{area['id']}': every [[area.section]] needs an id", file=str(file))
            topic = lib.sections.get(sec.get("from", sid))
            if "indicators" in sec:
                ids = list(sec["indicators"])
            elif topic is not None:
                ids = [i.id for i in topic.indicators]
            else:
                raise CatalogueError(
                    f"section '{sid}' names no indicators and the library has no topic '{sec.get('from', sid)}'",
                    file=str(file),
                )
            exclude = set(sec.get("exclude", []))
            required = set(sec.get("required", []))
            optional = set(sec.get("optional", []))
            inds: list[Indicator] = []
            for ind_id in ids:
                if ind_id in exclude:
                    continue
                base = pool.get(ind_id)
                if base is None:
                    raise CatalogueError(
                        f"section '{sid}' names indicator '{ind_id}' that neither the library "
                        f"nor {OWN_INDICATORS} defines",
                        file=str(file),
                    )
                if ind_id in used:
                    raise CatalogueError(f"indicator '{ind_id}' is listed twice", file=str(file))
                used.add(ind_id)
                data = base.model_dump()
                over = overrides.get(ind_id, {})
                if not isinstance(over, dict):
                    raise CatalogueError(f"[indicator.{ind_id}] must be a table", file=str(file))
                data.update(over)
                if ind_id in required:
                    data["required"] = True
                if ind_id in optional:
                    data["required"] = False
                try:
                    inds.append(Indicator.model_validate(data))
                except ValueError as exc:
                    raise CatalogueError(_first(exc), file=str(file), indicator=ind_id) from None
            label = (
                _text(sec["label"], file, f"section '{sid}' label")
                if "label" in sec
                else (topic.label if topic else Text(sid))
            )
            owner = sec.get("owner") or (topic.owner if topic else "")
            section_from[sid] = topic.id if topic else ""
            sections.append({"id": sid, "label": label, "owner": owner, "indicators": inds, "checks": []})
        built.append((area["id"], _text(area.get("label", area["id"]), file, f"area '{area['id']}' label"), sections))
    unknown = set(overrides) - used
    if unknown:
        raise CatalogueError(
            f"[indicator.{sorted(unknown)[0]}] overrides an indicator the template does not use", file=str(file)
        )

    # Checks: a library check comes along when every figure it reads is in the template; it sits in
    # the section made from its topic, or else with the first figure it reads.
    section_of = {i.id: s["id"] for _a, _l, secs in built for s in secs for i in s["indicators"]}
    by_id = {s["id"]: s for _a, _l, secs in built for s in secs}
    order = list(section_of)
    for check, topic_id in topic_of_check:
        names = parse_expression(check.expr).names
        if not names <= used:
            continue
        home = next((sid for sid, src in section_from.items() if src == topic_id), None)
        home = home or section_of[min(names, key=order.index)]
        by_id[home]["checks"].append(check)
    for raw in own.get("check", []):
        raw = dict(raw)
        home = raw.pop("section", None)
        if home not in by_id:
            raise CatalogueError(
                f"check '{raw.get('id')}': section '{home}' is not in the template", file=str(own_file)
            )
        try:
            by_id[home]["checks"].append(Check.model_validate(raw))
        except ValueError as exc:
            raise CatalogueError(_first(exc), file=str(own_file)) from None
    for area_id, label, secs in built:
        areas.append(
            Area(
                area_id,
                label,
                tuple(
                    Section(s["id"], s["label"], s["owner"], tuple(s["indicators"]), tuple(s["checks"])) for s in secs
                ),
            )
        )

    head = spec.get("catalogue", {})
    owners = {s.owner for a in areas for s in a.sections} | {
        i.owner for a in areas for s in a.sections for i in s.indicators if i.owner
    }
    gri_index = _gri_index(folder, spec, file)
    try:
        cat = Catalogue(
            id=str(head.get("id", folder.name.replace("-", "_"))),
            version=str(head.get("version", "1")),
            title=_text(head.get("title", spec.get("title", folder.name)), file, "catalogue title"),
            revenue_indicator=head.get("revenue_indicator", lib.revenue_indicator)
            if head.get("revenue_indicator", lib.revenue_indicator) in used
            else None,
            departments=tuple(d for d in departments.values() if d.id in owners),
            areas=tuple(areas),
            units=lib.units,
            factor_sets=lib.factor_sets,
            gri_index=gri_index,
            frameworks=_frameworks(lib, areas),
            indexes=tuple(str(n) for n in spec.get("export", {}).get("indexes", ())),
        )
        cat = Catalogue.model_validate(cat.model_dump())
    except ValueError as exc:
        raise CatalogueError(_first(exc), file=str(file)) from None
    check_catalogue(cat, {s: file for s in by_id})
    if not cat.indicators:
        raise CatalogueError("the template holds no indicators", file=str(file))
    export = spec.get("export", {})
    return Template(
        name=folder.name,
        title=_text(spec.get("title", folder.name), file, "title"),
        description=_text(spec.get("description", ""), file, "description"),
        catalogue=cat,
        export=ExportProfile(**{k: str(v) for k, v in export.items() if k in ("workbook", "xbrl")}),
        folder=folder,
        data=spec.get("data"),
    )


def _frameworks(lib: Catalogue, areas: list[Area]) -> tuple[Framework, ...]:
    """The library's frameworks that the template's indicators refer to, in the library's order."""
    used = {r.framework for a in areas for s in a.sections for i in s.indicators for r in i.refs}
    return tuple(f for f in lib.frameworks if f.id in used)


def _gri_index(folder: Path, spec: dict[str, Any], file: Path) -> tuple[GriIndexEntry, ...]:
    name = spec.get("export", {}).get("gri_index")
    if not name:
        return ()
    path = folder / str(name)
    data = read_toml(path)
    try:
        return tuple(GriIndexEntry.model_validate(e) for e in data.get("entry", []))
    except ValueError as exc:
        raise CatalogueError(_first(exc), file=str(path)) from None


def _first(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        err = errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        return f"{loc}: {msg}" if loc else msg
    return str(exc)


def create_report(
    path: Path | str,
    template: str | Template = DEFAULT_TEMPLATE,
    *,
    company: str,
    year: int,
    company_zh: str = "",
    identifier: str = "",
    scheme: str = "",
    currency: str = "CNY",
    entity_id: str | None = None,
    user: str | None = None,
    overwrite: bool = False,
) -> Report:
    """A new, empty report of `company` for `year` from a template; the identifier checked, never made up."""
    from esgdesk.core.identifiers import check_identifier, scheme_uri
    from esgdesk.core.properties import TEMPLATE, XBRL_NAMESPACE, XBRL_PREFIX, check_property, slug
    from esgdesk.core.store import Report

    tpl = template if isinstance(template, Template) else load_template(template)
    company = check_property("company", company)
    currency = check_property("currency", currency)
    if identifier:
        found = check_identifier(identifier, scheme or None)
        identifier, scheme = found.value, found.scheme
    elif scheme:
        scheme = scheme_uri(scheme)
    spec = read_toml(tpl.folder / TEMPLATE_FILE).get("xbrl", {})
    prefix = str(spec.get("prefix") or slug(company))
    extra = {TEMPLATE: tpl.name, XBRL_PREFIX: check_property(XBRL_PREFIX, prefix)}
    if spec.get("namespace"):
        extra[XBRL_NAMESPACE] = check_property(XBRL_NAMESPACE, str(spec["namespace"]))
    return Report.create(
        path,
        tpl.catalogue,
        company=company,
        company_zh=company_zh.strip(),
        year=year,
        entity_id=entity_id or prefix.replace("-", "_"),
        identifier=identifier,
        scheme=scheme,
        currency=currency,
        user=user,
        extra=extra,
        overwrite=overwrite,
    )
