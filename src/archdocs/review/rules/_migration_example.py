"""What the examples of the migration rules (MIG) share: an Orders context whose order-api moves
from orders-db to orders-store. Each rule's ``DOC`` adds the flow and the migration it is about."""

ORDERS_MOVE = '''
system = System("Shop")
orders = system.context("Orders")
api = orders.service("order-api")
old_db = orders.datastore("orders-db", tech.PostgreSQL("16"))
new_db = orders.datastore("orders-store", tech.PostgreSQL("16"))
system.flow(api, old_db, Mechanism.QUERY, access=Access.READ_WRITE)
'''
"""The model before the migration is declared, shown at the top of every MIG example."""
