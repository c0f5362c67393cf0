"""The diagram tool buttons (zoom in, zoom out, whole diagram, full screen) must show on any
machine: the site loads no web font, so a label may only use characters every system font
draws. A full-screen glyph (U+26F6) showed as an empty box; it is drawn as SVG instead."""

from __future__ import annotations

import re

from archdocs.website.diagram_embed import SCRIPT

# The tool list in the script: [label, title, handler], label a JS string or null (drawn).
_TOOL = re.compile(r'\[(null|"(?:[^"\\]|\\.)*"), "([A-Z][a-z ]+)", function')


def test_every_tool_button_label_is_a_character_every_font_draws() -> None:
    tools = _TOOL.findall(SCRIPT)
    assert [title for _, title in tools] == ["Zoom in", "Zoom out", "Whole diagram",
                                              "Full screen"]
    for label, title in tools:
        if label == "null":
            continue  # drawn as SVG by the script
        text = label[1:-1].encode().decode("unicode_escape")
        assert all(ch.isascii() or ch == "\u2212" for ch in text), (title, text)


def test_the_full_screen_button_is_drawn_as_svg() -> None:
    assert '[null, "Full screen"' in SCRIPT
    assert 'createElementNS(ns, "svg")' in SCRIPT
