"""A workbook carrying what openpyxl's load/save loses, made by editing the package's XML.

Starts from the small workbook (conftest.build_small, written by XlsxWriter) and adds, on
'T02-2022': an amount as a formula with its cached value (=25000*2, 50000), an x14 list
validation pointing at another sheet (extLst), a drawing with a shape and a connector
(xdr:sp, xdr:cxnSp), a legacy comment (with its VML), a threaded comment (with the
workbook's person list); rich text runs in a shared string; and a sheet of the clerk's
own named `Kiểm tra`. Nothing here uses xlpy's writer: the fixture cannot share its bugs.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from conftest import build_small

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MONTH_PART = "xl/worksheets/sheet4.xml"  # T02-2022 in the small workbook (checked below)
FOREIGN_PART = "xl/worksheets/sheet90.xml"
EXTRA_PARTS = [
    "xl/drawings/drawing1.xml",
    "xl/drawings/_rels/drawing1.xml.rels",
    "xl/comments1.xml",
    "xl/drawings/vmlDrawing1.vml",
    "xl/threadedComments/threadedComment1.xml",
    "xl/persons/person.xml",
    "xl/worksheets/_rels/sheet4.xml.rels",
    FOREIGN_PART,
]

X14_VALIDATION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>'Danh mục'!$A$2:$A$20</xm:f></x14:formula1><xm:sqref>E4:E200</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext></extLst>"
)
DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    "<xdr:twoCellAnchor><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row>"
    "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff>"
    "<xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
    '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Hộp 1"/><xdr:cNvSpPr/></xdr:nvSpPr>'
    '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
    "<xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Đã đối chiếu</a:t></a:r></a:p></xdr:txBody></xdr:sp>"
    "<xdr:clientData/></xdr:twoCellAnchor>"
    "<xdr:twoCellAnchor><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>7</xdr:row>"
    "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff>"
    "<xdr:row>9</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
    '<xdr:cxnSp macro=""><xdr:nvCxnSpPr><xdr:cNvPr id="3" name="Mũi tên 2"/><xdr:cNvCxnSpPr/></xdr:nvCxnSpPr>'
    '<xdr:spPr><a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom></xdr:spPr></xdr:cxnSp>'
    "<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
)
COMMENTS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    f'<comments xmlns="{MAIN}"><authors><author>tc={{6B1C3A43-0000-4000-8000-000000000001}}</author>'
    "<author>Kế toán</author></authors><commentList>"
    '<comment ref="C4" authorId="0"><text><t>[Threaded comment] Đã thu tiền mặt</t></text></comment>'
    '<comment ref="D5" authorId="1"><text><r><rPr><b/></rPr><t>Kế toán:</t></r><r><t> hỏi lại</t></r></text>'
    "</comment></commentList></comments>"
)
VML = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t202">'
    '<x:ClientData ObjectType="Note"><x:Row>4</x:Row><x:Column>3</x:Column></x:ClientData></v:shape></xml>'
)
THREADED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
    '<threadedComment ref="C4" dT="2022-02-11T08:00:00.00" personId="{5D1B0C2A-0000-4000-8000-000000000002}" '
    'id="{6B1C3A43-0000-4000-8000-000000000001}"><text>Đã thu tiền mặt</text></threadedComment>'
    "</ThreadedComments>"
)
PERSONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
    '<person displayName="Thủ quỹ" id="{5D1B0C2A-0000-4000-8000-000000000002}" userId="thu.quy" providerId="None"/>'
    "</personList>"
)
SHEET_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{R}/drawing" Target="../drawings/drawing1.xml"/>'
    f'<Relationship Id="rId2" Type="{R}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>'
    f'<Relationship Id="rId3" Type="{R}/comments" Target="../comments1.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" '
    'Target="../threadedComments/threadedComment1.xml"/></Relationships>'
)
FOREIGN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    f'<worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Việc cần kiểm tra của văn phòng</t></is></c>'
    '<c r="E1" t="inlineStr"><is><t>xlpy</t></is></c></row>'
    '<row r="4"><c r="B4" t="inlineStr"><is><t>T02-2022</t></is></c>'
    '<c r="C4" t="inlineStr"><is><t>C4</t></is></c><c r="F4" t="inlineStr"><is><t>0&gt;1</t></is></c></row>'
    "</sheetData></worksheet>"
)
TYPES = {
    "/xl/drawings/drawing1.xml": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "/xl/comments1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
    "/xl/threadedComments/threadedComment1.xml": "application/vnd.ms-excel.threadedcomments+xml",
    "/xl/persons/person.xml": "application/vnd.ms-excel.person+xml",
    "/" + FOREIGN_PART: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
}


def _month(data: bytes) -> bytes:
    text = data.decode()
    amount = r'<c r="C5"\1><f>25000*2</f><v>50000</v></c>'  # its own style kept
    text = re.sub(r'<c r="C5"( s="\d+")?[^>]*?(/>|>.*?</c>)', amount, text, count=1)
    tail = '<drawing r:id="rId1"/><legacyDrawing r:id="rId2"/>' + X14_VALIDATION
    return text.replace("</worksheet>", tail + "</worksheet>").encode()


def _shared(data: bytes) -> bytes:
    return data.replace(
        "<si><t>Nguyễn Văn An</t></si>".encode(),
        '<si><r><rPr><b/><sz val="11"/></rPr><t>Nguyễn</t></r><r><t xml:space="preserve"> Văn An</t></r></si>'.encode(),
        1,
    )


def _workbook(data: bytes) -> bytes:
    return data.replace(
        b"</sheets>",
        f'<sheet name="Kiểm tra" sheetId="90" r:id="rId90" xmlns:r="{R}"/></sheets>'.encode(),
    )


def _rels(data: bytes) -> bytes:
    return data.replace(
        b"</Relationships>",
        (
            f'<Relationship Id="rId90" Type="{R}/worksheet" Target="worksheets/sheet90.xml"/>'
            '<Relationship Id="rId91" Type="http://schemas.microsoft.com/office/2017/10/relationships/person" '
            'Target="persons/person.xml"/></Relationships>'
        ).encode(),
    )


def _types(data: bytes) -> bytes:
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in TYPES.items())
    if b'Extension="vml"' not in data:
        overrides += '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
    return data.replace(b"</Types>", overrides.encode() + b"</Types>")


EDITS = {
    MONTH_PART: _month,
    "xl/sharedStrings.xml": _shared,
    "xl/workbook.xml": _workbook,
    "xl/_rels/workbook.xml.rels": _rels,
    "[Content_Types].xml": _types,
}
ADDED = {
    "xl/drawings/drawing1.xml": DRAWING,
    "xl/comments1.xml": COMMENTS,
    "xl/drawings/vmlDrawing1.vml": VML,
    "xl/threadedComments/threadedComment1.xml": THREADED,
    "xl/persons/person.xml": PERSONS,
    "xl/worksheets/_rels/sheet4.xml.rels": SHEET_RELS,
    FOREIGN_PART: FOREIGN,
}


def rich(path: Path) -> Path:
    source = build_small(path.with_name("source-" + path.name))
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        assert b'name="T02-2022" sheetId="4" r:id="rId4"' in zin.read("xl/workbook.xml")
        assert "<si><t>Nguyễn Văn An</t></si>".encode() in zin.read("xl/sharedStrings.xml")
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, EDITS.get(item.filename, lambda d: d)(data))
        for name, text in ADDED.items():
            zout.writestr(name, text.encode())
    source.unlink()
    return path


def strict(path: Path) -> Path:
    """The same package as Excel's 'Strict Open XML' save names its main namespace."""
    target = path.with_name("strict-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename).replace(MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")
            zout.writestr(item, data)
    return target
