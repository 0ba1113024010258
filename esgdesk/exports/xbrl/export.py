"""`export_xbrl`: taxonomy, instance, taxonomy package, Inline XBRL and xBRL-JSON in one folder.

Everything is written into a temporary folder beside the target and moved into place file by
file only when all of it was written, so a failed or cancelled export leaves the folder as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from esgdesk.core.errors import WriteError
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.exports.xbrl.model import XbrlModel, build_model
from esgdesk.exports.xbrl.profile import XbrlProfile, load_profile

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
    xBRL-JSON file of `report` into `out_dir`. Formulas fill computed indicators the report lacks."""
    out_dir = Path(out_dir)
    profile = profile or load_profile()
    model = build_model(
        report, profile, entities=entities, include_computed=include_computed, progress=progress, cancel=cancel
    )
    step(progress, cancel, 1, 3, "writing XBRL")
    files = render(model)
    step(progress, cancel, 2, 3, "saving")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".partial", dir=out_dir.parent))
    except OSError as exc:
        raise WriteError(f"cannot create the export folder: {exc.strerror or exc}", where=str(out_dir)) from None
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        if cancel is not None:
            cancel.check()
        for name in files:
            os.replace(tmp / name, out_dir / name)
    except OSError as exc:
        raise WriteError(
            f"the XBRL files could not be written ({exc.strerror or exc}); nothing was replaced", where=str(out_dir)
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
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
