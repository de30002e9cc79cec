"""The screen edition's tags (PDF/UA-1): a structure tree built as the content is drawn.

ReportLab's open-source canvas has no tagging of its own, but it writes whatever content
operators it is given (`canvas._code`) and any PDF objects set on its document. So each
flowable marks what it draws where it draws it: `content(canvas, "P")` wraps the drawing in
a marked-content sequence (`/P <</MCID n>> BDC … EMC`) and makes the matching structure
element; `group(canvas, "Table")` opens an element that holds others; `artifact(canvas)`
marks what is decoration (page bands, running footers, table rules). `TaggedCanvas` keeps
the tree, numbers the marked content per page, ties each link annotation to a `Link`
element (with `/StructParent` and `/Contents`), and at the end (`finish`) writes the tree,
its parent tree, `/MarkInfo` and each page's `/StructParents` and `/Tabs /S` as ReportLab
document objects: the file is still written once, piece by piece, and new content is tagged
by the flowable that draws it. Every helper does nothing on an untagged canvas (print).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from packpack.core.web import display_url


class Element:
    """A structure element being built: its type, attributes and kids (elements, marked
    content as (page, mcid), annotations as ("annot", reference, page))."""

    __slots__ = ("alt", "attributes", "kids", "lang", "parent", "role", "target")

    def __init__(self, role: str, parent: Element | None, alt: str = "", lang: str = "",
                 attributes: dict[str, str] | None = None):
        self.role, self.parent, self.alt, self.lang = role, parent, alt, lang
        self.attributes = attributes or {}
        self.kids: list[Any] = []
        self.target = ""  # a link's address (its annotations, one per line, share one Link)

    def walk(self) -> Iterator[Element]:
        """This element and every one below it, in reading order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()


class TaggedCanvas(Canvas):
    """A canvas that records the structure of what is drawn on it (see the module's doc)."""

    def __init__(self, *args: Any, described: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.described = described or {}  # link address -> its description, where known
        self.root = Element("Document", None)
        self.stack: list[Element] = [self.root]
        self.page_key: int | None = None  # this page's key in the parent tree, once marked
        self.mcids: list[Element] = []  # this page's marked content's elements, by MCID
        self.parent_tree: dict[int, Any] = {}  # key -> [elements by MCID] | link element
        self.next_key = 0
        self.quiet = 0  # >0: drawing what is repeated (a table's head again), untagged

    # -- building ---------------------------------------------------------------------------

    def _key(self) -> int:
        self.next_key += 1
        return self.next_key - 1

    def _mark(self, element: Element) -> int:
        if self.page_key is None:
            self.page_key = self._key()
            self.parent_tree[self.page_key] = self.mcids
        mcid = len(self.mcids)
        self.mcids.append(element)
        element.kids.append((self._doc.thisPageRef(), mcid))
        return mcid

    def _close_groups(self, within: str = "") -> Element:
        """Close the open groups (a list) that what comes next is not in; the element now
        open."""
        while self.stack[-1].role in GROUPS and self.stack[-1].role != within:
            self.stack.pop()
        return self.stack[-1]

    def begin(self, role: str, **attrs: Any) -> Element:
        """Open an element under the current one (closing a group it does not belong in)."""
        within = attrs.pop("within", "")
        top = self._close_groups(within)
        if within and top.role != within:
            top = self.begin(within)
        element = Element(role, top, **attrs)
        top.kids.append(element)
        self.stack.append(element)
        return element

    def resume(self, element: Element) -> None:
        """Open again an element drawn in parts (a table continued on the next page)."""
        self._close_groups()
        self.stack.append(element)

    def end(self, element: Element) -> None:
        """Close `element` (and any group left open inside it)."""
        while self.stack[-1] is not element:
            self.stack.pop()
        self.stack.pop()

    def begin_content(self, role: str, **attrs: Any) -> Element:
        """Open an element whose drawing follows, in a marked-content sequence."""
        element = self.begin(role, **attrs)
        self._code.append(f"/{role} <</MCID {self._mark(element)}>> BDC")
        return element

    def end_content(self) -> None:
        """End the drawing of the element being drawn and close it."""
        self._code.append("EMC")
        self.end(self.stack[-1])

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1):
        """A link annotation, tied to the `Link` element it sits in (or a new one), numbered
        in the parent tree, described by /Contents."""
        super()._addAnnotation(annotation, name, addtopage)
        ref = self._doc.refAnnotation(name or f"NUMBER{self._annotationCount}")
        uri = str(annotation["A"]["URI"].s) if isinstance(annotation, pdfdoc.PDFDictionary) \
            else ""
        link = next((e for e in reversed(self.stack) if e.role == "Link"), None)
        if link is None:  # a link in a paragraph: a Link under it, one per address in a row
            here = self.stack[-1]
            last = here.kids[-1] if here.kids else None
            if isinstance(last, Element) and last.role == "Link" and uri and \
                    last.target == uri:
                link = last
            else:
                link = Element("Link", here)
                link.target = uri
                here.kids.append(link)
        link.kids.append(("annot", ref, self._doc.thisPageRef()))
        key = self._key()
        self.parent_tree[key] = link
        if uri:  # linkURL
            annotation["Contents"] = pdfdoc.PDFString(self.described.get(uri) or describe(uri))
            annotation["StructParent"] = key
        else:  # linkRect (an internal link), described by its maker
            annotation.permitted = (*annotation.permitted, "StructParent")
            annotation.otherkw["StructParent"] = key

    def _setAnnotations(self, page: Any) -> None:
        """As each page is finished: its key in the parent tree and its tab order."""
        super()._setAnnotations(page)
        if not isinstance(page, pdfdoc.PDFPage):
            return  # (a form)
        extra = [k for k in ("StructParents", "Tabs") if k not in page.__NoDefault__]
        page.__NoDefault__ = [*page.__NoDefault__, *extra]
        page.StructParents = self.page_key
        page.Tabs = pdfdoc.PDFName("S")
        self.page_key, self.mcids = None, []

    # -- writing ------------------------------------------------------------------------------

    def finish(self) -> None:
        """Write the structure tree and mark the document as tagged (before saving; the
        document's /Lang is ReportLab's `lang`)."""
        doc = self._doc
        elements = list(self.root.walk())
        objects = {id(e): _Formatted() for e in elements}
        refs = {id(e): doc.Reference(objects[id(e)]) for e in elements}
        root = _Formatted()
        root_ref = doc.Reference(root)
        for element in elements:
            parts: list[Any] = [f"<< /Type /StructElem /S /{element.role} /P ",
                                refs[id(element.parent)] if element.parent else root_ref]
            if element.alt:
                parts += [" /Alt ", pdfdoc.PDFString(element.alt)]
            if element.lang:
                parts += [" /Lang ", pdfdoc.PDFString(element.lang)]
            if element.attributes:
                parts.append(" /A << " + " ".join(f"/{k} /{v}" for k, v in
                                                  element.attributes.items()) + " >>")
            page = next((k[0] for k in element.kids if isinstance(k, tuple) and k[0] != "annot"),
                        None)
            if page is not None:
                parts += [" /Pg ", page]
            kids: list[list[Any]] = []
            for kid in element.kids:
                if isinstance(kid, Element):
                    kids.append([refs[id(kid)]])
                elif kid[0] == "annot":
                    kids.append(["<< /Type /OBJR /Obj ", kid[1], " /Pg ", kid[2], " >>"])
                elif kid[0].name == page.name:
                    kids.append([str(kid[1])])
                else:
                    kids.append(["<< /Type /MCR /Pg ", kid[0], f" /MCID {kid[1]} >>"])
            if len(kids) == 1:  # (one kid alone, as most leaves have: checkers read that best)
                parts += [" /K ", *kids[0]]
            elif kids:
                parts.append(" /K [")
                for kid in kids:
                    parts += [*kid, " "]
                parts.append("]")
            objects[id(element)].parts = [*parts, " >>"]
        nums: list[Any] = ["<< /Nums ["]
        for key, value in sorted(self.parent_tree.items()):
            nums.append(f" {key} ")
            if isinstance(value, list):
                nums.append("[")
                for e in value:
                    nums += [refs[id(e)], " "]
                nums.append("]")
            else:
                nums.append(refs[id(value)])
        tree = _Formatted()
        tree.parts = [*nums, "] >>"]
        root.parts = ["<< /Type /StructTreeRoot /K ", refs[id(self.root)], " /ParentTree ",
                      doc.Reference(tree), f" /ParentTreeNextKey {self.next_key} >>"]
        catalog = doc.Catalog
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": pdfdoc.PDFtrue})


class _Formatted(pdfdoc.PDFObject):
    """A PDF object written straight from its parts (text, and ReportLab objects such as
    references and strings): ReportLab's general dictionaries cost more to format than the
    rest of the tree's making, for the hundreds of elements of a pack."""

    def __init__(self) -> None:
        self.parts: list[Any] = []

    def format(self, document: Any) -> bytes:
        """The object's bytes, its references resolved."""
        return b"".join(p.encode("ascii") if isinstance(p, str) else p.format(document)
                        for p in self.parts)


# Elements that only hold others: a flowable that does not belong in the open one closes it.
GROUPS = {"L", "TOC"}


def describe(uri: str) -> str:
    """What a link does, for its annotation's /Contents."""
    if uri.startswith("tel:"):
        return f"Call {uri[4:]}"
    if uri.startswith("mailto:"):
        return f"Email {uri[7:]}"
    return f"Open {display_url(uri)}"


def tagged(canvas: Canvas) -> TaggedCanvas | None:
    """The canvas, if it records tags."""
    return canvas if isinstance(canvas, TaggedCanvas) else None


@contextlib.contextmanager
def content(canvas: Canvas, role: str, **attrs: Any) -> Iterator[None]:
    """Draw content as one structure element of type `role` (attrs: alt, lang, within)."""
    tc = tagged(canvas)
    if tc is None or tc.quiet:
        yield
        return
    tc.begin_content(role, **{k: v for k, v in attrs.items() if v})
    yield
    tc.end_content()  # (the element begun, or what `switch` went on to)


@contextlib.contextmanager
def group(canvas: Canvas, role: str, **attrs: Any) -> Iterator[None]:
    """An element holding the elements drawn inside (a table, a row, a list item)."""
    tc = tagged(canvas)
    if tc is None or tc.quiet:
        yield
        return
    element = tc.begin(role, **{k: v for k, v in attrs.items() if v})
    yield
    tc.end(element)


@contextlib.contextmanager
def artifact(canvas: Canvas, kind: str = "") -> Iterator[None]:
    """Draw decoration, outside the structure (kind: Pagination, Layout, Page)."""
    tc = tagged(canvas)
    if tc is None:
        yield
        return
    tc._code.append(f"/Artifact <</Type /{kind}>> BDC" if kind else "/Artifact BMC")
    yield
    tc._code.append("EMC")


def switch(canvas: Canvas, role: str) -> None:
    """End the marked content being drawn and go on as a new element of type `role` in the
    same parent (a list item's label, then its body)."""
    tc = tagged(canvas)
    if tc is None or tc.quiet:
        return
    tc.end_content()
    tc.begin_content(role)


class TableTags:
    """A ReportLab table's render callback: its backgrounds and rules as artifacts and, for a
    table of data, Table, TR and TH/TD elements (`header`: 'row' when the first column holds
    the headers, 'column' when the first row does). A table split over pages is one Table
    (ReportLab hands the callback to each part); the head a part repeats is an artifact."""

    def __init__(self, header: str = ""):
        self.header = header
        self.table: Element | None = None
        self.continued = False
        self.open: list[Element | None] = []

    def __call__(self, table: Any, event: str, *args: Any) -> None:
        tc = tagged(table.canv)
        if tc is None:
            return
        if event in ("startBG", "startLines"):
            tc._code.append("/Artifact BMC")
        elif event in ("endBG", "endLines"):
            tc._code.append("EMC")
        elif not self.header:
            return
        elif event == "startTable":
            self.continued = self.table is not None
            if self.table is None:
                self.table = tc.begin("Table")
            else:
                tc.resume(self.table)
            self.open.append(self.table)
        elif event == "startRow":
            repeats = table.repeatRows or 0  # (a count, or which rows)
            if self.continued and args[0] in (range(repeats) if isinstance(repeats, int)
                                              else repeats):  # the head again
                tc._code.append("/Artifact BMC")
                tc.quiet += 1
                self.open.append(None)
            else:
                self.open.append(tc.begin("TR"))
        elif event == "startCell":
            row, col = args[0], args[1]
            if tc.quiet:
                self.open.append(None)
            elif col == 0 if self.header == "row" else row == 0:
                scope = "Row" if self.header == "row" else "Column"
                self.open.append(tc.begin("TH", attributes={"O": "Table", "Scope": scope}))
            else:
                self.open.append(tc.begin("TD"))
        elif event in ("endCell", "endRow", "endTable"):
            element = self.open.pop()
            if element is not None:
                tc.end(element)
            elif event == "endRow":
                tc.quiet -= 1
                tc._code.append("EMC")


def _tag_bullets() -> None:
    """A list item's bullet drawn as its label (`Lbl`), the rest of the paragraph as its
    body (`LBody`): ReportLab draws the bullet first, with a function of its own."""
    from reportlab.platypus import paragraph

    draw = paragraph._drawBullet

    def tagged_bullet(canvas: Canvas, *args: Any, **kwargs: Any) -> Any:
        offset = draw(canvas, *args, **kwargs)
        tc = tagged(canvas)
        if tc is not None and tc.stack[-1].role == "Lbl":
            switch(canvas, "LBody")
        return offset

    paragraph._drawBullet = tagged_bullet


_tag_bullets()
