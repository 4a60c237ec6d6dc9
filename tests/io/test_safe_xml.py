"""Safe XML parsing: DOCTYPEs refused, line numbers kept, malformed numbers reported."""

from __future__ import annotations

import pytest

from aicoach.errors import CorruptFileError, UnsafeInputError
from aicoach.io.safe_xml import (
    UNSAFE_XML_MESSAGE,
    NumberReader,
    element_line,
    local_name,
    parse_xml,
    peek_root_tag,
    reject_doctype,
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gpx><name>&xxe;</name></gpx>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE gpx SYSTEM "http://example.invalid/gpx.dtd">
<gpx/>
"""

CLEAN = b"""<?xml version="1.0" encoding="UTF-8"?>
<root xmlns="urn:example">
  <first>1.5</first>

  <second>abc</second>
</root>
"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_reject_doctype_refuses_any_document_type_declaration(document: bytes) -> None:
    with pytest.raises(UnsafeInputError) as caught:
        reject_doctype(document, "evil.gpx")
    assert caught.value.source == "evil.gpx"
    assert caught.value.message == UNSAFE_XML_MESSAGE


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_parse_xml_refuses_any_document_type_declaration(document: bytes) -> None:
    with pytest.raises(UnsafeInputError, match="document type declarations are not allowed"):
        parse_xml(document, "evil.xml")


def test_external_entity_content_never_reaches_the_message() -> None:
    with pytest.raises(UnsafeInputError) as caught:
        parse_xml(EXTERNAL_ENTITY, "evil.xml")
    assert "root:" not in str(caught.value)


def test_reject_doctype_accepts_a_clean_document() -> None:
    reject_doctype(CLEAN, "clean.xml")  # no exception
    assert peek_root_tag(CLEAN, "clean.xml") == "root"


def test_parse_xml_records_the_line_of_each_element() -> None:
    root = parse_xml(CLEAN, "clean.xml")
    lines = {local_name(element.tag): element_line(element) for element in root.iter()}
    assert lines == {"root": 2, "first": 3, "second": 5}


def test_truncated_xml_is_corrupt_with_the_line_where_it_ends() -> None:
    truncated = CLEAN[: CLEAN.index(b"<second>") + 4]
    with pytest.raises(CorruptFileError) as caught:
        parse_xml(truncated, "cut.xml")
    assert caught.value.line == 5
    assert caught.value.source == "cut.xml"
    assert str(caught.value).startswith("cut.xml, line 5: not well-formed XML")


def test_mismatched_tag_is_corrupt_with_its_line() -> None:
    with pytest.raises(CorruptFileError) as caught:
        parse_xml(b"<a>\n<b>\n</a>\n", "bad.xml")
    assert caught.value.line == 3
    assert "mismatched tag" in caught.value.message


def test_empty_document_is_corrupt() -> None:
    with pytest.raises(CorruptFileError):
        peek_root_tag(b"   \n", "blank.xml")


def test_local_name_strips_the_namespace() -> None:
    assert local_name("{http://www.garmin.com/x/v1}hr") == "hr"
    assert local_name("hr") == "hr"
    assert local_name(None) == ""


def test_number_reader_drops_malformed_numbers_and_reports_the_first() -> None:
    root = parse_xml(CLEAN, "clean.xml")
    first, second = list(root)
    reader = NumberReader()
    assert reader.read(first, "<first>") == 1.5
    assert reader.read(second, "<second>") is None
    assert reader.read(second, "<second>") is None
    assert reader.read(None, "<absent>") is None
    assert reader.notes() == [
        "2 <second> values that are not numbers were dropped (first: 'abc' at line 5)"
    ]


def test_number_reader_treats_blank_text_as_missing_without_a_note() -> None:
    root = parse_xml(b"<a><b> </b><c/></a>", "blank.xml")
    reader = NumberReader()
    assert [reader.read(child, "x") for child in root] == [None, None]
    assert reader.notes() == []
