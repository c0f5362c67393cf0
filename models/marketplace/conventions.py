"""House conventions shared by every context's SQLAlchemy models.

Constraint names follow one pattern everywhere, so migration plans, review findings and the
DBA's ``\\d`` output all name the same thing the same way.
"""

from sqlalchemy import MetaData

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def conventional_metadata() -> MetaData:
    """A fresh ``MetaData`` using the house naming convention (one per datastore)."""
    return MetaData(naming_convention=NAMING_CONVENTION)
