"""The real thing: MusicBrainz (512 tables in 9 schemas, 889 foreign keys), loaded into a
throw-away PostgreSQL database, reflected, split and rendered."""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path

import pytest
from render_example import store_with, svg_texts
from sqlalchemy import MetaData, create_engine

from archdocs.render import DiagramRenderer, er_focus_spec, er_parts, er_specs

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

CORPUS_HELPER = Path(__file__).resolve().parents[1] / "live" / "corpus.py"


def _corpus_module():
    spec = importlib.util.spec_from_file_location("render_corpus_loader", CORPUS_HELPER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def musicbrainz() -> MetaData:
    corpus = _corpus_module()
    reason = corpus.server_available("postgresql")
    if reason:
        pytest.skip(reason)
    name = corpus.unique_name("render")
    url = corpus.create_database("postgresql", name)
    try:
        corpus.load(corpus.MUSICBRAINZ, name)
        engine = create_engine(url)
        metadata = MetaData()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # cube and point are unknown to SQLAlchemy
            for schema in corpus.MUSICBRAINZ.schemas:
                metadata.reflect(engine, schema=schema)
        engine.dispose()
    finally:
        corpus.drop_database("postgresql", name)
    return metadata


def test_musicbrainz_er_is_split_into_readable_parts_that_all_render(musicbrainz):
    system, datastore = store_with(musicbrainz, "musicbrainz")
    parts = er_parts(datastore)
    assert all(len(part.tables) <= 60 for part in parts)
    drawn = sorted(t.fullname for part in parts for t in part.tables)
    assert drawn == sorted(t.fullname for t in datastore.tables)
    assert len(drawn) >= 512
    names = [part.name for part in parts]
    # Small schemas stay whole; the big musicbrainz schema is cut around its hubs.
    assert "cover-art-archive" in names and "statistics" in names
    assert "musicbrainz-artist" in names

    specs = er_specs(system, datastore)
    diagrams = DiagramRenderer(jobs=2).render(specs)
    for spec in specs:
        diagram = diagrams[spec.key]
        assert diagram.error is None, diagram.error
    artist_part = next(p for p in parts if p.name == "musicbrainz-artist")
    texts = set(svg_texts(diagrams["er-musicbrainz--musicbrainz-artist"].svg))
    assert {t.fullname for t in artist_part.tables} <= texts


def test_musicbrainz_focus_on_a_hub_table(musicbrainz):
    system, datastore = store_with(musicbrainz, "musicbrainz")
    spec = er_focus_spec(system, datastore, "musicbrainz.artist_credit")
    diagram = DiagramRenderer().render([spec])[spec.key]
    assert diagram.error is None, diagram.error
    texts = set(svg_texts(diagram.svg))
    assert {"musicbrainz.artist_credit", "musicbrainz.recording", "musicbrainz.release",
            "musicbrainz.track", "musicbrainz.artist_credit_name"} <= texts
    assert "musicbrainz.label" not in texts
