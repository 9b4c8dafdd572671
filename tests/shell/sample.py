"""One sample of device output and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    name: str
    source: str  # file: function
    releases: str
    text: str


def join(*lines: str) -> str:
    return "\n".join(lines) + "\n"
