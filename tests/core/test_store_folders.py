"""A folder replaced whole through the store's file handling (`store.files.replacing_folder`): the forms
folder of `esgdesk catalogue export` and the XBRL folder of `esgdesk export --xbrl`. A failure anywhere
leaves the previous folder byte for byte and no temporary folder; a success leaves nothing of the old."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core import catalogue_files
from esgdesk.core.catalogue import load_catalogue
from esgdesk.core.catalogue_files import export_forms
from esgdesk.core.errors import Refused, WriteError
from esgdesk.core.store import Report
from esgdesk.core.store.files import replacing_folder
from esgdesk.exports.xbrl import export as xbrl_export
from esgdesk.exports.xbrl import export_xbrl
from tests.reliability.support import tree_hashes


def _previous(folder: Path) -> dict[str, str]:
    (folder / "sub").mkdir(parents=True)
    (folder / "kept.txt").write_bytes(b"the previous contents\n")
    (folder / "sub" / "deep.bin").write_bytes(bytes(range(256)) * 8)
    return tree_hashes(folder)


def _only(parent: Path) -> list[str]:
    """What is beside the target: a temporary or set-aside folder left behind would show here."""
    return sorted(p.name for p in parent.iterdir())


class FullDisk:
    """A writer that writes `room` files and then meets a full disk, as a real one says so."""

    def __init__(self, room: int) -> None:
        self.room, self.written = room, 0

    def write(self, path: Path, data: bytes) -> None:
        if self.written == self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written += 1


def test_a_writer_failing_midway_leaves_the_previous_folder_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "out"
    before = _previous(target)
    with pytest.raises(KeyError), replacing_folder(target, "the files") as tmp:
        (tmp / "new.txt").write_text("half of it")
        (tmp / "kept.txt").write_text("changed")
        raise KeyError("the writer's own error")
    assert tree_hashes(target) == before
    assert _only(tmp_path) == ["out"]


def test_a_full_disk_is_a_write_error_naming_the_folder_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out"
    before = _previous(target)
    disk = FullDisk(room=2)
    with pytest.raises(WriteError) as caught, replacing_folder(target, "the files") as tmp:
        for n in range(5):
            disk.write(tmp / f"part{n}.txt", b"x" * 100)
    assert disk.written == 2
    assert caught.value.exit_code == 1 and caught.value.where == str(target)
    assert caught.value.message == (
        "the files could not be written (No space left on device); nothing in the folder was changed"
    )
    assert tree_hashes(target) == before
    assert _only(tmp_path) == ["out"]


def test_a_success_replaces_the_folder_whole(tmp_path: Path) -> None:
    target = tmp_path / "out"
    _previous(target)
    with replacing_folder(target, "the files") as tmp:
        assert tmp.parent == tmp_path and tmp.is_dir() and not any(tmp.iterdir())
        (tmp / "a").mkdir()
        (tmp / "a" / "new.txt").write_bytes(b"new")
        assert not (target / "a").exists()  # nothing shows before the block is done
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*")) == ["a", "a/new.txt"]
    assert _only(tmp_path) == ["out"]


def test_a_new_folder_and_its_parents_are_made(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "out"
    with replacing_folder(target, "the files") as tmp:
        (tmp / "one.txt").write_text("1")
    assert (target / "one.txt").read_text() == "1"
    assert _only(target.parent) == ["out"]


def test_a_failed_swap_puts_the_previous_folder_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    before = _previous(target)
    real_rename = os.rename

    def refuse_the_new_folder(src: Any, dst: Any) -> None:
        if Path(src).name.endswith(".partial"):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", refuse_the_new_folder)
    with pytest.raises(WriteError, match="Permission denied"), replacing_folder(target, "the files") as tmp:
        (tmp / "new.txt").write_text("new")
    monkeypatch.undo()
    assert tree_hashes(target) == before
    assert _only(tmp_path) == ["out"]


def test_a_file_in_the_way_is_refused_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_bytes(b"a file, not a folder")
    with pytest.raises(Refused, match="a file of that name is in the way"), replacing_folder(target, "the files"):
        raise AssertionError("never reached")
    assert target.read_bytes() == b"a file, not a folder"
    assert _only(tmp_path) == ["out"]


# -- the catalogue's forms folder -------------------------------------------------------------------


def test_a_catalogue_export_that_fills_the_disk_keeps_the_earlier_forms_folder(
    mini: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "place" / "forms"
    export_forms(mini.catalogue, target)
    (target / "notes.toml").write_text("# a file the ESG office added\n")
    before = tree_hashes(target)
    disk = FullDisk(room=2)
    monkeypatch.setattr(
        catalogue_files, "_write", lambda path, data, header: disk.write(path, header.encode() + repr(data).encode())
    )
    with pytest.raises(WriteError, match="No space left on device") as caught:
        export_forms(mini.catalogue, target, overwrite=True)
    assert caught.value.where == str(target) and "the catalogue could not be written" in caught.value.message
    assert disk.written == 2
    assert tree_hashes(target) == before
    assert _only(tmp_path / "place") == ["forms"]


def test_a_catalogue_export_over_an_earlier_one_leaves_none_of_its_files(mini: Report, tmp_path: Path) -> None:
    target = tmp_path / "place" / "forms"
    export_forms(mini.catalogue, target)
    (target / "env" / "retired_section.toml").write_text("# a section of an earlier catalogue\n")
    export_forms(mini.catalogue, target, overwrite=True)
    assert not (target / "env" / "retired_section.toml").exists()
    assert load_catalogue(target) == mini.catalogue
    assert _only(tmp_path / "place") == ["forms"]


# -- the XBRL folder ----------------------------------------------------------------------------------


def test_an_xbrl_export_failing_midway_keeps_the_earlier_export(
    mini: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "place" / "xbrl"
    first = export_xbrl(mini, out)
    before = tree_hashes(out)
    real_render = xbrl_export.render

    def render_then_fail(model: Any) -> dict[str, bytes]:
        files = real_render(model)
        # The third file goes into a folder that does not exist: the disk refuses it, as a full one would.
        return {**dict(list(files.items())[:2]), "gone/third.xml": b"<x/>", **dict(list(files.items())[2:])}

    monkeypatch.setattr(xbrl_export, "render", render_then_fail)
    with pytest.raises(WriteError, match="the XBRL files could not be written") as caught:
        export_xbrl(mini, out)
    assert caught.value.where == str(out)
    assert tree_hashes(out) == before and first.instance.is_file()
    assert _only(tmp_path / "place") == ["xbrl"]


def test_an_xbrl_export_replaces_an_earlier_one_whole(mini: Report, tmp_path: Path) -> None:
    out = tmp_path / "place" / "xbrl"
    first = export_xbrl(mini, out)
    stale = [out / "old-name.xbrl", out / "old-name-viewer.html", first.inline.with_name("ixbrlviewer.js")]
    for p in stale:
        p.write_text("an earlier export's file")
    again = export_xbrl(mini, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in again.files)
    assert _only(tmp_path / "place") == ["xbrl"]


def test_an_xbrl_export_refuses_a_folder_holding_other_files(mini: Report, tmp_path: Path) -> None:
    out = tmp_path / "place" / "documents"
    (out / "photos").mkdir(parents=True)
    (out / "budget.xlsx").write_bytes(b"the user's own")
    before = tree_hashes(out)
    with pytest.raises(Refused, match=r"holds files an XBRL export did not write \(budget.xlsx, photos\)") as caught:
        export_xbrl(mini, out)
    assert caught.value.exit_code == 1
    assert tree_hashes(out) == before and sorted(p.name for p in out.iterdir()) == ["budget.xlsx", "photos"]
    assert _only(tmp_path / "place") == ["documents"]
