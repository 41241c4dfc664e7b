"""Every workbook the site publishes validates against the Office Open XML schemas.

Each XML part of each download (every example and every blank, both languages) is
validated with lxml against the ECMA-376 schemas vendored in tests/data/ooxml/ (its README
says which edition, where they come from and how they are loaded). A part is matched to
its schema by its content type; a content type with no schema here fails the check rather
than being skipped. Markup Compatibility is applied first, as ECMA-376 says a consumer
does: see `compatible`.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from lxml import etree

from generator.model import AI_TYPES, LANGS, RISK_CLASSES, Catalog
from generator.site.downloads import files
from tests.conftest import DATA, ROOT

SCHEMAS = DATA / "ooxml"
XS = "http://www.w3.org/2001/XMLSchema"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DML = "http://schemas.openxmlformats.org/drawingml/2006/main"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument."

# The remote locations that three vendored files import, and the copies beside them.
REMOTE = {
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd": "dc.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd": "dcterms.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
}

# Content type -> the root element ECMA-376 gives a part of that type.
ROOTS = {
    "application/vnd.openxmlformats-package.relationships+xml":
        "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships",
    "application/vnd.openxmlformats-package.core-properties+xml":
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}coreProperties",
    OFFICE + "extended-properties+xml":
        "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Properties",
    OFFICE + "spreadsheetml.sheet.main+xml": f"{{{SML}}}workbook",
    OFFICE + "spreadsheetml.worksheet+xml": f"{{{SML}}}worksheet",
    OFFICE + "spreadsheetml.styles+xml": f"{{{SML}}}styleSheet",
    OFFICE + "spreadsheetml.sharedStrings+xml": f"{{{SML}}}sst",
    OFFICE + "theme+xml": f"{{{DML}}}theme",
    OFFICE + "drawing+xml":
        "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}wsDr",
    OFFICE + "drawingml.chart+xml":
        "{http://schemas.openxmlformats.org/drawingml/2006/chart}chartSpace",
}  # fmt: skip

# Content type -> why its parts are not validated. Every content type the workbooks use
# today has a schema; a new one (an image, a VML drawing for comments) goes into ROOTS
# or, with its reason, here.
NO_SCHEMA: dict[str, str] = {}


class _Local(etree.Resolver):  # type: ignore[misc]  # lxml has no type stubs here
    """Serves the vendored files and the in-memory schemas, and never the network."""

    def __init__(self, virtual: dict[str, bytes]) -> None:
        super().__init__()
        self.virtual = virtual

    def resolve(self, url: str, pubid: str | None, context: Any) -> Any:
        if url in REMOTE:
            return self.resolve_filename(str(SCHEMAS / REMOTE[url]), context)
        path = url.removeprefix("file://")
        if path in self.virtual:
            return self.resolve_string(self.virtual[path], context, base_url=path)
        if "://" in url and not url.startswith("file:"):
            raise AssertionError(f"a schema asks for a remote file: {url}")
        return None


def _namespaces() -> dict[str, list[str]]:
    """Target namespace -> the vendored files that declare it."""
    out: dict[str, list[str]] = {}
    for path in sorted(SCHEMAS.glob("*.xsd")):
        namespace = etree.parse(str(path)).getroot().get("targetNamespace")
        out.setdefault(namespace, []).append(path.name)
    return out


@pytest.fixture(scope="session")
def understood() -> frozenset[str]:
    """The namespaces the schemas define: what a consumer of these schemas understands."""
    return frozenset(_namespaces())


@pytest.fixture(scope="session")
def schema() -> Any:
    """One schema for every namespace, compiled once per session."""
    virtual: dict[str, bytes] = {}
    imports = []
    found = _namespaces()
    # libxml2 loads only the first document imported for a namespace and skips the others,
    # and the DrawingML files import that namespace from one another: so a namespace spread
    # over several files is imported once, through a schema that includes them all; and
    # DrawingML's first, before a chart or drawing schema imports it from one file alone.
    for namespace in sorted(found, key=lambda n: n != DML):
        names = found[namespace]
        location = names[0]
        if len(names) > 1:
            location = "_" + re.sub(r"\W", "_", namespace) + ".xsd"
            includes = "".join(f'<xs:include schemaLocation="{name}"/>' for name in names)
            virtual[str(SCHEMAS / location)] = (
                f'<xs:schema xmlns:xs="{XS}" targetNamespace="{namespace}">{includes}</xs:schema>'
            ).encode()
        imports.append(f'<xs:import namespace="{namespace}" schemaLocation="{location}"/>')
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local(virtual))
    wrapper = f'<xs:schema xmlns:xs="{XS}">{"".join(imports)}</xs:schema>'
    doc = etree.fromstring(wrapper.encode(), parser, base_url=str(SCHEMAS / "_all.xsd"))
    return etree.XMLSchema(doc)


def _in_scope(element: Any, attribute: str) -> set[str]:
    """The namespaces that the prefixes in a Markup Compatibility attribute stand for."""
    return {element.nsmap[prefix] for prefix in element.get(attribute, "").split()}


def _taken(branch: Any, understood: frozenset[str]) -> bool:
    """Whether a consumer takes this branch of mc:AlternateContent, when no earlier one is."""
    kind = etree.QName(branch).localname
    return kind == "Fallback" or (kind == "Choice" and _in_scope(branch, "Requires") <= understood)


def compatible(element: Any, understood: frozenset[str], ignorable: frozenset[str]) -> list[Any]:
    """The elements that stand for element once Markup Compatibility is applied
    (ECMA-376 Part 3): a choice of mc:AlternateContent, the element itself with its
    ignorable extensions dropped, or nothing when the element is itself ignorable."""
    tag = etree.QName(element)
    if tag.namespace == MC and tag.localname == "AlternateContent":
        branch = next((c for c in element if _taken(c, understood)), None)
        if branch is None:
            return []
        return [n for child in branch if isinstance(child.tag, str)
                for n in compatible(child, understood, ignorable)]  # fmt: skip
    scope = ignorable | _in_scope(element, f"{{{MC}}}Ignorable")
    if tag.namespace in scope - understood:
        return []
    if _in_scope(element, f"{{{MC}}}MustUnderstand") - understood:
        raise AssertionError(f"{tag.localname} must be understood: {element.attrib}")
    if element.get(f"{{{MC}}}ProcessContent"):
        # Not needed by any workbook yet; refusing it beats validating the wrong content.
        raise AssertionError(f"mc:ProcessContent is not handled by this check ({tag.localname})")
    for name in list(element.attrib):
        namespace = etree.QName(name).namespace
        if namespace == MC or namespace in scope - understood:
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        replacement = compatible(child, understood, scope)
        if replacement != [child]:
            index = element.index(child)
            element.remove(child)
            for offset, node in enumerate(replacement):
                element.insert(index + offset, node)
    return [element]


def problems(book: bytes, schema: Any, understood: frozenset[str]) -> tuple[list[str], int]:
    """Each schema problem of the workbook, one a line, and how many parts were validated."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    out: list[str] = []
    checked = 0

    def validate(name: str, data: bytes, root: str) -> None:
        nonlocal checked
        doc = etree.fromstring(data, parser)
        (doc,) = compatible(doc, understood, frozenset())
        if doc.tag != root:
            out.append(f"{name}: root {doc.tag} where its content type has {root}")
        elif not schema.validate(doc):
            out.extend(f"{name}:{e.line}: {e.message}" for e in schema.error_log)
        checked += 1

    with zipfile.ZipFile(io.BytesIO(book)) as z:
        types = z.read("[Content_Types].xml")
        validate("[Content_Types].xml", types, f"{{{CT}}}Types")
        tree = etree.fromstring(types, parser)
        defaults = {d.get("Extension").lower(): d.get("ContentType")
                    for d in tree.iter(f"{{{CT}}}Default")}  # fmt: skip
        overrides = {o.get("PartName").lower(): o.get("ContentType")
                     for o in tree.iter(f"{{{CT}}}Override")}  # fmt: skip
        for name in z.namelist():
            if name.endswith("/") or name == "[Content_Types].xml":
                continue
            extension = name.rsplit(".", 1)[-1].lower()
            kind = overrides.get(f"/{name.lower()}") or defaults.get(extension)
            if kind in NO_SCHEMA:
                continue
            if kind not in ROOTS:
                out.append(f"{name}: no schema for its content type {kind}")
                continue
            validate(name, z.read(name), ROOTS[kind])
    return out, checked


@pytest.fixture(scope="module")
def books(catalog: Catalog) -> dict[str, bytes]:
    """Name -> bytes of every workbook the site's downloads page offers."""
    return {name: data for name, data in files(catalog, ROOT / "examples").items()
            if name.endswith(".xlsx")}  # fmt: skip


@pytest.fixture(scope="module")
def book(books: dict[str, bytes]) -> bytes:
    return books["credit-scoring.nb.xlsx"]


def _with(book: bytes, name: str, data: bytes) -> bytes:
    """The workbook with one part replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != name:
                dst.writestr(item, src.read(item))
        dst.writestr(name, data)
    return out.getvalue()


def _part(book: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        return z.read(name).decode("utf-8")


def test_the_check_covers_every_download_both_languages_and_the_blanks(
    books: dict[str, bytes],
) -> None:
    examples = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))
    stems = examples + [f"blank-{a}-{r}" for a in AI_TYPES for r in RISK_CLASSES]
    assert sorted(books) == sorted(f"{s}.{lang}.xlsx" for s in stems for lang in LANGS)
    assert {"nb", "en"} <= set(LANGS)


def test_every_site_workbook_validates_against_the_schemas(
    books: dict[str, bytes], schema: Any, understood: frozenset[str]
) -> None:
    found = []
    for name, data in sorted(books.items()):
        lines, checked = problems(data, schema, understood)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            # Every member was validated, [Content_Types].xml included: nothing skipped.
            assert checked == len([n for n in z.namelist() if not n.endswith("/")]), name
        found += [f"{name} {line}" for line in lines]
    assert found == [], "\n".join(found)


def test_an_unknown_element_in_a_worksheet_is_rejected(
    book: bytes, schema: Any, understood: frozenset[str]
) -> None:
    sheet = _part(book, "xl/worksheets/sheet1.xml").replace("<sheetData>", "<sheetData><bogus/>")
    lines, _ = problems(_with(book, "xl/worksheets/sheet1.xml", sheet.encode()), schema, understood)
    assert len(lines) == 1
    assert lines[0].startswith("xl/worksheets/sheet1.xml:")
    assert "}bogus': This element is not expected" in lines[0]


def test_a_bad_attribute_value_is_rejected(
    book: bytes, schema: Any, understood: frozenset[str]
) -> None:
    sheet, n = re.subn(r'<pageMargins left="[^"]*"', '<pageMargins left="wide"',
                       _part(book, "xl/worksheets/sheet2.xml"))  # fmt: skip
    assert n == 1
    lines, _ = problems(_with(book, "xl/worksheets/sheet2.xml", sheet.encode()), schema, understood)
    assert len(lines) == 1
    assert "pageMargins', attribute 'left': 'wide' is not a valid value" in lines[0]


def test_a_part_whose_root_does_not_fit_its_content_type_is_rejected(
    book: bytes, schema: Any, understood: frozenset[str]
) -> None:
    styles = _part(book, "xl/styles.xml").encode()
    lines, _ = problems(_with(book, "xl/worksheets/sheet3.xml", styles), schema, understood)
    assert lines == [
        f"xl/worksheets/sheet3.xml: root {{{SML}}}styleSheet where its content type has "
        f"{{{SML}}}worksheet"
    ]


def test_a_part_with_no_schema_is_reported_not_skipped(
    book: bytes, schema: Any, understood: frozenset[str]
) -> None:
    lines, _ = problems(_with(book, "customXml/item1.xml", b"<a/>"), schema, understood)
    assert lines == ["customXml/item1.xml: no schema for its content type application/xml"]


def _marked_up(sheet: str, fallback: str) -> str:
    """A worksheet as a newer Excel would write it: an ignorable attribute on a row and the
    page margins in mc:AlternateContent, with fallback as the mc:Fallback branch."""
    sheet = sheet.replace(
        "<worksheet ",
        f'<worksheet xmlns:mc="{MC}" mc:Ignorable="x14ac" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" ',
        1,
    )
    sheet = sheet.replace("<row ", '<row x14ac:dyDescent="0.25" ', 1)
    margins = re.search(r"<pageMargins [^>]*/>", sheet)
    assert margins and 'x14ac:dyDescent="0.25"' in sheet
    choice = '<mc:Choice Requires="x14"><x14:pageMargins/></mc:Choice>'
    return sheet.replace(
        margins.group(0),
        f"<mc:AlternateContent>{choice}<mc:Fallback>{fallback or margins.group(0)}"
        "</mc:Fallback></mc:AlternateContent>",
    )


def test_markup_compatibility_drops_ignorable_markup_and_takes_the_fallback(
    book: bytes, schema: Any, understood: frozenset[str]
) -> None:
    name = "xl/worksheets/sheet2.xml"
    sheet = _marked_up(_part(book, name), "")
    assert problems(_with(book, name, sheet.encode()), schema, understood)[0] == []
    # Without the mc: processing the same part is invalid: so the processing is what passed it.
    assert not schema.validate(etree.fromstring(sheet.encode()))


def test_markup_compatibility_validates_the_fallback_it_takes(
    book: bytes, schema: Any, understood: frozenset[str]
) -> None:
    name = "xl/worksheets/sheet2.xml"
    part = _part(book, name)
    margins = re.search(r"<pageMargins [^>]*/>", part)
    assert margins
    sheet = _marked_up(part, re.sub(r'left="[^"]*"', 'left="wide"', margins.group(0)))
    lines, _ = problems(_with(book, name, sheet.encode()), schema, understood)
    assert len(lines) == 1 and "'wide' is not a valid value" in lines[0]


def test_an_ignorable_namespace_these_schemas_define_is_still_validated(
    book: bytes, schema: Any, understood: frozenset[str]
) -> None:
    # Ignorable means "drop unless understood"; SpreadsheetML is understood here.
    name = "xl/worksheets/sheet1.xml"
    sheet = _part(book, name).replace(
        "<worksheet ", f'<worksheet xmlns:mc="{MC}" xmlns:s="{SML}" mc:Ignorable="s" ', 1
    )
    sheet = sheet.replace("<sheetData>", "<sheetData><s:bogus/>", 1)
    lines, _ = problems(_with(book, name, sheet.encode()), schema, understood)
    assert len(lines) == 1 and "}bogus': This element is not expected" in lines[0]
