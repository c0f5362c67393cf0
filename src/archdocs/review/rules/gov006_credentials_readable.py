"""GOV006: credentials or secrets are stored readable (not hashed, encrypted or tokenised)."""

from collections.abc import Iterator

from archdocs.model.governance import Classification
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import readable_holdings
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "GOV006", "credentials-readable", Severity.WARNING, family="governance",
    why="A stolen backup, replica or log that holds passwords, API keys or bearer tokens in "
        "clear lets the thief sign in as every user. Passwords must be kept as a salted, slow "
        "hash (OWASP Password Storage Cheat Sheet: Argon2id, scrypt, bcrypt); session and API "
        "tokens as a hash of the token, with the token only in the client; secrets in a vault "
        "(OWASP ASVS V2.4, V3.5, V6.4).",
    fix="Store a hash (Protection.HASHED) or an encrypted value (Protection.COLUMN_ENCRYPTION), "
        "or keep the secret in a vault and store its reference (Protection.TOKENISED).",
)
def credentials_readable(ctx: ReviewContext) -> Iterator[Hit]:
    for holding in readable_holdings(ctx, Classification.CREDENTIALS):
        datastore = holding.datastore
        yield Hit(datastore, f"{holding.where} stores credentials readable "
                  f"({datastore.role.value}, {datastore.technology.name})",
                  target=holding.target, location=holding.classified.declared_at)


DOC = RuleDoc(
    checks="""
- every column, table or datastore classified `Classification.CREDENTIALS` whose declared
  protection has none of `hashed`, `column-encryption` or `tokenised`.
""",
    example="""
class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    password: Mapped[str] = mapped_column(String(200), info=classify(Classification.CREDENTIALS))


system = System("Shop")
ids = system.context("Identity")
api = ids.service("account-api")
db = ids.datastore("accounts-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200), info=classify(
        Classification.CREDENTIALS, protection=[Protection.HASHED]))


system = System("Shop")
ids = system.context("Identity")
api = ids.service("account-api")
db = ids.datastore("accounts-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""token: Mapped[str] = mapped_column(String(43), info={
    **classify(Classification.CREDENTIALS, retention="30d"),
    **column_notes(suppress=[suppress("GOV006", "the reason", owner="Identity team",
                                      review_by="2027-03-31")])})""",
)
