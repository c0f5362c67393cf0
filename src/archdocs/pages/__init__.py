"""Page primitives shared by every view that writes Markdown: :class:`~archdocs.pages.page.Page`
and ``Asset``, the ``SiteContext`` providers receive, the Markdown helpers
(:mod:`archdocs.pages.markdown`) and the site's paths (:mod:`archdocs.pages.paths`).

Not named after a face: the MkDocs plugin, ``archdocs generate`` and CLI reports
(``plan --format markdown``, ``diff``) all use them.
"""
