"""The thesaurus as TBX-Basic (ISO 30042, for translation tools) or CSV."""
import csv
import io
from xml.etree import ElementTree as ET

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CSV_COLUMNS = ("concept", "lang", "term", "status", "source", "broader", "related", "note")
# Zan's term status → TBX-Basic administrativeStatus / termType values.
_ADMINISTRATIVE_STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                          "abbreviation": "admittedTerm-admn-sts"}


def to_tbx(concepts) -> str:
    """A TBX-Basic document: one conceptEntry per concept, a langSec per language, a
    termSec per term with its status and source; broader and related concepts as
    cross-references."""
    ET.register_namespace("", TBX_NAMESPACE)
    root = ET.Element(_tag("tbx"), {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(root, _tag("tbxHeader")), _tag("fileDesc"))
    ET.SubElement(ET.SubElement(header, _tag("sourceDesc")), _tag("p")).text = (
        "Zan concept thesaurus of international cooperation against cybercrime (ru, kk, en)")
    body = ET.SubElement(ET.SubElement(root, _tag("text")), _tag("body"))
    for concept in concepts:
        _concept_entry(body, concept)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _concept_entry(body, concept) -> None:
    entry = ET.SubElement(body, _tag("conceptEntry"), {"id": concept.id})
    if concept.note:
        ET.SubElement(entry, _tag("note")).text = concept.note
    for relation, targets in (("broader", concept.broader), ("related", concept.related)):
        for target in targets:
            ET.SubElement(entry, _tag("ref"), {"type": "crossReference", "target": target}).text = relation
    for lang in dict.fromkeys(term.lang for term in concept.terms):
        section = ET.SubElement(entry, _tag("langSec"), {XML_LANG: lang})
        for term in concept.terms_in(lang):
            term_section = ET.SubElement(section, _tag("termSec"))
            ET.SubElement(term_section, _tag("term")).text = term.text
            ET.SubElement(term_section, _tag("termNote"), {"type": "administrativeStatus"}).text = (
                _ADMINISTRATIVE_STATUS[term.status])
            if term.status == "abbreviation":
                ET.SubElement(term_section, _tag("termNote"), {"type": "termType"}).text = "abbreviation"
            ET.SubElement(term_section, _tag("admin"), {"type": "source"}).text = term.source
            if term.note:
                ET.SubElement(term_section, _tag("note")).text = term.note


def _tag(name: str) -> str:
    return f"{{{TBX_NAMESPACE}}}{name}"


def to_csv(concepts) -> str:
    """One row per term: concept id, language, term, status, source and the concept's links."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for concept in concepts:
        for term in concept.terms:
            writer.writerow((concept.id, term.lang, term.text, term.status, term.source,
                             " ".join(concept.broader), " ".join(concept.related), concept.note))
    return out.getvalue()
