"""`esgdesk index`: a framework's index of the report (the guideline's topic index, GRI's content index)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from esgdesk.cli.main import echo_json
from esgdesk.cli.targets import REPORT

if TYPE_CHECKING:
    from esgdesk.core.indexes import FrameworkIndex


@click.command("index")
@click.argument("path", type=REPORT)
@click.option(
    "--framework",
    default=None,
    metavar="NAME",
    help="sse14 (the exchanges' 2024 guideline) or gri; default: the first index the report's template prints.",
)
@click.option("--entity", "entities", multiple=True, help="Only this entity (repeat; default: the reporting entity).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 when a topic the framework requires is not disclosed.")
def index_cmd(
    path: Path | str, framework: str | None, entities: tuple[str, ...], lang: str, as_json: bool, strict: bool
) -> None:
    """Print a framework's index of the report: each topic or disclosure, where the report discloses it and
    its status (disclosed / not applicable, with the reason / not disclosed), read from the figures."""
    from esgdesk.core.errors import UnusableInput
    from esgdesk.core.indexes import IndexStatus, build_index
    from esgdesk.core.store import open_report

    with open_report(path, readonly=True) as rep:
        name = framework or rep.catalogue.index_names[0]
        for e in entities:
            if e not in rep.entities:
                raise UnusableInput(f"unknown entity '{e}' (entities: {', '.join(rep.entities)})")
        index = build_index(rep, name, entities=list(entities) or None)
        labels = {i: rep.catalogue.indicators[i].label.get(lang) for r in index.rows for i in r.indicators}
    missing = [r for r in index.rows if r.required and r.status == IndexStatus.NOT_DISCLOSED]
    if as_json:
        echo_json(_json(index, labels))
    else:
        _print(index, labels, lang)
    if strict and missing:
        sys.exit(1)


def _json(index: FrameworkIndex, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "framework": index.framework,
        "title": index.title.en,
        "title_zh": index.title.zh,
        "year": index.year,
        "counts": {s.value: n for s, n in index.counts().items()},
        "rows": [
            {
                "code": r.code,
                "reference": r.reference.en,
                "topic": r.topic,
                "title": r.title.en,
                "title_zh": r.title.zh,
                "pillar": r.pillar.en if r.pillar else None,
                "required": r.required,
                "status": r.status.value,
                "where": [w.en for w in r.where],
                "indicators": [{"id": i, "label": labels[i]} for i in r.indicators],
                "reasons": list(r.reasons),
                "confirmed": r.confirmed,
            }
            for r in index.rows
        ],
    }


def _print(index: FrameworkIndex, labels: dict[str, str], lang: str) -> None:
    from esgdesk.cli.wording import count
    from esgdesk.core.indexes import IndexStatus

    click.echo(f"{index.title.get(lang)} — {index.year}")
    width = max((len(r.reference.get(lang)) for r in index.rows), default=8) + 2
    for r in index.rows:
        ref = r.reference.get(lang) + ("" if r.confirmed else "*")
        need = "" if index.framework == "gri" else (" (required)" if r.required else " (encouraged)")
        click.echo(f"{ref:<{width}} {r.title.get(lang)}{need}: {r.status_text(lang)}")
        if r.status == IndexStatus.DISCLOSED:
            where = "; ".join(w.get(lang) for w in r.where)
            shown = "; ".join(labels[i] for i in r.indicators)
            detail = " — ".join(p for p in (where, shown) if p)
            if detail:
                click.echo(f"{'':<{width}}   {detail}")
        elif r.reasons:
            click.echo(f"{'':<{width}}   {'; '.join(r.reasons)}")
    counts = index.counts()
    click.echo(
        f"{count(counts[IndexStatus.DISCLOSED], 'row')} disclosed, {counts[IndexStatus.NOT_APPLICABLE]} not applicable, "
        f"{counts[IndexStatus.NOT_DISCLOSED]} not disclosed",
        err=True,
    )
    if any(not r.confirmed for r in index.rows):
        click.echo("* article number not yet checked against the official text", err=True)


COMMANDS = [index_cmd]
