"""Live databases: ``archdocs import`` reads a schema into model code, ``archdocs drift``
compares a declared schema with the live one. Every connection is read-only."""

from archdocs.live.connection import LiveDatabaseError, mask, read_only_connection
from archdocs.live.drift import Change, DriftReport, detect_drift
from archdocs.live.importer import ImportResult, import_database

__all__ = [
    "Change", "DriftReport", "ImportResult", "LiveDatabaseError", "detect_drift",
    "import_database", "mask", "read_only_connection",
]
