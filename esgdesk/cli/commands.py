"""The click commands of `esgdesk` (see `esgdesk.cli.main` for the contract and the exit codes).

Kept apart from `main`, so that starting the app (`esgdesk`, `esgdesk FILE`) does not import click.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from esgdesk import __version__
from esgdesk.cli.main import echo_json, start_app
from esgdesk.cli.targets import REPORT

if TYPE_CHECKING:
    from esgdesk.core.store import Report


class EsgdeskGroup(click.Group):
    """Treats an unknown first word that looks like a path as a file to open, so `esgdesk report.esg`
    works; any other unknown word is a mistyped command, answered with the closest ones."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            word = args[0]
            if any(c in word for c in "./\\"):  # commands never hold a dot or a slash
                return super().resolve_command(ctx, ["open", *args])
            import difflib

            close = difflib.get_close_matches(word, sorted(self.list_commands(ctx)), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise click.UsageError(f"no such command '{word}'{hint}", ctx)
        return super().resolve_command(ctx, args)


@click.group(cls=EsgdeskGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="esgdesk", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """esgdesk: collect a company's ESG figures, check them, and publish them as a workbook and XBRL.

    Without a command, the app opens (the last report, or the demo on first start).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_cmd, file=None)


@cli.command("open")
@click.argument("file", required=False, type=REPORT)
@click.option("--read-only", is_flag=True, help="Open without taking the edit lock.")
def open_cmd(file: Path | str | None, read_only: bool = False) -> None:
    """Start the app with FILE (or a server report's URL), or the last file, or the demo on first start."""
    sys.exit(start_app(file, read_only=read_only))


@cli.command("demo")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def demo_cmd(path: Path, force: bool) -> None:
    """Write the demo report (LUSTER 2023) to PATH."""
    from esgdesk.core.demo import write_demo

    write_demo(path, overwrite=force)
    click.echo(f"wrote the demo report to {path}", err=True)


@cli.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--company", required=True, help="Company name (in English or as registered).")
@click.option("--year", required=True, type=click.IntRange(1900, 2200), help="Reporting year.")
@click.option(
    "--template",
    "template",
    default=None,
    help="Report template (esgdesk templates lists them); default: the general GRI-based one.",
)
@click.option("--company-zh", default="", help="Company name in Chinese.")
@click.option("--entity-id", default=None, help="Short id of the reporting entity (default: from the company name).")
@click.option(
    "--identifier", default="", help="Entity identifier: an LEI, a unified social credit code or a stock code."
)
@click.option(
    "--scheme",
    default="",
    help="Scheme of the identifier: lei, uscc, sse, szse, bse or a URI (an LEI or a credit code is recognised).",
)
@click.option("--currency", default="CNY", show_default=True, help="ISO 4217 currency of monetary figures.")
@click.option(
    "--forms",
    "forms",
    type=click.Path(file_okay=False, path_type=Path),
    help="A forms-style catalogue folder to use instead of a template.",
)
def new_cmd(
    path: Path,
    company: str,
    year: int,
    template: str | None,
    company_zh: str,
    entity_id: str | None,
    identifier: str,
    scheme: str,
    currency: str,
    forms: Path | None,
) -> None:
    """Create an empty report for COMPANY and YEAR from a template."""
    from esgdesk.core.templates import DEFAULT_TEMPLATE, create_report, load_template

    if forms is not None and template is not None:
        raise click.UsageError("give either --template or --forms, not both")
    if forms is not None:
        import dataclasses

        from esgdesk.core.catalogue import load_catalogue

        tpl = dataclasses.replace(load_template(DEFAULT_TEMPLATE), name="", catalogue=load_catalogue(forms))
    else:
        tpl = load_template(template or DEFAULT_TEMPLATE)
    rep = create_report(
        path,
        tpl,
        company=company,
        year=year,
        company_zh=company_zh,
        identifier=identifier,
        scheme=scheme,
        currency=currency,
        entity_id=entity_id,
    )
    rep.close()
    from esgdesk.cli.wording import count

    what = f"template '{tpl.name}', {count(tpl.indicator_count, 'indicator')}" if tpl.name else f"catalogue {forms}"
    click.echo(f"created {path} for {company}, {year} ({what})", err=True)
    if not identifier:
        click.echo(
            "esgdesk: no entity identifier yet; XBRL needs one: esgdesk properties PATH --set identifier=...", err=True
        )


@cli.command("templates")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def templates_cmd(as_json: bool) -> None:
    """List the report templates that `esgdesk new --template` and File → New offer."""
    from esgdesk.core.templates import DEFAULT_TEMPLATE, list_templates

    found = list_templates()
    if as_json:
        echo_json(
            [
                {
                    "name": t.name,
                    "title": t.title.en,
                    "title_zh": t.title.zh,
                    "indicators": t.indicator_count,
                    "description": t.description.en,
                }
                for t in found
            ]
        )
        return
    from esgdesk.cli.wording import count

    for t in found:
        default = " (default)" if t.name == DEFAULT_TEMPLATE else ""
        click.echo(f"{t.name:<14} {count(t.indicator_count, 'indicator'):>15}  {t.title.en}{default}")
        click.echo(f"{'':<14}       {t.description.en}")


@cli.command("properties")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VALUE",
    help="Change a property (company, company_zh, currency, identifier, scheme, xbrl_prefix, "
    "xbrl_namespace); repeat for several. Every change is in the audit log.",
)
@click.option("--why", default=None, help="Why the properties change (kept in the audit log).")
def properties_cmd(path: Path, as_json: bool, sets: tuple[str, ...], why: str | None) -> None:
    """Show or change the report's properties: the company, its identifier and the XBRL names."""
    from esgdesk.core.properties import properties, set_properties
    from esgdesk.core.store import Report

    changes: dict[str, str] = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--set takes KEY=VALUE, not '{item}'")
        changes[key.strip()] = value
    with Report.open(path, readonly=not changes) as rep:
        changed = set_properties(rep, changes, why=why) if changes else []
        props = properties(rep)
    if as_json:
        echo_json(props)
    else:
        for name, shown in props.items():
            click.echo(f"{name:<15} {shown}")
    if changes:
        click.echo(f"changed: {', '.join(changed) or 'nothing (the values were already so)'}", err=True)


@cli.command("rollforward")
@click.argument("path", type=REPORT)
@click.argument("newpath", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--catalogue", "source", help="Also move to this catalogue: a forms folder, a template name or a report.")
def rollforward_cmd(path: Path | str, newpath: Path, source: str | None) -> None:
    """Start next year's report NEWPATH from PATH (this year becomes the prior year)."""
    from esgdesk.core.store import open_report

    with open_report(path, readonly=True) as old:
        if source is None:
            new = old.rollforward(newpath)
        else:
            from esgdesk.core.upgrade import roll_forward_to

            new = roll_forward_to(old, newpath, source)
        click.echo(
            f"created {newpath} for {new.year} (prior year {old.year}), catalogue '{new.catalogue.id}' "
            f"version {new.catalogue.version}",
            err=True,
        )
        new.close()


@cli.command("show")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--year", type=int, help="Only this year.")
@click.option("--entity", help="Only this entity.")
def show_cmd(path: Path | str, as_json: bool, year: int | None, entity: str | None) -> None:
    """List the values of a report."""
    from esgdesk.core.display import display, unit_after
    from esgdesk.core.store import open_report

    with open_report(path, readonly=True) as rep:
        rows = list(rep.values(entity=entity, year=year))
        if as_json:
            echo_json(
                {
                    "report": {
                        "id": rep.meta.report_id,
                        "company": rep.meta.company,
                        "entity": rep.meta.entity,
                        "year": rep.meta.year,
                        "prior_year": rep.prior_year,
                        "currency": rep.meta.currency,
                        "kind": rep.meta.kind,
                        "catalogue": rep.catalogue.id,
                        "catalogue_version": rep.catalogue.version,
                    },
                    "values": [
                        {
                            "indicator": ind,
                            "entity": ent,
                            "year": yr,
                            "value": v.json_value(),
                            "status": v.status.value,
                            "qualifier": v.qualifier.value or None,
                            "unit": rep.catalogue.indicators[ind].unit,
                            "entered": v.entered,
                            "entered_unit": v.entered_unit,
                            "reason": v.reason,
                            "detection_limit": v.detection_limit,
                            "retired": bool(rep.catalogue.indicators[ind].retired),
                            **_restatement_field(rep, ent, ind, yr),
                        }
                        for ent, ind, yr, v in rows
                    ],
                }
            )
            return
        click.echo(f"{rep.meta.company} — {rep.meta.year} (prior year {rep.prior_year})")
        for ent, ind_id, yr, v in rows:
            ind = rep.catalogue.indicators[ind_id]
            click.echo(f"{ind_id:45} {ent:10} {yr}  {display(v, ind):>20} {unit_after(v, ind)}".rstrip())


def _restatement_field(rep: Report, entity: str, indicator: str, year: int) -> dict[str, Any]:
    rest = rep.restatements().get((entity, indicator, year))
    return {"restatement": rest.to_json()} if rest is not None else {}


@cli.command("set")
@click.argument("path", type=REPORT)
@click.argument("indicator")
@click.argument("value")
@click.option("--year", type=int, help="Year (default: the report's year).")
@click.option("--entity", help="Entity (default: the reporting entity).")
@click.option("--unit", help="Unit VALUE is in, if it does not say (converted to the indicator's unit).")
@click.option("--note", help="Why: goes to the audit log.")
@click.option("--explain", help="Also store this as the figure's explanation.")
def set_cmd(
    path: Path | str,
    indicator: str,
    value: str,
    year: int | None,
    entity: str | None,
    unit: str | None,
    note: str | None,
    explain: str | None,
) -> None:
    """Set one value, read as a person would type it ("1,500+", "3.2 MWh", "\\\\: no such waste").

    The findings the new figure opens (a share over 100 %, a breakdown that no longer adds up) are printed;
    the figure is stored all the same, and the exit code is 0.
    """
    from esgdesk.cli.wording import count
    from esgdesk.core.catalogue import Severity
    from esgdesk.core.display import display_with_unit
    from esgdesk.core.errors import UnusableInput
    from esgdesk.core.store import open_report
    from esgdesk.core.validation import Engine

    with open_report(path) as rep:
        if indicator not in rep.catalogue.indicators:
            cat = rep.catalogue
            raise UnusableInput(
                f"unknown indicator '{indicator}': this report has catalogue '{cat.id}' version {cat.version}; to "
                f"move it to a newer one: esgdesk upgrade {path} --catalogue FORMS_DIR|TEMPLATE|REPORT (or add the "
                f"indicator: esgdesk catalogue add {path} {indicator} --section S --label TEXT --unit U)"
            )
        years = rep.years()
        if year is not None and year not in years:
            held = ", ".join(map(str, years[:-1])) + f" and {years[-1]}" if len(years) > 1 else str(years[0])
            raise UnusableInput(f"{year} is not a year of this report: it holds {held}", where=str(path))
        engine = Engine(rep)
        engine.run_all()
        before = {f.id for f in engine.findings()}
        change = rep.set_text(indicator, value, year=year, entity=entity, unit=unit, why=note, source="cli")
        if explain:
            rep.set_explanation(indicator, explain, year=year, entity=entity)
        key = change.key
        engine.recheck([(key.entity, key.indicator, key.year)])
        after = engine.findings()
        ind = rep.catalogue.indicators[indicator]
        shown = display_with_unit(change.new, ind) if change.new else "(cleared)"
        click.echo(f"{indicator} {key.year} = {shown}", err=True)
        opened = [f for f in after if f.id not in before]
        closed = len(before - {f.id for f in after})
        for f in opened:
            mark = " (explained)" if f.explained else ""
            click.echo(f"{f.severity.value:8} {f.year} {f.entity:8} {f.indicator:40} {f.text()}{mark}", err=True)
        opened_counts = [
            count(sum(1 for f in opened if f.severity == sev), word)
            for sev, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note"))
            if any(f.severity == sev for f in opened)
        ]
        effects = [f"opened {' and '.join(opened_counts)}"] if opened_counts else []
        effects += [f"closed {count(closed, 'finding')}"] if closed else []
        if effects:
            click.echo(f"stored; this edit {' and '.join(effects)} (esgdesk validate lists every finding)", err=True)


@cli.command("validate")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print findings as JSON.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
def validate_cmd(path: Path | str, as_json: bool, lang: str) -> None:
    """Check every figure; exit 1 when an error-level finding is open."""
    from esgdesk.cli.wording import count
    from esgdesk.core.catalogue import Severity
    from esgdesk.core.store import open_report
    from esgdesk.core.validation import validate

    with open_report(path, readonly=True) as rep:
        findings = validate(rep)
        problems = rep.integrity_problems
    if as_json:
        echo_json([f.to_json() for f in findings])
    else:
        for f in findings:
            mark = "" if not f.explained else " (explained)"
            click.echo(f"{f.severity.value:8} {f.year} {f.entity:8} {f.indicator:40} {f.text(lang)}{mark}")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
        click.echo(
            f"{count(counts[Severity.ERROR], 'error')}, {count(counts[Severity.WARNING], 'warning')}, "
            f"{count(counts[Severity.INFO], 'note')}",
            err=True,
        )
    for p in problems:
        click.echo(f"esgdesk: {p}", err=True)
    if problems or any(f.severity == Severity.ERROR and not f.explained for f in findings):
        sys.exit(1)


def _load_plugins() -> None:
    """Commands that live beside the features they drive."""
    import importlib

    from esgdesk.cli.main import COMMAND_MODULES

    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        for cmd in getattr(mod, "COMMANDS", []):
            cli.add_command(cmd)
