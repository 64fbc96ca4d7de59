"""Exhibitor notes as plain text, by the contract's rules, using the stdlib's HTML parser.

Order matters and is the contract's: tags go first, entities are decoded after, so ``&lt;b&gt;`` ends as
the text ``<b>`` (never a tag) and ``&amp;lt;`` as ``&lt;`` (decoded once).
"""
from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

SPACED = frozenset({"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote",
                    "h1", "h2", "h3", "h4", "h5", "h6"})
DROPPED = frozenset({"script", "style"})  # dropped with their content


class _TextCollector(HTMLParser):
    """Keeps the text between tags; comments, declarations and other tags produce nothing."""

    def __init__(self, drop_scripts: bool):
        super().__init__(convert_charrefs=True)
        self.drop_scripts = drop_scripts
        self.dropping: str | None = None
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # the parser lowercases tag names
        if tag in DROPPED and self.drop_scripts:
            self.dropping = tag
        elif tag in SPACED:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.dropping:
            self.dropping = None
        elif tag in SPACED:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.dropping is None:
            self.parts.append(data)


def plain_text(html: str, *, drop_scripts: bool = True, decode_entities: bool = True) -> str:
    """``html`` as one line of plain text: tags stripped, then entities decoded, then whitespace collapsed."""
    collector = _TextCollector(drop_scripts)
    # Every '&' is fed escaped, so the parser's own char-ref decoding hands the source text back unchanged;
    # entities are then decoded once, below, after the tags are gone.
    collector.feed(html.replace("&", "&amp;"))
    collector.close()
    text = "".join(collector.parts)
    if decode_entities:
        text = unescape(text)
    return " ".join(text.split())
