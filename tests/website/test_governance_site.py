"""The site shows accepted risks (suppressed findings) with their reason, owner and review
date, a page per data classification and the deployment of the datastores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from archdocs.load import load_models
from archdocs.review.engine import review
from archdocs.website.build import SiteOptions, build_site

MODEL = '''
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import *  # noqa: F403
from archdocs import tech

system = System("Shop")
box = Server("sql-1", region="eu-west")
sales = system.context("Sales")
api = sales.service("order-api")


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = {"comment": "One customer."}
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), comment="Login.", info=classify(
        Classification.PERSONAL, erasure="30d"))


db = sales.datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base, server=box,
    backup=Backup(schedule="daily", retention="30 days", point_in_time=True),
    logins=[login("orders_app", [Privilege.READ, Privilege.WRITE], used_by=[api])],
    suppress=[suppress("RES002", "a restore in 2 hours is acceptable for this shop",
                       owner="Platform team", review_by="{review_by}")],
)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE, carries=[Customer])
'''


def _models(tmp_path: Path, review_by: str) -> Path:
    root = tmp_path / "models"
    root.mkdir()
    (root / "shop.py").write_text(MODEL.replace("{review_by}", review_by), encoding="utf-8")
    return root


def test_an_accepted_risk_is_shown_where_readers_look(tmp_path: Path) -> None:
    result = build_site(SiteOptions(models=_models(tmp_path, "2999-01-01"), diagrams="mermaid",
                                    use_cache=False),
                        providers=["archdocs.pages.core",
                                   "archdocs.pages.governance"])
    files = {path: data.decode() for path, data in result.files().items()}
    findings = files["architecture/findings.md"]
    assert "beyond 1 accepted risk (below)" in findings
    assert "## Accepted risks (1)" in findings
    row = next(line for line in findings.splitlines() if "RES002" in line and "restore" in line)
    assert "a restore in 2 hours is acceptable for this shop" in row
    assert "Platform team" in row and "2999-01-01" in row
    register = files["architecture/accepted-risks.md"]
    assert "orders-db has no failover" not in register  # the message names the server
    assert "orders-db (system-of-record) on server sql-1 has no failover" in register
    datastore = files["architecture/datastores/orders-db.md"]
    assert "## Accepted risks" in datastore and "Platform team" in datastore
    assert "**Server:** sql-1 (self-hosted)" in datastore
    assert "<code>orders_app</code> | read, write | order-api" in datastore
    decisions = files["architecture/technology-decisions.md"]
    assert "RES002](rules/res002.md) (accepted risk)" in decisions
    rule = files["architecture/rules/res002.md"]
    assert "## Accepted risks in this model" in rule and "Platform team" in rule
    personal = files["architecture/classified-data/personal.md"]
    assert "| [orders-db](../datastores/orders-db.md) | customers.email |" in personal
    assert "customers" in personal.split("## Where it flows")[1]
    deployment = files["architecture/deployment.md"]
    assert "| sql-1 (self-hosted) | eu-west | none |" in deployment


def test_a_risk_past_its_review_date_is_reported_again(tmp_path: Path) -> None:
    model = load_models(_models(tmp_path, "2026-06-30"))
    before = review(model, today=date(2026, 6, 30))
    assert [s.finding.rule for s in before.suppressed] == ["RES002"]
    assert before.suppressed[0].owner == "Platform team"
    after = review(model, today=date(2026, 7, 1))
    assert after.suppressed == []
    [finding] = [f for f in after.findings if f.rule == "RES002"]
    assert "[accepted risk by Platform team was due for review on 2026-06-30" in finding.message
    assert "a restore in 2 hours is acceptable" in finding.message
    assert finding.hint is not None and "move review_by=" in finding.hint


def test_check_lists_the_owner_and_review_date_of_an_accepted_risk(tmp_path: Path) -> None:
    from archdocs.review.output import as_text

    report = review(load_models(_models(tmp_path, "2999-01-01")), today=date(2027, 1, 1))
    text = as_text(report, show_suppressed=True)
    assert "    accepted risk: owner: Platform team, review by: 2999-01-01" in text


def test_a_review_date_that_is_not_a_date_is_reported_at_its_line(tmp_path: Path) -> None:
    from archdocs.errors import ArchdocsError

    try:
        load_models(_models(tmp_path, "next spring"))
    except ArchdocsError as error:
        assert "shop.py:" in str(error.location)
        assert "review_by 'next spring' is not a date" in str(error)
    else:
        raise AssertionError("a bad review_by loaded without error")


def test_the_deployment_section_is_a_heading_after_the_tables_list(tmp_path: Path) -> None:
    import markdown

    result = build_site(SiteOptions(models=_models(tmp_path, "2999-01-01"), diagrams="mermaid",
                                    use_cache=False),
                        providers=["archdocs.pages.core",
                                   "archdocs.pages.governance"])
    page = result.files()["architecture/datastores/orders-db.md"].decode()
    rendered = markdown.markdown(page, extensions=["tables", "attr_list", "toc"])
    for heading in ("Deployment", "Logins", "Classified data", "Accepted risks"):
        assert f">{heading}</h" in rendered, heading
