"""Draw the stand-in wordmarks in `logos/` (run from the project root).

They are placeholders, clearly marked as such: drop the real logo in under the same file name
(a PNG with a transparent background) and the next build uses it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
BOLD = ROOT / "fonts" / "AtkinsonHyperlegible-Bold.ttf"
REGULAR = ROOT / "fonts" / "AtkinsonHyperlegible-Regular.ttf"

# file name -> (lines of the wordmark, colour)
LOGOS = {
    "pcc": (["JOY ALLEN", "Durham Police and", "Crime Commissioner"], (30, 50, 110)),
    "paladin": (["paladin", "National Stalking Advocacy Service"], (120, 40, 120)),
    "alice-ruggles-trust": (["The Alice", "Ruggles Trust"], (200, 40, 90)),
    "harbour": (["harbour", "working for safer communities"], (0, 110, 140)),
    "vcas": (["victim care +", "advice service"], (40, 120, 60)),
}


def wordmark(lines: list[str], colour: tuple[int, int, int]) -> Image.Image:
    """A transparent PNG wordmark: the first line large, the rest small, 'STAND-IN' beneath."""
    big = ImageFont.truetype(str(BOLD), 96)
    small = ImageFont.truetype(str(REGULAR), 44)
    tag = ImageFont.truetype(str(BOLD), 26)
    rows = [(lines[0], big)] + [(line, small) for line in lines[1:]] + [("STAND-IN LOGO", tag)]
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    boxes = [probe.textbbox((0, 0), t, font=fnt, anchor="ls") for t, fnt in rows]
    width = max(b[2] - b[0] for b in boxes) + 40
    heights = [fnt.getmetrics()[0] + fnt.getmetrics()[1] for _, fnt in rows]
    height = sum(heights) + 40
    im = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    y = 20
    for (t, fnt), h in zip(rows, heights, strict=True):
        fill = (*colour, 255) if fnt is not tag else (150, 150, 150, 255)
        draw.text((20, y + fnt.getmetrics()[0]), t, font=fnt, fill=fill, anchor="ls")
        y += h
    return im


def main() -> None:
    """Write every stand-in logo, deterministically."""
    out = ROOT / "logos"
    out.mkdir(exist_ok=True)
    for name, (lines, colour) in LOGOS.items():
        wordmark(lines, colour).save(out / f"{name}.png", compress_level=9)


if __name__ == "__main__":
    main()
