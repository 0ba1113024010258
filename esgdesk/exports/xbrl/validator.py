"""Validation by Arelle, the reference XBRL processor, in a separate process and offline.

An Arelle session is single-threaded and one per process, and its exit code is 0 even for an
invalid report, so the runner starts a fresh process, makes it write a JSON log, and decides
from the log's levels (`error`, `warning`, `inconsistency`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esgdesk.core.catalogue import Severity
from esgdesk.core.errors import EsgdeskError, UnusableInput
from esgdesk.core.findings import Finding
from esgdesk.core.jobs import Cancelled, CancelToken

DEFAULT_TIMEOUT = 300.0
CALC_MODE = "c11r"  # Calculations 1.1, round-to-nearest: rounding alone never makes a total inconsistent


class ArelleFailed(EsgdeskError):
    """Arelle could not be run or did not finish."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class ArelleMessage:
    level: str
    code: str
    text: str
    args: dict[str, Any] = field(default_factory=dict)
    refs: tuple[str, ...] = ()


@dataclass
class ArelleResult:
    path: Path
    messages: list[ArelleMessage]
    returncode: int
    seconds: float = 0.0

    def at(self, level: str) -> list[ArelleMessage]:
        return [m for m in self.messages if m.level == level]

    @property
    def errors(self) -> list[ArelleMessage]:
        return self.at("error")

    @property
    def warnings(self) -> list[ArelleMessage]:
        return self.at("warning")

    @property
    def inconsistencies(self) -> list[ArelleMessage]:
        return self.at("inconsistency")

    @property
    def valid(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{len(self.errors)} errors, {len(self.inconsistencies)} calculation inconsistencies, "
            f"{len(self.warnings)} warnings"
        )

    def to_findings(
        self, *, concepts: dict[str, str] | None = None, contexts: dict[str, tuple[str, int]] | None = None
    ) -> list[Finding]:
        """Arelle's complaints as findings. `concepts` maps a concept QName to its indicator and
        `contexts` a context id to (entity, year), as `XbrlExport` records them."""
        concepts = concepts or {}
        contexts = contexts or {}
        out: list[Finding] = []
        for m in self.messages:
            severity = {"error": Severity.ERROR, "warning": Severity.WARNING, "inconsistency": Severity.WARNING}.get(
                m.level
            )
            if severity is None:
                continue
            indicator = concepts.get(str(m.args.get("concept", "")), "")
            entity, year = contexts.get(str(m.args.get("contextID", "")), ("", 0))
            if m.level == "inconsistency" and "reportedSum" in m.args:
                en = (
                    f"XBRL calculation: the total is {m.args['reportedSum']} but its parts add up to "
                    f"{m.args['computedSum']} ({m.args.get('linkroleDefinition', m.args.get('linkrole', ''))})."
                )
                zh = f"XBRL 计算关系：合计为 {m.args['reportedSum']}，而各分项之和为 {m.args['computedSum']}。"
            else:
                en = f"Arelle {m.level} {m.code}: {m.text}"
                zh = f"Arelle {m.level} {m.code}：{m.text}"
            out.append(
                Finding(
                    indicator, entity, year, severity, f"xbrl.{m.code}", en, zh, {"code": m.code, "refs": list(m.refs)}
                )
            )
        return out


def arelle_command() -> list[str]:
    """How to start Arelle: the module from this interpreter, or the bundle's hidden command."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "arelle-cmdline"]
    return [sys.executable, "-m", "arelle.CntlrCmdLine"]


def parse_log(data: Any) -> list[ArelleMessage]:
    entries = data.get("log", []) if isinstance(data, dict) else data
    out: list[ArelleMessage] = []
    for e in entries or []:
        if not isinstance(e, dict):
            continue
        msg = e.get("message") or {}
        text = msg.get("text", "") if isinstance(msg, dict) else str(msg)
        args = msg.get("args", {}) if isinstance(msg, dict) else {}
        refs = tuple(str(r.get("href", "")) for r in e.get("refs", []) if isinstance(r, dict))
        out.append(
            ArelleMessage(
                str(e.get("level", "")), str(e.get("code", "")), text, args if isinstance(args, dict) else {}, refs
            )
        )
    return out


def validate_with_arelle(
    path: Path | str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    packages: Sequence[Path | str] = (),
    plugins: Sequence[str] = (),
    calculations: bool = True,
    extra_args: Sequence[str] = (),
    cancel: CancelToken | None = None,
) -> ArelleResult:
    """Validate an instance, an Inline XBRL page, an xBRL-JSON file or a taxonomy with Arelle,
    offline, with the Units Registry and (by default) Calculations 1.1 checks."""
    import time

    path = Path(path)
    if not path.exists():
        raise UnusableInput("no such file", where=str(path))
    with tempfile.TemporaryDirectory(prefix="esgdesk-arelle-") as tmp:
        log = Path(tmp) / "log.json"
        cmd = [
            *arelle_command(),
            "--file",
            str(path),
            "--validate",
            "--internetConnectivity",
            "offline",
            "--disablePersistentConfig",
            "--utr",
            "--logFile",
            str(log),
            "--logFileMode",
            "w",
        ]
        if calculations:
            cmd += ["--calc", CALC_MODE]
        if packages:
            cmd += ["--packages", "|".join(str(p) for p in packages)]
        if plugins:
            cmd += ["--plugins", "|".join(plugins)]
        cmd += list(extra_args)
        env = dict(os.environ)
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")  # Arelle writes its settings on every run
        env["ARELLE_WORK_OFFLINE"] = "1"
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            raise ArelleFailed(f"Arelle could not be started: {exc.strerror or exc}", where=str(path)) from None
        # Polled rather than waited for, so that a cancelled check stops Arelle instead of leaving it running.
        stderr = b""
        try:
            while True:
                try:
                    _, stderr = proc.communicate(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    if cancel is not None and cancel.cancelled:
                        raise Cancelled() from None
                    if time.perf_counter() - t0 > timeout:
                        raise ArelleFailed(f"Arelle did not finish within {timeout:.0f} s", where=str(path)) from None
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        seconds = time.perf_counter() - t0
        if not log.exists():
            tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ArelleFailed(f"Arelle wrote no log (exit code {proc.returncode}): {tail[0]}", where=str(path))
        try:
            data = json.loads(log.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ArelleFailed(f"Arelle's log cannot be read: {exc}", where=str(path)) from None
    return ArelleResult(path, parse_log(data), proc.returncode, seconds)
