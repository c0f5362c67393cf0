"""Shared helpers for the migration-plan tests."""

from __future__ import annotations

import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))  # every_change.py, imported by the tests and the fixture models
