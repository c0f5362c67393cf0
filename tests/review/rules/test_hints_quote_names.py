"""Hints that show code (Python for the model, SQL for the server) quote the names in them for
that language: a hostile column or index name gives a hint that still means that name."""

import ast

DM005 = '''
    metadata = MetaData()
    Table("users", metadata, Column("id", Integer, primary_key=True),
          Column({column!r}, String(200)))
    System("Shop").context("Identity").datastore("db", tech.PostgreSQL("16"), schema=metadata,
        access_patterns=[AccessPattern("sign in", table="users", equals=[{column!r}])])
'''

PRF003 = '''
    metadata = MetaData()
    orders = Table("orders", metadata, Column("id", Integer, primary_key=True),
                   Column("customer_id", Integer), Column("created_at", DateTime))
    Index("ix_orders_customer_created", orders.c.customer_id, orders.c.created_at)
    Index({name!r}, orders.c.customer_id)
    system = System("Shop")
    system.context("Sales").datastore("orders-db", tech.{tech}, schema=metadata)
'''


def test_the_unique_constraint_hint_is_python_that_names_the_column(review_model):
    column = 'x"), open("x_email'
    [finding] = review_model(DM005.format(column=column), "DM005").of("DM005")
    code = finding.hint.removeprefix("add ").removesuffix(" to users's __table_args__")
    call = ast.parse(code, mode="eval").body
    assert isinstance(call, ast.Call) and call.func.id == "UniqueConstraint"
    assert [ast.literal_eval(arg) for arg in call.args] == [column]


def test_the_drop_index_hint_quotes_the_index_name_for_the_dialect(review_model):
    name = 'ix"; DROP TABLE orders; --'
    [finding] = review_model(PRF003.format(name=name, tech='PostgreSQL("16")'),
                             "PRF003").of("PRF003")
    assert finding.hint.startswith('DROP INDEX "ix""; DROP TABLE orders; --";')
    name = "ix`; DROP TABLE orders; --"
    [finding] = review_model(PRF003.format(name=name, tech='MariaDB("11")'),
                             "PRF003").of("PRF003")
    assert finding.hint.startswith("DROP INDEX `ix``; DROP TABLE orders; --` ON orders;")
