"""Record a device's API calls, replay them without the device, and measure the stub against them.

* ``ohbridge.connect(url, record="session.ohrec")``: every API call the device serves is written
  to the file (format: :mod:`.format`, docs/recording.md);
* ``ohbridge.connect("replay:session.ohrec")``: the same calls served from the file
  (:mod:`.replayer`);
* ``ohbridge fidelity PATH``: the recorded calls run again on a stub built from the recorded
  world, and every difference reported (:mod:`.fidelity`).

``$OHBRIDGE_RECORD_DIR`` names a directory: while it is set, every ``connect()`` records into a
file of its own there (what ``ohbridge record -- COMMAND`` sets for the command it runs).
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from typing import TYPE_CHECKING, Any, Dict, Optional

from .format import (DEFAULT_MAX_BLOB, DEFAULT_MAX_BYTES, Recording, RecordingError, RecordingFormatError,
                     RecordingTruncated, read_recording)
from .recorder import RecordingBackend
from .shell import RecordingTransport
from .replayer import ReplayBackend, ReplayDivergence, open_replay

if TYPE_CHECKING:
    from ..device import Device

__all__ = [
    "RECORD_DIR_ENV",
    "MAX_BYTES_ENV",
    "Recording",
    "RecordingError",
    "RecordingFormatError",
    "RecordingTruncated",
    "ReplayDivergence",
    "RecordingBackend",
    "ReplayBackend",
    "read_recording",
    "open_replay",
    "start_recording",
    "device_identity",
    "file_name_for",
    "recording_from_environment",
]

#: a directory: every connect() records into its own file there
RECORD_DIR_ENV = "OHBRIDGE_RECORD_DIR"
#: the size cap of each recording, in bytes (default 64 MiB)
MAX_BYTES_ENV = "OHBRIDGE_RECORD_MAX_BYTES"

_counter = itertools.count(1)
_counter_lock = threading.Lock()


def device_identity(device: Any) -> Dict[str, Any]:
    """What the recording says about the device: model, API level, release, serial."""
    from ..device_info import _param, device_facts

    facts = device_facts(device)
    identity: Dict[str, Any] = {"model": facts.model, "api_version": facts.api_version,
                                "software_version": facts.software_version}
    if device.backend == "stub":
        identity["release"] = "ohbridge stub (simulated)"
    else:
        identity["release"] = _param(device, "const.ohos.fullname") or ""
        info = getattr(device._backend, "info", None)
        if isinstance(info, dict):
            # The agent's hello answer: its version and what it serves (never the token: it is not in it).
            identity["agent"] = {k: v for k, v in info.items() if k in ("version", "backend", "api_version")}
            if identity["api_version"] is None and isinstance(info.get("api_version"), int):
                identity["api_version"] = info["api_version"]
    return {"serial": facts.serial, "device": identity}


def start_recording(device: Any, path: str, *, max_bytes: Optional[int] = None,
                    max_blob: int = DEFAULT_MAX_BLOB, owns_device: bool = True, label: str = "") -> "Device":
    """A Device that serves ``device``'s calls and records them to ``path``.

    ``owns_device=False``: closing the returned Device ends the recording and leaves ``device``
    open (a real device shared by several tests, each with its own file).
    """
    from ..backends.shell import ShellBackend
    from ..device import Device

    if max_bytes is None:
        max_bytes = _max_bytes_from_environment()
    identity = device_identity(device)
    backend = RecordingBackend(device._backend, path, identity=identity, max_bytes=max_bytes, max_blob=max_blob,
                               owns_inner=owns_device, label=label)
    transport = device.transport
    if isinstance(device._backend, ShellBackend):
        # The shell backend answers from parsed output: record what it ran and read.
        tools = device._backend.tools
        if isinstance(tools.transport, RecordingTransport):
            tools.transport.retarget(backend)  # a device shared by tests: each test's file gets its commands
        else:
            tools.close()  # a session opened before would bypass the recording: the next command reopens it
            tools.transport = RecordingTransport(tools.transport, backend)
        transport = tools.transport
    return Device(backend, serial=device.serial, transport=transport)


def _max_bytes_from_environment() -> int:
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        raise RecordingError(f"{MAX_BYTES_ENV}={raw!r}: the size cap is a number of bytes") from None
    if value < 1024:
        raise RecordingError(f"{MAX_BYTES_ENV}={raw!r}: the size cap must be at least 1024 bytes")
    return value


def file_name_for(name: str, index: int = 0) -> str:
    """A file name for a test node id (or any name): safe characters only, ``.N`` for the Nth device."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "recording"
    if len(safe) > 180:
        import hashlib

        safe = safe[:160] + "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return f"{safe}.ohrec" if index == 0 else f"{safe}.{index}.ohrec"


def recording_from_environment(device: "Device", url: Optional[str]) -> "Device":
    """``device`` recording into ``$OHBRIDGE_RECORD_DIR`` when that is set, else ``device`` itself."""
    directory = os.environ.get(RECORD_DIR_ENV, "").strip()
    if not directory:
        return device
    with _counter_lock:
        number = next(_counter)
    path = os.path.join(directory, file_name_for(f"{os.getpid()}-{number}-{url or 'hdc'}"))
    return start_recording(device, path, label=url or "")
