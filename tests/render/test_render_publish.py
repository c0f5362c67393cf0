"""Publishing a rendered SVG for a site: links on its boxes, its icons served as files. A
rebuild in the same process (``mkdocs serve``) publishes the same diagrams again and must give
the same files, icons included."""

from __future__ import annotations

import base64

from archdocs.render.publish import IconFiles, publish_svg

ICON = b"\x89PNG\r\n\x1a\n icon bytes"
SVG = (
    "<svg>\n"
    '<g id="node1" class="node">\n<title>orders</title>\n'
    f'<image xlink:href="data:image/png;base64,{base64.b64encode(ICON).decode()}" />\n'
    "</g>\n"
    '<g id="node2" class="node">\n<title>n2</title>\n<text>billing</text>\n</g>\n'
    "</svg>\n"
)


def test_a_rebuild_publishes_the_same_diagram_with_its_icon_file_again() -> None:
    first_build, second_build = IconFiles(), IconFiles()
    first = publish_svg(SVG, {"orders": "../orders/"}, first_build, {"orders": "Orders"})
    second = publish_svg(SVG, {"orders": "../orders/"}, second_build, {"orders": "Orders"})
    assert second == first
    assert second_build.files == first_build.files
    assert list(first_build.files.values()) == [ICON]
    (name,) = first_build.files
    assert f'xlink:href="icons/{name}"' in second
    assert 'xlink:href="../orders/" target="_top" xlink:title="Orders"' in second
    assert "<title>n2</title>" not in second  # an unlinked box loses Graphviz' name


def test_the_same_diagram_linked_elsewhere_is_published_with_the_new_links() -> None:
    before = publish_svg(SVG, {"orders": "../orders/"}, IconFiles())
    after = publish_svg(SVG, {"orders": "../sales/orders/"}, IconFiles())
    assert 'xlink:href="../sales/orders/"' in after
    assert "../orders/" not in after.replace("../sales/orders/", "")
    assert before != after


def test_a_build_that_is_the_only_one_publishes_the_same_files_without_remembering_them(
) -> None:
    from archdocs.render import publish

    remembered, once = IconFiles(), IconFiles()
    expected = publish_svg(SVG, {"orders": "../orders/"}, remembered, {"orders": "Orders"})
    publish._PUBLISHED.clear()
    published = publish_svg(SVG, {"orders": "../orders/"}, once, {"orders": "Orders"},
                            remember=False)
    assert published == expected and once.files == remembered.files
    assert not publish._PUBLISHED  # nothing kept for a build that will not come
