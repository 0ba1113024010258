"""The `esgdesk` command line: a contract for scripts and administrators.

Exit codes: 0 done, 1 refused or error-level findings, 2 unusable input. Messages go to
stderr in plain words; a traceback is never shown (it goes to the log file instead).

Starting the app (`esgdesk`, `esgdesk open [--read-only] [FILE]`, `esgdesk FILE.esg`) does not
import click: people wait for that window, and click is a tenth of its start-up. Everything else,
`--help` included, goes through the click commands in `esgdesk.cli.commands`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from esgdesk.core.errors import EsgdeskError, ReportFileError, UnusableInput


def fail(message: str, code: int) -> None:
    import click

    click.echo(f"esgdesk: {message}", err=True)
    sys.exit(code)


def echo_json(data: Any) -> None:
    import click

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def start_app(file: Path | str | None, *, read_only: bool = False) -> int:
    """Run the app on FILE or a server report's URL (None: the last file, or the demo on first start)."""
    if isinstance(file, Path) and not file.exists():
        raise ReportFileError(
            "no such file (to start a new report: esgdesk new PATH --company NAME --year YYYY)", where=str(file)
        )
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        raise UnusableInput(
            "no display to show the window on (set DISPLAY, or QT_QPA_PLATFORM=offscreen for a headless run)"
        )
    # No cyclic garbage collection until the first paint: start-up allocates a great many objects that
    # live as long as the app, and each collection walks them all again (run_app turns it back on).
    import gc

    gc.disable()
    # The core first, Qt after: once PySide6 is loaded it reads the source of every module that imports
    # something (its feature switching), which the core's modules need not pay (about 7 ms of start-up).
    import esgdesk.core.store
    import esgdesk.core.validation  # noqa: F401
    from esgdesk.gui.app import run_app

    return run_app(file, read_only=read_only)


def app_arguments(args: list[str]) -> tuple[Path | str | None, bool] | None:
    """(FILE or URL, read-only) when `args` only start the app, else None (the command line decides).

    A lone word is a file only when it names one and looks like a path (commands never hold a dot or
    a slash), so that a mistyped command still gets click's usage message.
    """
    if not args:
        return None, False
    if args[0] != "open":
        word = args[0]
        if len(args) == 1 and word.startswith(("postgresql://", "postgres://")):  # a report on a server
            return word, False
        if len(args) == 1 and not word.startswith("-") and any(c in word for c in "./\\") and Path(word).is_file():
            return Path(word), False
        return None
    read_only = False
    file: Path | str | None = None
    for arg in args[1:]:
        if arg == "--read-only" and not read_only:
            read_only = True
        elif arg and not arg.startswith("-") and file is None:
            file = arg if arg.startswith(("postgresql://", "postgres://")) else Path(arg)
        else:  # --help, "--", a second file, an unknown option: click's messages and help
            return None
    return file, read_only


def _say(message: str) -> None:
    if sys.stderr is not None:  # a windowed program on Windows has no stderr at all
        print(f"esgdesk: {message}", file=sys.stderr)


def _open_app(file: Path | str | None, read_only: bool) -> None:
    """`esgdesk open` without click: the same messages and exit codes as the command's."""
    try:
        code = start_app(file, read_only=read_only)
    except EsgdeskError as exc:
        _say(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    except Exception as exc:  # an unexpected failure: logged in full, reported in one line
        from esgdesk.crashlog import log_exception

        where = log_exception(exc)
        _say(f"internal error: {exc.__class__.__name__}: {exc} (details in {where})")
        sys.exit(1)
    sys.exit(code)


COMMAND_MODULES = [
    "esgdesk.cli.exchange",  # export, import
    "esgdesk.cli.workflow",  # departments, issue, merge, review, consolidate
    "esgdesk.cli.admin",  # backups, restore, catalogue check
    "esgdesk.cli.catalogue_cmd",  # catalogue add/edit/retire/export/import, upgrade
    "esgdesk.cli.assurance",  # restate, published, attach, evidence, evidence-pack
    "esgdesk.cli.server_cmd",  # server init/member, publish, checkout
    "esgdesk.cli.index_cmd",  # index
    "esgdesk.cli.arelle_cmd",  # arelle-cmdline (hidden: Arelle inside the bundle)
]


def main(argv: list[str] | None = None) -> None:
    opening = app_arguments(sys.argv[1:] if argv is None else list(argv))
    if opening is not None:
        _open_app(*opening)
    import click

    from esgdesk.cli.commands import _load_plugins, cli

    _load_plugins()
    try:
        cli.main(args=argv, prog_name="esgdesk", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("esgdesk: cancelled", err=True)
        sys.exit(1)
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx else "esgdesk"
        fail(f"{exc.format_message()} (see '{cmd} --help')", 2)
    except click.ClickException as exc:
        fail(exc.format_message(), 2 if isinstance(exc, click.FileError) else exc.exit_code)
    except EsgdeskError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        click.echo("esgdesk: interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # an unexpected failure: logged in full, reported in one line
        from esgdesk.crashlog import log_exception

        where = log_exception(exc)
        fail(f"internal error: {exc.__class__.__name__}: {exc} (details in {where})", 1)
