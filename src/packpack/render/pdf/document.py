"""The stakeholder pack's PDF, drawn with ReportLab: the content laid out in pages, written
piece by piece as ReportLab formats it.

The screen edition is a plain A4 page with links and bookmarks. The print edition draws the
same A4 page offset on a larger sheet (see `geometry`); every colour in it is CMYK.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
from collections.abc import Callable, Mapping
from typing import BinaryIO

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus.doctemplate import LayoutError

from packpack import __version__
from packpack.core.errors import RenderError
from packpack.core.outputs import timestamp
from packpack.plan.palette import derive
from packpack.render.pdf import content, images, standards, tags
from packpack.render.pdf.geometry import Geometry
from packpack.render.pdf.style import Palette, register_fonts
from packpack.spec.model import Campaign

rl_config.useA85 = 0  # binary streams: ASCII85 only makes the file a quarter larger and slower


class _Sink:
    """Where a PDF is saved when no file is given: the pieces as written (a BytesIO would
    hold a second and third copy of them), joined once at the end."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        """Keep what is written."""
        if data:
            self.parts.append(bytes(data))

    @property
    def data(self) -> bytes:
        """Everything written."""
        return self.parts[0] if len(self.parts) == 1 else b"".join(self.parts)

class _Streaming(pdfdoc.PDFFile):
    """ReportLab's collector of a PDF's pieces, passing each on to `_Streaming.out` as it is
    formatted: ReportLab keeps every piece and joins them at the end, so that a pack of
    hundreds of graphics is held twice over (tens of megabytes) just as it is saved."""

    out: Callable[[bytes], object] | None = None  # set while a PDF is saved (see _streamed)

    def __init__(self, pdfVersion: tuple[int, int] = pdfdoc.PDF_VERSION_DEFAULT):
        super().__init__(pdfVersion)  # (which writes the header among its own pieces)
        assert _Streaming.out is not None
        for piece in self.strings:
            _Streaming.out(piece)
        self.strings = []  # so that `format` joins nothing
        self.write = _Streaming.out

_SAVING = threading.Lock()  # one PDF saved at a time per process, as `_Streaming` is shared

def _streamed(canvas: Canvas, write: Callable[[bytes], object]) -> None:
    """Save the canvas's PDF, writing its pieces to `write` as they are made."""
    with _SAVING:
        _Streaming.out, original = write, pdfdoc.PDFFile
        pdfdoc.PDFFile = _Streaming  # what ReportLab's PDFDocument.format collects into
        try:
            canvas.save()
        finally:
            pdfdoc.PDFFile, _Streaming.out = original, None

def _dated(moment: dt.datetime) -> pdfdoc.TimeStamp:
    """ReportLab's record of when a PDF was made, set to the build's one time (in UTC), which
    the document's CreationDate and ModDate print."""
    stamp = pdfdoc.TimeStamp(invariant=1)  # in UTC, not read from the clock
    fields = time.gmtime(int(moment.timestamp()))
    stamp.t, stamp.lt, stamp.YMDhms = moment.timestamp(), fields, tuple(fields)[:6]
    return stamp


def render(campaign: Campaign, variant: str, graphics: Mapping[str, bytes],
           memo: images.Memo | None = None, out: BinaryIO | None = None) -> bytes | None:
    """The pack's PDF bytes for one edition, or None once written to `out` (piece by piece);
    `graphics` maps post id to its PNG bytes, `memo` (the build context's) keeps the images
    made ready for the PDF between builds."""

    spec = campaign.spec
    g = Geometry.of(variant, spec.pack.bleed_mm)
    fonts = register_fonts(campaign, variant)
    brand = spec.brand.colours
    palette = Palette(g.screen, {**derive(brand, spec.pack.colours), "accent": brand.accent,
                                 "band": brand.band})
    page = content.Content(campaign, g, fonts, palette, graphics, memo)
    with images.reusing_memory():  # the story embeds every graphic, one after another
        story = page.story()

    title, author = page.plan.title, page.plan.author
    sink = _Sink()
    doc = BaseDocTemplate(
        out or sink, pagesize=g.sheet, title=title, author=author,
        subject=spec.pack.subject, keywords=list(spec.pack.keywords),
        creator=f"packpack {__version__}", invariant=1, pageCompression=1,
        lang=spec.campaign.language, displayDocTitle=1, initialFontName=fonts.regular,
        initialFontSize=10, initialLeading=12,
        pageTemplates=page.templates(), allowSplitting=1,
        enforceColorSpace=None if g.screen else "cmyk")  # (ReportLab refuses RGB in print)
    doc._doSave = 0  # the page numbers of the contents are added before saving
    try:  # the screen edition is tagged as it is drawn (see `tags`)
        doc.build(story, canvasmaker=functools.partial(tags.TaggedCanvas, described=page.described)
                  if g.screen else Canvas)
    except LayoutError:
        raise RenderError(f"the stakeholder pack ({variant}): a block on page {doc.page} is "
                          "taller than a page; split the long caption, alt text or description "
                          "there into paragraphs, or shorten it") from None
    if g.screen:
        doc.canv.showOutline()
    page.finish(doc.canv)
    moment = timestamp(campaign)
    doc.canv._doc._timeStamp = _dated(moment)  # (invariant mode says 2000)
    info = doc.canv._doc.info
    meta = standards.Metadata(
        title=info.title, author=info.author, subject=info.subject, keywords=info.keywords,
        creator=info.creator, producer=info.producer, moment=moment,
        document_id=standards.Metadata.ids(spec.pack.filename, variant, spec.campaign.title),
        instance_id=standards.Metadata.ids(variant, repr(spec)),
        language=spec.campaign.language, pdfx="" if g.screen else standards.PDFX_VERSION,
        pdfua=1 if g.screen else 0)
    if g.screen:
        doc.canv.finish()
        standards.pdfua(doc.canv, meta)
    else:
        standards.pdfx(doc.canv, meta)
    _streamed(doc.canv, (out or sink).write)
    return None if out else sink.data
