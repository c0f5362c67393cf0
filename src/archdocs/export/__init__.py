"""The whole model as plain, deterministic data (JSON)."""

from archdocs.export.model_json import SCHEMA_VERSION, export_json, model_to_dict

__all__ = ["SCHEMA_VERSION", "export_json", "model_to_dict"]
