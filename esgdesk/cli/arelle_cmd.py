"""`esgdesk arelle-cmdline ...`: Arelle's own command line, hidden.

In a bundled app `sys.executable` is esgdesk itself, so the XBRL validator starts Arelle in a
separate process through this command instead of `python -m arelle.CntlrCmdLine`.
"""

from __future__ import annotations

import sys

import click


@click.command(
    "arelle-cmdline",
    hidden=True,
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def arelle_cmdline(args: tuple[str, ...]) -> None:
    """Run Arelle's command line with ARGS."""
    from arelle import CntlrCmdLine

    sys.argv = ["arelle", *args]
    CntlrCmdLine.main()


COMMANDS = [arelle_cmdline]
