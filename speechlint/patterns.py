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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from speechlint.lazyre import lazy
from speechlint.safe_io import DATA_LIMIT, read_regular

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
    if _NESTED_QUANTIFIER.search(pattern):
        raise PatternDataError(
            f"{where}: nested quantifiers such as (a+)+ can backtrack catastrophically; rewrite it"
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


# The shipped YAML files are parsed once, by the project, into JSON beside them (``name.json``,
# with the SHA-256 of the YAML it came from): importing PyYAML and building its objects took
# ~0.1 s per process, a third of checking one draft; json.loads takes ~1 ms. The YAML stays
# the source: a JSON whose digest no longer matches (the YAML was edited) is ignored, and the
# test suite fails until `python -m speechlint.patterns` writes it anew. jieba's dictionary
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


def parse_yaml(text: str, where: str) -> Any:
    # Imported here: a run answered from the cache loads no rule data and needs no YAML.
    import yaml

    # libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise PatternDataError(f"{where}: not valid YAML: {str(exc).splitlines()[0]}") from None


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
        "note": f"made from {name} by `python -m speechlint.patterns`; edit {name}, not this",
        "source": source_digest(raw),
        "data": data,
    }
    target.write_text(json.dumps(stored, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


SHIPPED_DATA = ("wording.yaml", "placeholders.yaml")

if __name__ == "__main__":
    from speechlint import segment

    for shipped in SHIPPED_DATA:
        print(freeze(shipped))
    print(freeze(segment.DICTIONARY, segment.dictionary_total))
