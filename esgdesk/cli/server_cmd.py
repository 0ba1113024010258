"""Commands for reports on a PostgreSQL server: preparing it, publishing a file, checking one out."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("server")
def server_group() -> None:
    """Prepare a PostgreSQL database for esgdesk reports, and say who may work on them."""


@server_group.command("init")
@click.argument("dsn")
def init_cmd(dsn: str) -> None:
    """Prepare the database at DSN (postgresql://…): schema, roles, policies. Safe to run again."""
    from esgdesk.core.store.server.transfer import init_server

    held = init_server(dsn)
    click.echo(f"the database is ready for esgdesk reports ({held} published on it)", err=True)


@server_group.command("member")
@click.argument("dsn")
@click.argument("role")
@click.option("--department", help="The department (catalogue id) whose figures ROLE enters.")
@click.option("--office", is_flag=True, help="ROLE works for the ESG office (every figure, review, merges).")
def member_cmd(dsn: str, role: str, department: str | None, office: bool) -> None:
    """Let the database role ROLE work on the server's reports, as a department or as the ESG office."""
    from esgdesk.core.errors import UnusableInput
    from esgdesk.core.store.server.transfer import add_member

    if office == (department is not None):
        raise UnusableInput("say either --department D or --office")
    add_member(dsn, role, None if office else department)
    click.echo(
        f"{role} works on this server's reports as " + ("the ESG office" if office else f"'{department}'"), err=True
    )


@click.command("publish")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("dsn")
def publish_cmd(file: Path, dsn: str) -> None:
    """Put the report FILE on the server at DSN; prints the report's URL alone on the last line."""
    from esgdesk.core.store.server.transfer import publish

    url = publish(file, dsn)
    click.echo(f"published {file}; open it with the URL below", err=True)
    click.echo(url)


@click.command("checkout")
@click.argument("url")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def checkout_cmd(url: str, file: Path, force: bool) -> None:
    """Write the server report URL into the report file FILE."""
    from esgdesk.core.store.server.transfer import checkout

    checkout(url, file, overwrite=force)
    click.echo(f"wrote {file}", err=True)


COMMANDS = [server_group, publish_cmd, checkout_cmd]
