"""Data residency weighs in the advice: managed offerings not sold in the jurisdiction lose
their managed points (or are rejected when managed-only), and the advice says where replicas,
backups and cross-region copies may go.

Sources for the jurisdictions: the providers' public region lists (AWS "Regions and
Availability Zones", Azure "Azure geographies", Google Cloud "Cloud locations") and the
third-party services' region lists (MongoDB Atlas "Cloud providers and regions", Elastic
Cloud "Regions"): none of the third-party services runs in the clouds' China partitions, and
Google Cloud has no region in mainland China. See docs/guide/advice.md.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace

import pytest
from test_scenarios import SCENARIOS, Scenario, _advise

from archdocs.adr.location import load_log
from archdocs.advise.catalogue import CLOUD_RESIDENCIES, PROFILES
from archdocs.advise.render import as_markdown
from archdocs.cli import main
from archdocs.errors import ArchdocsError
from archdocs.model import Cloud, Constraints
from archdocs.model.constraints import RESIDENCIES


def _with(name: str, **constraints: object) -> Scenario:
    return replace(SCENARIOS[name][0], constraints=Constraints(**constraints))  # type: ignore[arg-type]


def _text(scenario: Scenario) -> str:
    return html.unescape(as_markdown(_advise(scenario)))


def test_residency_in_china_turns_a_document_store_on_atlas_into_postgresql_on_rds():
    # [DDIA] ch. 2 résumé on AWS: MongoDB Atlas wins where it is sold; Atlas does not run in
    # the AWS China regions, so there RDS for PostgreSQL (sold in cn) ranks first.
    anywhere = _advise(_with("ddia-ch2-resume-as-document", cloud=Cloud.AWS))
    assert (anywhere.recommended.technology, anywhere.recommended.managed) == (
        "mongodb", "MongoDB Atlas on AWS")
    china = _with("ddia-ch2-resume-as-document", cloud=Cloud.AWS, data_residency="cn")
    advice = _advise(china)
    text = _text(china)
    assert (advice.recommended.technology, advice.recommended.managed) == (
        "postgresql", "Amazon RDS / Aurora PostgreSQL")
    assert "+0 MongoDB Atlas on AWS is not offered in cn, where the data must stay: " \
           "self-hosted there" in text
    assert "- MongoDB: not offered as a managed service in cn on aws, azure, gcp" in text
    assert "- aws has regions in cn" in text


def test_residency_changes_the_search_offering_from_elastic_cloud_to_opensearch_service():
    advice = _advise(_with("high-volume-search-index", cloud=Cloud.AWS, data_residency="cn"))
    assert (advice.recommended.technology, advice.recommended.managed) == (
        "opensearch", "Amazon OpenSearch Service")
    assert "Elasticsearch: no managed offering in cn; self-hosted: simplicity 2/5; " \
           "prefer self-hosted" in advice.hosting


def test_a_cloud_without_a_region_there_is_said_and_managed_only_services_are_rejected():
    scenario = _with("s3-archive", cloud=Cloud.GCP, data_residency="cn")
    advice = _advise(scenario)
    text = _text(scenario)
    assert not advice.complete
    assert "| S3-compatible object storage | object | Google Cloud Storage is not offered " \
           "in cn, where the data must stay" in text
    assert "- gcp has no region in cn: nothing managed there keeps the data in place; " \
           "self-host on premises or choose a cloud with a region there (aws, azure)" in text


def test_residency_in_the_eu_keeps_the_recommendation_and_bounds_replicas_and_backups():
    # [AWS-cache] ElastiCache for Redis is sold in the EU: same recommendation, same score,
    # but the advice now says where the copies may go, and the path respects it.
    plain = _advise(_with("aws-session-cache", cloud=Cloud.AWS))
    eu = _advise(_with("aws-session-cache", cloud=Cloud.AWS, data_residency="eu"))
    assert (eu.recommended.technology, eu.recommended.managed, eu.recommended.score) == (
        plain.recommended.technology, plain.recommended.managed, plain.recommended.score)
    assert [o.technology for o in eu.ranked] == [o.technology for o in plain.ranked]
    assert eu.residency[0] == (
        "the data must stay in the European Union (eu): the primary, its standbys and read "
        "replicas, its backups and snapshots go to regions in eu only")
    assert "a cross-region read replica or disaster-recovery copy stays within eu" \
           in eu.residency[1]
    replicas = next(s for s in eu.path if s.name == "read replicas")
    assert replicas.detail.endswith("replicas, cross-region ones included, in eu regions only")
    sharding = next(s for s in eu.path if s.name == "sharding")
    assert sharding.detail.endswith("every shard and its replicas in eu")
    assert "in eu" not in next(s for s in plain.path if s.name == "read replicas").detail
    assert "None declared: replicas and backups may go to any region" in as_markdown(plain)


def test_residency_is_in_the_json_and_on_the_advice_page(shop, tmp_path, capsys):
    model = shop / "shop.py"
    model.write_text(model.read_text(encoding="utf-8").replace(
        'already_run=["postgresql"]', 'already_run=["postgresql"], data_residency="EU"'),
        encoding="utf-8")
    root = shop
    assert main(["advise", str(root), "--format", "json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["data_residency"] == "eu"
    assert data["residency"][0].startswith("the data must stay in the European Union (eu)")
    assert main(["advise", str(root)]) == 0
    first = capsys.readouterr().out
    assert main(["advise", str(root)]) == 0
    assert capsys.readouterr().out == first
    assert "### Data residency" in first
    site = tmp_path / "site"
    assert main(["generate", str(site), str(root), "-q"]) == 0
    page = (site / "architecture" / "advice" / "orders-db.md").read_text(encoding="utf-8")
    assert "### Data residency" in page
    assert "the data must stay in the European Union (eu)" in page
    adr_dir = tmp_path / "adr"
    assert main(["advise", str(root), "--adr", "--adr-dir", str(adr_dir)]) == 0
    assert load_log(adr_dir).records[0].status == "proposed"
    record = next(adr_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "* data residency: the data must stay in the European Union (eu)" in record
    assert "replicas, cross-region ones included, in eu regions only" in record


def test_an_unknown_jurisdiction_is_refused_with_the_known_ones():
    with pytest.raises(ArchdocsError) as caught:
        Constraints(data_residency="europe-west1")
    assert "data_residency 'europe-west1' is not a known jurisdiction" in str(caught.value)
    assert "'eu'" in (caught.value.hint or "")
    assert caught.value.location is not None
    assert Constraints(data_residency=" UK ").data_residency == "uk"


def test_the_guide_documents_every_jurisdiction_and_no_longer_says_residency_is_unused(
        repo_root):
    guide = (repo_root / "docs" / "guide" / "advice.md").read_text(encoding="utf-8")
    assert "does not use it yet" not in guide
    section = guide.split("## Data residency", 1)[1].split("\n## ", 1)[0]
    for code in RESIDENCIES:
        assert f"`{code}`" in section, code
    assert all("cn" in CLOUD_RESIDENCIES[c] for c in (Cloud.AWS, Cloud.AZURE))
    assert "cn" not in CLOUD_RESIDENCIES[Cloud.GCP] and "| `cn` |" in section
    for technology_id in ("mongodb", "elasticsearch", "eventstoredb", "timescaledb"):
        assert "cn" in PROFILES[technology_id].not_in
    for vendor in ("MongoDB Atlas", "Elastic Cloud", "Event Store Cloud", "Timescale Cloud"):
        assert vendor in section, vendor
