"""XBRL output: company taxonomy, instance, taxonomy package, Inline XBRL, xBRL-JSON, and
validation by Arelle in a separate process."""

from esgdesk.exports.xbrl.export import XbrlExport, export_xbrl
from esgdesk.exports.xbrl.validator import ArelleMessage, ArelleResult, validate_with_arelle

__all__ = ["ArelleMessage", "ArelleResult", "XbrlExport", "export_xbrl", "validate_with_arelle"]
