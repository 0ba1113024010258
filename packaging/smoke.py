"""Smoke test of the Linux artefacts in dist/: install them into scratch folders and use the bundled binary
the way a department would, with no network and no Python of ours on the PATH.

Run through packaging/smoke.sh, which cuts the network first (`unshare -n`). Needs only the standard
library. Exit 0 when every step passed; each failure is one line on stderr. With --measure it also
prints the bundle's size and start-up times next to the app run from source, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
SMOKE_DATA = Path(__file__).resolve().parent / "smoke-data"
WINDOW_TIMEOUT = 90.0
# With ESGDESK_SMOKE_EXIT=1 the window closes itself right after its first paint.
SMOKE_EXIT_HOOK = "ESGDESK_SMOKE_EXIT"
# Qt's offscreen platform says this for every window with a minimum size; a real display does not.
OFFSCREEN_NOISE = [r"This plugin does not support propagateSizeHints\(\)"]


def source_version() -> str:
    text = (ROOT / "esgdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not found:
        raise SystemExit("smoke: no __version__ in esgdesk/__init__.py")
    return found.group(1)


def source_mentions(folder: str, needle: str) -> bool:
    return any(needle in p.read_text(encoding="utf-8") for p in (ROOT / folder).rglob("*.py"))


@dataclass
class Smoke:
    scratch: Path
    failures: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        if ok:
            self.passed.append(what)
        else:
            self.failures.append(f"{what}: {detail}" if detail else what)
        return ok

    def env(self, **extra: str) -> dict[str, str]:
        home = self.scratch / "home"
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_RUNTIME_DIR": str(self.scratch / "run"),
            "ESGDESK_LOG_DIR": str(self.scratch / "logs"),
            "QT_QPA_PLATFORM": "offscreen",
        }
        env.update(extra)
        for key in ("HOME", "XDG_RUNTIME_DIR"):
            Path(env[key]).mkdir(parents=True, exist_ok=True, mode=0o700)
        return env

    def run(
        self,
        exe: Path,
        args: Sequence[str],
        what: str,
        *,
        codes: Sequence[int] = (0,),
        stderr_ok: Sequence[str] = (),
        timeout: float = 300,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str] | None:
        """Runs exe with args; the exit code must be in codes and every stderr line must match stderr_ok."""
        try:
            proc = subprocess.run(
                [str(exe), *args],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env or self.env(),
                cwd=self.scratch,
            )
        except subprocess.TimeoutExpired:
            self.check(False, what, f"no answer within {timeout:.0f} s")
            return None
        unexpected = [
            line
            for line in proc.stderr.splitlines()
            if line.strip() and not any(re.fullmatch(p, line) for p in stderr_ok)
        ]
        self.check(proc.returncode in codes, what, f"exit {proc.returncode}; stderr: {proc.stderr.strip()[:600]}")
        self.check(not unexpected, f"{what}: stderr", "unexpected: " + " | ".join(unexpected)[:600])
        return proc


def network_is_cut() -> bool:
    """Only the loopback interface in this namespace, and no way out."""
    if [name for _, name in socket.if_nameindex()] != ["lo"]:
        return False
    try:
        socket.create_connection(("1.1.1.1", 443), timeout=2).close()
    except OSError:
        return True
    return False


def install_tarball(s: Smoke, tarball: Path) -> Path:
    target = s.scratch / "tar"
    target.mkdir()
    subprocess.run(["tar", "-xzf", str(tarball), "-C", str(target)], check=True)
    exe = target / "esgdesk" / "esgdesk"
    s.check(os.access(exe, os.X_OK), "tarball holds esgdesk/esgdesk")
    return exe


def install_deb(s: Smoke, deb: Path, version: str) -> Path:
    """dpkg-deb -x into a scratch root, then check what the package puts where."""
    root = s.scratch / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    fields = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    control = dict(re.findall(r"^([\w-]+): (.*)$", fields, flags=re.M))
    s.check(control.get("Version") == version, ".deb version", f"{control.get('Version')} != {version}")
    s.check("libc6 (>=" in control.get("Depends", ""), ".deb depends on the C library it was built for")
    link = root / "usr/bin/esgdesk"
    s.check(link.is_symlink() and os.readlink(link) == "/opt/esgdesk/esgdesk", "/usr/bin/esgdesk -> /opt/esgdesk")
    desktop = root / "usr/share/applications/esgdesk.desktop"
    entry = desktop.read_text(encoding="utf-8") if desktop.exists() else ""
    s.check(
        "Exec=esgdesk open %f" in entry
        and "MimeType=application/x-esgdesk-report;" in entry
        and "Icon=esgdesk" in entry,
        "desktop entry opens report files",
    )
    validator = shutil.which("desktop-file-validate")
    if validator and desktop.exists():
        out = subprocess.run([validator, str(desktop)], capture_output=True, text=True)
        s.check(out.returncode == 0 and not out.stdout.strip(), "desktop-file-validate", out.stdout.strip())
    mime = root / "usr/share/mime/packages/esgdesk.xml"
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    try:
        tree = ElementTree.parse(mime)
        types = {t.get("type"): [g.get("pattern") for g in t.iter(f"{ns}glob")] for t in tree.iter(f"{ns}mime-type")}
        s.check(types.get("application/x-esgdesk-report") == ["*.esg"], "MIME type for *.esg", repr(types))
    except (OSError, ElementTree.ParseError) as exc:
        s.check(False, "MIME type for *.esg", str(exc))
    for icon in ("scalable/apps/esgdesk.svg", "48x48/apps/esgdesk.png", "256x256/apps/esgdesk.png"):
        s.check((root / "usr/share/icons/hicolor" / icon).is_file(), f"icon {icon}")
    exe = root / "opt/esgdesk/esgdesk"
    s.check(os.access(exe, os.X_OK), "/opt/esgdesk/esgdesk is executable")
    return exe


def commands_of(help_text: str) -> set[str]:
    block = help_text.split("Commands:", 1)[-1]
    return {m.group(1) for m in re.finditer(r"^  ([a-z][\w-]*)\s", block, flags=re.M)}


def arelle_errors(log: Path) -> list[str]:
    data = json.loads(log.read_text(encoding="utf-8"))
    return [
        f"{e.get('code')}: {(e.get('message') or {}).get('text', '')}"[:300]
        for e in data.get("log", [])
        if e.get("level") in ("error", "fatal")
    ]


def arelle(s: Smoke, exe: Path, target: Path, what: str, *, packages: Sequence[Path] = ()) -> list[str] | None:
    """Validates target with the bundle's Arelle, offline; returns the error-level messages."""
    log = s.scratch / f"arelle-{len(s.passed) + len(s.failures)}.json"
    args = [
        "arelle-cmdline",
        "--file",
        str(target),
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
    for pkg in packages:
        args += ["--packages", str(pkg)]
    proc = s.run(exe, args, what)
    if proc is None or not s.check(log.exists(), f"{what}: log written"):
        return None
    return arelle_errors(log)


# what `export` says the report leaves open, after what it wrote
OPEN_FINDINGS = r"\d+ errors? and \d+ warnings? open in the report.*"


def full_run(s: Smoke, exe: Path, version: str) -> None:
    """Everything a department does with the app, by the bundled binary."""
    proc = s.run(exe, ["--version"], "--version")
    if proc:
        s.check(proc.stdout.strip() == f"esgdesk {version}", "--version prints the package version", proc.stdout)
    proc = s.run(exe, ["--help"], "--help")
    commands = commands_of(proc.stdout) if proc else set()

    report = s.scratch / "luster-2023.esg"
    s.run(exe, ["demo", str(report)], "demo", stderr_ok=[r"wrote the demo report to .*"])
    s.check(report.is_file(), "demo report written")

    proc = s.run(exe, ["show", str(report), "--json"], "show --json")
    if proc:
        shown = json.loads(proc.stdout or "{}")
        s.check(
            len(shown.get("values", [])) > 100 and shown.get("report", {}).get("year") == 2023,
            "show lists the demo's 2023 figures",
            f"{len(shown.get('values', []))} values",
        )

    # Exit 1 is the documented answer when the figures hold an error-level finding: the demo is a real,
    # imperfect report. The code must agree with the findings.
    proc = s.run(exe, ["validate", str(report), "--json"], "validate --json", codes=(0, 1))
    if proc:
        findings = json.loads(proc.stdout or "[]")
        errors = [f for f in findings if f.get("severity") == "error" and not f.get("explained")]
        s.check(
            proc.returncode == (1 if errors else 0),
            "validate's exit code matches its findings",
            f"exit {proc.returncode} with {len(errors)} open errors",
        )
    s.run(
        exe, ["validate", str(report)], "validate", codes=(0, 1), stderr_ok=[r"\d+ errors?, \d+ warnings?, \d+ notes?"]
    )

    export_help = ""
    if "export" in commands:
        proc = s.run(exe, ["export", "--help"], "export --help")
        export_help = proc.stdout if proc else ""
    else:
        s.pending.append("export (no `esgdesk export` command yet)")
    if "--xlsx" in export_help:
        book = s.scratch / "luster-2023.xlsx"
        s.run(
            exe,
            ["export", str(report), "--xlsx", str(book)],
            "export --xlsx",
            stderr_ok=[r"wrote the workbook .*", OPEN_FINDINGS],
        )
        try:
            with zipfile.ZipFile(book) as z:
                sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
                s.check(
                    "xl/workbook.xml" in z.namelist() and len(sheets) >= 4,
                    "workbook has its sheets",
                    f"{len(sheets)} sheets",
                )
        except (OSError, zipfile.BadZipFile) as exc:
            s.check(False, "workbook is a valid .xlsx", str(exc))
    elif "export" in commands:
        s.pending.append("export --xlsx")

    if source_mentions("esgdesk/cli", "arelle-cmdline"):
        good = arelle(s, exe, SMOKE_DATA / "good.xbrl", "Arelle validates a known-good instance offline")
        s.check(good == [], "Arelle finds no error in the known-good instance", repr(good))
        bad = arelle(s, exe, SMOKE_DATA / "bad.xbrl", "Arelle validates a known-bad instance offline")
        s.check(
            any("xmlSchema:valueError" in m for m in bad or []),
            "Arelle reports the known-bad instance's error",
            repr(bad),
        )
    else:
        s.pending.append("Arelle (no `esgdesk arelle-cmdline` command yet)")

    if "--xbrl" in export_help:
        out = s.scratch / "xbrl"
        s.run(
            exe,
            ["export", str(report), "--xbrl", str(out)],
            "export --xbrl",
            stderr_ok=[r"wrote the XBRL report to .*", OPEN_FINDINGS],
        )
        instances: list[Path] = sorted(out.rglob("*.xbrl")) if out.is_dir() else []
        packages = sorted(out.rglob("*.zip")) if out.is_dir() else []
        listing = sorted(out.rglob("*"))[:10] if out.is_dir() else []
        if s.check(bool(instances), "export --xbrl writes an instance", str(listing)):
            for inst in instances:
                problems = arelle(s, exe, inst, f"Arelle validates {inst.name} offline", packages=packages)
                s.check(problems == [], f"Arelle finds no error in {inst.name}", "; ".join(problems or [])[:600])
    elif "export" in commands:
        s.pending.append("export --xbrl")

    window(s, exe, report)


def window(s: Smoke, exe: Path, report: Path) -> None:
    """Starts the main window offscreen on the demo and lets it close after its first paint."""
    if not (ROOT / "esgdesk" / "gui" / "app.py").exists():
        s.pending.append("window (no esgdesk/gui/app.py yet)")
        return
    env = s.env(**{SMOKE_EXIT_HOOK: "1"})
    if source_mentions("esgdesk/gui", SMOKE_EXIT_HOOK):
        s.run(
            exe,
            ["open", str(report)],
            "window opens offscreen and closes after its first paint",
            timeout=WINDOW_TIMEOUT,
            env=env,
            stderr_ok=OFFSCREEN_NOISE,
        )
        return
    # Until the window can close itself: it must start and stay up without a word on stderr.
    proc = subprocess.Popen(
        [str(exe), "open", str(report)],
        env=env,
        cwd=s.scratch,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
        unexpected = [
            line
            for line in err.splitlines()
            if line.strip() and not any(re.fullmatch(p, line) for p in OFFSCREEN_NOISE)
        ]
        s.check(not unexpected, "window starts offscreen and keeps running", " | ".join(unexpected)[:600])
        s.pending.append(f"window closing by itself ({SMOKE_EXIT_HOOK}=1 not supported yet: it was stopped)")
        return
    _, err = proc.communicate()
    s.check(False, "window starts offscreen and keeps running", f"exit {proc.returncode}: {err.strip()[:600]}")


def short_run(s: Smoke, exe: Path, version: str) -> None:
    """The tarball's copy: the same binary, so the common commands are enough."""
    proc = s.run(exe, ["--version"], "tarball: --version")
    if proc:
        s.check(proc.stdout.strip() == f"esgdesk {version}", "tarball: --version prints the package version")
    report = s.scratch / "tarball.esg"
    s.run(exe, ["demo", str(report)], "tarball: demo", stderr_ok=[r"wrote the demo report to .*"])
    s.run(exe, ["validate", str(report), "--json"], "tarball: validate --json", codes=(0, 1))


def median_wall(cmd: Sequence[str], env: dict[str, str], cwd: Path, n: int = 5) -> float:
    """Median wall time of n runs; exit 1 is fine (validate's answer for error-level findings)."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        proc = subprocess.run(list(cmd), env=env, cwd=cwd, capture_output=True, text=True, timeout=WINDOW_TIMEOUT)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"smoke: {' '.join(cmd)} failed while measuring: {proc.stderr.strip()[:300]}")
    return statistics.median(times)


def measure(s: Smoke, exe: Path, dist: Path, tarball: Path, deb: Path) -> None:
    """Sizes, and start-up of the bundle against the app run from source, in the same run."""
    size = subprocess.run(["du", "-sh", str(dist / "esgdesk")], capture_output=True, text=True).stdout.split()[0]
    mib = 1024 * 1024
    print(
        f"bundle {size} (du -sh), tarball {tarball.stat().st_size / mib:.1f} MiB, .deb {deb.stat().st_size / mib:.1f} MiB"
    )
    source = ROOT / ".venv" / "bin" / "python"
    if not source.exists():
        print("start-up: no .venv to compare with")
        return
    report = s.scratch / "luster-2023.esg"
    env = s.env()
    src_env = s.env(PYTHONPATH=str(ROOT))
    cases = [("esgdesk --version", ["--version"]), ("esgdesk validate (demo)", ["validate", str(report), "--json"])]
    if source_mentions("esgdesk/gui", SMOKE_EXIT_HOOK):
        env = s.env(**{SMOKE_EXIT_HOOK: "1"})
        src_env = s.env(PYTHONPATH=str(ROOT), **{SMOKE_EXIT_HOOK: "1"})
        cases.append(("window to first paint (demo)", ["open", str(report)]))
    print("| command | bundle (s) | from source (s) | ratio |")
    print("|---|---|---|---|")
    for name, args in cases:
        frozen = median_wall([str(exe), *args], env, s.scratch)
        from_source = median_wall([str(source), "-m", "esgdesk", *args], src_env, ROOT)
        print(f"| {name} | {frozen:.3f} | {from_source:.3f} | {frozen / from_source:.2f} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--measure", action="store_true", help="print sizes and start-up times")
    parser.add_argument("--allow-network", action="store_true", help="do not insist that the network is cut")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every check that passed")
    opts = parser.parse_args(argv)

    version = source_version()
    tarballs = sorted(opts.dist.glob(f"esgdesk-{version}-linux-*.tar.gz"))
    debs = sorted(opts.dist.glob(f"esgdesk_{version}_*.deb"))
    if not tarballs or not debs:
        print(f"smoke: no esgdesk {version} tarball and .deb in {opts.dist}: run packaging/build.sh", file=sys.stderr)
        return 2
    s = Smoke(Path(tempfile.mkdtemp(prefix="esgdesk-smoke-")))
    try:
        if not opts.allow_network:
            s.check(network_is_cut(), "the network is cut", "a connection to the internet succeeded")
        full_run(s, install_deb(s, debs[-1], version), version)
        short_run(s, install_tarball(s, tarballs[-1]), version)
        if opts.measure:
            measure(s, s.scratch / "root/opt/esgdesk/esgdesk", opts.dist, tarballs[-1], debs[-1])
    finally:
        shutil.rmtree(s.scratch, ignore_errors=True)
    if opts.verbose:
        for item in s.passed:
            print(f"smoke: ok {item}")
    for item in s.pending:
        print(f"smoke: not yet available, not run: {item}")
    for failure in s.failures:
        print(f"smoke: FAILED {failure}", file=sys.stderr)
    print(f"smoke: {len(s.passed)} checks passed, {len(s.failures)} failed, {len(s.pending)} not yet available")
    return 1 if s.failures else 0


if __name__ == "__main__":
    sys.exit(main())
