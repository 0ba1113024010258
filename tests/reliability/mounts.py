"""Small real filesystems for the disk-full and read-only tests (they need root to mount)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def can_mount() -> bool:
    return os.geteuid() == 0


@contextmanager
def tiny_tmpfs(where: Path, size_kb: int) -> Iterator[Path]:
    if not can_mount():
        pytest.skip("mounting a small filesystem needs root; the simulated disk-full test still runs")
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


@contextmanager
def read_only_view(folder: Path) -> Iterator[Path]:
    """`folder` seen through a read-only mount (as root), or made read-only by its permissions."""
    if can_mount():
        view = folder.with_name(folder.name + "-ro")
        view.mkdir()
        subprocess.run(["mount", "--bind", str(folder), str(view)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
            yield view
        finally:
            subprocess.run(["umount", "-l", str(view)], check=True)
        return
    modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
    for p in modes:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield folder
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the filesystem holding `folder`, leaving about `leave` bytes."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize > leave + 4096:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
