"""The section tree of a speech draft.

Every node carries a half-open span of code-point offsets into the SourceText. Children lie
inside their parent's span and are kept in document order. Enumeration nodes are annotations:
a run of 一是…二是… that crosses paragraphs hangs off the section and overlaps its paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# Leaf text units: every character of a draft's content belongs to exactly one of these.
TEXT_KINDS = frozenset({"title", "meta", "salutation", "heading", "paragraph"})
ALL_KINDS = frozenset(
    {
        "document",
        "title",
        "meta",
        "salutation",
        "opening",
        "section",
        "heading",
        "paragraph",
        "enumeration",
        "item",
        "closing",
        "signoff",
        "insert",  # a passage left out or pasted in (……此处省略……, 【参考资料】)
    }
)


@dataclass(eq=False, slots=True)
class Node:
    kind: str
    start: int
    end: int
    level: int = 0
    ordinal: int | None = None
    # The ordinal exactly as typed ("1、", "(一)", "一是要") and its normalised style key.
    marker: str = ""
    style: str = ""
    marker_start: int = -1
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)
    # Section nodes point at their heading; item nodes at their family ("cn", "di", "circled"…).
    heading: Node | None = field(default=None, repr=False)
    family: str = ""
    # The document node's genre (speech, host, report: see speechlint.document.genre); "" elsewhere.
    genre: str = ""

    @property
    def marker_end(self) -> int:
        return self.marker_start + len(self.marker) if self.marker_start >= 0 else -1

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def walk(self) -> Iterator[Node]:
        """This node and its descendants in document order (iterative: rules walk the tree
        several times per draft, and nested generators cost a frame per level per node)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.children:
                stack.extend(reversed(node.children))

    def depth(self) -> int:
        d, node = 0, self.parent
        while node is not None:
            d, node = d + 1, node.parent
        return d

    def text(self, source_text: str) -> str:
        return source_text[self.start : self.end]

    def sections(self) -> list[Node]:
        return [c for c in self.children if c.kind == "section"]

    def find(self, kind: str) -> list[Node]:
        return [n for n in self.walk() if n.kind == kind]

    def enclosing_section(self) -> Node | None:
        node = self.parent
        while node is not None and node.kind != "section":
            node = node.parent
        return node
