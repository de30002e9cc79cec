"""What makes each edition of the pack a standard PDF: the print edition PDF/X-4 (an output
intent with its CMYK profile, the PDF/X keys in the document info and the XMP metadata), the
screen edition PDF/UA-1 (identified in its XMP; its tags are drawn with it, see `tags`), and
the metadata both editions carry (XMP matching the document info).

Applied to ReportLab's document objects before the PDF is saved: ReportLab writes them as it
writes everything else, so the file is written once, piece by piece, and stays the same from
build to build (every date and identifier comes from the campaign).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
import zlib
from dataclasses import dataclass
from importlib import resources

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

# XML text escaped as HTML's (xml.sax's escape would import urllib.request, ssl and
# http.client into every worker)
from packpack.core.webpage import e

# The print edition's output condition: offset on coated paper, ISO 12647-2:2004/Amd 1,
# registered with the ICC as FOGRA39; the profile made from Fogra's data (see profiles/).
PROFILE = "FOGRA39-packpack.icc"
CONDITION = {
    "OutputConditionIdentifier": "FOGRA39",
    "OutputCondition": "Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 (coated), "
                       "FOGRA39",
    "RegistryName": "http://www.color.org",
    "Info": "Coated FOGRA39 (ISO 12647-2:2004/Amd 1)",
}
PDFX_VERSION = "PDF/X-4"
PRINT_PDF_VERSION = (1, 6)  # PDF/X-4 is based on PDF 1.6


@functools.cache
def profile() -> bytes:
    """The output intent's ICC profile (CMYK, FOGRA39)."""
    return resources.files("packpack.render.pdf").joinpath("profiles", PROFILE).read_bytes()


@functools.cache
def _deflated_profile() -> bytes:
    """The profile deflated once per process (a quarter of a megabyte)."""
    return zlib.compress(profile(), 9)


@dataclass(frozen=True)
class Metadata:
    """What the document info and the XMP metadata both say about an edition."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    moment: dt.datetime  # CreationDate and ModDate, in UTC
    document_id: str  # uuid: the same for every build of this edition of this campaign
    instance_id: str  # uuid: the same for the same spec
    language: str = ""
    pdfx: str = ""  # GTS_PDFXVersion, in print
    pdfua: int = 0  # pdfuaid:part, on screen

    @staticmethod
    def ids(*parts: str) -> str:
        """A uuid made from `parts` (reproducible, unlike uuid4)."""
        return f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'packpack:' + chr(10).join(parts))}"


def xmp(m: Metadata, trapped: str) -> bytes:
    """The XMP packet: Dublin Core, XMP basic, PDF, media management, and the PDF/X and
    PDF/UA identification where the edition claims them; the same values as the info."""
    when = m.moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    lang = m.language or "x-default"
    extra = []
    if m.pdfx:
        extra.append(f'<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">'
                     f"<pdfxid:GTS_PDFXVersion>{e(m.pdfx)}</pdfxid:GTS_PDFXVersion>"
                     "</rdf:Description>")
    if m.pdfua:
        extra.append('<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
                     f"<pdfuaid:part>{m.pdfua}</pdfuaid:part></rdf:Description>")
    body = "".join([
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(m.title)}</rdf:li>'
        "</rdf:Alt></dc:title>",
        f"<dc:creator><rdf:Seq><rdf:li>{e(m.author)}</rdf:li></rdf:Seq></dc:creator>",
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(m.subject)}</rdf:li>'
        "</rdf:Alt></dc:description>",
        f"<dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>"
        if m.language else "",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        f"<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate>",
        f"<xmp:CreatorTool>{e(m.creator)}</xmp:CreatorTool>",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        f"<pdf:Producer>{e(m.producer)}</pdf:Producer>",
        f"<pdf:Keywords>{e(m.keywords)}</pdf:Keywords>",
        f"<pdf:Trapped>{trapped}</pdf:Trapped>",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
        f"<xmpMM:DocumentID>{m.document_id}</xmpMM:DocumentID>",
        f"<xmpMM:InstanceID>{m.instance_id}</xmpMM:InstanceID>",
        "<xmpMM:VersionID>1</xmpMM:VersionID>",
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
        "</rdf:Description>",
        *extra,
        "</rdf:RDF></x:xmpmeta>",
        '<?xpacket end="w"?>',
    ])
    return body.encode("utf-8")


class _Info(pdfdoc.PDFInfo):
    """ReportLab's document info with the edition's extra keys (GTS_PDFXVersion)."""

    extra: dict[str, str] = {}  # noqa: RUF012 (set per document)

    def format(self, document) -> bytes:
        """ReportLab's info dictionary, and the extra keys."""
        formatted = super().format(document)
        if not self.extra:
            return formatted
        head, _, tail = formatted.rpartition(b">>")
        more = b"".join(b"\n/" + k.encode("ascii") + b" " +
                        pdfdoc.PDFString(v).format(document) for k, v in self.extra.items())
        return head + more + b"\n>>" + tail


def _catalog_entry(canvas: Canvas, key: str, value: object) -> None:
    """Set a catalog entry ReportLab's catalog does not know (it writes only the keys it
    lists)."""
    catalog = canvas._doc.Catalog
    known = catalog.__NoDefault__
    if key not in known:
        catalog.__NoDefault__ = [*known, key]
    setattr(catalog, key, value)


def metadata(canvas: Canvas, m: Metadata) -> None:
    """Attach the XMP metadata to the document (not compressed, so that any tool finds it)."""
    trapped = canvas._doc.info.trapped
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                                                      "Subtype": pdfdoc.PDFName("XML")}),
                              xmp(m, trapped), filters=[])
    _catalog_entry(canvas, "Metadata", stream)


def pdfx(canvas: Canvas, m: Metadata) -> None:
    """Make the print edition PDF/X-4: its version, the output intent with the CMYK profile,
    GTS_PDFXVersion in the info and the XMP, Trapped said (not Unknown)."""
    doc = canvas._doc
    doc._pdfVersion = max(doc._pdfVersion, PRINT_PDF_VERSION)
    icc = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 4, "Filter": pdfdoc.PDFName(
        "FlateDecode")}), _deflated_profile(), filters=[])
    intent = {"Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFX"),
              **{k: pdfdoc.PDFString(v) for k, v in CONDITION.items()},
              "DestOutputProfile": doc.Reference(icc)}
    _catalog_entry(canvas, "OutputIntents", pdfdoc.PDFArray([pdfdoc.PDFDictionary(intent)]))
    doc.info.__class__ = _Info
    doc.info.trapped = "False"  # nobody has trapped it; the printer's RIP may
    doc.info.extra = {"GTS_PDFXVersion": m.pdfx}
    metadata(canvas, m)


SCREEN_PDF_VERSION = (1, 7)  # PDF/UA-1 is based on ISO 32000-1 (PDF 1.7)


def pdfua(canvas: Canvas, m: Metadata) -> None:
    """Identify the (tagged) screen edition as PDF/UA-1: its version and its XMP metadata
    with the title and `pdfuaid:part`; the title shown in the viewer's title bar is set by
    ReportLab (`displayDocTitle`)."""
    doc = canvas._doc
    doc._pdfVersion = max(doc._pdfVersion, SCREEN_PDF_VERSION)
    metadata(canvas, m)
