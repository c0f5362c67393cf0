"""Bytes a rendered page or drawing repeats and a browser shows the same without.

Each function keeps every character a reader sees; a site applies them from its hooks
(docs/guide/performance.md, "Site weight", measures them on archdocs' own site):

- :func:`squeeze`: Material's templates indent every line of the navigation, and a page
  repeats the navigation: a third of the HTML of archdocs' own site was blank lines and
  indentation. A run of whitespace that holds a line break shows the same as one line break
  anywhere but in preformatted text, so each such run becomes a single ``\\n`` outside
  ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``, whose content is kept byte for
  byte. No tag, attribute or character of text changes.
- :func:`unwrap_whitespace_tokens`: the markup Pygments puts around the whitespace of
  highlighted code, which no colour scheme of Material styles.
- :func:`lighten_svg`: the font, size, anchor and whitespace handling Graphviz writes on each
  label of a drawing, set once or left out where the browser draws the same.
"""

from __future__ import annotations

import re
from collections import Counter

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAKING_RUN = re.compile(r"[ \t\r\f]*\n\s*")


def squeeze(html: str) -> str:
    """``html`` with every whitespace run that holds a line break made one line break,
    except inside ``pre``, ``textarea``, ``script`` and ``style`` elements."""
    out = []
    position = 0
    for match in _KEPT.finditer(html):
        out.append(_BREAKING_RUN.sub("\n", html[position:match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_BREAKING_RUN.sub("\n", html[position:]))
    return "".join(out)


# Pygments marks the whitespace between tokens as a token of its own ("w"), which no Material
# colour scheme styles: a colour on spaces shows nothing.
_WHITESPACE_TOKEN = re.compile(r'<span class="w">([ \t\n]*)</span>')


def unwrap_whitespace_tokens(html: str) -> str:
    """``html`` with the whitespace Pygments highlighted as a token of its own
    (``<span class="w">  </span>``) left as the bare whitespace."""
    return _WHITESPACE_TOKEN.sub(r"\1", html)


# Graphviz writes every label's font, size, anchor and whitespace handling on each <text>.
_TEXT = re.compile(r"<text\b([^>]*)(?<!/)>(.*?)</text>\n?", re.DOTALL)
_ATTRIBUTE = re.compile(r'\s([\w:-]+)="([^"]*)"')
_ROOT = re.compile(r"<svg\b")
_INHERITED = ("font-family", "font-size")
# Whitespace that xml:space="preserve" keeps and the default handling would trim or collapse.
_SPACE_SENSITIVE = re.compile(
    r"^\s|\s$|\s\s|[\t\n\r]|&#(?:x0*(?:9|a|d|20)|0*(?:9|10|13|32));", re.IGNORECASE)


def lighten_svg(svg: str) -> str:
    """``svg`` (a Graphviz drawing) without what its labels repeat and a browser draws the
    same without: the most common font family and size are set once on the root element
    (both are inherited) instead of on each ``<text>`` that has them; ``text-anchor="start"``
    (the initial value) and ``xml:space="preserve"`` on a label whose text has no whitespace
    to keep are left out; a label of nothing but spaces, which draws nothing, is dropped.

    An attribute is only hoisted or left out when no element but the labels sets it, so no
    label inherits anything but the root's value. A drawing with nothing to lighten is
    returned as it is."""
    root = _ROOT.search(svg)
    if root is None:
        return svg
    labels = [(text, _ATTRIBUTE.findall(text.group(1)))
              for text in _TEXT.finditer(svg, root.end())]
    if not labels:
        return svg
    # What lies between the labels: whether another element sets an attribute.
    gaps, position = [], 0
    for text, _ in labels:
        gaps.append(svg[position:text.start()])
        position = text.end()
    gaps.append(svg[position:])
    others = "".join(gaps)
    hoisted: dict[str, str] = {}
    for name in _INHERITED:
        if f' {name}="' not in others:
            counted = Counter(value for _, attributes in labels
                              for key, value in attributes if key == name)
            if counted:
                hoisted[name] = max(sorted(counted), key=counted.__getitem__)
    anchored = ' text-anchor="' in others

    on_root = "".join(f' {name}="{value}"' for name, value in hoisted.items())
    out = [gaps[0][:root.end()], on_root, gaps[0][root.end():]]
    for (text, attributes), gap in zip(labels, gaps[1:], strict=True):
        out += [_lightened(text, attributes, hoisted, anchored), gap]
    return "".join(out)


def _lightened(text: re.Match[str], attributes: list[tuple[str, str]],
               hoisted: dict[str, str], anchored: bool) -> str:
    """One label of :func:`lighten_svg`."""
    content = text.group(2)
    if "".join(f' {name}="{value}"' for name, value in attributes) != text.group(1):
        return text.group(0)  # not written as Graphviz writes labels: left as it is
    if not content.strip() and "<" not in content \
            and all(name != "text-decoration" for name, _ in attributes):
        return ""
    kept = []
    for name, value in attributes:
        if hoisted.get(name) == value:
            continue
        if name == "text-anchor" and value == "start" and not anchored:
            continue
        if name == "xml:space" and value == "preserve" and not _SPACE_SENSITIVE.search(content):
            continue
        kept.append(f' {name}="{value}"')
    return f"<text{''.join(kept)}>{content}</text>\n"
