"""Build hook: the data folders kept at the top of the repository (forms/, templates/, exporters/) go into the
wheel as package data under esgdesk/data/, where esgdesk.resources finds them through importlib.resources.

Everything under those folders is shipped, whatever files they come to hold. The project's metadata is in
pyproject.toml; this file only adds the copy step.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("forms", "templates", "exporters")  # esgdesk.resources.DATA_FOLDERS names the same three


def data_files() -> list[tuple[Path, Path]]:
    """(source, path inside the package) for every file under the data folders."""
    out = []
    for folder in DATA_FOLDERS:
        base = ROOT / folder
        for src in sorted(base.rglob("*")):
            rel = src.relative_to(ROOT)
            if src.is_file() and "__pycache__" not in rel.parts and not any(p.startswith(".") for p in rel.parts):
                out.append((src, Path("esgdesk", "data", *rel.parts)))
    return out


class BuildWithData(build_py):
    """build_py that also copies the data folders into the built package (wheels; not editable installs,
    which read them from the checkout)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        # A file deleted from the checkout must not live on in a build folder left by an earlier build.
        shutil.rmtree(Path(self.build_lib, "esgdesk", "data"), ignore_errors=True)
        for src, rel in data_files():
            dest = Path(self.build_lib, rel)
            self.mkpath(str(dest.parent))
            self.copy_file(str(src), str(dest), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        extra = [] if self.editable_mode else [str(Path(self.build_lib, rel)) for _, rel in data_files()]
        return [*super().get_outputs(include_bytecode), *extra]


setup(cmdclass={"build_py": BuildWithData})
