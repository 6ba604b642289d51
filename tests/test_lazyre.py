"""Patterns compiled on first use behave as compiled ones and cost nothing until used."""

from __future__ import annotations

import re
import subprocess
import sys

from speechlint.speed.lazyre import LazyPattern, lazy


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    source = r"(?P<n>\d+)(?P<unit>[%％])"
    pattern = lazy(source)
    plain = re.compile(source)
    assert isinstance(pattern, LazyPattern)
    assert pattern._compiled is None and pattern.pattern == source
    text = "增长13.8%，下降2％"
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert pattern.sub("#", text) == plain.sub("#", text)
    assert pattern.search(text, 5).group("n") == plain.search(text, 5).group("n")
    assert pattern.groupindex == plain.groupindex
    # Once compiled, the compiled pattern's own methods answer: no wrapper per call.
    assert pattern.match.__self__ is pattern._compiled
    assert type(pattern.finditer) is type(plain.finditer)


def test_starting_up_compiles_no_rule_pattern() -> None:
    # The engine with every rule registered and prepared, before any draft: nothing compiled.
    code = """
import gc
from speechlint.checking.config import Config
from speechlint.checking.engine import Engine
from speechlint.speed.lazyre import LazyPattern
from speechlint.running.plugins import PluginManager
engine = Engine(PluginManager())
settings = engine.settings_for(Config(), None)
for cls in settings.rules:
    engine._prepare(cls)
lazies = [o for o in gc.get_objects() if isinstance(o, LazyPattern)]
assert len(lazies) > 50, len(lazies)
print(sum(o._compiled is not None for o in lazies))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
