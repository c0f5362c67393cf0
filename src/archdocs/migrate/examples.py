"""One small schema change per hazard, old and new side: used by the hazard reference pages
("what archdocs writes") and by the tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Computed,
    Enum,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Sequence,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import DOMAIN, INT4RANGE, JSONB, ExcludeConstraint

from archdocs.model.notes import column_notes, table_notes

Builder = Callable[[], MetaData]


def schema_with(*columns: Any, name: str = "accounts",
                info: dict[str, Any] | None = None, schema: str | None = None) -> MetaData:
    """An ``owners`` table and one table ``name`` (in ``schema``) with ``columns``."""
    metadata = MetaData()
    Table("owners", metadata, Column("id", Integer, primary_key=True, autoincrement=False))
    Table(name, metadata, *columns, info=info or {}, schema=schema)
    return metadata


def _with_sequence(metadata: MetaData) -> MetaData:
    Sequence("invoice_numbers", start=1000, metadata=metadata)
    return metadata


def _with_invoice_numbers(**options: Any) -> Callable[[], MetaData]:
    def build() -> MetaData:
        metadata = schema_with(key())
        Sequence("invoice_numbers", metadata=metadata, **options)
        return metadata
    return build


def _positive(check: str = "VALUE > 0", **options: Any) -> Any:
    return DOMAIN("positive_int", Integer, check=check, **options)


def key() -> Column[int]:
    """A plain integer primary key."""
    return Column("id", Integer, primary_key=True, autoincrement=False)


EXAMPLES: dict[str, tuple[Builder, Builder]] = {
    "add_not_null_column": (
        lambda: schema_with(key()),
        lambda: schema_with(key(), Column("plan", String(10), nullable=False, default="free"))),
    "add_volatile_default": (
        lambda: schema_with(key()),
        lambda: schema_with(key(), Column("token", String(36),
                                      server_default=text("gen_random_uuid()")))),
    "add_generated_column": (
        lambda: schema_with(key(), Column("a", Integer)),
        lambda: schema_with(key(), Column("a", Integer),
                        Column("double_a", Integer, Computed("a * 2", persisted=True)))),
    "add_identity_column": (
        lambda: schema_with(key()),
        lambda: schema_with(key(), Column("seq", BigInteger, Identity()))),
    "set_not_null": (
        lambda: schema_with(key(), Column("email", String(100))),
        lambda: schema_with(key(), Column("email", String(100), nullable=False))),
    "change_type": (
        lambda: schema_with(key(), Column("balance", Integer)),
        lambda: schema_with(key(), Column("balance", BigInteger))),
    "widen_varchar": (
        lambda: schema_with(key(), Column("email", String(100))),
        lambda: schema_with(key(), Column("email", String(200)))),
    "rename_column": (
        lambda: schema_with(key(), Column("mail", String(100))),
        lambda: schema_with(key(), Column("email", String(100),
                                      info=column_notes(renamed_from="mail")))),
    "rename_table": (
        lambda: schema_with(key(), name="users"),
        lambda: schema_with(key(), name="accounts", info=table_notes(renamed_from="users"))),
    "drop_column": (
        lambda: schema_with(key(), Column("legacy", String(10), nullable=False)),
        lambda: schema_with(key())),
    "drop_table": (
        lambda: schema_with(key(), name="accounts"),
        lambda: schema_with(key(), name="accounts_v2")),
    "create_index": (
        lambda: schema_with(key(), Column("email", String(100))),
        lambda: schema_with(key(), Column("email", String(100)), Index("ix_accounts_email", "email"))),
    "drop_index": (
        lambda: schema_with(key(), Column("email", String(100)), Index("ix_accounts_email", "email")),
        lambda: schema_with(key(), Column("email", String(100)))),
    "add_foreign_key": (
        lambda: schema_with(key(), Column("owner_id", Integer)),
        lambda: schema_with(key(), Column("owner_id", Integer,
                                      ForeignKey("owners.id", name="fk_accounts_owner")))),
    "add_check": (
        lambda: schema_with(key(), Column("balance", Integer)),
        lambda: schema_with(key(), Column("balance", Integer),
                        CheckConstraint("balance >= 0", name="ck_accounts_balance"))),
    "add_unique": (
        lambda: schema_with(key(), Column("email", String(100))),
        lambda: schema_with(key(), Column("email", String(100)),
                        UniqueConstraint("email", name="uq_accounts_email"))),
    "add_primary_key": (
        lambda: schema_with(Column("id", Integer, nullable=False)),
        lambda: schema_with(Column("id", Integer, nullable=False),
                        PrimaryKeyConstraint("id", name="pk_accounts"))),
    "enum_add_value": (
        lambda: schema_with(key(), Column("status", Enum("open", "closed", name="account_status"))),
        lambda: schema_with(key(), Column("status", Enum("open", "pending", "closed",
                                                     name="account_status")))),
    "enum_rename_value": (
        lambda: schema_with(key(), Column("status", Enum("open", "done", name="account_status"))),
        lambda: schema_with(key(), Column("status", Enum("open", "closed", name="account_status"),
                                      info=column_notes(enum_renamed={"done": "closed"})))),
    "enum_remove_value": (
        lambda: schema_with(key(), Column("status", Enum("open", "closed", "archived",
                                                     name="account_status"))),
        lambda: schema_with(key(), Column("status", Enum("open", "closed", name="account_status")))),
    "move_to_another_enum_type": (
        lambda: schema_with(key(), Column("status", Enum("open", "closed", name="state_v1"))),
        lambda: schema_with(key(), Column("status", Enum("open", "closed", name="state_v2")))),
    "json_to_jsonb": (
        lambda: schema_with(key(), Column("profile", JSON)),
        lambda: schema_with(key(), Column("profile", JSONB))),
    "drop_not_null": (
        lambda: schema_with(key(), Column("phone", String(20), nullable=False)),
        lambda: schema_with(key(), Column("phone", String(20)))),
    "change_default": (
        lambda: schema_with(key(), Column("region", String(10), server_default="eu")),
        lambda: schema_with(key(), Column("region", String(10), server_default="us"))),
    "drop_default": (
        lambda: schema_with(key(), Column("region", String(10), nullable=False, server_default="eu")),
        lambda: schema_with(key(), Column("region", String(10), nullable=False))),
    "add_required_column_no_value": (
        lambda: schema_with(key()),
        lambda: schema_with(key(), Column("plan", String(10), nullable=False))),
    "add_expression_default": (
        lambda: schema_with(key()),
        lambda: schema_with(key(), Column("token", String(36),
                                          server_default=text("(uuid())")))),
    "add_primary_key_on_nullable_column": (
        lambda: schema_with(Column("id", Integer)),
        lambda: schema_with(Column("id", Integer, primary_key=True))),
    "make_key_auto_increment": (
        lambda: schema_with(key()),
        lambda: schema_with(Column("id", Integer, primary_key=True, autoincrement=True))),
    "make_column_identity": (
        lambda: schema_with(key(), Column("seq", BigInteger, nullable=False)),
        lambda: schema_with(key(), Column("seq", BigInteger, Identity()))),
    "make_identity_always": (
        lambda: schema_with(key(), Column("seq", BigInteger, Identity())),
        lambda: schema_with(key(), Column("seq", BigInteger, Identity(always=True)))),
    "change_generated_expression": (
        lambda: schema_with(key(), Column("a", Integer),
                            Column("double_a", Integer, Computed("a * 2", persisted=True))),
        lambda: schema_with(key(), Column("a", Integer),
                            Column("double_a", Integer, Computed("a * 3", persisted=True)))),
    "stop_generating_column": (
        lambda: schema_with(key(), Column("a", Integer),
                            Column("double_a", Integer, Computed("a * 2", persisted=True))),
        lambda: schema_with(key(), Column("a", Integer), Column("double_a", Integer))),
    "rename_table_across_schemas": (
        lambda: schema_with(key(), schema="billing"),
        lambda: schema_with(key(), schema="ledger",
                            info=table_notes(renamed_from="billing.accounts"))),
    "drop_foreign_key": (
        lambda: schema_with(key(), Column("owner_id", Integer,
                                          ForeignKey("owners.id", name="fk_accounts_owner"))),
        lambda: schema_with(key(), Column("owner_id", Integer))),
    "add_json_column": (
        lambda: schema_with(key()),
        lambda: schema_with(key(), Column("settings", JSON))),
    "change_to_domain": (
        lambda: schema_with(key(), Column("quantity", Integer)),
        lambda: schema_with(key(), Column("quantity", _positive()))),
    "change_domain_check": (
        lambda: schema_with(key(), Column("quantity", _positive())),
        lambda: schema_with(key(), Column("quantity", _positive("VALUE >= 0 AND VALUE < 1000"))),
    ),
    "add_exclusion_constraint": (
        lambda: schema_with(key(), Column("slot", INT4RANGE)),
        lambda: schema_with(key(), Column("slot", INT4RANGE),
                            ExcludeConstraint(("slot", "&&"), using="gist",
                                              name="accounts_slot_excl"))),
    "make_index_partial": (
        lambda: schema_with(key(), Column("email", String(100)),
                            Index("ix_accounts_email", "email")),
        lambda: schema_with(key(), Column("email", String(100)),
                            Index("ix_accounts_email", "email",
                                  postgresql_where=text("email IS NOT NULL")))),
    "add_sequence": (
        lambda: schema_with(key()),
        lambda: _with_sequence(schema_with(key()))),
    "change_sequence_options": (
        _with_invoice_numbers(start=1000),
        _with_invoice_numbers(start=2000, increment=5, maxvalue=1_000_000, cache=10,
                              cycle=True)),
    "change_domain_default_not_null": (
        lambda: schema_with(key(), Column("quantity", _positive())),
        lambda: schema_with(key(), Column("quantity", _positive(default=text("1"),
                                                                not_null=True)))),
}


HAZARD_EXAMPLES: dict[str, str] = {
    "MH001": "add_not_null_column", "MH002": "add_volatile_default",
    "MH003": "add_generated_column", "MH004": "set_not_null", "MH005": "change_type",
    "MH006": "rename_column", "MH007": "rename_table", "MH008": "drop_column",
    "MH009": "drop_table", "MH010": "create_index", "MH011": "drop_index",
    "MH012": "add_foreign_key", "MH013": "add_check", "MH014": "add_unique",
    "MH015": "add_primary_key", "MH016": "enum_remove_value", "MH017": "json_to_jsonb",
    "MH018": "drop_not_null", "MH019": "drop_default",
    "MH021": "add_not_null_column", "MH023": "drop_foreign_key", "MH024": "add_json_column",
    "MH025": "rename_table_across_schemas", "MH026": "change_to_domain",
    "MH028": "add_exclusion_constraint",
}
"""The example shown on each hazard's reference page."""

POSTGRESQL_ONLY = frozenset({
    "add_volatile_default", "json_to_jsonb", "add_identity_column", "make_column_identity",
    "rename_table_across_schemas", "add_json_column", "change_to_domain", "change_domain_check",
    "change_domain_default_not_null", "add_exclusion_constraint", "make_index_partial",
    "make_identity_always"})
"""Examples whose schema only PostgreSQL can express (or, for a move between schemas, whose
test needs schemas rather than databases)."""

MYSQL_ONLY = frozenset({"add_expression_default", "make_key_auto_increment"})
"""Examples only MySQL/MariaDB can express, or that change nothing on PostgreSQL."""
