"""Commands for assurance: restatements of published years (and, beside them, evidence and history)."""

from __future__ import annotations

from pathlib import Path

import click

from esgdesk.cli.main import echo_json


@click.command("restate")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("indicator")
@click.argument("value")
@click.option("--year", required=True, type=int, help="The published year whose figure is restated.")
@click.option("--reason", required=True, help="Why the published figure changes (disclosed with it).")
@click.option("--entity", help="Entity (default: the reporting entity).")
@click.option("--unit", help="Unit VALUE is in, if it does not say (converted to the indicator's unit).")
def restate_cmd(path: Path, indicator: str, value: str, year: int, reason: str, entity: str | None,
                unit: str | None) -> None:
    """Restate a figure of a published year: the published value, the reason, who and when are kept."""
    from esgdesk.core.errors import Refused
    from esgdesk.core.parser import display
    from esgdesk.core.restatements import previous_text
    from esgdesk.core.store import Report

    with Report.open(path) as rep:
        new = rep.parse(indicator, value, unit=unit)
        if new is None:
            raise Refused("a restatement gives a value; to withdraw a figure, restate it as not reported")
        change, _ = rep.restate(indicator, new, year=year, reason=reason, entity=entity, source="cli")
        ind = rep.catalogue.indicators[indicator]
        rest = rep.restatement(indicator, year, entity)
        assert rest is not None  # written just now
        click.echo(f"{indicator} {year} restated: {display(new, ind)} {ind.unit} "
                   f"(published as {previous_text(rest, ind)})", err=True)
        del change


@click.command("published")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--mark", "mark", type=int, help="Mark this year published (its figures are restated from then on).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def published_cmd(path: Path, mark: int | None, as_json: bool) -> None:
    """List the published years of a report, or mark one published."""
    from esgdesk.core.store import Report

    with Report.open(path, readonly=mark is None) as rep:
        if mark is not None:
            if mark >= rep.year:
                from esgdesk.core.errors import Refused

                raise Refused(f"{mark} is the report's own year or later: only earlier years are published here")
            rep.mark_published(mark, source="cli")
        years = rep.published_years()
    if as_json:
        echo_json(years)
    else:
        click.echo(", ".join(str(y) for y in years) or "no published years", err=not years)


COMMANDS = [restate_cmd, published_cmd]
