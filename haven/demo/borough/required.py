"""Narrowing optional values the generator knows are there (instead of ``assert``)."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class MissingValueError(RuntimeError):
    """A value the generator relies on is missing: a bug in the generator, not in the data."""


def required(value: T | None, what: str) -> T:
    if value is None:
        raise MissingValueError(f"The generator expected {what}")
    return value
