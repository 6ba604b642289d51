"""``check --fix`` and ``check --diff``: each draft fixed and written atomically (or shown as a
diff), then checked again for what is left. Imported only when one of them is given."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from speechlint.checking.config import Config
from speechlint.checking.engine import MAX_BYTES, Engine, FileSettings
from speechlint.checking.fixer import (
    FixError,
    FixOutcome,
    fix_source,
    unified_diff,
    write_atomically,
    write_docx_atomically,
)
from speechlint.checking.report import FileResult
from speechlint.document.readers.errors import InputError
from speechlint.document.source import SourceText
from speechlint.safety.safe_io import read_regular


class FileFixer:
    """--fix and --diff: fix each draft, write it atomically (or diff it), report the rest."""

    def __init__(self, engine: Engine, unsafe: bool, diff_only: bool) -> None:
        self.engine = engine
        self.unsafe = unsafe
        self.diff_only = diff_only
        self.applied = 0
        self.changed = 0
        self.output: list[str] = []

    def _fix(
        self, shown: str, data: bytes, config: Config, path: Path | None, encoding: str | None
    ) -> tuple[SourceText, FileSettings, FixOutcome]:
        source = self.engine.read(shown, data, encoding)
        settings = self.engine.settings_for(config, path)
        outcome = fix_source(self.engine, source, settings, self.unsafe)
        return source, settings, outcome

    def file(
        self, shown: str, path: Path, config: Config, encoding: str | None, root: Path | None
    ) -> FileResult:
        try:
            data = read_regular(path, MAX_BYTES)
        except OSError as exc:
            return FileResult(shown, errors=[f"{shown}: cannot be read: {exc.strerror}"])
        reader = self.engine.pm.reader_for(str(path))
        writes = reader.fixes if reader is not None else "text"
        if writes == "docx":
            return self.word_file(shown, path, data, config, root)
        if writes != "text":
            # A plugin's reader that cannot write its format back: reported, never written.
            if not self.diff_only and reader is not None:
                click.echo(f"note: {shown}: {reader.fix_refusal}", err=True)
            return self.engine.check_bytes(shown, data, config, path, encoding)
        try:
            source, settings, outcome = self._fix(shown, data, config, path, encoding)
        except InputError as exc:
            return FileResult(shown, errors=[f"{shown}: {exc}"])
        errors: list[str] = []
        if outcome.unencodable:
            click.echo(
                f"note: {shown}: {outcome.unencodable} fixes need characters that "
                f"{source.encoding} cannot hold and were skipped; fix them by hand or save the "
                "draft as UTF-8",
                err=True,
            )
        if not outcome.converged:
            errors.append(f"{shown}: fixes did not settle after {outcome.passes} passes")
        if outcome.text != source.text:
            if self.diff_only:
                self.output.append(unified_diff(shown, source.text, outcome.text))
                self.changed += 1
                return FileResult(shown, errors=errors)
            try:
                write_atomically(path, data, source, outcome.text, root)
                self.applied += outcome.applied
                self.changed += 1
                source = replace(source, text=outcome.text, _line_starts=None, _line_ends=None)
            except FixError as exc:
                errors.append(f"{shown}: {exc}")
        result = self.engine.check_source(source, settings)
        result.errors[:0] = errors
        return result

    def word_file(
        self, shown: str, path: Path, data: bytes, config: Config, root: Path | None
    ) -> FileResult:
        """Fixes inside single runs keep their formatting; others are left for Word."""
        from speechlint.output.docx_edit import UnsafeDocument, apply_fixes

        original = data
        refused_total = 0
        result = self.engine.check_bytes(shown, data, config, path)
        for _ in range(3):
            if result.errors or not any(f.fix_applicability == "safe" for f in result.findings):
                break
            try:
                new, applied, refused = apply_fixes(data, result.findings)
            except UnsafeDocument as exc:
                click.echo(f"note: {shown}: {exc}", err=True)
                break
            refused_total = refused
            if not applied:
                break
            self.applied += applied
            data = new
            result = self.engine.check_bytes(shown, data, config, path)
        if data != original:
            self.changed += 1
            if self.diff_only:
                self.output.append(f"{shown}: {self.applied} fixes would be applied in Word\n")
            else:
                try:
                    write_docx_atomically(path, original, data, root)
                except FixError as exc:
                    result.errors.append(f"{shown}: {exc}")
        if refused_total:
            click.echo(
                f"note: {shown}: {refused_total} fixes span text with different formatting, "
                "or runs holding hyphens or breaks Word keeps apart, and were not applied; "
                "fix them in Word",
                err=True,
            )
        return result

    def stdin(self, shown: str, data: bytes, config: Config, encoding: str | None) -> FileResult:
        try:
            source, settings, outcome = self._fix(shown, data, config, None, encoding)
        except InputError as exc:
            return FileResult(shown, errors=[f"{shown}: {exc}"])
        if self.diff_only:
            if outcome.text != source.text:
                self.output.append(unified_diff(shown, source.text, outcome.text))
                self.changed += 1
            return FileResult(shown)
        self.output.append(outcome.text)
        self.applied += outcome.applied
        # What is left once the fixes are in: reported on standard error by the caller.
        fixed = replace(source, text=outcome.text, _line_starts=None, _line_ends=None)
        return self.engine.check_source(fixed, settings)
