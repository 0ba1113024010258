"""Runs a command under a bound on memory and time, the way a hostile file must be handled."""

from __future__ import annotations

import resource
import subprocess
import time
from dataclasses import dataclass

from tests.reliability.support import child_env

MEMORY_BYTES = 1536 * 2**20  # address space: Python with pydantic, openpyxl and lxml fits well within
SECONDS = 30.0


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def bounded(args: list[str], *, cwd: str | None = None) -> Outcome:
    started = time.monotonic()
    proc = subprocess.run(
        args, capture_output=True, text=True, env=child_env(), timeout=SECONDS, cwd=cwd, preexec_fn=_limit
    )
    return Outcome(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


def plain_refusal(out: Outcome) -> bool:
    """Refused with exit 2, in one or two plain lines, never a traceback or a crash."""
    lines = out.stderr.strip().splitlines()
    return (
        out.code == 2 and 1 <= len(lines) <= 2 and "Traceback" not in out.stderr and "internal error" not in out.stderr
    )
