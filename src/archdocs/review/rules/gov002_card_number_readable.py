"""GOV002: a payment card number is stored readable (not tokenised, encrypted or hashed)."""

from collections.abc import Iterator

from archdocs.model.governance import Classification
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import readable_holdings
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "GOV002", "card-number-readable", Severity.ERROR, family="governance",
    why="PCI DSS v4.0 requirement 3.5.1: the primary account number (PAN) must be unreadable "
        "wherever it is stored: tokenised, truncated, hashed with a keyed hash, or encrypted "
        "with strong cryptography. Disk or TDE encryption alone does not count for removable "
        "media or when the database answers queries in clear (3.5.1.2). Source: PCI DSS "
        "v4.0.1, https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/"
        "PCI-DSS-v4_0_1.pdf",
    fix="Store a token from the payment provider instead of the number, or declare the "
        "column-level encryption or keyed hash it has: classify(Classification.PAYMENT_CARD, "
        "protection=[Protection.TOKENISED]).",
)
def card_number_readable(ctx: ReviewContext) -> Iterator[Hit]:
    for holding in readable_holdings(ctx, Classification.PAYMENT_CARD):
        classified = holding.classified
        protection = ", ".join(p.value for p in classified.protection) or "no protection"
        yield Hit(holding.datastore, f"{holding.where} stores card numbers readable "
                  f"({protection} declared)",
                  target=holding.target, location=classified.declared_at)


DOC = RuleDoc(
    checks="""
- every column, table or datastore classified `Classification.PAYMENT_CARD` whose declared
  protection has none of `tokenised`, `column-encryption` or `hashed`
  (`encrypted-at-rest` and `masked-non-production` alone do not make it unreadable).
""",
    example="""
class Base(DeclarativeBase):
    pass


class PaymentMethod(Base):
    __tablename__ = "payment_methods"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(String(19), info=classify(
        Classification.PAYMENT_CARD, protection=[Protection.ENCRYPTED_AT_REST]))


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
    suppress="""info={**classify(Classification.PAYMENT_CARD),
      **column_notes(suppress=[suppress("GOV002", "the reason")])}""",
)
