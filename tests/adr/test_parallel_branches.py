"""Two pull requests each add a decision record, then both are merged (real git)."""

from __future__ import annotations

import subprocess

from archdocs.cli import main

MODEL = '''
from archdocs import System, tech
system = System("Shop")
sales = system.context("Sales")
sales.datastore("orders-db", tech.PostgreSQL("16"))
'''


def check_adr_rules(capsys) -> tuple[int, str]:
    code = main(["check", "models", "--rule", "ADR006", "--rule", "ADR003", "--rule", "ADR001"])
    return code, capsys.readouterr().out


def test_archdocs_ids_never_collide_when_two_branches_add_a_record(repo, capsys):
    repo.write("models/shop.py", MODEL)
    repo.commit("model")
    repo.git("checkout", "-q", "-b", "cache")
    assert main(["adr", "new", "Cache sessions in Redis", "--relates-to", "orders-db"]) == 0
    repo.commit("decision: cache")
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "search")
    assert main(["adr", "new", "Search products with OpenSearch"]) == 0
    repo.commit("decision: search")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "cache")
    repo.git("merge", "-q", "--no-edit", "search")  # no conflict
    capsys.readouterr()
    assert main(["adr", "list", "--format", "json"]) == 0
    listed = capsys.readouterr().out
    assert "cache-sessions-in-redis" in listed and "search-products-with-opensearch" in listed
    code, out = check_adr_rules(capsys)
    assert code == 0, out
    assert "ADR006" not in out


ADR_TOOLS = "# {n}. {title}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\n{body}\n"


def test_numbered_records_clash_after_merge_check_reports_it_and_renumber_fixes_it(repo, capsys):
    repo.write("models/shop.py", MODEL)
    repo.write("docs/adr/0001-record-architecture-decisions.md",
               ADR_TOOLS.format(n=1, title="Record architecture decisions", body="We record."))
    repo.commit("adr-tools folder", date="2024-01-01T10:00:00")
    repo.git("checkout", "-q", "-b", "redis")
    repo.write("docs/adr/0002-use-redis.md",
               ADR_TOOLS.format(n=2, title="Use Redis", body="Sessions live in Redis."))
    repo.commit("ADR 2: Redis", date="2024-02-01T10:00:00")
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "kafka")
    repo.write("docs/adr/0002-use-kafka.md",
               ADR_TOOLS.format(n=2, title="Use Kafka", body="Events go through Kafka."))
    repo.write("docs/adr/0003-publish-order-events.md",
               ADR_TOOLS.format(n=3, title="Publish order events",
                                body="Builds on [2. Use Kafka](0002-use-kafka.md): one topic."))
    repo.write("docs/guide/events.md", "See [the Kafka decision](../adr/0002-use-kafka.md).\n")
    repo.commit("ADR 2 and 3: Kafka", date="2024-03-01T10:00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "redis")
    repo.git("merge", "-q", "--no-edit", "kafka")  # git merges both "0002" files silently
    capsys.readouterr()

    code, out = check_adr_rules(capsys)
    assert code == 1
    assert "ADR006" in out and "number 2 is used by 2 records: 0002-use-kafka, 0002-use-redis" \
        in out

    assert main(["adr", "renumber"]) == 0
    report = capsys.readouterr().out
    assert "0004-use-kafka.md: renumbered from 0002-use-kafka" in report
    adr = repo.root / "docs" / "adr"
    # The record added to git first keeps its number (though its id sorts later); the other
    # gets the next free number.
    assert (adr / "0002-use-redis.md").read_text() == ADR_TOOLS.format(
        n=2, title="Use Redis", body="Sessions live in Redis.")
    assert not (adr / "0002-use-kafka.md").exists()
    assert (adr / "0004-use-kafka.md").read_text() == ADR_TOOLS.format(
        n=4, title="Use Kafka", body="Events go through Kafka.")
    # The link in the other record follows, and nothing else in it changes.
    assert (adr / "0003-publish-order-events.md").read_text() == ADR_TOOLS.format(
        n=3, title="Publish order events",
        body="Builds on [2. Use Kafka](0004-use-kafka.md): one topic.")
    # Links from the rest of the docs follow too.
    assert (repo.root / "docs/guide/events.md").read_text() == \
        "See [the Kafka decision](../adr/0004-use-kafka.md).\n"
    code, out = check_adr_rules(capsys)
    assert code == 0, out
    assert main(["adr", "renumber"]) == 0
    assert "no clashing numbers" in capsys.readouterr().out


def test_same_title_same_day_on_two_branches_is_a_conflict_not_a_silent_merge(repo, capsys):
    repo.write("models/shop.py", MODEL)
    repo.commit("model")
    for branch, element in (("a", "orders-db"), ("b", "Sales")):
        repo.git("checkout", "-q", "main")
        repo.git("checkout", "-q", "-b", branch)
        assert main(["adr", "new", "Use Redis", "--relates-to", element,
                     "--date", "2024-05-01"]) == 0
        repo.commit(f"decision on {branch}")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "a")
    result = subprocess.run(["git", "merge", "--no-edit", "b"], cwd=repo.root,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "CONFLICT (add/add)" in result.stdout + result.stderr
    assert "20240501-use-redis.md" in repo.git("diff", "--name-only", "--diff-filter=U")
