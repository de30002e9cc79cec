"""The stakeholder pack as PDF, screen and print editions: `outputs` plans them, `document`
draws them with ReportLab from the content that `content` lays out in flowables (which tag
what they draw on the screen edition: `tags`), `standards` makes them PDF/X-4 (print) and
PDF/UA-1 (screen); `images`
embeds pictures without re-encoding them, `copies` makes the print edition's CMYK copies of
the graphics, `platypus` imports ReportLab's paragraph module quickly."""
