"""`export_xbrl`: taxonomy, instance, taxonomy package, Inline XBRL and xBRL-JSON in one folder.

Everything is written into a temporary folder beside the target, which takes the target's place
whole only when all of it was written (`store.files.replacing_folder`): a failed or cancelled export
leaves the folder as it was, and a new export leaves no file of an earlier one behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from esgdesk.core.errors import Refused
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.exports.xbrl.model import XbrlModel, build_model
from esgdesk.exports.xbrl.profile import XbrlProfile, load_profile

# What an export (and the viewer beside it) writes for a stem; a folder holding only these is an
# earlier XBRL export, which a new one replaces. Anything else is refused rather than removed.
_EXPORT_SUFFIXES = (
    ".xsd",
    "-lab.xml",
    "-pre.xml",
    "-ref.xml",
    "-cal.xml",
    ".xbrl",
    ".xhtml",
    ".json",
    "-taxonomy.zip",
    "-viewer.html",
)
_SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}  # what a file manager leaves in a folder it showed

if TYPE_CHECKING:
    from esgdesk.core.store import Report


@dataclass
class XbrlExport:
    out_dir: Path
    schema: Path
    instance: Path
    inline: Path
    json: Path
    package: Path
    linkbases: list[Path]
    facts: int
    contexts: int
    footnotes: int
    schema_url: str
    skipped: list[str] = field(default_factory=list)  # figures that could not be expressed, with why
    concepts: dict[str, str] = field(default_factory=dict)  # concept QName -> indicator id
    context_keys: dict[str, tuple[str, int]] = field(default_factory=dict)  # context id -> (entity, year)

    @property
    def files(self) -> list[Path]:
        return [self.schema, *self.linkbases, self.instance, self.inline, self.json, self.package]


def render(model: XbrlModel) -> dict[str, bytes]:
    """Every output file of the export, by name."""
    from esgdesk.exports.xbrl.inline import inline_bytes
    from esgdesk.exports.xbrl.instance import instance_bytes
    from esgdesk.exports.xbrl.oim import oim_bytes
    from esgdesk.exports.xbrl.package import package_bytes
    from esgdesk.exports.xbrl.taxonomy import taxonomy_files

    files = taxonomy_files(model)
    out = dict(files)
    out[f"{model.stem}.xbrl"] = instance_bytes(model)
    out[f"{model.stem}.xhtml"] = inline_bytes(model)
    out[f"{model.stem}.json"] = oim_bytes(model)
    out[f"{model.stem}-taxonomy.zip"] = package_bytes(model, files)
    return out


def _not_an_export(out_dir: Path, stem: str, viewer_script: str) -> list[str]:
    """The entries of `out_dir` that no XBRL export wrote, by name; none for a new or empty folder."""
    if not out_dir.is_dir():
        return []
    entries = list(out_dir.iterdir())
    stems = {stem} | {p.stem for p in entries if p.suffix == ".xbrl"}
    ours = {f"{s}{suffix}" for s in stems for suffix in _EXPORT_SUFFIXES} | {viewer_script} | _SYSTEM_FILES
    return sorted(p.name for p in entries if p.name not in ours or not p.is_file())


def folder_for(report: Report, chosen: Path) -> Path:
    """Where an export the user sent to `chosen` goes: that folder when it is new, empty or an earlier
    export's, else a folder named after the report inside it. The app's folder dialog lands on Documents
    or the desktop as readily as on an empty folder, and a full folder is never replaced."""
    from esgdesk.core.properties import xbrl_names
    from esgdesk.exports.xbrl.viewer import VIEWER_SCRIPT

    stem = xbrl_names(report.meta).stem
    return chosen if not _not_an_export(chosen, stem, VIEWER_SCRIPT) else chosen / f"{stem}-xbrl"


def export_xbrl(
    report: Report,
    out_dir: Path | str,
    *,
    entities: list[str] | None = None,
    profile: XbrlProfile | None = None,
    include_computed: bool = True,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> XbrlExport:
    """Write the company taxonomy, the instance, the taxonomy package, the Inline XBRL page and the
    xBRL-JSON file of `report` into `out_dir`. Formulas fill computed indicators the report lacks.

    `out_dir` is new, empty or an earlier export's folder, and is replaced whole; a folder holding
    other files is refused (exit 1), so that no file of the user's is removed with it.
    """
    out_dir = Path(out_dir)
    profile = profile or load_profile()
    model = build_model(
        report, profile, entities=entities, include_computed=include_computed, progress=progress, cancel=cancel
    )
    step(progress, cancel, 1, 3, "writing XBRL")
    files = render(model)
    step(progress, cancel, 2, 3, "saving")
    from esgdesk.core.store.files import replacing_folder
    from esgdesk.exports.xbrl.viewer import VIEWER_SCRIPT

    foreign = _not_an_export(out_dir, model.stem, VIEWER_SCRIPT)
    if foreign:
        listed = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise Refused(
            f"this folder holds files an XBRL export did not write ({listed}); choose a new or empty folder, "
            "or one an earlier XBRL export wrote (its files are replaced)",
            where=str(out_dir),
        )
    with replacing_folder(out_dir, "the XBRL files") as tmp:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        if cancel is not None:
            cancel.check()
    step(progress, cancel, 3, 3, "done")
    stem = model.stem
    return XbrlExport(
        out_dir=out_dir,
        schema=out_dir / model.schema_file,
        instance=out_dir / f"{stem}.xbrl",
        inline=out_dir / f"{stem}.xhtml",
        json=out_dir / f"{stem}.json",
        package=out_dir / f"{stem}-taxonomy.zip",
        linkbases=[out_dir / f"{stem}-{k}.xml" for k in ("lab", "pre", "ref", "cal")],
        facts=len(model.facts),
        contexts=len({f.context.id for f in model.facts}),
        footnotes=len(model.footnotes),
        schema_url=model.schema_url,
        skipped=list(model.skipped),
        concepts={f"{model.prefix}:{c.name}": c.indicator for c in model.all_concepts()},
        context_keys={c.id: (c.entity, c.year) for c in model.contexts},
    )
