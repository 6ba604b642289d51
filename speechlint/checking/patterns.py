"""Data-driven patterns that prove themselves when they load.

Every pattern in a data file carries examples that must match and must not match. A
pattern that fails its own examples, uses ``\\b`` (which never matches between Han
characters, so the rule would silently find nothing — vale#1154), or nests quantifiers in
a way that can backtrack catastrophically is refused with a one-line error.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from speechlint.safety.safe_io import DATA_LIMIT, read_regular
from speechlint.speed.lazyre import lazy

# (x+)+, (x*)*, (x+)*{n}: a group that ends in a quantifier and is itself quantified.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}]\)\s*[+*{]")
MAX_PATTERN_LENGTH = 2000


class PatternDataError(ValueError):
    pass


def compile_checked(
    pattern: str,
    where: str,
    should_match: Iterable[Any] = (),
    should_not: Iterable[Any] = (),
    *,
    verified: bool = False,
) -> re.Pattern[str]:
    """pattern compiled, after proving it on its examples. ``verified``: data shipped with
    speechlint, whose examples the test suite proves; it is compiled on first use and its
    examples are not run again at every start-up (that cost ~30 ms per process)."""
    if not isinstance(pattern, str) or not pattern:
        raise PatternDataError(f"{where}: pattern must be a non-empty string")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternDataError(f"{where}: pattern is longer than {MAX_PATTERN_LENGTH} characters")
    if "\\b" in pattern.replace("\\\\", ""):
        raise PatternDataError(
            rf"{where}: \b never matches between Chinese characters; use lookarounds instead"
        )
    if _NESTED_QUANTIFIER.search(pattern) or backtracks(pattern):
        raise PatternDataError(
            f"{where}: a repeated group that holds a quantifier, or alternatives that can start "
            "with the same character, such as (a+)+ or (?:a+|a)+, can backtrack "
            "catastrophically; rewrite it"
        )
    if verified:
        return lazy(pattern)
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise PatternDataError(f"{where}: invalid regular expression: {exc}") from None
    for ex in should_match:
        text = ex if isinstance(ex, str) else str(ex)
        if not regex.search(text):
            raise PatternDataError(f"{where}: pattern does not match its own example {text!r}")
    for ex in should_not:
        text = ex if isinstance(ex, str) else str(ex)
        m = regex.search(text)
        if m:
            raise PatternDataError(
                f"{where}: pattern matches {m.group(0)!r} in its counter-example {text!r}"
            )
    return regex


def _syntax(pattern: str, start: int = 0) -> Iterator[int]:
    """The indexes from ``start`` on of the characters that are regex syntax or literals of
    their own: what an escape (``\\(``) or a character class (``[(|]``) holds is skipped.
    The three scans below read patterns through it."""
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
        elif ch == "[":
            i = _class_end(pattern, i)
        else:
            yield i
            i += 1


def _group_end(pattern: str, start: int) -> int:
    """The index just past the group opened at ``pattern[start] == "("`` (escapes and
    character classes skipped), or -1 if it is never closed."""
    depth = 0
    for i in _syntax(pattern, start):
        if pattern[i] == "(":
            depth += 1
        elif pattern[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _class_end(pattern: str, start: int) -> int:
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _repeats(pattern: str, at: int) -> bool:
    """Whether what follows a group at ``at`` repeats it without a small bound (over 10)."""
    if at >= len(pattern):
        return False
    if pattern[at] in "+*":
        return True
    if pattern[at] == "{":
        close = pattern.find("}", at)
        parts = pattern[at + 1 : close].split(",") if close > 0 else []
        # A small bound keeps the ways to match polynomial: {0,2} over alternatives is fine.
        if len(parts) == 2:
            return not parts[1].strip() or not parts[1].strip().isdigit() or int(parts[1]) > 10
        return bool(parts) and parts[0].isdigit() and int(parts[0]) > 10
    return False


def _top_level(body: str) -> tuple[bool, list[str]]:
    """(whether body holds a quantifier at any depth, its top-level alternatives)."""
    quantified = False
    alternatives: list[str] = []
    depth = 0
    begin = 0
    for i in _syntax(body):
        ch = body[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch in "+*{":
            # (the ? of (?: (?= (?P<…> and of a lazy x+? quantifies nothing new)
            quantified = True
        elif ch == "|" and depth == 0:
            alternatives.append(body[begin:i])
            begin = i + 1
    alternatives.append(body[begin:])
    return quantified, alternatives


def _first_atom(alternative: str) -> str | None:
    """The first character an alternative must match, when it is a plain literal; None when
    it may be one of many (a class, an escape, a dot, a group, an empty alternative)."""
    if not alternative or alternative[0] in "\\[.(^$":
        return None
    return alternative[0]


def backtracks(pattern: str) -> bool:
    """Whether a group repeated without a small bound holds a quantifier, or alternatives
    that can start with the same character: ``(a+)+``, ``(?:市+|市)+``, ``(a|ab)*``. Such a
    group can match one text in exponentially many ways, and re tries them all on a text
    that finally fails. Conservative: alternatives are taken to overlap unless each starts
    with a different plain character."""
    for i in _syntax(pattern):
        if pattern[i] != "(":
            continue
        end = _group_end(pattern, i)
        if end < 0:
            return False  # re.compile reports the unbalanced group
        if _repeats(pattern, end):
            body = pattern[i + 1 : end - 1]
            if body.startswith("?"):
                body = body[body.find(":") + 1 :] if body.startswith(("?:", "?P<")) else ""
            quantified, alternatives = _top_level(body)
            firsts = [_first_atom(a) for a in alternatives]
            if quantified or (
                len(alternatives) > 1 and (None in firsts or len(set(firsts)) < len(firsts))
            ):
                return True
    return False


# The shipped YAML files are parsed once, by the project, into JSON beside them (``name.json``,
# with the SHA-256 of the YAML it came from): importing PyYAML and building its objects took
# ~0.1 s per process, a third of checking one draft; json.loads takes ~1 ms. The YAML stays
# the source: a JSON whose digest no longer matches (the YAML was edited) is ignored, and the
# test suite fails until `python -m speechlint.checking.patterns` writes it anew. jieba's dictionary
# total is kept the same way (summing 80,000 frequencies was most of loading jieba).
FROZEN_SUFFIX = ".json"


def rule_data(*names: str) -> Any:
    """A file (or the folder) in the built-in rules' ``data`` folder, as a ``Path`` when the
    package lies on disk, else as importlib.resources' view of it (a zip import). Importing
    importlib.resources costs ~7 ms, half of it tempfile: a one-draft run loads rule data."""
    import speechlint.rules

    folder = Path(speechlint.rules.__file__).parent / "data"
    if folder.is_dir():
        return folder.joinpath(*names)
    from importlib import resources

    return resources.files("speechlint.rules").joinpath("data", *names)


def load_yaml(name_or_path: str | Path) -> Any:
    """Load a data file shipped in ``speechlint.rules/data`` or at a user's path (safe YAML)."""
    if isinstance(name_or_path, Path):
        where = str(name_or_path)
        try:
            text = read_regular(name_or_path, DATA_LIMIT).decode("utf-8")
        except OSError as exc:
            raise PatternDataError(f"{where}: cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise PatternDataError(f"{where}: not UTF-8 text; save it as UTF-8") from None
    else:
        where = f"speechlint.rules/data/{name_or_path}"
        folder = rule_data()
        raw = folder.joinpath(name_or_path).read_bytes()
        frozen = read_frozen(folder.joinpath(name_or_path + FROZEN_SUFFIX), raw)
        if frozen is not None:
            return frozen
        text = raw.decode("utf-8")
    return parse_yaml(text, where)


def line_of(path: str | Path, needle: str) -> int | None:
    """The first line (1-based) of a data file that holds needle: where an error message
    points (the YAML already parsed; a line number read back beats none)."""
    try:
        lines = read_regular(Path(path), DATA_LIMIT).decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    return next((k for k, line in enumerate(lines, start=1) if needle in line), None)


def at_line(path: str | Path, needle: str) -> str:
    """``file:line`` for the first line holding needle, else ``file``."""
    line = line_of(path, needle)
    return f"{path}:{line}" if line else str(path)


def parse_yaml(text: str, where: str) -> Any:
    try:
        return safe_yaml(text)
    except YamlTooLarge as exc:
        raise PatternDataError(f"{where}: {exc}") from None
    except Exception as exc:  # yaml.YAMLError, imported lazily
        raise PatternDataError(f"{where}: not valid YAML: {str(exc).splitlines()[0]}") from None


# A YAML document may not stand for more values than this once its aliases are expanded: a
# kilobyte of nested anchors (a "billion laughs") stands for billions, and a config's values
# are copied, hashed and compared as if expanded.
MAX_YAML_VALUES = 200_000


class YamlTooLarge(ValueError):
    pass


def safe_yaml(text: str) -> Any:
    """yaml.safe_load, refusing a document whose aliases expand past MAX_YAML_VALUES values
    (YamlTooLarge; invalid YAML raises yaml.YAMLError)."""
    # Imported here: a run answered from the cache loads no rule data and needs no YAML.
    import yaml

    # libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        sizes: dict[int, int] = {}
        if _expanded_size(node, sizes) > MAX_YAML_VALUES:
            raise YamlTooLarge(
                f"its aliases (*name) expand to more than {MAX_YAML_VALUES:,} values; "
                "write the values out or use fewer aliases"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded_size(root: Any, sizes: dict[int, int]) -> int:
    """How many values the node stands for with every alias expanded: each node's size is
    worked out once (aliases share their node), children before parents, without recursion.
    A node met again while its own children are being sized is an alias of itself."""
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[id(node)] = min(total, 1 << 62)
            continue
        known = sizes.get(id(node))
        if known is not None:
            if known < 0:
                raise YamlTooLarge("an alias refers to a value that contains it; write it out")
            continue
        sizes[id(node)] = -1  # being sized
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    return sizes[id(root)]


def _children(node: Any) -> list[Any]:
    value = node.value
    if not isinstance(value, list):
        return []  # a scalar
    if value and isinstance(value[0], tuple):  # a mapping: (key, value) pairs
        return [part for pair in value for part in pair]
    return value


def source_digest(source: bytes) -> str:
    """What a frozen file records of the bytes it was made from: their length and CRC-32.

    It tells a data file edited since (not a forgery: the files ship in the same package).
    SHA-256 did that too, but importing hashlib loads OpenSSL, 6-20 ms of every process here,
    and hashing the 1 MB dictionary took another ~1 ms."""
    return f"{len(source)}:{zlib.crc32(source):08x}"


def read_frozen(path: Any, source: bytes) -> Any:
    """The data stored in the JSON file at path if it was made from exactly source, else None."""
    try:
        stored = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("source") != source_digest(source):
        return None
    return stored.get("data")


def freeze(name: str, derive: Callable[[bytes], Any] | None = None) -> Path:
    """Write the JSON form of the shipped data file name (in a source checkout): what derive
    makes of its bytes, by default its YAML parsed."""
    folder = Path(str(rule_data()))
    raw = (folder / name).read_bytes()
    data = derive(raw) if derive else parse_yaml(raw.decode("utf-8"), name)
    if json.loads(json.dumps(data)) != data:
        raise PatternDataError(f"{name}: holds values JSON cannot keep (dates, sets…); quote them")
    target = folder / (name + FROZEN_SUFFIX)
    stored = {
        "note": (
            f"made from {name} by `python -m speechlint.checking.patterns`; edit {name}, not this"
        ),
        "source": source_digest(raw),
        "data": data,
    }
    target.write_text(json.dumps(stored, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


# Every YAML file in rules/data (a test checks that none is left out).
SHIPPED_DATA = ("phrases.yaml", "placeholders.yaml", "typefaces.yaml", "wording.yaml")

if __name__ == "__main__":
    from speechlint.checking import segment

    for shipped in SHIPPED_DATA:
        print(freeze(shipped))
    print(freeze(segment.DICTIONARY, segment.dictionary_total))
