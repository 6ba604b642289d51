"""What a reader is: the file suffixes it owns and how it turns bytes into a SourceText.

Built-in readers and plugin readers are the same kind of object. Folder discovery, files
named on the command line, ``--fix`` and the pre-commit hook all ask the readers which files
are drafts; a plugin's reader for ``.wps`` works exactly as the built-in one for ``.docx``.
"""

from __future__ import annotations

from typing import ClassVar

from speechlint.document.source import SourceText


class Reader:
    """Subclasses set ``suffixes`` (lower case, with the dot) and implement ``read``.

    ``fixes``: how ``--fix`` writes a draft this reader read — ``"text"`` (the text is written
    back in the file's own encoding, byte-order mark and line endings), ``"docx"`` (edits in
    Word runs) or ``None`` (findings are reported, the file is never written).
    """

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    fixes: ClassVar[str | None] = None
    # What --fix says of a draft this reader cannot write back.
    fix_refusal: ClassVar[str] = "its reader cannot write fixes; fix it by hand"

    def read(self, path: str, data: bytes, encoding: str | None) -> SourceText:
        """The draft's text, or InputError (one line: what is wrong and what to do). A
        reader whose ``read`` also takes ``options`` (a mapping) is given the configuration's
        reader options, e.g. ``{"docx-revisions": "original"}``."""
        raise NotImplementedError
