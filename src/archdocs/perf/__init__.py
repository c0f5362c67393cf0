"""Performance by design: which index or key serves each declared access pattern, the
data-modeling review's helpers, size estimates and the scalability path, and the pages that
show them.

The review rules (``PRF``, ``DM``, ``OPS``) live in :mod:`archdocs.review.rules` and call into
this package; the site pages come from :mod:`archdocs.perf.pages` and
:mod:`archdocs.perf.sections`.
"""
