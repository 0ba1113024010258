"""packaging/constraints.txt pins every package the installers are built from, within what pyproject.toml
allows: a dependency added without `make constraints` would be built from whatever version pip finds."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def pins() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (ROOT / "packaging" / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"packaging/constraints.txt: '{line}' is not pinned with =="
            out[canonicalize_name(name)] = version
    return out


def test_every_dependency_of_the_installer_is_pinned_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = pins()
    for text in project["dependencies"] + project["optional-dependencies"]["packaging"]:
        req = Requirement(text)
        version = pinned.get(canonicalize_name(req.name))
        assert version is not None, f"{req.name} is not in packaging/constraints.txt: run `make constraints`"
        assert req.specifier.contains(version, prereleases=True), (
            f"packaging/constraints.txt pins {req.name}=={version}, outside pyproject.toml's '{req.specifier}'"
        )
    assert "esgdesk" not in pinned
