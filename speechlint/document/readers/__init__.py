"""Readers turn a file's bytes into a SourceText. Built-ins are plugins like any other."""

from speechlint.document.readers.errors import InputError

__all__ = ["InputError"]
