"""The report store: the only code that reads and writes a report file.

`Report` (in `report`) is the API the app, the command line and the tests share; `Report.batch`
(in `batch`) writes several changes in one transaction. The file on disk (inspection, recovery,
atomic replacement) is handled in `files`, the SQLite connection in `db`, the records beside the
figures in `records`.
"""

from esgdesk.core.store.batch import Batch
from esgdesk.core.store.db import connect, rollback, write_error
from esgdesk.core.store.files import SQLITE_MAGIC, inspect_file, recover_interrupted_write, replacing
from esgdesk.core.store.opening import open_report
from esgdesk.core.store.records import (
    SECTION_STATES,
    Entity,
    Explanation,
    ReportMeta,
    SectionState,
    ValueKey,
    now_iso,
    write_meta,
)
from esgdesk.core.store.records import write_meta as _write_meta  # the name older code imports
from esgdesk.core.store.report import (
    Listener,
    Report,
    _first_error,
    _read_head,
    _row_to_value,
    carry_assurance,
)

__all__ = [
    "SECTION_STATES",
    "SQLITE_MAGIC",
    "Batch",
    "Entity",
    "Explanation",
    "Listener",
    "Report",
    "ReportMeta",
    "SectionState",
    "ValueKey",
    "_first_error",
    "_read_head",
    "_row_to_value",
    "_write_meta",
    "carry_assurance",
    "connect",
    "inspect_file",
    "now_iso",
    "open_report",
    "recover_interrupted_write",
    "replacing",
    "rollback",
    "write_error",
    "write_meta",
]
