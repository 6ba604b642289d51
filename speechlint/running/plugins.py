"""The plugin manager: built-in and third-party plugins, loaded the same way.

Built-in rules come through the ``speechlint`` entry-point group like any third-party
package; a local plugin file can be named in the config. A plugin that fails to import,
raises in a hook or returns garbage is reported in one line and skipped, never a traceback.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any, cast

import pluggy

from speechlint.checking import hookspecs
from speechlint.checking.failures import PLUGIN_FAILURES, one_line
from speechlint.checking.registry import Registry, RegistryError
from speechlint.document.readers.base import Reader
from speechlint.document.readers.errors import InputError
from speechlint.document.source import SourceText
from speechlint.output.formatters.base import Formatter
from speechlint.running.entrypoints import entry_points

BUILTIN_RULES = "speechlint.rules"


class PluginManager:
    def __init__(self) -> None:
        self.pm = pluggy.PluginManager("speechlint")
        self.pm.add_hookspecs(hookspecs)
        self.errors: list[str] = []
        self._registry: Registry | None = None
        self._formatters: dict[str, type[Formatter]] | None = None
        self._readers: dict[str, Reader] | None = None
        self._loaded_files: set[str] = set()
        from speechlint.output import formatters
        from speechlint.running import builtin_readers

        self.pm.register(builtin_readers, name="speechlint.readers")
        self.pm.register(formatters, name="speechlint.formatters")
        self._load_entry_points()

    def _load_entry_points(self) -> None:
        seen_builtin = False
        for ep in sorted(entry_points("speechlint"), key=lambda e: e.name):
            if ep.value == BUILTIN_RULES:
                seen_builtin = True
            if self.pm.has_plugin(ep.name):
                continue
            try:
                plugin = ep.load()
                self.pm.register(plugin, name=ep.name)
            except PLUGIN_FAILURES as exc:  # any import-time failure of someone else's code
                self.errors.append(
                    f"plugin {ep.name!r} ({ep.value}) failed to load: {one_line(exc)}"
                )
        if not seen_builtin:
            # Running from a source tree that was never installed: no entry points exist.
            import speechlint.rules as builtin

            self.pm.register(builtin, name="builtin-rules")

    def load_file(self, path: Path) -> None:
        key = str(path.absolute())
        if key in self._loaded_files:
            return
        self._loaded_files.add(key)
        if not path.is_file():
            self.errors.append(f"plugin file {path} does not exist; fix `plugins:` in the config")
            return
        mod_name = f"speechlint_local_plugin_{len(self._loaded_files)}_{path.stem}"
        try:
            spec = importlib.util.spec_from_file_location(mod_name, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[mod_name] = module
            spec.loader.exec_module(module)
            self.pm.register(module, name=f"file:{path}")
        except PLUGIN_FAILURES as exc:
            self.errors.append(f"plugin file {path} failed to load: {one_line(exc)}")
            return
        self._registry = None
        self._formatters = None
        self._readers = None

    def _call_each(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation of a hook on its own, so one broken plugin is isolated."""
        hook = getattr(self.pm.hook, hook_name)
        out = []
        for impl in reversed(hook.get_hookimpls()):
            try:
                out.append((impl.plugin_name, impl.function(**kwargs)))
            except PLUGIN_FAILURES as exc:
                self.errors.append(
                    f"plugin {impl.plugin_name!r} raised in {hook_name}: {one_line(exc)}"
                )
        return out

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            registry = Registry()
            for plugin, rules in self._call_each("speechlint_add_rules"):
                if not isinstance(rules, (list, tuple)):
                    self.errors.append(
                        f"plugin {plugin!r} returned {type(rules).__name__} from "
                        "speechlint_add_rules, not a list of rule classes"
                    )
                    continue
                for rule in rules:
                    try:
                        registry.add(rule, plugin)
                    except RegistryError as exc:
                        self.errors.append(f"plugin {plugin!r}: {exc}")
            self._registry = registry
        return self._registry

    @property
    def formatters(self) -> dict[str, type[Formatter]]:
        if self._formatters is None:
            found: dict[str, type[Formatter]] = {}
            for plugin, table in self._call_each("speechlint_add_formatters"):
                if not isinstance(table, dict) or not all(
                    isinstance(name, str) and isinstance(cls, type) and issubclass(cls, Formatter)
                    for name, cls in table.items()
                ):
                    self.errors.append(
                        f"plugin {plugin!r} returned garbage from add_formatters: each value "
                        "must be a subclass of speechlint.Formatter"
                    )
                    continue
                found.update(table)
            self._formatters = found
        return self._formatters

    def vocabulary(self) -> list[str]:
        words: list[str] = []
        for plugin, items in self._call_each("speechlint_add_vocabulary"):
            if isinstance(items, (list, tuple)) and all(isinstance(w, str) for w in items):
                words.extend(items)
            else:
                self.errors.append(f"plugin {plugin!r} returned garbage from add_vocabulary")
        return words

    @property
    def readers(self) -> dict[str, Reader]:
        """Suffix (lower case, with the dot) → the reader that owns it: a plugin's reader
        before a built-in one for the same suffix."""
        if self._readers is None:
            readers: dict[str, Reader] = {}
            # _call_each calls the built-in readers (trylast) last: the first claim wins.
            for plugin, items in self._call_each("speechlint_add_readers"):
                if not isinstance(items, (list, tuple)) or not all(_is_reader(r) for r in items):
                    self.errors.append(
                        f"plugin {plugin!r} returned garbage from add_readers: each reader "
                        "must be a speechlint.Reader with suffixes like '.txt'"
                    )
                    continue
                for reader in items:
                    for suffix in reader.suffixes:
                        readers.setdefault(suffix.lower(), reader)
            self._readers = readers
        return self._readers

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The suffixes some reader owns: what a folder run picks up as drafts."""
        return tuple(sorted(self.readers))

    def reader_for(self, path: str) -> Reader | None:
        dot = path.rfind(".")
        if dot < 0 or "/" in path[dot:] or "\\" in path[dot:]:
            return None
        return self.readers.get(path[dot:].lower())

    def read(
        self, path: str, data: bytes, encoding: str | None, options: dict[str, str] | None = None
    ) -> SourceText:
        """The draft's text, read by the reader that owns its suffix. ``options`` (from the
        configuration: ``docx-revisions``) go to readers whose ``read`` takes them."""
        # Standard input ("-", or a --stdin-filename of another kind) is read as plain text;
        # which named files are drafts was settled when they were found (see cli.check).
        reader = self.reader_for(path) or self.readers.get(".txt")
        if reader is None:
            raise InputError(f"unsupported file type; speechlint reads {', '.join(self.suffixes)}")
        try:
            if options and _takes_options(reader):
                source = cast(Any, reader).read(path, data, encoding, options=options)
            else:
                source = reader.read(path, data, encoding)
        except InputError:
            raise
        except PLUGIN_FAILURES as exc:
            raise InputError(f"could not be read: {one_line(exc)}") from None
        if not isinstance(source, SourceText):
            raise InputError(f"could not be read: reader {reader.name!r} returned no text")
        return source


def _takes_options(reader: Reader) -> bool:
    import inspect

    try:
        return "options" in inspect.signature(reader.read).parameters
    except (TypeError, ValueError):
        return False


def _is_reader(reader: object) -> bool:
    suffixes = getattr(reader, "suffixes", None)
    return (
        isinstance(reader, Reader)
        and isinstance(suffixes, tuple)
        and bool(suffixes)
        and all(isinstance(x, str) and x.startswith(".") and len(x) > 1 for x in suffixes)
    )
