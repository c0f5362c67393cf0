"""Interoperability with Structurizr and LikeC4: read their models into archdocs model code
(``archdocs convert``), and write archdocs models for their tools (``archdocs export``)."""

from __future__ import annotations

from pathlib import Path

from archdocs.errors import ArchdocsError
from archdocs.interop.ir import C4Model
from archdocs.interop.likec4 import read_likec4
from archdocs.interop.mapping import Conversion, convert_model
from archdocs.interop.structurizr_dsl import read_structurizr_dsl
from archdocs.interop.structurizr_json import read_structurizr_json

__all__ = ["Conversion", "convert_source", "read_source"]


def read_source(source: Path) -> C4Model:
    """Read a Structurizr DSL file (``.dsl``), a Structurizr JSON workspace (``.json``) or a
    LikeC4 project (a folder, or a ``.c4``/``.likec4`` file)."""
    if not source.exists():
        raise ArchdocsError(f"'{source}' does not exist",
                            hint="pass a workspace.dsl, a workspace.json or a LikeC4 folder")
    if source.is_dir():
        dsl = source / "workspace.dsl"
        json_file = source / "workspace.json"
        if dsl.is_file():
            return read_structurizr_dsl(dsl)
        if json_file.is_file():
            return read_structurizr_json(json_file)
        return read_likec4(source)
    suffix = source.suffix.lower()
    if suffix == ".dsl":
        return read_structurizr_dsl(source)
    if suffix == ".json":
        return read_structurizr_json(source)
    if suffix in (".c4", ".likec4"):
        return read_likec4(source)
    raise ArchdocsError(
        f"cannot tell what '{source}' is from its name",
        hint="archdocs convert reads .dsl (Structurizr DSL), .json (Structurizr JSON "
             "workspace), and LikeC4 projects (a folder, or a .c4 or .likec4 file)")


def convert_source(source: Path, label: str | None = None) -> Conversion:
    """archdocs model code for the model at ``source``."""
    return convert_model(read_source(source), label or source.name)
