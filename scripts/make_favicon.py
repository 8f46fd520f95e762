"""Render static/favicon.svg into static/favicon.ico (32 and 16 px PNGs in an ICO container).

Run once when the SVG changes: `.venv/bin/python scripts/make_favicon.py` (uses Debian's chromium
through Playwright; the ICO is committed, so nothing renders it at run time)."""

import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "static"


def render(svg: str, size: int) -> bytes:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": size, "height": size})
        page.set_content(
            "<html><body style='margin:0'>"
            + svg.replace("<svg ", f"<svg width='{size}' height='{size}' ", 1)
            + "</body></html>"
        )
        png = page.screenshot(omit_background=True)
        browser.close()
    return png


def ico(images: list[tuple[int, bytes]]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, payload = b"", b""
    for size, png in images:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        payload += png
    return header + entries + payload


if __name__ == "__main__":
    svg = (STATIC / "favicon.svg").read_text()
    (STATIC / "favicon.ico").write_bytes(ico([(32, render(svg, 32)), (16, render(svg, 16))]))
