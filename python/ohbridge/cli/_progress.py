"""A progress bar for pushes and installs, drawn on stderr only when it is a terminal."""

from __future__ import annotations

import sys
from typing import Callable, Optional, TextIO

__all__ = ["progress_bar"]

Progress = Callable[[int, int], None]


def progress_bar(label: str, stream: Optional[TextIO] = None, width: int = 30) -> Optional[Progress]:
    """A ``progress(done, total)`` callback, or None when nobody is watching (pipes, CI, --json)."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None
    last = [-1]

    def progress(done: int, total: int) -> None:
        # Called from the transport's thread: write whole lines, and only when the bar moves.
        filled = width if total <= 0 else min(width, done * width // total)
        if filled == last[0] and done < total:
            return
        last[0] = filled
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        end = "\n" if total > 0 and done >= total else ""
        stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {percent:3d}% "
                     f"{done / 1e6:.1f}/{max(total, 0) / 1e6:.1f} MB{end}")
        stream.flush()

    return progress
