"""Print the character widths :mod:`archdocs.render.er_focus` sizes its boxes with.

    python tools/text_widths.py [REGULAR.ttf BOLD.ttf ...]

Reads the advance widths of the printable ASCII characters from TrueType fonts (the ``cmap``
and ``hmtx`` tables, no font library needed) and prints, per character, the widest of the
given fonts in thousandths of an em: a box sized with them holds its text in whichever of
those fonts the browser picks for ``Helvetica,sans-Serif``. The defaults are the two a Linux
browser falls back to (Liberation Sans has Helvetica's and Arial's metrics; DejaVu Sans is
wider), regular then bold.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

DEFAULT = (
    ("regular", ["/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]),
    ("bold", ["/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
              "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"]),
)


def advances(path: str) -> dict[str, float]:
    """Advance width in ems of each printable ASCII character of the font at ``path``."""
    data = Path(path).read_bytes()
    count = struct.unpack(">H", data[4:6])[0]
    tables = {data[12 + 16 * i:16 + 16 * i].decode("latin-1"):
              struct.unpack(">I", data[20 + 16 * i:24 + 16 * i])[0] for i in range(count)}
    units = struct.unpack(">H", data[tables["head"] + 18:tables["head"] + 20])[0]
    metrics = struct.unpack(">H", data[tables["hhea"] + 34:tables["hhea"] + 36])[0]
    cmap = tables["cmap"]
    glyph_of: dict[int, int] = {}
    for n in range(struct.unpack(">H", data[cmap + 2:cmap + 4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", data[cmap + 4 + 8 * n:cmap + 12 + 8 * n])
        sub = cmap + offset
        if (platform, encoding) != (3, 1) or struct.unpack(">H", data[sub:sub + 2])[0] != 4:
            continue
        segments = struct.unpack(">H", data[sub + 6:sub + 8])[0] // 2
        ends = struct.unpack(f">{segments}H", data[sub + 14:sub + 14 + 2 * segments])
        at = sub + 16 + 2 * segments
        starts = struct.unpack(f">{segments}H", data[at:at + 2 * segments])
        deltas = struct.unpack(f">{segments}h", data[at + 2 * segments:at + 4 * segments])
        range_at = at + 4 * segments
        offsets = struct.unpack(f">{segments}H", data[range_at:range_at + 2 * segments])
        for code in range(32, 127):
            for i in range(segments):
                if starts[i] <= code <= ends[i]:
                    if offsets[i] == 0:
                        glyph_of[code] = (code + deltas[i]) & 0xFFFF
                    else:
                        where = range_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                        glyph = struct.unpack(">H", data[where:where + 2])[0]
                        glyph_of[code] = (glyph + deltas[i]) & 0xFFFF if glyph else 0
                    break
        break
    hmtx = tables["hmtx"]
    widths = {}
    for code, glyph in glyph_of.items():
        index = min(glyph, metrics - 1)
        widths[chr(code)] = struct.unpack(">H", data[hmtx + 4 * index:hmtx + 4 * index + 2])[0] / units
    return widths


def main() -> None:
    groups = DEFAULT if len(sys.argv) < 2 else (("given", sys.argv[1:]),)
    for name, paths in groups:
        fonts = [advances(path) for path in paths]
        row = [max(round(font.get(chr(code), 0.6) * 1000) for font in fonts)
               for code in range(32, 127)]
        print(f"{name}: {row}")


if __name__ == "__main__":
    main()
