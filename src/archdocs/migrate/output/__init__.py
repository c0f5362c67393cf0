"""Writers for a :class:`~archdocs.migrate.plan.Plan`: one module per format."""
