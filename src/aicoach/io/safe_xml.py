"""Read untrusted XML safely, and small helpers shared by the XML readers.

Device files (GPX, TCX) never need a document type declaration, so any ``<!DOCTYPE`` is refused
before parsing: that closes XML external entities (XXE), "billion laughs" entity expansion and
quadratic blow-up in one rule. Parsing goes through ``defusedxml`` with ``forbid_dtd=True`` as a
second guard.

Elements returned by :func:`parse_xml` remember the line of their start tag, which readers use
in error messages and repair notes (:func:`element_line`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Protocol
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse

from aicoach.errors import CorruptFileError, UnsafeInputError

UNSAFE_XML_MESSAGE = (
    "XML document type declarations are not allowed "
    "(possible entity-expansion or external-entity attack)"
)

_POSITION_SUFFIX = re.compile(r":\s*line \d+, column \d+\s*$")


class _LineElement(Element):
    """An element that remembers the line of its start tag."""

    sourceline: int | None = None


class _LineTreeBuilder(TreeBuilder):
    """Builds ``_LineElement`` trees, stamping each element with the parser's current line."""

    def __init__(self) -> None:
        super().__init__(element_factory=_LineElement)
        self.expat: object | None = None

    def start(self, tag: str, attrs: dict[str, str], /) -> Element:
        element = super().start(tag, attrs)
        line = getattr(self.expat, "CurrentLineNumber", None)
        if isinstance(element, _LineElement) and isinstance(line, int):
            element.sourceline = line
        return element


def reject_doctype(data: bytes, source: str) -> None:
    """Raise ``UnsafeInputError`` when the document has a DOCTYPE (and so maybe entities).

    Only the prolog is read: scanning stops at the root element's start tag, where any
    document type declaration must already have appeared.
    """
    peek_root_tag(data, source)


def peek_root_tag(data: bytes, source: str) -> str:
    """Return the local name of the root element, refusing a DOCTYPE on the way.

    Raises ``UnsafeInputError`` for a DOCTYPE or entity declaration and ``CorruptFileError``
    when the document is not well-formed before (or at) its root element.
    """
    try:
        for _event, element in iterparse(io.BytesIO(data), events=("start",), forbid_dtd=True):
            return local_name(element.tag)
    except DefusedXmlException as exc:
        raise UnsafeInputError(UNSAFE_XML_MESSAGE, source=source) from exc
    except ParseError as exc:
        raise _not_well_formed(exc, source) from exc
    raise CorruptFileError("not well-formed XML: no root element", source=source)


def parse_xml(data: bytes, source: str) -> Element:
    """Parse ``data`` with ``defusedxml`` (no DTD, no entities) and return the root element.

    Raises ``UnsafeInputError`` for a DOCTYPE or entity declaration and ``CorruptFileError``
    with the line number when the document is not well-formed.
    """
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = getattr(parser, "parser", None)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        raise UnsafeInputError(UNSAFE_XML_MESSAGE, source=source) from exc
    except ParseError as exc:
        raise _not_well_formed(exc, source) from exc
    if not isinstance(root, Element):
        raise CorruptFileError("not well-formed XML: no root element", source=source)
    return root


def _not_well_formed(exc: ParseError, source: str) -> CorruptFileError:
    """Turn an expat ``ParseError`` into a ``CorruptFileError`` carrying its line."""
    line, column = exc.position
    reason = _POSITION_SUFFIX.sub("", str(exc))
    return CorruptFileError(
        f"not well-formed XML at column {column}: {reason}", source=source, line=line
    )


def local_name(tag: object) -> str:
    """The tag without its ``{namespace}`` prefix; ``""`` for comments and processing nodes."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


class XmlNode(Protocol):
    """What the readers need of an element: stdlib ``Element`` and lxml elements both fit."""

    @property
    def text(self) -> str | None: ...


def element_line(element: object) -> int | None:
    """The line of an element's start tag when the parser recorded it (ours and lxml do)."""
    line = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else None


@dataclass(slots=True)
class NumberReader:
    """Reads numeric element text; text that is not a number becomes missing and is reported.

    Readers drop a malformed value (``None``) rather than fail the whole file, in line with
    how implausible samples are dropped; :meth:`notes` describes each kind of drop, e.g.
    "2 HeartRateBpm values that are not numbers were dropped (first: 'abc' at line 57)".
    """

    _counts: dict[str, int] = field(default_factory=dict)
    _first: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def read(self, element: XmlNode | None, label: str) -> float | None:
        """The element's text as a float; ``None`` when absent, blank or malformed."""
        if element is None or element.text is None:
            return None
        text = element.text.strip()
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            self._counts[label] = self._counts.get(label, 0) + 1
            self._first.setdefault(label, (text[:40], element_line(element)))
            return None

    def notes(self) -> list[str]:
        """One sentence per element name that held malformed numbers."""
        notes: list[str] = []
        for label, count in self._counts.items():
            text, line = self._first[label]
            where = f" at line {line}" if line is not None else ""
            plural = (
                "values that are not numbers were"
                if count > 1
                else "value that is not a number was"
            )
            notes.append(f"{count} {label} {plural} dropped (first: {text!r}{where})")
        return notes
