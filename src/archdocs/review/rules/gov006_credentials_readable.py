"""GOV006: credentials or secrets are stored readable (not hashed, encrypted or tokenised)."""

from collections.abc import Iterator

from archdocs.model.governance import Classification
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import readable_holdings
from archdocs.review.rule import Hit, rule


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
    for holding in readable_holdings(ctx.sys.datastores, Classification.CREDENTIALS):
        datastore = holding.datastore
        yield Hit(datastore, f"{holding.where} stores credentials readable "
                  f"({datastore.role.value}, {datastore.technology.name})",
                  target=holding.target, location=holding.classified.declared_at)
