"""Make the PDF fixtures of ``tests/test_readers.py`` in ``tests/data/formats/``.

- ``sample.pdf``: two pages with a text layer — a heading and Russian text with a word
  hyphenated across a line end, an English line, Kazakh text on page 2, a page number
  at the foot of each page;
- ``no_text.pdf``: one page with only a filled rectangle, as a scan without OCR looks
  to a text extractor;
- ``encrypted.pdf``: a page of text that opens only with the password "secret".

Run once, from the project root, and commit the output::

    pip install fpdf2   # a development tool only, not a dependency of zan
    python tools/make_pdf_fixture.py

With the same fpdf2 and font, ``sample.pdf`` and ``no_text.pdf`` come out byte for byte
the same (the creation date is fixed); ``encrypted.pdf`` differs, its key is random.
"""
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import EncryptionMethod

OUT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CREATED = datetime(2024, 1, 1, tzinfo=UTC)

HEADING = "Закон о персональных данных"
PAGE_1 = [
    "Статья 1. Персональные данные — сведения, относящиеся к опреде-",
    "лённому или определяемому на их основании субъекту.",
    "Article 1. Personal data means any information relating to a person.",
]
PAGE_2 = [
    "Әрбір азамат өз құқығын қорғауға құқылы; шаһар әкімдігі",
    "ұлттық заңнаманы үкімет шешімдеріне сәйкес орындайды.",
]


def new_pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_auto_page_break(False)  # the page number sits in the bottom margin
    return pdf


def add_page(pdf: FPDF, lines: list[str], heading: str = "") -> None:
    """A page of ``lines`` under an optional ``heading``, its number at the foot."""
    pdf.add_page()
    if heading:
        pdf.set_font("DejaVu", size=16)
        pdf.cell(text=heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-20)
    pdf.cell(text=str(pdf.page_no()))


def sample_pdf() -> FPDF:
    pdf = new_pdf()
    pdf.add_font("DejaVu", fname=FONT)
    add_page(pdf, PAGE_1, heading=HEADING)
    add_page(pdf, PAGE_2)
    return pdf


def no_text_pdf() -> FPDF:
    pdf = new_pdf()
    pdf.add_page()
    pdf.rect(20, 20, 170, 250, style="F")
    return pdf


def encrypted_pdf() -> FPDF:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)  # a standard font, not embedded: a smaller file
    pdf.cell(text="Article 1. Personal data means any information relating to a person.")
    # RC4, which pypdf decrypts without the optional cryptography package.
    pdf.set_encryption(owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.RC4)
    return pdf


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    sample_pdf().output(str(OUT_DIR / "sample.pdf"))
    no_text_pdf().output(str(OUT_DIR / "no_text.pdf"))
    encrypted_pdf().output(str(OUT_DIR / "encrypted.pdf"))


if __name__ == "__main__":
    main()
