"""`esgdesk export` and `esgdesk import`: the workbook (and XBRL) out, figures in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from esgdesk.cli.targets import REPORT
from esgdesk.core.errors import UnusableInput


@click.command("export")
@click.argument("path", type=REPORT)
@click.option(
    "--xlsx",
    "xlsx",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the key-performance-data workbook to this file.",
)
@click.option(
    "--xbrl", "xbrl", type=click.Path(file_okay=False, path_type=Path), help="Write the XBRL report into this folder."
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the workbook's labels.",
)
@click.option(
    "--entity",
    "entities",
    multiple=True,
    help="Only this entity (repeat for several; default: every entity with figures).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Write nothing and exit 1 while an error-level finding is open (not acknowledged or explained).",
)
@click.option(
    "--years",
    type=click.IntRange(2, 10),
    default=2,
    show_default=True,
    help="Years the workbook prints side by side (3: the three years Chinese ESG reports print).",
)
@click.option(
    "--viewer",
    is_flag=True,
    help="With --xbrl: also write an interactive viewer page (REPORT-viewer.html and ixbrlviewer.js) "
    "that opens from disk in a browser, with no network.",
)
def export_cmd(
    path: Path | str,
    xlsx: Path | None,
    xbrl: Path | None,
    lang: str,
    entities: tuple[str, ...],
    strict: bool,
    years: int = 2,
    viewer: bool = False,
) -> None:
    """Export the report PATH as a workbook (--xlsx FILE) and/or XBRL (--xbrl DIR).

    The workbook is written to a temporary file first and replaces FILE only when complete.
    The open errors and warnings of the report are counted at the end.
    Exit codes: 0 written, 1 refused (with --strict: an error is open), 2 unusable input (no such report or entity).
    """
    from esgdesk.cli.wording import count
    from esgdesk.core.catalogue import Severity
    from esgdesk.core.errors import Refused
    from esgdesk.core.store import open_report
    from esgdesk.core.validation import Engine

    if xlsx is None and xbrl is None:
        raise UnusableInput("say what to export: --xlsx FILE, --xbrl DIR, or both")
    if viewer and xbrl is None:
        raise UnusableInput("--viewer shows the XBRL report: give --xbrl DIR as well")
    with open_report(path, readonly=True) as rep:
        engine = Engine(rep)
        findings = engine.run_all()
        open_findings = [f for f in findings if not f.explained]
        errors = sum(1 for f in open_findings if f.severity == Severity.ERROR)
        warnings = sum(1 for f in open_findings if f.severity == Severity.WARNING)
        summary = f"{count(errors, 'error')} and {count(warnings, 'warning')} open in the report"
        if strict and errors:
            raise Refused(
                f"nothing was exported: {summary} (esgdesk validate lists them; --strict refuses while "
                "an error is open)",
                where=str(path),
            )
        if xlsx is not None:
            from esgdesk.exports.xlsx import export_workbook

            # the findings and computed figures just made: the workbook does not validate the report again
            out = export_workbook(
                rep,
                xlsx,
                lang=lang,
                entities=list(entities) or None,
                findings=findings,
                computed=engine.computed_map(),
                years=years,
            )
            click.echo(f"wrote the workbook {out}", err=True)
        if xbrl is not None:
            from esgdesk.exports.xbrl import export_xbrl

            written = export_xbrl(rep, xbrl, entities=list(entities) or None, progress=None, cancel=None)
            click.echo(
                f"wrote the XBRL report to {written.out_dir} ({count(written.facts, 'fact')} on "
                f"{count(written.contexts, 'context')}; instance {written.instance.name}, "
                f"Inline XBRL {written.inline.name})",
                err=True,
            )
            if viewer:
                from esgdesk.exports.xbrl.viewer import write_viewer

                page = write_viewer(written.inline)
                click.echo(f"wrote the interactive viewer {page} (open it in a browser; it needs no network)", err=True)
        click.echo(summary + (" (esgdesk validate lists them)" if errors or warnings else ""), err=True)


@click.command("import")
@click.argument("path", type=REPORT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--year",
    type=click.IntRange(1900, 2200),
    help="Only the figures of this year (default: every year column of the workbook).",
)
@click.option("--yes", is_flag=True, help="Write the changes shown in the preview.")
def import_cmd(path: Path | str, file: Path, year: int | None, yes: bool) -> None:
    """Import figures into the report PATH from FILE.xlsx, a workbook in the exported layout.

    Prints a preview first: what would change, what is refused and why. Nothing is written
    without --yes; with --yes the changes are written in one step after a backup, and refused
    cells are left out. Empty cells never clear a figure.

    Exit codes: 0 written, or nothing to do; 1 changes not written (run again with --yes), or
    some cells were refused (with --yes the rest was written); 2 unusable workbook or report.
    """
    from esgdesk.cli.wording import count
    from esgdesk.core.display import display_with_unit
    from esgdesk.core.store import open_report
    from esgdesk.exports.xlsx_import import apply_import, preview_import

    with open_report(path) as rep:
        preview = preview_import(rep, file, year=year)
        cat = rep.catalogue
        for note in preview.notes:
            click.echo(f"note: {note}")
        for c in preview.changes:
            ind = cat.indicators[c.key.indicator]
            old = display_with_unit(c.old, ind) if c.old is not None else "(empty)"
            new = display_with_unit(c.new, ind)
            ent = "" if c.key.entity == rep.entity else f" [{c.key.entity}]"
            click.echo(f"change  {c.where:24} {c.key.indicator}{ent} {c.key.year}: {old} -> {new}")
        for r in preview.refusals:
            what = f" {r.indicator}" if r.indicator else ""
            yr = f" {r.year}" if r.year else ""
            held = f" (cell: {r.cell})" if r.cell else ""
            click.echo(f"refused {r.where:24}{what}{yr}: {r.reason}{held}")
        click.echo(
            f"{len(preview.changes)} to change, {len(preview.refusals)} refused, {preview.unchanged} unchanged, "
            f"{count(preview.computed_skipped, 'computed figure')} left to esgdesk "
            f"(sheets read: {', '.join(preview.sheets_read)})",
            err=True,
        )
        if not preview.changes:
            sys.exit(1 if preview.refusals else 0)
        if not yes:
            click.echo("nothing was written: run again with --yes to import these changes", err=True)
            sys.exit(1)
        n = apply_import(rep, preview)
        click.echo(f"imported {count(n, 'figure')} into {path} (a backup was made first)", err=True)
    if preview.refusals:
        sys.exit(1)


COMMANDS = [export_cmd, import_cmd]
