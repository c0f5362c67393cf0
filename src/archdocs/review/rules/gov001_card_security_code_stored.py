"""GOV001: a card security code (CVV/CVC/CSC) is stored in a datastore."""

from collections.abc import Iterator

from archdocs.model.governance import Classification
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import Holding, classified_of, copies, origin_text
from archdocs.review.rule import Hit, RuleDoc, rule

_CSC = Classification.CARD_SECURITY_CODE


@rule(
    "GOV001", "card-security-code-stored", Severity.ERROR, family="governance",
    why="PCI DSS v4.0 requirement 3.3.1.2: the card verification code must not be retained "
        "after authorisation, even encrypted. Any datastore that keeps it (a table, a document, "
        "a cache entry, an event on a durable queue, a log line) puts the merchant out of "
        "compliance and turns a breach into a card-fraud incident. Source: PCI DSS v4.0.1, "
        "https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf",
    fix="Pass the code straight to the payment provider during authorisation and drop it: "
        "remove the column or field, and keep it out of events, caches and logs.",
)
def card_security_code_stored(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for holding in ctx.holdings(datastore):
            if holding.classified.kind is _CSC:
                yield Hit(datastore, f"{holding.where} stores a card security code "
                          f"({datastore.role.value}, {datastore.technology.name})",
                          target=holding.target, location=holding.classified.declared_at)
    for copy in copies(ctx):
        for item in copy.carried:
            if classified_of(item).kind is _CSC and not isinstance(item, Holding):
                yield Hit(copy.flow, f"flow {copy.flow.name!r} writes a card security code "
                          f"({origin_text(item, copy.flow)}) into {copy.target.name} "
                          f"({copy.target.role.value})")


DOC = RuleDoc(
    checks="""
- every column, table or datastore classified `Classification.CARD_SECURITY_CODE`, in any
  datastore whatever its role (a broker, a cache or a log store keeps it too);
- every flow that declares it carries a card security code (`classification=[...]` on the
  flow, for example an event field) and writes into a datastore, or passes through a broker.
""",
    example="""
class Base(DeclarativeBase):
    pass


class PaymentMethod(Base):
    __tablename__ = "payment_methods"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(String(19), info=classify(
        Classification.PAYMENT_CARD, protection=[Protection.TOKENISED]))
    security_code: Mapped[str] = mapped_column(String(4), info=classify(
        Classification.CARD_SECURITY_CODE))

system = System("Shop")
payments = system.context("Payments")
api = payments.service("payment-api")
db = payments.datastore("payments-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
class Base(DeclarativeBase):
    pass


class PaymentMethod(Base):
    __tablename__ = "payment_methods"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(String(19), info=classify(
        Classification.PAYMENT_CARD, protection=[Protection.TOKENISED]))


system = System("Shop")
payments = system.context("Payments")
api = payments.service("payment-api")
db = payments.datastore("payments-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""security_code: Mapped[str] = mapped_column(String(4), info={
    **classify(Classification.CARD_SECURITY_CODE),
    **column_notes(suppress=[suppress("GOV001", "the reason", owner="Payments team",
                                      review_by="2027-01-31")])})""",
)
