"""archdocs: database and data architecture as code.

Declare contexts, services, datastores and flows in Python under ``models/``; archdocs reviews
the model like a senior database architect and renders it into an MkDocs Material site.
"""

from archdocs import tech
from archdocs.model import *  # noqa: F403 - the model vocabulary is the public API
from archdocs.model import __all__ as _model_all

__version__ = "0.1.0"
__all__ = ["__version__", "tech", *_model_all]
