"""Where the data folders (forms/, templates/, exporters/) are: beside the package in a checkout,
inside the bundle when frozen, or wherever ESGDESK_DATA points."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_root() -> Path:
    env = os.environ.get("ESGDESK_DATA")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return data_root() / "forms"


def templates_dir() -> Path:
    return data_root() / "templates"


def exporters_dir() -> Path:
    return data_root() / "exporters"
