"""Format readers: every supported format comes out as lines of text with headings marked,
and every file that cannot be read fails with a one-line reason naming it."""
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

import corpus
from indexer.errors import IngestError
from indexer.readers import Text, detect_format, read, read_text

FIXTURES = Path(__file__).parent / "data" / "formats"
SAMPLE_PDF = (FIXTURES / "sample.pdf").read_bytes()  # made by tools/make_pdf_fixture.py

RUSSIAN = ("Статья 1. Каждый гражданин имеет право на защиту своих персональных данных.\n"
           "Обработка данных допускается только с согласия субъекта.")
# Every Kazakh-only letter: ә ғ қ ң ө ұ ү һ і.
KAZAKH = "Әрбір азамат өз құқығын қорғауға құқылы; шаһар әкімдігі ұлттық заңнаманы үкімет шешімдеріне сәйкес орындайды."


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with_document_xml(xml: bytes) -> bytes:
    """A DOCX made by python-docx whose word/document.xml is replaced by ``xml``."""
    original = zipfile.ZipFile(io.BytesIO(docx_bytes(docx.Document())))
    members = {name: original.read(name) for name in original.namelist()}
    return zip_bytes(members | {"word/document.xml": xml})


def rtf_escaped(text: str) -> str:
    """``text`` as Word writes it into a cp1251 RTF: ASCII as is, cp1251 letters as \\'hh, others as \\uN?."""
    def escape(char: str) -> str:
        if char.isascii():
            return char
        try:
            return "".join(f"\\'{byte:02x}" for byte in char.encode("cp1251"))
        except UnicodeEncodeError:
            return f"\\u{ord(char)}?"
    return "".join(map(escape, text))


# --- plain text and Markdown -----------------------------------------------------------

@pytest.mark.parametrize(("text", "encoding"), [
    (RUSSIAN, "utf-8"),
    (RUSSIAN, "utf-8-sig"),
    (RUSSIAN, "cp1251"),
    (RUSSIAN, "koi8-r"),
    (KAZAKH, "kz1048"),
    (KAZAKH, "utf-16"),
])
def test_a_text_file_is_decoded_exactly_and_its_encoding_reported(tmp_path, text, encoding):
    path = write(tmp_path, "law.txt", text.encode(encoding))
    assert read(path) == Text(text, "text", "lines", encoding)


def test_a_big_endian_utf16_file_is_known_by_its_bom(tmp_path):
    path = write(tmp_path, "law.txt", ("\ufeff" + KAZAKH).encode("utf-16-be"))
    assert read(path) == Text(KAZAKH, "text", "lines", "utf-16")


def test_line_ends_come_out_as_newlines(tmp_path):
    path = write(tmp_path, "law.txt", "first\r\nsecond\rthird\n")
    assert read(path).text == "first\nsecond\nthird\n"


def test_markdown_is_text_with_its_headings_kept(tmp_path):
    path = write(tmp_path, "law.md", "# Закон\n\nСтатья 1.\n")
    assert read(path) == Text("# Закон\n\nСтатья 1.\n", "markdown", "lines", "utf-8")


def test_the_bundled_corpus_reads_as_before():
    for path in sorted(corpus.texts_dir().iterdir()):
        assert read_text(path) == path.read_bytes().decode("utf-8"), path.name


# --- HTML --------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Окно</title><style>p { color: red }</style></head>
<body>
<header><nav><a href="/">Главная</a></nav> Портал законов</header>
<article>
  <header><h1>Закон   о  данных</h1></header>
  <h2>Статья&nbsp;1</h2>
  <p>Персональные <b>данные</b> &mdash; сведения
     о&nbsp;субъекте.<br>Вторая строка</p>
  <p>Стат<i>ья</i> 2</p>
  <ul><li>первый</li><li>второй</li></ul>
  <table><tr><td>ячейка 1</td><td>ячейка 2</td></tr></table>
  <script>alert("нет")</script><noscript>Включите JavaScript</noscript>
  <template><p>шаблон</p></template><div hidden>скрыто</div><!-- комментарий -->
  <div lang="kk">""" + KAZAKH + """</div>
</article>
<footer>© Портал, 2024</footer>
</body></html>"""


def test_html_gives_its_visible_text_a_block_a_line_with_headings_marked(tmp_path):
    text = read(write(tmp_path, "law.html", PAGE))
    assert text.text.splitlines() == [
        "# Закон о данных",
        "## Статья 1",
        "Персональные данные — сведения о субъекте.",
        "Вторая строка",
        "Статья 2",
        "первый",
        "второй",
        "ячейка 1",
        "ячейка 2",
        KAZAKH,
    ]
    assert (text.format, text.layout, text.encoding) == ("html", "lines", "utf-8")


def test_html_is_decoded_in_the_charset_it_declares(tmp_path):
    # ISO 8859-5 is no candidate of detection: only the declaration can name it.
    page = '<html><head><meta charset="iso-8859-5"></head><body><p>Статья 1</p></body></html>'
    text = read(write(tmp_path, "law.html", page.encode("iso-8859-5")))
    assert (text.text, text.encoding) == ("Статья 1", "iso8859-5")


def test_html_without_a_declared_charset_is_detected_as_text_is(tmp_path):
    page = f"<html><body><p>{RUSSIAN}</p></body></html>"
    text = read(write(tmp_path, "law.htm", page.encode("koi8-r")))
    assert (text.text, text.encoding) == (" ".join(RUSSIAN.split()), "koi8-r")


def test_deeply_nested_html_is_read_without_recursion(tmp_path):
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "глубоко" + "</div>" * depth + "</body></html>"
    assert read(write(tmp_path, "deep.html", page)).text == "глубоко"


# --- DOCX --------------------------------------------------------------------------------

def test_docx_gives_paragraphs_in_order_headings_marked_and_table_cells_as_lines(tmp_path):
    document = docx.Document()
    document.add_heading("Закон о персональных данных", level=0)
    document.add_heading("Статья 1. Основные понятия", level=1)
    document.add_paragraph("Персональные   данные —\tсведения о субъекте.")
    document.add_paragraph("")
    document.add_paragraph("сбор данных;", style="List Number")
    document.add_heading("1.1. Сфера", level=2)
    document.styles.add_style("Заголовок 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("1.2. Қолданылуы", style="Заголовок 2")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Термин", "Анықтама"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Жеке деректер"
    document.add_paragraph(KAZAKH)

    text = read(write(tmp_path, "law.docx", docx_bytes(document)))
    assert text.text.splitlines() == [
        "# Закон о персональных данных",
        "# Статья 1. Основные понятия",
        "Персональные данные — сведения о субъекте.",
        "сбор данных;",  # automatic numbering is not rendered
        "## 1.1. Сфера",
        "## 1.2. Қолданылуы",
        "Термин",
        "Анықтама",
        "Жеке деректер",  # a merged cell once
        KAZAKH,
    ]
    assert (text.format, text.layout, text.encoding) == ("docx", "lines", "")


WORDML = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Runs with a tab, a line break, a page break (no text), a non-breaking hyphen and a
# hyperlink; a paragraph in a content control and a tracked insertion (neither read, as in
# python-docx); a table with a cell merged across two columns, one merged down two rows
# and a table nested in a cell; styles named by an id Word gave in Russian, by an unknown
# id, and by the id of a character style (the last two: the default paragraph style).
TRICKY_DOCUMENT_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {WORDML} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:body>
 <w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>Статья 5. Сроки</w:t></w:r></w:p>
 <w:p><w:r><w:t xml:space="preserve">Срок </w:t><w:tab/><w:t>—</w:t><w:br/><w:t>десять</w:t>
  <w:br w:type="page"/><w:t xml:space="preserve"> дней</w:t><w:noBreakHyphen/><w:t>суток</w:t></w:r>
  <w:hyperlink r:id="rId9"><w:r><w:t xml:space="preserve"> по ссылке</w:t></w:r></w:hyperlink></w:p>
 <w:sdt><w:sdtContent><w:p><w:r><w:t>в поле формы</w:t></w:r></w:p></w:sdtContent></w:sdt>
 <w:p><w:ins w:id="1" w:author="a"><w:r><w:t>вставлено</w:t></w:r></w:ins><w:r><w:t>принято</w:t></w:r></w:p>
 <w:tbl>
  <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Шапка</w:t></w:r></w:p></w:tc></w:tr>
  <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Слева</w:t></w:r></w:p></w:tc>
   <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Вложено</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
  <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>Справа</w:t></w:r></w:p></w:tc></w:tr>
 </w:tbl>
 <w:p><w:pPr><w:pStyle w:val="NoSuchStyle"/></w:pPr><w:r><w:t>без стиля</w:t></w:r></w:p>
 <w:p><w:pPr><w:pStyle w:val="Strong"/></w:pPr><w:r><w:t>стиль знака</w:t></w:r></w:p>
</w:body></w:document>"""
TRICKY_STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {WORDML}>
 <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
 <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
 <w:style w:type="character" w:styleId="Strong"><w:name w:val="Title"/></w:style>
</w:styles>"""
TRICKY_LINES = ["# Статья 5. Сроки", "Срок — десять дней-суток по ссылке", "принято",
                "Шапка", "Слева", "Вложено", "Справа", "без стиля", "стиль знака"]


def tricky_docx() -> bytes:
    original = zipfile.ZipFile(io.BytesIO(docx_bytes(docx.Document())))
    members = {name: original.read(name) for name in original.namelist()}
    return zip_bytes(members | {"word/document.xml": TRICKY_DOCUMENT_XML.encode("utf-8"),
                                "word/styles.xml": TRICKY_STYLES_XML.encode("utf-8")})


def test_docx_text_is_runs_and_hyperlinks_with_breaks_and_a_merged_cell_once(tmp_path):
    assert read(write(tmp_path, "tricky.docx", tricky_docx())).text.splitlines() == TRICKY_LINES


def test_a_docx_whose_styles_part_is_missing_has_no_headings(tmp_path):
    original = zipfile.ZipFile(io.BytesIO(tricky_docx()))
    members = {name: original.read(name) for name in original.namelist() if name != "word/styles.xml"}
    rels = members["word/_rels/document.xml.rels"].decode("utf-8")
    members["word/_rels/document.xml.rels"] = rels.replace("/styles\"", "/no-styles\"").encode("utf-8")
    lines = read(write(tmp_path, "plain.docx", zip_bytes(members))).text.splitlines()
    assert lines == [line.removeprefix("# ") for line in TRICKY_LINES]


def test_a_docx_that_would_unzip_past_the_limit_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with (zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
          archive.open("word/document.xml", "w") as member):
        for _ in range(201):
            member.write(bytes(1024 * 1024))  # 201 MB of zeros, under 1 MB zipped
    with pytest.raises(IngestError, match=r"refused, it would unzip to 210,763,776 bytes \(a zip bomb\?\)"):
        read(path)


# --- PDF ---------------------------------------------------------------------------------

def test_pdf_gives_its_text_layer_lines_as_extracted_page_by_page():
    text = read(FIXTURES / "sample.pdf")
    assert text.text.splitlines() == [
        "Закон о персональных данных",
        "Статья 1. Персональные данные — сведения, относящиеся к опреде-",
        "лённому или определяемому на их основании субъекту.",
        "Article 1. Personal data means any information relating to a person.",
        "1",
        "Әрбір азамат өз құқығын қорғауға құқылы; шаһар әкімдігі",
        "ұлттық заңнаманы үкімет шешімдеріне сәйкес орындайды.",
        "2",
    ]
    assert (text.format, text.layout, text.encoding) == ("pdf", "pdf", "")


# --- RTF ---------------------------------------------------------------------------------

def test_rtf_gives_a_paragraph_a_line_with_its_code_page_honoured(tmp_path):
    source = ("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\n\\f0\\fs24 "
              + rtf_escaped("Статья 1.  Общие положения") + "\\par\n"
              + rtf_escaped(KAZAKH) + "\\par\n}")
    text = read(write(tmp_path, "law.rtf", source))
    assert text == Text(f"Статья 1. Общие положения\n{KAZAKH}", "rtf", "lines")


# --- detecting the format ----------------------------------------------------------------

@pytest.mark.parametrize(("name", "head", "expected"), [
    ("paper.txt", b"%PDF-1.7\n", "pdf"),
    ("law.txt", b"{\\rtf1\\ansi ", "rtf"),
    ("law.txt", b"\xef\xbb\xbf  <!DOCTYPE html><html>", "html"),
    ("law.md", b"<body><p>", "html"),
    ("law.htm", "<p>Статья</p>".encode(), "html"),
    ("LAW.TXT", b"Article 1", "text"),
    ("law.md", b"# Law", "markdown"),
    ("law.rtf", b"", "rtf"),
])
def test_the_format_is_sniffed_from_the_content_then_the_extension(name, head, expected):
    assert detect_format(Path(name), head) == expected


def test_a_docx_is_recognised_by_its_contents_whatever_its_name(tmp_path):
    path = write(tmp_path, "download.bin", docx_bytes(docx.Document()))
    assert detect_format(path, path.read_bytes()[:1024]) == "docx"


# --- files that cannot be read -----------------------------------------------------------

BROKEN = {
    "empty": ("law.txt", b"", "is empty"),
    "whitespace only": ("law.md", b" \r\n\t\n", "is empty"),
    "html without visible text": ("law.html", b"<html><body><script>x()</script></body></html>", "is empty"),
    "binary content": ("law.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file, not text"),
    "unknown extension": ("law.xyz", b"Article 1", "unsupported format: .xyz"),
    "no extension": ("README", b"Article 1", "unsupported format: no file extension"),
    "truncated PDF": ("paper.pdf", SAMPLE_PDF[:len(SAMPLE_PDF) // 2], "not a readable PDF (Stream has ended"),
    "PDF without a text layer": ("scan.pdf", (FIXTURES / "no_text.pdf").read_bytes(),
                                 "has no text layer (a scanned PDF?)"),
    "PDF with a password": ("secret.pdf", (FIXTURES / "encrypted.pdf").read_bytes(),
                            "is encrypted with a password"),
    "zip that is not a DOCX": ("law.docx", zip_bytes({"readme.txt": b"hello"}),
                               "not a valid DOCX (a zip without word/document.xml)"),
    "truncated DOCX": ("law.docx", docx_bytes(docx.Document())[:2000], "not a valid DOCX (not a readable zip"),
    "RTF with an escape out of range": ("law.rtf", b"{\\rtf1 \\u99999999999? x}", "not a readable RTF ("),
    "DOCX with broken XML": ("law.docx", docx_with_document_xml(b"<w:document><w:body"), "not a valid DOCX ("),
}


@pytest.mark.parametrize(("name", "data", "reason"), BROKEN.values(), ids=BROKEN.keys())
def test_an_unreadable_file_fails_with_a_one_line_reason_naming_it(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    with pytest.raises(IngestError) as failure:
        read(path)
    message = str(failure.value)
    assert message.startswith(str(path))
    assert reason in message
    assert "\n" not in message


def test_a_missing_file_cannot_be_read(tmp_path):
    with pytest.raises(IngestError, match=r"law\.txt: cannot read \(No such file or directory\)$"):
        read(tmp_path / "law.txt")


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("ZAN_MAX_FILE_MB", "0.001")
    path = write(tmp_path, "law.txt", "Статья 1. " * 200)
    with pytest.raises(IngestError, match=r"law\.txt is too large: 3,200 bytes, over the limit of 1,049"):
        read(path)


def test_a_size_limit_that_is_not_a_number_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("ZAN_MAX_FILE_MB", "lots")
    with pytest.raises(IngestError, match=r"ZAN_MAX_FILE_MB='lots' is not a positive number"):
        read(write(tmp_path, "law.txt", "Статья 1"))
