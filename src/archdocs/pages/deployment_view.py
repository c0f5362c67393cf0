"""The deployment diagram on the deployment page and on each datastore's page
(:mod:`archdocs.render.deployment` draws it; :mod:`archdocs.pages.governance` holds the pages)."""

from __future__ import annotations

from archdocs.model.datastore import Datastore
from archdocs.model.system import System
from archdocs.pages.page import SiteContext

_READING = (
    "Regions are frames and availability zones are columns: each row is one server (or a "
    "datastore that declares none), its primary in its first zone and its replicas or "
    "cluster nodes in the zones it spans, with a count when a zone holds several. Shards are "
    "a line on the primary. Click a box for its datastore.\n\n"
)


def system_diagram(ctx: SiteContext, system: System, page: str) -> str:
    """The deployment of every datastore of ``system``, with how to read it."""
    from archdocs.render import deployment_spec

    if not system.datastores:
        return ""
    return _READING + ctx.diagram(page, deployment_spec(system))


def datastore_diagram(ctx: SiteContext, system: System, datastore: Datastore, page: str) -> str:
    """Where ``datastore`` runs (its server's nodes), when the model says more than that it
    exists: a server, replicas or cluster nodes."""
    from archdocs.render import datastore_deployment_key, deployment_spec

    if datastore.server is None and datastore.scaling.replication is None \
            and not datastore.nodes:
        return ""
    on_server = [d for d in system.datastores
                 if datastore.server is not None and d.server is datastore.server]
    spec = deployment_spec(system, on_server or [datastore],
                           key=datastore_deployment_key(datastore),
                           title=f"Deployment of {datastore.name}")
    return ctx.diagram(page, spec)
