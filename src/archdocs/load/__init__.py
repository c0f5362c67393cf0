"""Loading a models directory into a :class:`~archdocs.load.loader.Model`."""

from archdocs.load.loader import Model, load_models

__all__ = ["Model", "load_models"]
