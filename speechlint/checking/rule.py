"""The Rule base class and the context a rule reports through."""

from __future__ import annotations

import bisect
import inspect
import re
from collections.abc import Callable, Iterator, Mapping
from operator import attrgetter
from typing import Any, ClassVar, NamedTuple

from speechlint.checking.diagnostics import Category, Diagnostic, Fix, Severity
from speechlint.document.source import SourceText
from speechlint.document.tree import TEXT_KINDS, Node
from speechlint.speed.prefilter import matches, may_match

DOC_HEADINGS = ("检查内容", "为什么", "示例", "修改为", "配置项")


_new_tuple = tuple.__new__
_start = attrgetter("start")
_NONE: list[Node] = []


class Option(NamedTuple):
    """A typed rule option: ``rules: {ST005: {phrases: [...]}}`` in the config."""

    default: Any
    help: str
    type: type | tuple[type, ...] = object
    # A list of paths: relative ones are resolved against the config file's folder.
    paths: bool = False
    minimum: int | None = None  # for an int option: the least value that makes sense
    choices: tuple[str, ...] = ()  # for a str option: the values it takes

    def problem(self, value: Any) -> str | None:
        """What is wrong with value for this option (its type, its range, the type of a list's
        items, its choices), or None."""
        expected = self.type
        if expected is object and self.default is not None:
            expected = type(self.default)
        if expected is not object:
            wanted = expected if isinstance(expected, tuple) else (expected,)
            # True is an int to Python, never to a config: `min-length: yes` is a mistake.
            if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
                names = "/".join(t.__name__ for t in wanted)
                return f"must be {names}, not {type(value).__name__}"
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            return "must be a list of strings"
        if self.minimum is not None and isinstance(value, int) and value < self.minimum:
            return f"must be at least {self.minimum}, not {value}"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}, not {value!r}"
        return None


class OptionError(ValueError):
    pass


class Rule:
    """Base class of every rule. Subclasses set the class variables and override hooks.

    A rule visits the node kinds named in ``visits`` (one walk of the tree per draft) and
    may do whole-document checks in ``finish``. It reports through ``ctx.report``.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity] = Severity.ERROR
    fixable: ClassVar[bool] = False
    default_enabled: ClassVar[bool] = True
    visits: ClassVar[frozenset[str]] = frozenset()
    options: ClassVar[Mapping[str, Option]] = {}
    # True when the rule needs jieba tokens: jieba is loaded only if such a rule runs.
    needs_tokens: ClassVar[bool] = False
    # The genres whose convention the rule checks (speechlint.document.genre): a rule on the
    # closing holds for a speech, not for a report. The engine runs a rule only on those.
    genres: ClassVar[frozenset[str]] = frozenset({"speech", "host", "report"})
    # True when the rule compares drafts with each other (through ctx.run_state): a run in
    # which it is on for any draft checks every draft in one process, in path order, and
    # keeps no per-draft cache (findings then depend on the other drafts).
    cross_file: ClassVar[bool] = False
    _default_options: ClassVar[dict[str, Any] | None] = None

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.opts: dict[str, Any] = self.resolve_options(options or {})

    @classmethod
    def prepare(cls) -> None:
        """Load data and compile patterns once per process. Raising here disables the rule
        for the run with one error line (e.g. a data file whose examples do not match)."""

    @classmethod
    def resolve_options(cls, given: Mapping[str, Any]) -> dict[str, Any]:
        if not given:
            # Rules are made anew for every draft, most with no options given: their
            # defaults are worked out once per class (a copy each time: a rule may change
            # its own). Looked up in the class's own namespace, not a base class's.
            defaults = cls.__dict__.get("_default_options")
            if defaults is None:
                defaults = {key: opt.default for key, opt in cls.options.items()}
                cls._default_options = defaults
            return dict(defaults)
        resolved = {key: opt.default for key, opt in cls.options.items()}
        for key, value in given.items():
            key = key.replace("-", "_")
            if key not in cls.options:
                raise OptionError(
                    f"rule {cls.code} ({cls.name}) has no option {key!r}"
                    + (f"; options: {', '.join(sorted(cls.options))}" if cls.options else "")
                )
            problem = cls.options[key].problem(value)
            if problem is not None:
                raise OptionError(f"option {key!r} of rule {cls.code} {problem}")
            resolved[key] = value
        return resolved

    def visit(self, node: Node, ctx: RuleContext) -> None:  # pragma: no cover - default
        pass

    def finish(self, ctx: RuleContext) -> None:
        pass

    @classmethod
    def doc(cls) -> str:
        return inspect.getdoc(cls) or ""

    @classmethod
    def summary(cls) -> str:
        return cls.doc().strip().splitlines()[0] if cls.doc().strip() else ""


class RuleContext:
    """What a rule sees of one draft, and where it reports."""

    def __init__(
        self, source: SourceText, document: Node, run_state: dict[str, Any] | None = None
    ) -> None:
        self.source = source
        # Shared by every draft of one run, for checks across files (RP005).
        self.run_state: dict[str, Any] = run_state if run_state is not None else {}
        self.text = source.text
        self.document = document
        self.diagnostics: list[Diagnostic] = []
        # Per-draft memo shared by rules (e.g. masked text, sentence lists, tokens).
        self.cache: dict[Any, Any] = {}
        self.rule: Rule | None = None
        self._text_nodes: list[Node] | None = None
        self._by_kind: dict[str, list[Node]] | None = None
        self._nodes: list[Node] | None = None

    @property
    def nodes(self) -> list[Node]:
        """Every node of the draft in document order (shared: do not modify the list)."""
        if self._nodes is None:
            self._group()
            assert self._nodes is not None
        return self._nodes

    def nodes_of(self, kind: str) -> list[Node]:
        """Every node of kind, in document order (shared: do not modify the list).

        The tree is walked once per draft and grouped by kind: the engine and several rules
        each walked it in full before (~8 walks a draft), to pick out a kind or two.
        """
        by_kind = self._by_kind
        if by_kind is None:
            by_kind = self._group()
        return by_kind.get(kind, _NONE)

    def _group(self) -> dict[str, list[Node]]:
        by_kind: dict[str, list[Node]] = {}
        texts: list[Node] = []
        nodes = list(self.document.walk())
        for node in nodes:
            kind = node.kind
            group = by_kind.get(kind)
            if group is None:
                by_kind[kind] = [node]
            else:
                group.append(node)
            if kind in TEXT_KINDS:
                texts.append(node)
        texts.sort(key=_start)  # stable: nodes that start together keep the walk's order
        self._nodes, self._by_kind, self._text_nodes = nodes, by_kind, texts
        return by_kind

    @property
    def text_nodes(self) -> list[Node]:
        """Every leaf text unit (title, meta, salutation, heading, paragraph) in order."""
        if self._text_nodes is None:
            self._group()
            assert self._text_nodes is not None
        return self._text_nodes

    def finditer(
        self,
        pattern: re.Pattern[str],
        kinds: frozenset[str] | None = None,
        text: str | None = None,
    ) -> Iterator[re.Match[str]]:
        """Matches of pattern over the whole text that lie inside one text node (of kinds).

        One scan per draft instead of one per paragraph: far less per-call overhead, and
        directive lines and Markdown markup outside the nodes are never reported.
        """
        # Wrapping node_matches costs a generator step per match: ~24 a draft, 2 µs.
        for _node, m in self.node_matches(pattern, kinds, text):
            yield m

    def node_matches(
        self,
        pattern: re.Pattern[str],
        kinds: frozenset[str] | None = None,
        text: str | None = None,
    ) -> Iterator[tuple[Node, re.Match[str]]]:
        """finditer's matches, each with the text node that holds it (found on the way:
        asking node_at for each match afterwards costs a second search)."""
        # Keyed by the frozenset itself (its hash is computed once): building a string key
        # from the sorted kinds on each of ~60 calls per draft cost more than the lookup.
        key = ("spans", kinds or None)
        spans = self.cache.get(key)
        if spans is None:
            nodes = [n for n in self.text_nodes if kinds is None or n.kind in kinds]
            spans = self.cache[key] = (nodes, [n.start for n in nodes], [n.end for n in nodes])
        nodes, starts, ends = spans
        # `text` may replace the draft by a same-length copy (with markup masked, say).
        scanned = self.text if text is None else text
        if not starts or not may_match(pattern, scanned):
            return
        after = bisect.bisect_right
        for m in matches(pattern, scanned, starts[0], ends[-1]):
            a, b = m.span()  # one call, not five: ~130 matches a draft
            i = after(starts, a) - 1
            if i >= 0 and b <= ends[i] and (a < ends[i] or a == b):
                yield nodes[i], m

    def replace_each(
        self,
        pattern: re.Pattern[str],
        message: Callable[[re.Match[str]], str],
        replacement: Callable[[re.Match[str]], str],
        kinds: frozenset[str] | None = None,
    ) -> None:
        """Report every match of pattern inside the text nodes, each with a safe fix that
        replaces the match — the shape of most substitution rules."""
        for m in self.finditer(pattern, kinds):
            fix = Fix.replace(m.start(), m.end(), replacement(m))
            self.report(m.start(), m.end(), message(m), fix=fix)

    @property
    def node_starts(self) -> list[int]:
        """The start of each of text_nodes, in order (for bisect; built once a draft)."""
        starts: list[int] = self.memo("node_starts", lambda: [n.start for n in self.text_nodes])
        return starts

    def node_at(self, offset: int) -> Node | None:
        """The text node containing offset."""
        nodes = self.text_nodes
        i = bisect.bisect_right(self.node_starts, offset) - 1
        return nodes[i] if i >= 0 and offset <= nodes[i].end else None

    def memo(self, key: str, build: Any) -> Any:
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]

    def report(
        self,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        severity: Severity | None = None,
        related: tuple[tuple[int, int, str], ...] = (),
    ) -> None:
        rule = self.rule
        assert rule is not None, "report() called outside a rule"
        if end < start:
            start, end = end, start
        # Built by tuple.__new__ with every field: Diagnostic's generated __new__ (defaults,
        # keywords) cost a third more, for ~85 findings a draft.
        self.diagnostics.append(
            _new_tuple(
                Diagnostic,
                (
                    rule.code,
                    rule.name,
                    rule.category,
                    severity or rule.severity,
                    message,
                    start,
                    end,
                    fix,
                    related,
                ),
            )
        )
