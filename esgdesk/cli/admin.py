"""Commands for keeping report files safe: backups, restore, integrity and catalogue checks."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from esgdesk.cli.main import echo_json
from esgdesk.cli.targets import REPORT
from esgdesk.cli.wording import count


@click.command("backups")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def backups_cmd(path: Path | str, as_json: bool) -> None:
    """List the rolling backups of the report PATH, newest first."""
    from esgdesk.core.backups import backup_dir, list_backups

    rows = []
    for b in list_backups(path):
        stat = b.stat()
        # File names are "<stamp>-<reason>.esg", the stamp itself holding three dashes.
        parts = b.stem.split("-", 3)
        rows.append(
            {
                "path": str(b),
                "reason": parts[3] if len(parts) == 4 else "",
                "saved": datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds"),
                "bytes": stat.st_size,
            }
        )
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"no backups of {path} (they would be in {backup_dir(path)})", err=True)
        return
    for r in rows:
        click.echo(f"{r['saved']}  {r['reason']:24} {r['path']}")


@click.command("restore")
@click.argument("path", type=REPORT)
@click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the restored report (a new file; the report itself is left as it is).",
)
def restore_cmd(path: Path | str, backup: Path, out: Path) -> None:
    """Restore BACKUP of the report PATH into a new file (see `esgdesk backups PATH`)."""
    from esgdesk.core.backups import list_backups, restore_backup
    from esgdesk.core.errors import Refused

    if not backup.exists():
        # A bare name or a number as listed by `esgdesk backups` is found among PATH's backups.
        known = list_backups(path)
        match = [b for b in known if b.name == backup.name or b.stem == backup.name]
        if backup.name.isdigit() and 1 <= int(backup.name) <= len(known):
            match = [known[int(backup.name) - 1]]
        if len(match) != 1:
            raise Refused(f"no backup '{backup}' of {path}; `esgdesk backups {path}` lists them")
        backup = match[0]
    if out.exists():
        raise Refused("a file of that name exists already; choose another name", where=str(out))
    restore_backup(backup, out)
    click.echo(f"restored {backup.name} to {out}", err=True)


@click.command("check")
@click.argument("path", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check_cmd(path: Path | str, as_json: bool) -> None:
    """Check the report PATH: schema, database integrity, audit chain, figures changed outside esgdesk.

    Exit 0 when all is well, 1 when a problem was found, 2 when PATH is not a readable report.
    """
    from esgdesk.core.server_url import is_url
    from esgdesk.core.store.integrity import check_report

    if is_url(path):
        from esgdesk.core.store.server.transfer import check

        result = check(str(path))
    else:
        result = check_report(path)
    if as_json:
        echo_json(result.to_json())
    else:
        for p in result.problems:
            click.echo(f"esgdesk: {path}: {p}", err=True)
        verdict = "ok" if result.ok else count(len(result.problems), "problem")
        if not result.contents_checked:
            click.echo(
                f"{path}: {verdict}; database {result.database}; its schema is not the one esgdesk writes, "
                "so its contents were not checked",
                err=True,
            )
        else:
            missing = f", {result.values_missing} deleted outside esgdesk" if result.values_missing else ""
            click.echo(
                f"{path}: {verdict}; database {result.database}, "
                f"{count(result.audit_entries, 'audit entry', 'audit entries')}, "
                f"{count(result.values, 'figure')}: {result.values_matched} of the {result.values_checked} "
                f"with an audit entry match it{missing}",
                err=True,
            )
    if not result.ok:
        sys.exit(1)


@click.command("catalogue-check")
@click.argument("forms_dir", type=click.Path(file_okay=False, path_type=Path))
def catalogue_check_cmd(forms_dir: Path) -> None:
    """Load and cross-check the catalogue in FORMS_DIR, and the export profiles against it; name the file, the
    indicator or key, and the problem if broken."""
    from esgdesk.core.catalogue import load_catalogue
    from esgdesk.core.errors import CatalogueError

    if not forms_dir.is_dir():
        raise CatalogueError("no such folder", file=str(forms_dir))
    cat = load_catalogue(forms_dir)
    # The export profile beside forms/ (as the data folders ship) names indicators and units of this
    # catalogue: it is held to it as strictly as forms/ itself.
    from esgdesk.exports.xbrl.profile import PROFILE_FILE, check_against

    profile = forms_dir.parent / "exporters" / PROFILE_FILE
    if profile.is_file():
        from esgdesk.core.templates import template_indicators

        # the profile also serves the templates beside forms/, whose own rows it may name
        check_against(cat, profile, template_indicators(forms_dir.parent / "templates", library=forms_dir))
    click.echo(
        f"{forms_dir}: catalogue '{cat.id}' version {cat.version}: {count(len(cat.indicators), 'indicator')} in "
        f"{count(len(cat.sections), 'section')}, {count(len(cat.units), 'unit')}: ok",
        err=True,
    )


COMMANDS = [backups_cmd, restore_cmd, check_cmd, catalogue_check_cmd]
