"""Writes the broken-file corpus beside this script; run it again after a format change:

    .venv/bin/python tests/reliability/corpus/make_corpus.py [reports schema catalogues workbooks xml]

Every case is made from a real, valid starting point (the small test catalogue, a report made
with it, a workbook openpyxl writes) with one thing broken, so a refusal is about that one thing.
`cases.json` lists what each case is and what the refusal must mention.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import struct
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
MINI = ROOT / "tests" / "data" / "mini_forms"


def _report(path: Path) -> None:
    from esgdesk.core.catalogue import load_catalogue
    from esgdesk.core.store import Report

    with Report.create(
        path, load_catalogue(MINI), company="ACME Ltd", year=2023, entity_id="acme", user="corpus"
    ) as rep:
        rep.set_text("electricity", "1,200 kWh")
        rep.set_text("staff", "42")
        rep.set_text("note", "quarterly figures")
    # A creation stamp would make every run differ; fixed bytes keep the corpus reviewable.
    db = sqlite3.connect(path)
    db.execute(
        "UPDATE meta SET value = json_set(value, '$.report_id', 'corpus', '$.created_at', '2024-01-01T00:00:00Z')"
        " WHERE key = 'meta'"
    )
    db.commit()
    db.execute("VACUUM")
    db.close()


def _edit(src: Path, dst: Path, *statements: str) -> None:
    shutil.copyfile(src, dst)
    db = sqlite3.connect(dst)
    for s in statements:
        db.execute(s)
    db.commit()
    db.close()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def reports(out: Path) -> list[dict[str, Any]]:
    out.mkdir()
    good = out.parent / "_good.esg"
    _report(good)
    data = good.read_bytes()
    rng = random.Random(9)
    cases: list[dict[str, Any]] = []

    def case(name: str, why: str, must: str, content: bytes | None = None) -> Path:
        p = out / name
        if content is not None:
            p.write_bytes(content)
        cases.append({"file": f"reports/{name}", "what": why, "message": must})
        return p

    for cut in (0, 50, 100, 1024, 4096, len(data) // 2, len(data) - 1):
        case(
            f"truncated-{cut}.esg",
            f"a report cut off after {cut} bytes",
            "not an esgdesk report" if cut < 100 else "damaged",
            data[:cut],
        )
    case("random-bytes.esg", "random bytes", "not an esgdesk report", rng.randbytes(8192))
    noisy = bytearray(data)
    for _ in range(200):
        noisy[rng.randrange(100, len(noisy))] = rng.randrange(256)
    case("random-pages.esg", "a valid header over random damage in the pages", "damaged", bytes(noisy))
    zeroed = bytearray(data)
    zeroed[4096:8192] = bytes(4096)
    case("zeroed-page.esg", "a report with one page zeroed", "damaged", bytes(zeroed))
    case("empty.esg", "an empty file", "not an esgdesk report", b"")
    case("text.esg", "a text file", "not an esgdesk report", b"company,year\nACME,2023\n" * 20)
    case("image.png", "a PNG image", "not an esgdesk report", _png())
    case("workbook.esg", "a zip (a workbook) named like a report", "not an esgdesk report", b"PK\x03\x04" + bytes(200))
    _edit(
        good, case("newer-schema.esg", "a report of a newer file format", "newer esgdesk"), "PRAGMA user_version = 99"
    )
    other = case("other-app.sqlite", "a database of another program", "another program")
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Ann', '555-0101')")
    db.commit()
    db.close()
    disguised = case("disguised.esg", "another program's database carrying our file mark", "not an esgdesk report")
    db = sqlite3.connect(disguised)
    db.execute("PRAGMA application_id = 1163085636")
    db.execute("PRAGMA user_version = 2")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.commit()
    db.close()
    _edit(good, case("no-version.esg", "a report without a format version", "incomplete"), "PRAGMA user_version = 0")
    _edit(
        good,
        case("garbled-meta.esg", "a report whose header is not JSON", "header is damaged"),
        "UPDATE meta SET value = '{not json' WHERE key = 'meta'",
    )
    _edit(good, case("no-header.esg", "a report without its header", "header is missing"), "DELETE FROM meta")
    _edit(
        good,
        case("no-catalogue.esg", "a report without its catalogue", "lost its indicator catalogue"),
        "DELETE FROM catalogue",
    )
    _edit(
        good,
        case("garbled-catalogue.esg", "a report whose catalogue is not a catalogue", "damaged"),
        "UPDATE catalogue SET json = '{\"id\": 5}'",
    )
    _edit(
        good, case("bad-status.esg", "a figure with an unknown status", "damaged"), "UPDATE vals SET status = 'bogus'"
    )
    _edit(good, case("missing-table.esg", "a report missing its table of figures", "damaged"), "DROP TABLE vals")
    folder = out / "folder.esg"
    folder.mkdir()
    (folder / "README").write_text("a folder named like a report\n")
    cases.append({"file": "reports/folder.esg", "what": "a folder", "message": "folder"})
    good.unlink()
    return cases


def _tables(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
    finally:
        db.close()


def schema(out: Path) -> list[dict[str, Any]]:
    """A valid report with one database object planted, altered or removed, as an attacker would with
    the `sqlite3` tool. `sql` is kept so that the tests can do the same to a collection file."""
    out.mkdir()
    good = out.parent / "_good_schema.esg"
    _report(good)
    cases: list[dict[str, Any]] = []

    def case(name: str, why: str, must: str, *sql: str) -> None:
        _edit(good, out / name, *sql)
        cases.append({"file": f"schema/{name}", "what": why, "message": must, "sql": list(sql)})

    # Every table of the format, read from the file itself: a table a new format adds gets its trigger.
    for table in _tables(good):
        victim = "audit" if table == "vals" else "vals"
        case(
            f"trigger-on-{table}.esg",
            f"a trigger planted on table {table}",
            f"trigger 'planted_on_{table}'",
            f"CREATE TRIGGER planted_on_{table} AFTER INSERT ON {table} BEGIN DELETE FROM {victim}; END",
        )
    case("view.esg", "a view", "view 'figures_view'", "CREATE VIEW figures_view AS SELECT * FROM vals")
    case("extra-table.esg", "an extra table", "table 'notes_extra'", "CREATE TABLE notes_extra (x TEXT)")
    case(
        "extra-column.esg",
        "an extra column",
        "column 'remark' of table 'vals'",
        "ALTER TABLE vals ADD COLUMN remark TEXT",
    )
    case(
        "generated-column.esg",
        "a generated column",
        "generated column 'shout' of table 'vals'",
        "ALTER TABLE vals ADD COLUMN shout TEXT GENERATED ALWAYS AS (upper(entered)) VIRTUAL",
    )
    case(
        "expression-index.esg",
        "an index on an expression",
        "index 'vals_by_lower'",
        "CREATE INDEX vals_by_lower ON vals (lower(indicator))",
    )
    case(
        "extra-index.esg",
        "an extra index on columns",
        "index 'vals_by_year'",
        "CREATE INDEX vals_by_year ON vals (year)",
    )
    case(
        "dropped-protection.esg",
        "the audit log's protection trigger dropped",
        "trigger 'audit_no_delete' on table 'audit' is missing",
        "DROP TRIGGER audit_no_delete",
    )
    case(
        "altered-protection.esg",
        "the audit log's protection trigger replaced by one that does nothing",
        "trigger 'audit_no_update' on table 'audit' differs",
        "DROP TRIGGER audit_no_update",
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END",
    )
    case(
        "changed-column-type.esg",
        "a column's type changed",
        "column 'text' of table 'vals' is declared BLOB",
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, 'text TEXT,', 'text BLOB,') WHERE name = 'vals'",
        "PRAGMA writable_schema = OFF",
    )
    foreign = out / "foreign-schema.esg"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Ann', '555-0101')")
    db.execute("PRAGMA application_id = 1163085636")  # esgdesk's mark
    db.execute(f"PRAGMA user_version = {_version(good)}")
    db.commit()
    db.close()
    cases.append(
        {
            "file": "schema/foreign-schema.esg",
            "what": "esgdesk's file mark on another program's database",
            "message": "table 'contacts'",
            "sql": [],
        }
    )
    good.unlink()
    return cases


def _version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def _forms(out: Path, name: str, why: str, file: str, indicator: str | None, must: str, edit: Any) -> dict[str, Any]:
    target = out / name
    shutil.copytree(MINI, target)
    edit(target)
    return {"folder": f"catalogues/{name}", "what": why, "file": file, "indicator": indicator, "message": must}


def _replace(rel: str, old: str, new: str, count: int = 1) -> Any:
    def edit(root: Path) -> None:
        p = root / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def catalogues(out: Path) -> list[dict[str, Any]]:
    out.mkdir()
    e = "env/energy.toml"
    m = "env/money.toml"
    specs: list[tuple[str, str, str, str | None, str, Any]] = [
        (
            "missing-units",
            "units.toml is missing",
            "units.toml",
            None,
            "missing",
            lambda r: (r / "units.toml").unlink(),
        ),
        ("missing-section", "a section file is missing", m, None, "missing", lambda r: (r / m).unlink()),
        (
            "bad-toml",
            "a section file is not valid TOML",
            e,
            None,
            "not valid TOML",
            _replace(e, 'unit = "kWh"', 'unit = "kWh'),
        ),
        (
            "not-utf8",
            "a section file is not UTF-8",
            e,
            None,
            "cannot be read",
            lambda r: (r / e).write_bytes((r / e).read_bytes().replace("耗电量".encode(), "耗电量".encode("gbk"))),
        ),
        (
            "duplicate-id",
            "two indicators share an id",
            m,
            "staff",
            "duplicate id",
            _replace(m, 'id = "revenue"', 'id = "staff"'),
        ),
        (
            "unknown-unit",
            "an indicator names an undeclared unit",
            e,
            "electricity",
            "unknown unit",
            _replace(e, 'unit = "kWh"', 'unit = "parsec"'),
        ),
        (
            "bad-formula",
            "a formula that does not parse",
            e,
            "electricity_intensity",
            "formula",
            _replace(e, 'formula = "electricity / revenue"', 'formula = "electricity / / revenue"'),
        ),
        (
            "formula-unknown",
            "a formula naming a missing indicator",
            e,
            "electricity_intensity",
            "unknown indicator",
            _replace(e, 'formula = "electricity / revenue"', 'formula = "electricity / turnover"'),
        ),
        (
            "formula-cycle",
            "formulas that depend on each other",
            e,
            "electricity",
            "cycle",
            _replace(
                e,
                "min = 0\nrequired = true\nyoy",
                'formula = "electricity_intensity * 2"\nmin = 0\nrequired = true\nyoy',
            ),
        ),
        (
            "breakdown-parent",
            "a breakdown of a missing total",
            e,
            "staff_male",
            "breakdown parent",
            _replace(
                e,
                'breakdown = { of = "staff", family = "gender", kind = "sum" }',
                'breakdown = { of = "headcount", family = "gender", kind = "sum" }',
            ),
        ),
        (
            "unknown-owner",
            "a section owned by an unknown department",
            e,
            None,
            "unknown owner",
            _replace(e, 'owner = "ehs"', 'owner = "marketing"'),
        ),
        (
            "min-over-max",
            "an indicator whose minimum exceeds its maximum",
            e,
            "ph",
            "greater than max",
            _replace(e, "min = 0\nmax = 14", "min = 15\nmax = 14"),
        ),
        (
            "bad-id",
            "an indicator id that is not a plain name",
            e,
            "Note Field",
            "pattern",
            _replace(e, 'id = "note"', 'id = "Note Field"'),
        ),
        ("unknown-field", "a misspelt field", e, "electricity", "unit", _replace(e, 'unit = "kWh"', 'unti = "kWh"')),
        (
            "wrong-type",
            "an unknown data type",
            e,
            "staff",
            "type",
            _replace(e, 'type = "integer"', 'type = "whole number"'),
        ),
        (
            "section-mismatch",
            "a section whose id differs from its file name",
            e,
            None,
            "does not match",
            _replace(e, 'id = "energy"', 'id = "power"'),
        ),
        (
            "share-not-percent",
            "a share breakdown part that is not a percent",
            e,
            "staff_male",
            "percent",
            _replace(
                e,
                'breakdown = { of = "staff", family = "gender", kind = "sum" }',
                'breakdown = { of = "staff", family = "gender", kind = "share" }',
            ),
        ),
    ]
    return [_forms(out, *spec) for spec in specs]


def _workbook(path: Path, parts: dict[str, bytes], *, compress: bool = True) -> None:
    """A workbook openpyxl wrote, with some parts replaced."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["indicator", "2023"])
    ws.append(["staff", 42])
    plain = path.with_suffix(".plain.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info, src.read(info.filename))
        for name, data in parts.items():
            dst.writestr(
                zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED if compress else None, compresslevel=9
            )
    plain.unlink()


LAUGHS = (
    b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">"""
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b"""]>
"""
)


def workbooks(out: Path, secret: Path) -> list[dict[str, Any]]:
    out.mkdir()
    cases: list[dict[str, Any]] = []
    sheet_head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    rows = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    _workbook(
        out / "zip-bomb.xlsx", {"xl/worksheets/sheet1.xml": sheet_head + rows * 300_000 + b"</sheetData></worksheet>"}
    )
    cases.append({"file": "workbooks/zip-bomb.xlsx", "what": "a sheet inflating to 300 MB", "message": "zip bomb"})
    _workbook(
        out / "billion-laughs.xlsx",
        {
            "xl/sharedStrings.xml": LAUGHS + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
        },
    )
    cases.append(
        {"file": "workbooks/billion-laughs.xlsx", "what": "nested entities (billion laughs)", "message": "entities"}
    )
    _workbook(
        out / "external-entity.xlsx",
        {
            "xl/sharedStrings.xml": b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://'
            + str(secret).encode()
            + b'">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'
        },
    )
    cases.append(
        {
            "file": "workbooks/external-entity.xlsx",
            "what": "an external entity reading a local file",
            "message": "entities",
        }
    )
    _workbook(
        out / "external-dtd.xlsx",
        {
            "xl/workbook.xml": b'<?xml version="1.0"?>\n<!DOCTYPE workbook SYSTEM "http://example.invalid/x.dtd">'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        },
    )
    cases.append(
        {"file": "workbooks/external-dtd.xlsx", "what": "a DTD fetched from the network", "message": "DOCTYPE"}
    )
    (out / "not-a-zip.xlsx").write_bytes(b"PK\x03\x04" + random.Random(1).randbytes(2000))
    cases.append({"file": "workbooks/not-a-zip.xlsx", "what": "a damaged zip", "message": "damaged"})
    (out / "report-as-workbook.xlsx").write_bytes(_png())
    cases.append(
        {
            "file": "workbooks/report-as-workbook.xlsx",
            "what": "an image named .xlsx",
            "message": "not an Excel workbook",
        }
    )
    with zipfile.ZipFile(out / "plain-zip.xlsx", "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    cases.append(
        {
            "file": "workbooks/plain-zip.xlsx",
            "what": "a zip without a workbook inside",
            "message": "not an Excel workbook",
        }
    )
    return cases


def xml(out: Path, secret: Path) -> list[dict[str, Any]]:
    out.mkdir()
    cases: list[dict[str, Any]] = []
    docs = {
        "billion-laughs.xml": (LAUGHS + b"<root>&lol9;</root>", "nested entities (billion laughs)"),
        "external-entity.xml": (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://'
            + str(secret).encode()
            + b'">]><root>&xxe;</root>',
            "an external entity",
        ),
        "parameter-entity.xml": (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY % p SYSTEM "http://example.invalid/p">%p;]><root/>',
            "a parameter entity fetched from the network",
        ),
        "external-dtd.xml": (
            b'<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://example.invalid/r.dtd"><root/>',
            "a DTD fetched from the network",
        ),
        "deep-nesting.xml": (b"<a>" * 100_000 + b"</a>" * 100_000, "100,000 nested elements"),
        "not-xml.xml": (b"\x00\x01garbage", "bytes that are not XML"),
    }
    for name, (content, why) in docs.items():
        (out / name).write_bytes(content)
        cases.append({"file": f"xml/{name}", "what": why})
    return cases


PARTS = ("reports", "schema", "catalogues", "workbooks", "xml")


def main() -> None:
    """`make_corpus.py [PART...]`: write every part, or only those named (the others are kept)."""
    sys.path.insert(0, str(ROOT))
    parts = sys.argv[1:] or list(PARTS)
    unknown = set(parts) - set(PARTS)
    if unknown:
        sys.exit(f"unknown part(s) {', '.join(sorted(unknown))}; the parts are {', '.join(PARTS)}")
    # External entities point here; the tests check that its words never show up anywhere.
    secret = Path("/tmp/esgdesk-corpus-secret.txt")
    makers = {
        "reports": lambda: reports(HERE / "reports"),
        "schema": lambda: schema(HERE / "schema"),
        "catalogues": lambda: catalogues(HERE / "catalogues"),
        "workbooks": lambda: workbooks(HERE / "workbooks", secret),
        "xml": lambda: xml(HERE / "xml", secret),
    }
    old = json.loads((HERE / "cases.json").read_text(encoding="utf-8")) if (HERE / "cases.json").exists() else {}
    cases: dict[str, Any] = {"secret_file": str(secret), "secret_text": "SECRET-7f3a-do-not-leak"}
    for part in PARTS:
        if part in parts:
            shutil.rmtree(HERE / part, ignore_errors=True)
            cases[part] = makers[part]()
        else:
            cases[part] = old.get(part, [])
    (HERE / "cases.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    n = sum(len(v) for v in cases.values() if isinstance(v, list))
    print(f"wrote {n} cases to {HERE}")


if __name__ == "__main__":
    main()
