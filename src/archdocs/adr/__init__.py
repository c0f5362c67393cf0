"""Architecture decision records: read any common ADR folder, write MADR 4 records with ids
that never collide across parallel pull requests, and check them against the model."""
