"""Rule codes, names and selectors: which rules a configuration turns on.

Selectors are a code (``PH001``), a name (``placeholder-year``), a prefix (``PH``, ``P``) or
``ALL``. As in flake8, the most specific selector wins, and ``ignore`` wins a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from speechlint.checking.diagnostics import Severity
from speechlint.checking.rule import Rule

CODE_RE = re.compile(r"^[A-Z]{2}\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# Codes that were renamed keep working: old → new.
REDIRECTS: dict[str, str] = {}


class RegistryError(ValueError):
    pass


class Registry:
    def __init__(self) -> None:
        self.rules: dict[str, type[Rule]] = {}
        self.by_name: dict[str, str] = {}
        self.origin: dict[str, str] = {}

    def add(self, rule: type[Rule], origin: str) -> None:
        if not (isinstance(rule, type) and issubclass(rule, Rule)):
            raise RegistryError(f"{rule!r} is not a speechlint Rule subclass")
        code = getattr(rule, "code", "")
        name = getattr(rule, "name", "")
        if not isinstance(code, str) or not CODE_RE.match(code):
            raise RegistryError(f"rule {rule.__name__} has an invalid code {code!r} (want AB123)")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise RegistryError(f"rule {code} has an invalid name {name!r} (want kebab-case)")
        if code in self.rules and self.rules[code] is not rule:
            raise RegistryError(
                f"rule code {code} from {origin} is already taken by {self.origin[code]}"
            )
        if name in self.by_name and self.by_name[name] != code:
            raise RegistryError(f"rule name {name} from {origin} is already taken")
        self.rules[code] = rule
        self.by_name[name] = code
        self.origin[code] = origin

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(sorted(self.rules.values(), key=lambda r: r.code))

    def get(self, code_or_name: str) -> type[Rule] | None:
        key = REDIRECTS.get(code_or_name, code_or_name)
        if key in self.rules:
            return self.rules[key]
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        code = self.by_name.get(key.lower())
        return self.rules[code] if code else None

    # -- selectors ----------------------------------------------------------------------------

    def is_selector(self, selector: str) -> bool:
        s = REDIRECTS.get(selector, selector)
        if s.upper() == "ALL" or self.get(s) is not None:
            return True
        return bool(re.match(r"^[A-Z]{1,2}\d{0,3}$", s)) and any(
            code.startswith(s) for code in self.rules
        )

    def suggest(self, selector: str) -> str:
        import difflib  # here: only a mistyped selector needs it

        candidates = list(self.rules) + list(self.by_name) + sorted({c[:2] for c in self.rules})
        close = difflib.get_close_matches(selector, candidates, n=1, cutoff=0.5)
        if not close:
            close = difflib.get_close_matches(selector.upper(), candidates, n=1, cutoff=0.5)
        return close[0] if close else ""

    def check_selectors(self, selectors: Iterable[str], where: str) -> None:
        for s in selectors:
            if not self.is_selector(s):
                hint = self.suggest(s)
                raise RegistryError(
                    f"{where}: unknown rule or prefix {s!r}"
                    + (f" (did you mean {hint!r}?)" if hint else "; `speechlint rules` lists them")
                )

    def specificity(self, selector: str, rule: type[Rule]) -> int:
        """How specifically ``selector`` names ``rule``; -1 when it does not match."""
        s = REDIRECTS.get(selector, selector)
        if s.upper() == "ALL":
            return 0
        if s == rule.code or s.lower() == rule.name:
            return 100
        if rule.code.startswith(s):
            return len(s)
        return -1

    def best(self, selectors: Iterable[str], rule: type[Rule]) -> int:
        return max((self.specificity(s, rule) for s in selectors), default=-1)

    def matches(self, selectors: Iterable[str], rule: type[Rule]) -> bool:
        return self.best(selectors, rule) >= 0

    def enabled(
        self,
        select: list[str] | None,
        ignore: list[str],
        extend_select: list[str],
    ) -> list[type[Rule]]:
        out = []
        for rule in self:
            if select is None:
                chosen = 1 if rule.default_enabled else -1  # the default set
            else:
                chosen = self.best(select, rule)
            chosen = max(chosen, self.best(extend_select, rule))
            if not rule.default_enabled and chosen < 100:
                chosen = -1  # opt-in rules need their own code or name, not a prefix or ALL
            if chosen >= 0 and chosen > self.best(ignore, rule):
                out.append(rule)
        return out

    def severity_for(self, rule: type[Rule], overrides: dict[str, Severity]) -> Severity | None:
        """The configured severity of a rule, or None where the config does not change it."""
        best, value = -1, None
        for selector, severity in overrides.items():
            spec = self.specificity(selector, rule)
            if spec > best:
                best, value = spec, severity
        return value
