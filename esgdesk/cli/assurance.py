"""Commands for assurance: restatements of published years, the evidence behind each figure, and history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from esgdesk.cli.main import echo_json
from esgdesk.cli.targets import REPORT
from esgdesk.cli.wording import count


@click.command("restate")
@click.argument("path", type=REPORT)
@click.argument("indicator")
@click.argument("value")
@click.option("--year", required=True, type=int, help="The published year whose figure is restated.")
@click.option("--reason", required=True, help="Why the published figure changes (disclosed with it).")
@click.option("--entity", help="Entity (default: the reporting entity).")
@click.option("--unit", help="Unit VALUE is in, if it does not say (converted to the indicator's unit).")
def restate_cmd(
    path: Path | str, indicator: str, value: str, year: int, reason: str, entity: str | None, unit: str | None
) -> None:
    """Restate a figure of a published year: the published value, the reason, who and when are kept."""
    from esgdesk.core.display import display_with_unit
    from esgdesk.core.errors import Refused
    from esgdesk.core.restatements import previous_text
    from esgdesk.core.store import open_report

    with open_report(path) as rep:
        new = rep.parse(indicator, value, unit=unit)
        if new is None:
            raise Refused("a restatement gives a value; to withdraw a figure, restate it as not reported")
        change, _ = rep.restate(indicator, new, year=year, reason=reason, entity=entity, source="cli")
        ind = rep.catalogue.indicators[indicator]
        rest = rep.restatement(indicator, year, entity)
        assert rest is not None  # written just now
        click.echo(
            f"{indicator} {year} restated: {display_with_unit(new, ind)} (published as {previous_text(rest, ind)})",
            err=True,
        )
        del change


@click.command("published")
@click.argument("path", type=REPORT)
@click.option("--mark", "mark", type=int, help="Mark this year published (its figures are restated from then on).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def published_cmd(path: Path | str, mark: int | None, as_json: bool) -> None:
    """List the published years of a report, or mark one published."""
    from esgdesk.core.store import open_report

    with open_report(path, readonly=mark is None) as rep:
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


@click.command("attach")
@click.argument("path", type=REPORT)
@click.argument("indicator")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--year", type=int, help="Year of the figure (default: the report's year).")
@click.option("--entity", help="Entity (default: the reporting entity).")
@click.option("--note", help="What the file shows; kept with it and in the audit log.")
def attach_cmd(
    path: Path | str, indicator: str, file: Path, year: int | None, entity: str | None, note: str | None
) -> None:
    """Attach FILE as evidence to a figure (INDICATOR) or to a section; it is stored inside the report."""
    from esgdesk.core.evidence import limit_mb, read_file
    from esgdesk.core.store import open_report

    with open_report(path) as rep:
        name, data = read_file(file, limit_mb(rep))
        att = rep.attach(indicator, name, data, year=year, entity=entity, note=note, source="cli")
    click.echo(
        f"attached {att.name} ({_size(att.size)}, sha256 {att.sha256[:12]}…) to {att.target} {att.year}", err=True
    )


@click.command("evidence")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--indicator", help="Only the evidence of this indicator or section.")
@click.option("--limit", "limit", help="Set the size limit for one attachment, in MB.")
def evidence_cmd(path: Path | str, as_json: bool, indicator: str | None, limit: str | None) -> None:
    """List the evidence attached to a report's figures and sections (or set the size limit)."""
    from esgdesk.core.evidence import LIMIT_KEY, check_limit_text, limit_mb
    from esgdesk.core.store import open_report

    with open_report(path, readonly=limit is None) as rep:
        if limit is not None:
            rep.set_meta(LIMIT_KEY, check_limit_text(limit), why="size limit for evidence files")
            click.echo(f"the size limit for one attachment is now {limit_mb(rep):g} MB", err=True)
            return
        rows = rep.attachments(target=indicator)
        current_limit = limit_mb(rep)
    if as_json:
        echo_json([a.to_json() for a in rows])
        return
    for a in rows:
        note = f"  {a.note}" if a.note else ""
        click.echo(
            f"{a.target:40} {a.entity:10} {a.year}  {a.name}  {_size(a.size)}  {a.sha256[:12]}  "
            f"{a.added_by} {a.added_at}{note}"
        )
    click.echo(f"{count(len(rows), 'attachment')}; size limit {current_limit:g} MB per file", err=True)


@click.command("evidence-pack")
@click.argument("path", type=REPORT)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The zip to write.")
def evidence_pack_cmd(path: Path | str, out: Path) -> None:
    """Write every attachment, a workbook of the figures with their history and attachments, and a manifest
    with SHA-256s to a zip for the assurance provider."""
    from esgdesk.core.errors import Refused
    from esgdesk.core.store import open_report
    from esgdesk.exports.evidence_pack import write_evidence_pack

    if out.suffix.lower() != ".zip":
        raise Refused("the evidence pack is a zip: give --out a name ending in .zip", where=str(out))
    with open_report(path, readonly=True) as rep:
        manifest = write_evidence_pack(rep, out)
    click.echo(
        f"wrote {out}: {count(len(manifest['attachments']), 'attachment')}, figures.xlsx, manifest.json", err=True
    )


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


@click.group("history")
def history_cmd() -> None:
    """The years a report holds: import earlier reports' years, list them, set base years."""


@history_cmd.command("import")
@click.argument("path", type=REPORT)
@click.argument("older", nargs=-1, required=True, type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print what was imported as JSON.")
def history_import_cmd(path: Path | str, older: tuple[Path | str, ...], as_json: bool) -> None:
    """Bring the earlier years of OLDER report files of the same company into PATH (indicators matched by id)."""
    from esgdesk.core.history import import_history
    from esgdesk.core.store import open_report

    with open_report(path) as rep:
        result = import_history(rep, list(older))
    if as_json:
        echo_json(
            {
                "files": result.files,
                "years": result.years,
                "values": result.values,
                "explanations": result.explanations,
                "kept": result.kept,
                "unknown_indicators": result.unknown_indicators,
            }
        )
        return
    years = ", ".join(map(str, result.years)) or "no new years"
    click.echo(
        f"imported {result.values} figures and {result.explanations} explanations ({years}) from "
        f"{len(result.files)} file(s); {result.kept} figures the report held were kept",
        err=True,
    )
    if result.unknown_indicators:
        click.echo(
            f"esgdesk: not in this report's catalogue, left out: {', '.join(result.unknown_indicators[:10])}"
            + (" …" if len(result.unknown_indicators) > 10 else ""),
            err=True,
        )


@history_cmd.command("list")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def history_list_cmd(path: Path | str, as_json: bool) -> None:
    """The years a report holds (figures per year, published or not) and the base years with the change."""
    from esgdesk.core.history import base_change, figure
    from esgdesk.core.store import open_report

    with open_report(path, readonly=True) as rep:
        counts: dict[int, int] = {}
        for _e, _i, year, _v in rep.values(entity=rep.entity):
            counts[year] = counts.get(year, 0) + 1
        years = [{"year": y, "figures": counts.get(y, 0), "published": rep.is_published(y)} for y in rep.years()]
        bases: list[dict[str, Any]] = []
        computed: dict[tuple[str, str, int], float] = {}
        if rep.base_years():
            from esgdesk.core.validation import Engine

            engine = Engine(rep)
            engine.run_all()
            computed = engine.computed_map()
        for ind, year in sorted(rep.base_years().items()):
            base, now = figure(rep, computed, ind, year), figure(rep, computed, ind, rep.year)
            bc = base_change(rep, ind, now, base_number=base) if base is not None else None
            bases.append(
                {
                    "indicator": ind,
                    "base_year": year,
                    "base": base,
                    "value": now,
                    "change": round(bc.change, 6) if bc and bc.change is not None else None,
                }
            )
    if as_json:
        echo_json({"years": years, "base_years": bases})
        return
    for y in years:
        click.echo(f"{y['year']}  {y['figures']:5} figures{'  published' if y['published'] else ''}")
    for b in bases:
        change = f"{b['change'] * 100:+.1f} %" if b["change"] is not None else "—"
        click.echo(f"base year {b['base_year']} of {b['indicator']}: {change} in {rep.year}")


@history_cmd.command("base-year")
@click.argument("path", type=REPORT)
@click.argument("indicator")
@click.argument("year", required=False, type=int)
@click.option("--clear", is_flag=True, help="Remove the indicator's base year.")
def history_base_year_cmd(path: Path | str, indicator: str, year: int | None, clear: bool) -> None:
    """Set the base year of INDICATOR (e.g. GHG emissions against a reduction target's base)."""
    from esgdesk.core.errors import UnusableInput
    from esgdesk.core.store import open_report

    if (year is None) != clear:
        raise UnusableInput("give a YEAR, or --clear")
    with open_report(path) as rep:
        rep.set_base_year(indicator, None if clear else year, source="cli")
    click.echo(f"{indicator}: base year {'cleared' if clear else year}", err=True)


COMMANDS = [restate_cmd, published_cmd, attach_cmd, evidence_cmd, evidence_pack_cmd, history_cmd]
