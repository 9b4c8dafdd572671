"""The ``.ohrec`` file: JSON Lines, one header line, then one event a line (docs/recording.md).

Values travel as JSON with a few tagged objects for what JSON cannot hold:

* ``{"$fn": n}``: a callable the caller passed (n: its number in this recording);
* ``{"$handle": n}``: an opaque native object the device gave (a WantAgent), by number;
* ``{"$undefined": true}``: JS ``undefined``;
* ``{"$bytes": BASE64}`` (or ``{"$bytes_omitted": LENGTH}`` past the blob cap);
* ``{"$float": "nan"|"inf"|"-inf"}``;
* ``{"$foreign": TYPENAME}``: an object the core sees as an unknown JS object;
* ``{"$dict": {...}}``: a dict that has a key starting with ``$`` (so it is not read as a tag).

The writer keeps the file under ``max_bytes``: the event that would pass it is replaced by one
``{"e": "truncated"}`` line and nothing more is written (:class:`RecordingTruncated` is what a
replay of such a file raises when it reaches that point).
"""

from __future__ import annotations

import base64
import io
import json
import logging
import math
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, TextIO, Tuple, Union

from .._error_base import Error

__all__ = [
    "FORMAT",
    "VERSION",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_BLOB",
    "RecordingError",
    "RecordingFormatError",
    "RecordingTruncated",
    "Recording",
    "RecordingWriter",
    "read_recording",
    "encode_value",
    "decode_value",
]

FORMAT = "ohbridge-recording"
VERSION = 1
#: the default cap of one recording file (bytes); ``max_bytes=`` / ``$OHBRIDGE_RECORD_MAX_BYTES`` change it
DEFAULT_MAX_BYTES = 64 << 20
#: the default cap of one binary value (a snapshot's pixels): past it only the length is kept
DEFAULT_MAX_BLOB = 1 << 20
_MAX_DEPTH = 200  # as native/bindings/convert.cpp: deeper values are foreign objects there too

PathLike = Union[str, "os.PathLike[str]"]

log = logging.getLogger("ohbridge.recording")


class RecordingError(Error, RuntimeError):
    """A recording could not be written, read, or replayed."""


class RecordingFormatError(RecordingError, ValueError):
    """The file is not an ohbridge recording this version can read."""


class RecordingTruncated(RecordingError):
    """The recording hit its size cap here: what followed was not kept."""


# -- values -------------------------------------------------------------------------------------


def encode_value(value: Any, ref: Callable[[Any], Optional[Dict[str, Any]]], *, max_blob: int = DEFAULT_MAX_BLOB,
                 depth: int = 0) -> Any:
    """``value`` as JSON; ``ref(obj)`` names the objects JSON cannot hold (functions, handles), or None."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    if depth > _MAX_DEPTH:
        return {"$foreign": type(value).__name__}
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if len(data) > max_blob:
            return {"$bytes_omitted": len(data)}
        return {"$bytes": base64.b64encode(data).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [encode_value(v, ref, max_blob=max_blob, depth=depth + 1) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return {"$foreign": "dict"}
        body = {k: encode_value(v, ref, max_blob=max_blob, depth=depth + 1) for k, v in value.items()}
        return {"$dict": body} if any(k.startswith("$") for k in body) else body
    named = ref(value)
    if named is not None:
        return named
    hook = None if isinstance(value, type) else getattr(value, "__ohbridge_js__", None)
    if hook is not None:
        try:
            js = hook()
        except Exception:  # noqa: BLE001 - as convert.cpp: a failing hook makes a foreign object
            return {"$foreign": type(value).__name__}
        return encode_value(js, ref, max_blob=max_blob, depth=depth + 1)
    return {"$foreign": type(value).__name__}


def decode_value(value: Any, tag: Callable[[str, Any], Any]) -> Any:
    """The inverse of :func:`encode_value`; ``tag(name, arg)`` makes the objects of ``$fn`` and ``$handle``."""
    if isinstance(value, list):
        return [decode_value(v, tag) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (key, arg), = value.items()
        if key == "$dict":
            return {k: decode_value(v, tag) for k, v in arg.items()}
        if key == "$float":
            return float(arg)
        if key == "$bytes":
            return base64.b64decode(arg)
        if key.startswith("$"):
            return tag(key, arg)
    return {k: decode_value(v, tag) for k, v in value.items()}


# -- the file -----------------------------------------------------------------------------------


@dataclass
class Recording:
    """A recording read back: its header, and its events in order."""

    header: Dict[str, Any]
    events: List[Dict[str, Any]] = field(default_factory=list)
    path: Optional[str] = None

    @property
    def truncated(self) -> bool:
        return any(e.get("e") == "truncated" for e in self.events)

    @property
    def calls(self) -> List[Dict[str, Any]]:
        return [e for e in self.events if e.get("e") == "call"]

    @property
    def api_version(self) -> Optional[int]:
        value = (self.header.get("device") or {}).get("api_version")
        return int(value) if isinstance(value, int) else None


def read_recording(path: PathLike) -> Recording:
    """Read an ``.ohrec`` file; :class:`RecordingFormatError` names what is wrong and where."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise RecordingError(f"cannot read recording {name!r}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise RecordingFormatError(f"{name}: not an ohbridge recording (not UTF-8 text)") from None
    if not lines:
        raise RecordingFormatError(f"{name}: empty file, not an ohbridge recording")
    header = _line(name, 1, lines[0])
    if header.get("format") != FORMAT:
        raise RecordingFormatError(f"{name}: not an ohbridge recording (line 1 has no \"format\": \"{FORMAT}\")")
    version = header.get("version")
    if version != VERSION:
        raise RecordingFormatError(f"{name}: recording format version {version!r}; this ohbridge reads version "
                                   f"{VERSION}")
    events = []
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        event = _line(name, number, text)
        if "e" not in event:
            raise RecordingFormatError(f"{name}:{number}: an event needs an \"e\" (its kind)")
        events.append(event)
    return Recording(header=header, events=events, path=name)


def _line(name: str, number: int, text: str) -> Dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as e:
        raise RecordingFormatError(f"{name}:{number}: not JSON ({e})") from None
    if not isinstance(value, dict):
        raise RecordingFormatError(f"{name}:{number}: expected a JSON object")
    return value


def _dumps(obj: Dict[str, Any]) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (a str JS could not hold either) has no UTF-8 form: escape it, as JSON can.
        text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text


class RecordingWriter:
    """Writes a recording line by line, in event order, under a size cap (thread-safe).

    Events get their number (``n``) when they begin; a call is written when it returns, and an
    event that happened meanwhile (a callback run during the call) waits for it, so that the
    file is always in ``n`` order.
    """

    def __init__(self, path: PathLike, header: Dict[str, Any], *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes < 1024:
            raise ValueError(f"max_bytes must be at least 1024, not {max_bytes}")
        self.path = os.fspath(path)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._next = 0  # the next number to hand out
        self._due = 0  # the next number to write
        self._ready: Dict[int, Optional[Dict[str, Any]]] = {}
        self.truncated = False
        #: why writing failed (the recording stopped there), None while it works
        self.failed: Optional[str] = None
        self.closed = False
        directory = os.path.dirname(self.path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        self._file: TextIO = io.open(self.path, "w", encoding="utf-8")
        first = _dumps(header) + "\n"
        self._written = len(first.encode("utf-8"))
        if self._written > max_bytes:
            self._file.close()
            raise RecordingError(f"{self.path}: the header alone is larger than max_bytes ({max_bytes})")
        self._file.write(first)
        self._file.flush()

    def reserve(self) -> int:
        """A number for an event that is beginning (write it with :meth:`complete`)."""
        with self._lock:
            n = self._next
            self._next += 1
            self._ready[n] = None
            return n

    def complete(self, n: int, event: Dict[str, Any]) -> None:
        """The reserved event ``n`` is whole: write it (and whatever waited for it)."""
        with self._lock:
            if n not in self._ready:
                return
            event["n"] = n
            self._ready[n] = event
            self._drain()

    def add(self, event: Dict[str, Any]) -> int:
        """An event that is whole at once."""
        n = self.reserve()
        self.complete(n, event)
        return n

    def abandon(self, n: int) -> None:
        """The reserved event will never be written (keeps later ones from waiting)."""
        with self._lock:
            if self._ready.get(n, 0) is None:
                self._ready[n] = {}
                self._drain()

    def _drain(self) -> None:
        try:
            self._write_ready()
        except (OSError, ValueError) as e:
            # A full disk must not fail the API call being recorded: the recording stops, and says why.
            log.error("recording %s stopped: %s", self.path, e)
            self.failed = str(e)
            self.truncated = True

    def _write_ready(self) -> None:
        while self._due in self._ready and self._ready[self._due] is not None:
            event = self._ready.pop(self._due)
            self._due += 1
            if self.closed or self.truncated or not event:
                continue
            line = _dumps(event) + "\n"
            size = len(line.encode("utf-8"))
            marker = _dumps({"e": "truncated", "n": event["n"], "t": event.get("t", 0),
                             "reason": f"the recording reached its size cap of {self.max_bytes} bytes"}) + "\n"
            if self._written + size + len(marker) + 64 > self.max_bytes:
                self._file.write(marker)
                self._written += len(marker.encode("utf-8"))
                self.truncated = True
            else:
                self._file.write(line)
                self._written += size
        self._file.flush()

    @property
    def size(self) -> int:
        return self._written

    def close(self, end: Optional[Dict[str, Any]] = None) -> None:
        with self._lock:
            if self.closed:
                return
            # Calls still in flight (a sync call that never settles) are dropped, not waited for.
            for n, event in list(self._ready.items()):
                if event is None:
                    self._ready[n] = {}
            self._drain()
            try:
                if end is not None and not self.truncated:
                    self._file.write(_dumps(dict(end, e="end", n=self._next)) + "\n")
                self._file.close()
            except OSError as e:
                log.error("recording %s: closing failed: %s", self.path, e)
                self.failed = str(e)
            self.closed = True


def iter_recordings(path: PathLike) -> Iterator[Tuple[str, Recording]]:
    """The recordings of a file, or of a directory (``*.ohrec``, sorted), read one by one."""
    name = os.fspath(path)
    if os.path.isdir(name):
        for entry in sorted(os.listdir(name)):
            if entry.endswith(".ohrec"):
                full = os.path.join(name, entry)
                yield full, read_recording(full)
        return
    yield name, read_recording(name)
