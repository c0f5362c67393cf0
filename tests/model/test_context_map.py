"""DDD context-map relationships: declared with System.relationship, refused with the line
and a hint when they cannot be right."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from archdocs import (
    ACL,
    CF,
    CUSTOMER_SUPPLIER,
    OHS,
    PARTNERSHIP,
    PL,
    SHARED_KERNEL,
    ContextMapError,
    System,
)
from archdocs.cli import main


def _shop() -> tuple[System, object, object, object]:
    system = System("Shop")
    return system, system.context("Catalog"), system.context("Ordering"), system.external("PSP")


def test_a_relationship_reads_like_context_mappers_notation() -> None:
    system, catalog, ordering, psp = _shop()
    upstream = system.relationship(upstream=catalog, downstream=ordering,
                                   upstream_roles=[PL, OHS], downstream_roles=[ACL])
    supplier = system.relationship(psp, "Ordering", kind=CUSTOMER_SUPPLIER)
    partners = system.relationship(catalog, psp, kind=PARTNERSHIP)
    assert upstream.title == "Catalog [U,OHS,PL] \u2192 [D,ACL] Ordering"  # roles in order
    assert supplier.title == "PSP [U,S] \u2192 [D,C] Ordering"
    assert partners.title == "Catalog [P] PSP"
    assert system.relationships == [upstream, supplier, partners]
    assert upstream.side_of(ordering) == "downstream" and partners.side_of(psp) == "partner"
    assert upstream.declared_at.file == str(Path(__file__).resolve())


@pytest.mark.parametrize(("declare", "message", "hint"), [
    (lambda s, c, o, p: s.relationship(c, c), "context 'Catalog' is related to itself",
     "two different contexts"),
    (lambda s, c, o, p: s.relationship(c, "Billing"), "'Billing' is none of them",
     "Catalog, Ordering, PSP"),
    (lambda s, c, o, p: s.relationship(c, s.actor("Buyer")), "actor 'Buyer' is none of them",
     "declared before it"),
    (lambda s, c, o, p: s.relationship(c, o, kind=SHARED_KERNEL, downstream_roles=[CF]),
     "a shared kernel between 'Catalog' and 'Ordering' has no upstream or downstream",
     "drop upstream_roles"),
    (lambda s, c, o, p: s.relationship(c, o, upstream_roles=[ACL]),
     "ACL (anti-corruption layer) is a downstream role", "move ACL to downstream_roles"),
    (lambda s, c, o, p: s.relationship(c, o, downstream_roles=[PL]),
     "PL (published language) is an upstream role", "move PL to upstream_roles"),
    (lambda s, c, o, p: s.relationship(c, o, downstream_roles=[CF, ACL]),
     "'Ordering' is both a conformist (CF) and behind an anti-corruption layer", "keep the one"),
    (lambda s, c, o, p: s.relationship(c, o, kind=CUSTOMER_SUPPLIER, downstream_roles=[CF]),
     "'Ordering' is a customer of 'Catalog' and a conformist", "UPSTREAM_DOWNSTREAM with CF"),
    (lambda s, c, o, p: s.relationship(c, o, downstream_roles=["ACL"]),
     "'ACL' is not a context-map role", "from archdocs"),
    (lambda s, c, o, p: s.relationship(c, o, kind="partnership"),
     "is not a RelationshipKind", "PARTNERSHIP"),
])
def test_impossible_relationships_are_refused_with_where_and_how(declare, message, hint) -> None:
    system, catalog, ordering, psp = _shop()
    with pytest.raises(ContextMapError) as raised:
        declare(system, catalog, ordering, psp)
    assert message in raised.value.message
    assert hint in (raised.value.hint or "")
    assert raised.value.location is not None
    assert raised.value.location.file == str(Path(__file__).resolve())


def test_a_pair_has_one_relationship_whichever_way_round() -> None:
    system, catalog, ordering, _ = _shop()
    system.relationship(catalog, ordering, downstream_roles=[CF])
    with pytest.raises(ContextMapError, match="already have a relationship"):
        system.relationship(ordering, catalog, kind=PARTNERSHIP)


def test_a_bad_relationship_in_a_models_directory_stops_check_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(textwrap.dedent("""\
        from archdocs import OHS, System

        system = System("Shop")
        catalog = system.context("Catalog")
        system.relationship(catalog, "Ordering", upstream_roles=[OHS])
    """), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", str(models)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("models/shop.py:5: error: "), err
    assert "'Ordering' is none of them" in err
    assert "hint: name a context or external system declared before it: Catalog" in err
    assert "Traceback" not in err


def test_a_second_relationship_of_a_pair_names_the_first_by_line_not_absolute_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(textwrap.dedent("""\
        from archdocs import System

        system = System("Shop")
        catalog = system.context("Catalog")
        ordering = system.context("Ordering")
        system.relationship(upstream=catalog, downstream=ordering)
        system.relationship(upstream=ordering, downstream=catalog)
    """), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", str(models)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("models/shop.py:7: error: 'Ordering' and 'Catalog' already have a "
                          "relationship (Catalog [U] → [D] Ordering, declared at line 6 of "
                          "shop.py)"), err
    assert str(tmp_path) not in err


def test_a_misspelt_context_name_suggests_the_closest() -> None:
    system, catalog, _, _ = _shop()
    with pytest.raises(ContextMapError) as error:
        system.relationship(upstream=catalog, downstream="Orderin")
    assert (error.value.hint or "").startswith("did you mean 'Ordering'? name a context")
