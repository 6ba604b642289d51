"""One lazily built jieba tokenizer for the process.

jieba costs about 0.7 s to load its dictionary, so it is built only when a selected rule
actually asks for tokens (and the RP rules ask only where a cheap prefilter found a
candidate). Domain words (工人先锋号, 十四五, 总工会…) from rule data and plugins are added
before the first use so official terms segment as one word.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

_lock = threading.Lock()
_tokenizer: Any = None
_pending_words: list[str] = []
load_seconds: float | None = None


def add_vocabulary(words: Iterable[str]) -> None:
    """Words to keep whole; applied when the tokenizer is built (or at once if it exists)."""
    words = [w.strip() for w in words if w and w.strip()]
    with _lock:
        if _tokenizer is None:
            _pending_words.extend(words)
            return
    for w in words:
        _tokenizer.add_word(w)


def _dictionary() -> str:
    """The frequency-filtered dictionary shipped with the rules (loads ~6x faster than the
    full one); jieba's own when it is missing."""
    from importlib import resources

    import jieba

    path = resources.files("speechlint.rules").joinpath("data", "jieba-dict.txt")
    return str(path) if path.is_file() else jieba.DEFAULT_DICT


def is_loaded() -> bool:
    return _tokenizer is not None


def tokenizer() -> Any:
    global _tokenizer, load_seconds
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            started = time.perf_counter()
            import jieba

            # jieba announces its dictionary loading on stderr; stderr is for our errors.
            jieba.setLogLevel(logging.CRITICAL)
            tk = jieba.Tokenizer(dictionary=_dictionary())
            tk.initialize()
            for w in _pending_words:
                tk.add_word(w)
            _pending_words.clear()
            load_seconds = time.perf_counter() - started
            _tokenizer = tk
    return _tokenizer


def cut(text: str) -> list[str]:
    return tokenizer().lcut(text, HMM=True)


def boundaries(text: str) -> set[int]:
    """Offsets (within text) where one token ends and the next begins, plus both ends."""
    out = {0}
    pos = 0
    for tok in cut(text):
        pos += len(tok)
        out.add(pos)
    return out


def is_word(text: str) -> bool:
    """Whether jieba's dictionary (with the added vocabulary) knows text as a word."""
    return bool(tokenizer().FREQ.get(text))
