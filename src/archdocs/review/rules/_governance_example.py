"""What the examples of the copy rules of data governance (GOV003 to GOV005) share: a Customers
context whose customers-db holds a classified, encrypted e-mail address kept in the EU. Each
rule's ``DOC`` adds the copy it is about."""

CUSTOMERS = '''
class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), info=classify(
        Classification.PERSONAL, protection=[Protection.ENCRYPTED_AT_REST], erasure="30d",
        regions=["eu"]))


system = System("Shop")
crm = system.context("Customers")
api = crm.service("customer-api")
db = crm.datastore("customers-db", tech.PostgreSQL("16"), schema=Base, region="eu")
'''
"""The system of record, shown at the top of each example."""
