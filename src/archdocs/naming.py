"""Safe, stable file names and anchors derived from user-written names."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_UNSAFE = re.compile(r"[^a-z0-9]+")


def slugify(name: str, *, max_length: int = 60) -> str:
    """A lower-case ASCII slug safe as a file name or URL part.

    Names that lose characters on the way (unicode, punctuation, ``../``) get a short hash of
    the original appended, so two different names never share a slug and the same name always
    gets the same one.
    """
    return _slug(name if type(name) is str else str(name), max_length)


@lru_cache(maxsize=1 << 16)
def _slug(name: str, max_length: int) -> str:
    # Remembered: a site slugs the same names for every page and diagram that links them.
    slug = _readable(name, max_length)
    lossless = slug == name
    if not slug or not lossless and _needs_hash(name, slug):
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


def slug_base(name: str, *, max_length: int = 60) -> str:
    """The readable slug of ``name`` with no hash appended (``"api → db (sync request)"`` →
    ``api-db-sync-request``), for callers that know every name of a folder and make the slugs
    distinct themselves (:func:`archdocs.pages.paths.distinct_slugs`). A name with no ASCII
    letter or digit gets a hash of itself, so the slug is never empty."""
    return _readable(name, max_length) or hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def _readable(name: str, max_length: int) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("-", ascii_name.lower()).strip("-")[:max_length].strip("-")


def _needs_hash(name: str, slug: str) -> bool:
    # Plain names that only differ by case or separators ("Order Service" → "order-service")
    # keep a readable slug; anything else could collide, so it gets a hash.
    simple = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 _.-]*", name) is not None
    return not simple or _UNSAFE.sub("-", name.lower()).strip("-") != slug
