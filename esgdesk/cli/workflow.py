"""Commands of the departments and the ESG office: assign, issue, merge, review, status, consolidate."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from esgdesk.cli.main import echo_json
from esgdesk.cli.targets import REPORT
from esgdesk.cli.wording import count

if TYPE_CHECKING:
    from esgdesk.core.store import Report

_PATH = click.Path(dir_okay=False, path_type=Path)


def _open(path: Path | str, *, readonly: bool = False) -> Report:
    from esgdesk.core.store import open_report

    return open_report(path, readonly=readonly)


@click.command("departments")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: [{department, indicators}].")
def departments_cmd(path: Path | str, as_json: bool) -> None:
    """List the departments and the indicators each owns."""
    from esgdesk.core.workflow.assignments import departments

    with _open(path, readonly=True) as rep:
        rows = departments(rep)
    if as_json:
        echo_json([{"department": a.department, "name": a.name, "indicators": a.indicators} for a in rows])
        return
    for a in rows:
        click.echo(f"{a.department:18} {count(len(a.indicators), 'indicator'):>15}  {', '.join(a.sections)}")


@click.command("assign")
@click.argument("path", type=REPORT)
@click.argument("target")
@click.argument("department")
def assign_cmd(path: Path | str, target: str, department: str) -> None:
    """Make DEPARTMENT the owner of TARGET (an indicator or a whole section)."""
    from esgdesk.core.workflow.assignments import assign

    with _open(path) as rep:
        moved = assign(rep, target, department)
    click.echo(f"{count(len(moved), 'indicator')} now owned by {department}", err=True)


@click.command("issue")
@click.argument("path", type=REPORT)
@click.option("--department", required=True, help="Department id (see `esgdesk departments`).")
@click.option("--out", "out", required=True, type=_PATH, help="Collection file to write.")
@click.option("--entity", help="Entity the figures are for (default: the reporting entity).")
@click.option("--deadline", help="Return date, YYYY-MM-DD.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def issue_cmd(
    path: Path | str, department: str, out: Path, entity: str | None, deadline: str | None, force: bool
) -> None:
    """Write a collection file holding one department's figures."""
    from esgdesk.core.workflow.collection import issue

    with _open(path) as rep:
        done = issue(rep, department, out, entity=entity, deadline=deadline, overwrite=force)
    click.echo(
        f"issued {out} to {department} for {done.claims.entity}: {count(len(done.claims.indicators), 'indicator')}"
        f"{', due ' + done.claims.deadline if done.claims.deadline else ''}",
        err=True,
    )


@click.command("merge")
@click.argument("path", type=REPORT)
@click.argument("files", nargs=-1, required=True, type=_PATH)
@click.option("--yes", is_flag=True, help="Write the changes (without it, only the preview is shown).")
@click.option(
    "--resolve",
    type=click.Choice(["master", "file"]),
    help="Settle every conflict: keep the master's figure or take the file's.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON.")
def merge_cmd(path: Path | str, files: tuple[Path, ...], yes: bool, resolve: str | None, as_json: bool) -> None:
    """Merge returned collection files into the master: a preview first, nothing written without --yes."""
    from esgdesk.core.display import display
    from esgdesk.core.workflow.merge import apply_merge, preview_merge

    with _open(path, readonly=not yes) as rep:
        preview = preview_merge(rep, files)

        def show(v: object, ind: str) -> str:
            from esgdesk.core.values import Value

            if isinstance(v, Value):
                return display(v, rep.catalogue.indicators[ind])
            return "(none)" if v is None else str(v)

        if as_json:
            echo_json(
                {
                    "files": [f.path.name for f in preview.files],
                    "changes": [
                        {
                            "kind": i.kind,
                            "entity": i.key[0],
                            "indicator": i.key[1],
                            "year": i.key[2],
                            "old": show(i.master, i.key[1]),
                            "new": show(i.new, i.key[1]),
                            "file": i.file.path.name,
                        }
                        for i in preview.changes
                    ],
                    "conflicts": [
                        {
                            "kind": i.kind,
                            "entity": i.key[0],
                            "indicator": i.key[1],
                            "year": i.key[2],
                            "issued": show(i.base, i.key[1]),
                            "master": show(i.master, i.key[1]),
                            "file": show(i.new, i.key[1]),
                            "from": i.file.path.name,
                        }
                        for i in preview.conflicts
                    ],
                    "submissions": [
                        {"section": s.section, "department": s.department, "by": s.by, "at": s.at}
                        for s in preview.submissions
                    ],
                    "attachments": [{**i.attachment.to_json(), "file": i.file.path.name} for i in preview.attachments],
                    "refused_files": [{"file": r.file, "reason": r.reason} for r in preview.refused_files],
                    "refused": [
                        {"file": r.file, "indicator": r.indicator, "year": r.year, "reason": r.reason}
                        for r in preview.refusals
                    ],
                }
            )
        else:
            for i in preview.changes:
                click.echo(
                    f"change    {i.key[1]:40} {i.key[2]} {show(i.master, i.key[1])!s:>18} -> "
                    f"{show(i.new, i.key[1])}  [{i.kind}, {i.file.path.name}]"
                )
            for i in preview.conflicts:
                click.echo(
                    f"conflict  {i.key[1]:40} {i.key[2]} issued {show(i.base, i.key[1])}, master now "
                    f"{show(i.master, i.key[1])}, file {show(i.new, i.key[1])}  [{i.file.path.name}]"
                )
            for a in preview.attachments:
                click.echo(
                    f"attach    {a.attachment.target:40} {a.attachment.year} {a.attachment.name}  [{a.file.path.name}]"
                )
            for s in preview.submissions:
                click.echo(f"submitted {s.section} by {s.by or s.department} at {s.at}  [{s.file.path.name}]")
            for r in preview.refusals:
                click.echo(f"refused   {r.text()}")
        for r in preview.refused_files:
            click.echo(f"esgdesk: {r.file}: {r.reason}", err=True)
        click.echo(
            f"{count(len(preview.changes), 'change')}, {count(len(preview.conflicts), 'conflict')}, "
            f"{count(len(preview.submissions), 'submission')}, "
            f"{count(len(preview.refusals), 'refused figure')} from {count(len(preview.files), 'file')}",
            err=True,
        )
        if preview.refused_files:
            # A refused file is an attempt the ESG office must be able to trace later.
            rep.log(
                "merge_refused",
                new={"refused_files": [r.text() for r in preview.refused_files]},
                why="returned files refused",
                source="merge",
            )
            click.echo("esgdesk: nothing was merged: take the refused files out of the command", err=True)
            sys.exit(2 if any(r.unusable for r in preview.refused_files) else 1)
        if not yes:
            click.echo("preview only: run again with --yes to merge", err=True)
            return
        resolutions = {c.id: resolve for c in preview.conflicts} if resolve else {}
        result = apply_merge(rep, preview, resolutions)  # type: ignore[arg-type]
    click.echo(
        f"merged {count(result.values, 'value')}, {count(result.explanations, 'explanation')}, "
        f"{count(result.submissions, 'submission')}, {count(result.attachments, 'attachment')}; "
        f"backup at {result.backup}",
        err=True,
    )


@click.command("submit")
@click.argument("file", type=_PATH)
@click.option("--section", "sections", multiple=True, help="Section id (repeat; default: every issued section).")
def submit_cmd(file: Path, sections: tuple[str, ...]) -> None:
    """Hand in sections of a department's collection file (they become read-only)."""
    from esgdesk.core.workflow.collection import claims_of, open_collection
    from esgdesk.core.workflow.review import submit

    with open_collection(file) as rep:
        todo = list(sections) or [s for s in claims_of(rep).sections if rep.section_state(s).state == "draft"]
        for s in todo:
            submit(rep, s)
            click.echo(f"submitted {s}", err=True)


def _review(name: str, help_text: str, *, needs: str | None = None) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("path", type=REPORT)
    @click.option("--section", required=True, help="Section id.")
    @click.option("--entity", help="Entity (default: the reporting entity).")
    def cmd(path: Path | str, section: str, entity: str | None, **kw: str) -> None:
        from esgdesk.core.workflow import review

        with _open(path) as rep:
            if name == "approve":
                review.approve(rep, section, entity=entity)
            elif name == "send-back":
                review.send_back(rep, section, kw["comment"], entity=entity)
            else:
                review.unlock(rep, section, kw["reason"], entity=entity)
        click.echo(f"{section}: {name} done", err=True)

    if needs:
        cmd = click.option(f"--{needs}", required=True, help=f"The {needs}: goes to the audit log.")(cmd)
    return cmd


approve_cmd = _review("approve", "Approve a submitted section; it is locked.")
send_back_cmd = _review(
    "send-back", "Send a submitted section back with a comment for the department.", needs="comment"
)
unlock_cmd = _review("unlock", "Unlock an approved section; the reason goes to the audit log.", needs="reason")


@click.command("status")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status_cmd(path: Path | str, as_json: bool) -> None:
    """Where each department stands: issued, returned, submitted, approved, completion, findings, overdue."""
    from esgdesk.core.workflow.status import department_status

    with _open(path, readonly=True) as rep:
        rows = department_status(rep)
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    for r in rows:
        late = "  OVERDUE" if r.overdue else ""
        click.echo(
            f"{r.department:18} {r.entity:10} {r.stage:10} {r.completion:6.0%}  "
            f"{r.submitted}/{r.sections} submitted  {r.approved}/{r.sections} approved  "
            f"{count(r.errors, 'error')}  {count(r.open_warnings, 'open warning')}{late}"
        )


@click.command("consolidate")
@click.argument("path", type=REPORT)
@click.option(
    "--approach",
    type=click.Choice(["operational_control", "financial_control", "equity_share"]),
    help="Set the consolidation approach first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the group figures as JSON.")
def consolidate_cmd(path: Path | str, approach: str | None, as_json: bool) -> None:
    """Compute the group's figures from the entities in scope."""
    from esgdesk.core.workflow.consolidation import consolidate, set_approach

    with _open(path) as rep:
        if approach:
            set_approach(rep, approach)
        result = consolidate(rep)
    if as_json:
        echo_json(
            {
                "approach": result.approach,
                "entities": result.entities,
                "written": result.written,
                "totals": [{"indicator": k[0], "year": k[1], "value": v} for k, v in result.totals.items()],
                "not_consolidable": result.not_consolidable,
                "incomplete": [{"indicator": k[0], "year": k[1], "missing": v} for k, v in result.incomplete.items()],
                "replaced_typed": [list(k) for k in result.replaced_typed],
                "published_kept": [list(k) for k in result.published_kept],
            }
        )
        return
    click.echo(
        f"consolidated {count(len(result.entities), 'entity', 'entities')} ({result.approach}): "
        f"{count(result.written, 'group figure')} written; "
        f"{count(len(result.not_consolidable), 'indicator')} cannot be consolidated "
        "and keep the group's own figure",
        err=True,
    )
    for (ind, year), missing in sorted(result.incomplete.items()):
        click.echo(f"incomplete {ind} {year}: no figure from {', '.join(missing)}", err=True)
    for ind, year in result.published_kept:
        click.echo(
            f"published  {ind} {year}: the group figure would differ; kept as published (esgdesk restate changes it)",
            err=True,
        )


@click.group("entities")
def entities_grp() -> None:
    """The group's entities and the consolidation scope."""


@entities_grp.command("list")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True)
def entities_list(path: Path | str, as_json: bool) -> None:
    """List the entities with scope and ownership."""
    from esgdesk.core.workflow.consolidation import approach

    with _open(path, readonly=True) as rep:
        rows = [
            {
                "id": e.id,
                "name": e.name,
                "parent": e.parent,
                "in_scope": e.in_scope,
                "ownership": e.ownership,
                "reporting": e.id == rep.entity,
            }
            for e in rep.entities.values()
        ]
        how = approach(rep)
    if as_json:
        echo_json({"approach": how, "entities": rows})
        return
    click.echo(f"approach: {how or 'not stated'}", err=True)
    for r in rows:
        scope = "group" if r["reporting"] else ("in scope" if r["in_scope"] else "out of scope")
        click.echo(f"{r['id']:16} {r['name']:32} {scope:12} {float(str(r['ownership'])):.0%}")


@entities_grp.command("add")
@click.argument("path", type=REPORT)
@click.argument("entity_id")
@click.argument("name")
@click.option("--parent", help="Parent entity (default: the group).")
@click.option("--ownership", type=click.FloatRange(0, 1), default=1.0, show_default=True)
@click.option("--identifier", default="")
@click.option("--out-of-scope", is_flag=True, help="Add it outside the consolidation scope.")
def entities_add(
    path: Path | str,
    entity_id: str,
    name: str,
    parent: str | None,
    ownership: float,
    identifier: str,
    out_of_scope: bool,
) -> None:
    """Add a subsidiary ENTITY_ID called NAME."""
    with _open(path) as rep:
        rep.add_entity(
            entity_id,
            name,
            identifier=identifier,
            parent=parent or rep.entity,
            in_scope=not out_of_scope,
            ownership=ownership,
        )
    click.echo(f"added {entity_id}", err=True)


@entities_grp.command("scope")
@click.argument("path", type=REPORT)
@click.argument("entity_id")
@click.option("--in/--out", "in_scope", default=None, help="Bring into or take out of the scope.")
@click.option("--ownership", type=click.FloatRange(0, 1))
def entities_scope(path: Path | str, entity_id: str, in_scope: bool | None, ownership: float | None) -> None:
    """Change an entity's scope or the group's ownership of it."""
    from esgdesk.core.errors import Refused

    with _open(path) as rep:
        if entity_id == rep.entity:
            raise Refused("the reporting entity is the group itself; its scope cannot change")
        e = rep.update_entity(entity_id, in_scope=in_scope, ownership=ownership)
    click.echo(f"{entity_id}: {'in' if e.in_scope else 'out of'} scope, ownership {e.ownership:.0%}", err=True)


COMMANDS = [
    departments_cmd,
    assign_cmd,
    issue_cmd,
    merge_cmd,
    submit_cmd,
    approve_cmd,
    send_back_cmd,
    unlock_cmd,
    status_cmd,
    consolidate_cmd,
    entities_grp,
]
