"""A one-file model with an undecided datastore, shared by the advice tests."""

import pytest

SHOP = '''
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table
from archdocs import tech
from archdocs.model import (AccessPattern, Cloud, Constraints, Mechanism, Requirement, System,
                            Volume)

md = MetaData()
Table("orders", md, Column("id", Integer, primary_key=True, comment="id"),
      Column("customer_id", Integer, comment="buyer"), Column("created_at", DateTime, comment="t"),
      Column("title", String(200), comment="title"), comment="Orders")
shop = System("Shop", description="A shop")
sales = shop.context("Sales", description="sales")
api = sales.service("orders-api", description="api")
db = sales.datastore("orders-db", tech.Undecided(), schema=md,
    requirements=[Requirement.ACID, Requirement.JOINS, Requirement.FULL_TEXT],
    volumes={"orders": Volume(rows=1_000_000, rows_per_day=20_000, growth_per_year=0.5)},
    access_patterns=[
        AccessPattern("by customer", table="orders", equals=["customer_id"], per_second=200),
        AccessPattern("search", table="orders", equals=["title"], text_search=True, per_second=5)],
    constraints=Constraints(cloud=Cloud.AWS, already_run=["postgresql"]),
    description="orders")
shop.flow(api, db, Mechanism.QUERY)
'''


@pytest.fixture
def shop(write_model):
    return write_model({"shop.py": SHOP})
