"""Shared helpers: line splitting that copes with CRLF, CR and stray NULs."""

from __future__ import annotations

from typing import List, Union


def lines_of(text: Union[str, bytes, None]) -> List[str]:
    if text is None:
        return []
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def clip(line: str, n: int = 120) -> str:
    line = line.strip()
    return line if len(line) <= n else line[: n - 3] + "..."
