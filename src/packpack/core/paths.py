"""Where each kind of output lives inside the output folder: one place for every file name."""

from __future__ import annotations

CONTACT_SHEET = "contact-sheet.png"
MANIFEST = "manifest.json"  # every file of a build, with its size and hash
BUNDLE_QR = "qr"  # inside a bundle, beside one folder per post: its QR codes
SCRATCH = ".scratch"  # inside the staging folder; output paths never start with a dot


def graphic(post: str, size: str) -> str:
    """A post's graphic in one size."""
    return f"graphics/{post}/{size}.png"


def qr(link: str, ext: str = "png") -> str:
    """A link's QR code (`png` or `svg`)."""
    return f"qr/{link}.{ext}"


def pdf(filename: str, variant: str) -> str:
    """The stakeholder pack: `screen` or `print` edition."""
    return f"{filename}.pdf" if variant == "screen" else f"{filename}-{variant}.pdf"


def html_edition(filename: str) -> str:
    """The stakeholder pack as one HTML file."""
    return f"{filename}.html"


def bundle(partner: str) -> str:
    """A partner's zip bundle."""
    return f"bundles/{partner}.zip"
