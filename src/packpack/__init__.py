"""packpack: one campaign spec in; graphics, PDFs, QR codes and partner bundles out."""

__version__ = "0.1.0"
