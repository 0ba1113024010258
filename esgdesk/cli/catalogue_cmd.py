"""`esgdesk catalogue add|edit|retire|section|department|export|import` and `esgdesk upgrade`:
the ESG office's changes to a report's own catalogue, and moving a report to another catalogue."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from esgdesk.cli.main import echo_json
from esgdesk.cli.targets import REPORT
from esgdesk.cli.wording import count
from esgdesk.core.catalogue import BreakdownKind, DataType, Text

_PATH = click.Path(dir_okay=False, path_type=Path)
_TYPES = click.Choice([t.value for t in DataType])


def _open_master(path: Path | str) -> Any:
    from esgdesk.core.errors import Refused
    from esgdesk.core.store import open_report

    rep = open_report(path)
    if rep.meta.kind != "master":
        rep.close()
        raise Refused("a collection file keeps the catalogue it was issued with; edit the master report's catalogue")
    return rep


def _done(rep: Any, what: str, old_version: str) -> None:
    click.echo(f"{what}; catalogue '{rep.catalogue.id}' version {old_version} -> {rep.catalogue.version}", err=True)


def _spec(
    label: str | None,
    label_zh: str | None,
    definition: str | None,
    definition_zh: str | None,
    base: dict[str, Any] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if label is not None or label_zh is not None:
        old = (base or {}).get("label") or {"en": "", "zh": ""}
        out["label"] = {
            "en": label if label is not None else old["en"],
            "zh": label_zh if label_zh is not None else old.get("zh", ""),
        }
    if definition is not None or definition_zh is not None:
        old = (base or {}).get("definition") or {"en": "", "zh": ""}
        out["definition"] = {
            "en": definition if definition is not None else old["en"],
            "zh": definition_zh if definition_zh is not None else old.get("zh", ""),
        }
    return out


def _indicator_options(fn: Any) -> Any:
    for opt in reversed(
        [
            click.option("--label-zh", help="Label in Chinese."),
            click.option("--definition", help="Definition in English (default: the label)."),
            click.option("--definition-zh", help="Definition in Chinese."),
            click.option("--type", "type_", type=_TYPES, help="Data type."),
            click.option("--decimals", type=click.IntRange(-6, 10), help="Decimals shown and exported."),
            click.option("--owner", help="Owner department (default: the section's owner)."),
            click.option("--min", "min_", type=float, help="Smallest plausible value."),
            click.option("--max", "max_", type=float, help="Largest plausible value."),
            click.option("--gri", multiple=True, help="GRI disclosure, e.g. 305-3 (repeatable)."),
            click.option("--formula", help="Formula over other indicators (computed; empty text: typed again)."),
            click.option(
                "--yoy",
                type=click.FloatRange(min=0, min_open=True),
                help="Year-over-year change needing an explanation (0.3 = 30 %).",
            ),
            click.option("--breakdown-of", help="The total this indicator is a part of."),
            click.option(
                "--breakdown-kind",
                type=click.Choice([k.value for k in BreakdownKind]),
                help="How the part relates to its total (default: sum).",
            ),
            click.option("--required/--optional", default=None, help="Whether a figure is required."),
            click.option("--why", help="Why: goes to the audit log."),
        ]
    ):
        fn = opt(fn)
    return fn


def _fields(
    type_: str | None,
    decimals: int | None,
    owner: str | None,
    min_: float | None,
    max_: float | None,
    gri: tuple[str, ...],
    formula: str | None,
    yoy: float | None,
    breakdown_of: str | None,
    required: bool | None,
    breakdown_kind: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if type_ is not None:
        out["type"] = type_
    if decimals is not None:
        out["decimals"] = decimals
    if owner is not None:
        out["owner"] = owner or None
    if min_ is not None:
        out["min"] = min_
    if max_ is not None:
        out["max"] = max_
    if gri:
        out["gri"] = [{"code": g} for g in gri]
    if formula is not None:
        out["formula"] = formula.strip() or None
    if yoy is not None:
        out["yoy"] = {"threshold": yoy}
    if breakdown_of is not None:
        out["breakdown"] = (
            {"of": breakdown_of, **({"kind": breakdown_kind} if breakdown_kind else {})} if breakdown_of else None
        )
    if required is not None:
        out["required"] = required
    return out


@click.group("catalogue")
def catalogue_group() -> None:
    """Change the report's own indicator catalogue (its version moves on; every change is audited)."""


@catalogue_group.command("add")
@click.argument("path", type=REPORT)
@click.argument("indicator")
@click.option("--section", required=True, help="Section the indicator goes into.")
@click.option("--label", required=True, help="Label in English.")
@click.option("--unit", required=True, help="Unit, from the catalogue's units.")
@_indicator_options
def add_cmd(
    path: Path | str,
    indicator: str,
    section: str,
    label: str,
    unit: str,
    label_zh: str | None,
    definition: str | None,
    definition_zh: str | None,
    type_: str | None,
    decimals: int | None,
    owner: str | None,
    min_: float | None,
    max_: float | None,
    gri: tuple[str, ...],
    formula: str | None,
    yoy: float | None,
    breakdown_of: str | None,
    breakdown_kind: str | None,
    required: bool | None,
    why: str | None,
) -> None:
    """Add INDICATOR to the catalogue of the report PATH."""
    from esgdesk.core.catalogue_edit import add_indicator
    from esgdesk.core.upgrade import apply_catalogue

    spec: dict[str, Any] = {
        "id": indicator,
        "unit": unit,
        "type": type_ or "decimal",
        **_spec(label, label_zh or "", definition if definition is not None else label, definition_zh or ""),
    }
    spec.update(_fields(None, decimals, owner, min_, max_, gri, formula, yoy, breakdown_of, required, breakdown_kind))
    with _open_master(path) as rep:
        before = rep.catalogue.version
        apply_catalogue(rep, add_indicator(rep.catalogue, section, spec), why=why, source="cli")
        _done(rep, f"added '{indicator}' to section '{section}'", before)


@catalogue_group.command("edit")
@click.argument("path", type=REPORT)
@click.argument("indicator")
@click.option("--id", "new_id", help="A new id (only while the indicator holds no figures).")
@click.option("--section", help="Move it to the end of this section.")
@click.option("--label", help="Label in English.")
@click.option("--unit", help="Unit (figures already entered are converted; what was typed is kept).")
@_indicator_options
def edit_cmd(
    path: Path | str,
    indicator: str,
    new_id: str | None,
    section: str | None,
    label: str | None,
    unit: str | None,
    label_zh: str | None,
    definition: str | None,
    definition_zh: str | None,
    type_: str | None,
    decimals: int | None,
    owner: str | None,
    min_: float | None,
    max_: float | None,
    gri: tuple[str, ...],
    formula: str | None,
    yoy: float | None,
    breakdown_of: str | None,
    breakdown_kind: str | None,
    required: bool | None,
    why: str | None,
) -> None:
    """Change fields of INDICATOR in the catalogue of the report PATH."""
    from esgdesk.core.catalogue_edit import edit_indicator
    from esgdesk.core.errors import Refused
    from esgdesk.core.upgrade import apply_catalogue

    with _open_master(path) as rep:
        base = rep.indicator(indicator).model_dump()
        changes = _spec(label, label_zh, definition, definition_zh, base)
        if breakdown_kind is not None and breakdown_of is None:
            current = base.get("breakdown")
            if not current:
                raise Refused("--breakdown-kind needs --breakdown-of: the indicator is not part of a total")
            breakdown_of = current["of"]
        changes.update(
            _fields(type_, decimals, owner, min_, max_, gri, formula, yoy, breakdown_of, required, breakdown_kind)
        )
        if (
            breakdown_of is not None
            and changes.get("breakdown")
            and base.get("breakdown")
            and base["breakdown"]["of"] == breakdown_of
        ):
            changes["breakdown"] = {**base["breakdown"], **changes["breakdown"]}  # keep its family and tolerance
        if unit is not None:
            changes["unit"] = unit
        if new_id is not None:
            if new_id != indicator and indicator in rep.held_indicators():
                raise Refused(
                    f"'{indicator}' holds figures in this report, so its id is fixed; retire it and add "
                    "a new indicator instead"
                )
            changes["id"] = new_id
        if section is not None:
            changes["section"] = section
        if not changes:
            raise Refused("nothing to change: give at least one --OPTION VALUE (see --help)")
        before = rep.catalogue.version
        plan = apply_catalogue(rep, edit_indicator(rep.catalogue, indicator, changes), why=why, source="cli")
        converted = f" ({len(plan.conversions)} figures converted)" if plan.conversions else ""
        _done(rep, f"edited '{indicator}'{converted}", before)


@catalogue_group.command("retire")
@click.argument("path", type=REPORT)
@click.argument("indicator")
@click.option("--reason", required=True, help="Why it is no longer collected (goes to the audit log).")
def retire_cmd(path: Path | str, indicator: str, reason: str) -> None:
    """Stop collecting INDICATOR; its figures stay readable and exported, marked retired."""
    from esgdesk.core.catalogue_edit import retire_indicator
    from esgdesk.core.upgrade import apply_catalogue

    with _open_master(path) as rep:
        before = rep.catalogue.version
        apply_catalogue(rep, retire_indicator(rep.catalogue, indicator, reason), why=reason, source="cli")
        _done(rep, f"retired '{indicator}'", before)


@catalogue_group.command("section")
@click.argument("path", type=REPORT)
@click.argument("section")
@click.option("--area", help="Area of a new section.")
@click.option("--label", help="Name in English.")
@click.option("--label-zh", help="Name in Chinese.")
@click.option("--owner", help="Owner department of a new section.")
@click.option("--position", type=click.IntRange(min=1), help="Place within its area (1 is first).")
@click.option("--why", help="Why: goes to the audit log.")
def section_cmd(
    path: Path | str,
    section: str,
    area: str | None,
    label: str | None,
    label_zh: str | None,
    owner: str | None,
    position: int | None,
    why: str | None,
) -> None:
    """Add SECTION (with --area, --label, --owner), or rename or move an existing one."""
    from esgdesk.core import catalogue_edit as ce
    from esgdesk.core.errors import Refused
    from esgdesk.core.upgrade import apply_catalogue

    with _open_master(path) as rep:
        cat = rep.catalogue
        before = cat.version
        if section not in cat.sections:
            if not (area and label and owner):
                raise Refused("a new section needs --area, --label and --owner")
            cat = ce.add_section(
                cat,
                area,
                section,
                Text(label, label_zh or ""),
                owner,
                position=None if position is None else position - 1,
            )
            what = f"added section '{section}'"
        else:
            if area or owner:
                raise Refused(
                    "--area and --owner apply to a new section; move indicators with "
                    "`catalogue edit --section`, reassign with `esgdesk assign`"
                )
            if label is not None or label_zh is not None:
                old = cat.sections[section].label
                cat = ce.rename_section(
                    cat,
                    section,
                    Text(label if label is not None else old.en, label_zh if label_zh is not None else old.zh),
                )
            if position is not None:
                cat = ce.move_section(cat, section, position - 1)
            what = f"changed section '{section}'"
        apply_catalogue(rep, cat, why=why, source="cli")
        _done(rep, what, before)


@catalogue_group.command("department")
@click.argument("path", type=REPORT)
@click.argument("department")
@click.option("--name", required=True, help="Name in English.")
@click.option("--name-zh", default="", help="Name in Chinese.")
@click.option("--why", help="Why: goes to the audit log.")
def department_cmd(path: Path | str, department: str, name: str, name_zh: str, why: str | None) -> None:
    """Add DEPARTMENT to the report's catalogue."""
    from esgdesk.core.catalogue_edit import add_department
    from esgdesk.core.upgrade import apply_catalogue

    with _open_master(path) as rep:
        before = rep.catalogue.version
        apply_catalogue(rep, add_department(rep.catalogue, department, Text(name, name_zh)), why=why, source="cli")
        _done(rep, f"added department '{department}'", before)


@catalogue_group.command("export")
@click.argument("path", type=REPORT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_cmd(path: Path | str, folder: Path) -> None:
    """Save the report's catalogue as a forms folder FOLDER, to reuse for other reports."""
    from esgdesk.core.catalogue_files import export_forms
    from esgdesk.core.store import open_report

    with open_report(path, readonly=True) as rep:
        export_forms(rep.catalogue, folder)
        click.echo(
            f"wrote catalogue '{rep.catalogue.id}' version {rep.catalogue.version} "
            f"({count(len(rep.catalogue.indicators), 'indicator')}) to {folder}",
            err=True,
        )


def _upgrade(path: Path | str, source: str, yes: bool, as_json: bool, why: str | None) -> None:
    from esgdesk.core.upgrade import apply_plan, load_source, plan

    target = load_source(source, exclude=path if isinstance(path, Path) else None)  # a file cannot be a server report
    with _open_master(path) as rep:
        p = plan(rep, target, why=why)
        if as_json:
            echo_json(p.to_json())
        else:
            for line in p.lines():
                click.echo(line)
        click.echo(p.summary(), err=True)
        if p.empty:
            click.echo("the report already has this catalogue: nothing to do", err=True)
            return
        if not yes:
            click.echo("nothing was written: run again with --yes to move the report to this catalogue", err=True)
            sys.exit(1)
        saved = apply_plan(rep, p, why=why or f"catalogue from {source}")
        click.echo(
            f"moved {path} to catalogue '{p.new.id}' version {p.new.version} (the previous file is kept at {saved})",
            err=True,
        )


@catalogue_group.command("import")
@click.argument("path", type=REPORT)
@click.argument("source")
@click.option("--yes", is_flag=True, help="Write the changes (without it: a preview only).")
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON.")
@click.option("--why", help="Why: goes to the audit log.")
def import_cmd(path: Path | str, source: str, yes: bool, as_json: bool, why: str | None) -> None:
    """Load a forms folder (or another report's catalogue, or a template) into the report PATH; as `upgrade`."""
    _upgrade(path, source, yes, as_json, why)


@click.command("upgrade")
@click.argument("path", type=REPORT)
@click.option("--catalogue", "source", required=True, help="A forms folder, a template name, or another report file.")
@click.option("--yes", is_flag=True, help="Write the changes (without it: a preview only).")
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON.")
@click.option("--why", help="Why: goes to the audit log.")
def upgrade_cmd(path: Path | str, source: str, yes: bool, as_json: bool, why: str | None) -> None:
    """Move the report PATH to another catalogue: preview first; written only with --yes, after a backup.

    Figures, explanations, acknowledgements, section states and the audit history are kept; an
    indicator the new catalogue lacks keeps its figures, retired. Exit 0 done or nothing to do,
    1 preview only (or refused), 2 unusable report or catalogue.
    """
    _upgrade(path, source, yes, as_json, why)


COMMANDS = [catalogue_group, upgrade_cmd]
