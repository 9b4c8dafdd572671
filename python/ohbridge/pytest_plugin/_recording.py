"""The plugin's recording and replay: ``--ohos-record DIR`` and ``--ohos-replay DIR``.

Recording wraps each device handed to a test in a recording Device writing
``DIR/<node id>.ohrec`` (the Nth further device of the same test: ``<node id>.N.ohrec``); a
real device shared between tests stays open, only its recording ends with the test.  Replay
selects no device at all: each test's devices are served from its recordings, and a test with
no recording is skipped with the reason.  Both have the plugin's three spellings (command line,
ini key, environment).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, FrozenSet, Optional, Tuple

import pytest

from ..testbed import Testbed, TestbedDevice

if TYPE_CHECKING:
    from ..device import Device
    from ._pool import DevicePool

__all__ = ["add_recording_options", "read_recording_settings", "RecordingSettings", "open_for_test",
           "replay_facts"]

_TRUE = {"1", "true", "yes", "on"}


def add_recording_options(group: Any, parser: pytest.Parser) -> None:
    group.addoption("--ohos-record", dest="ohos_record", metavar="DIR", default=None,
                    help="record every API call of each test's devices into DIR, one .ohrec file per test "
                         "[env OHOS_RECORD; ini ohos_record]")
    group.addoption("--ohos-replay", dest="ohos_replay", metavar="DIR", default=None,
                    help="serve each test's devices from its recording in DIR (no device needed) "
                         "[env OHOS_REPLAY; ini ohos_replay]")
    group.addoption("--ohos-replay-any-order", action="store_true", dest="ohos_replay_any_order", default=None,
                    help="under --ohos-replay, let a call match any recorded call not yet served with the same "
                         "method and arguments [env OHOS_REPLAY_ANY_ORDER=1; ini ohos_replay_any_order]")
    parser.addini("ohos_record", "directory to record each test's API calls into", default="")
    parser.addini("ohos_replay", "directory of recordings to replay", default="")
    parser.addini("ohos_replay_any_order", "replay calls in any order", type="bool", default=False)


@dataclass(frozen=True)
class RecordingSettings:
    record_dir: Optional[str]
    replay_dir: Optional[str]
    any_order: bool
    source: str

    def replay_testbed(self) -> Testbed:
        assert self.replay_dir is not None
        return Testbed(name="replay", devices=(TestbedDevice(url=f"replay:{self.replay_dir}", label="replay"),))


def _directory(config: pytest.Config, option: str, env: str) -> Tuple[Optional[str], str]:
    value = config.getoption(option)
    if value:
        return str(Path(config.invocation_params.dir) / value), "command line"
    value = os.environ.get(env, "").strip()
    if value:
        return os.path.abspath(value), "environment"
    value = str(config.getini(option)).strip()
    if value:
        base = Path(config.inipath).parent if config.inipath else Path(config.rootpath)
        return str(base / value), "ini file"
    return None, ""


def read_recording_settings(config: pytest.Config) -> RecordingSettings:
    record, record_source = _directory(config, "ohos_record", "OHOS_RECORD")
    replay, replay_source = _directory(config, "ohos_replay", "OHOS_REPLAY")
    if record and replay:
        raise pytest.UsageError("ohbridge: give either a directory to record into (--ohos-record) or one to "
                                "replay (--ohos-replay), not both")
    if replay is not None:
        if not os.path.isdir(replay):
            raise pytest.UsageError(f"ohbridge ({replay_source}): no directory of recordings {replay!r}")
        selected = [o for o in ("ohos_device", "ohos_stub", "ohos_scenario", "ohos_testbed") if config.getoption(o)]
        if selected:
            raise pytest.UsageError(f"ohbridge: --ohos-replay serves the recorded devices; drop "
                                    f"--{selected[0].replace('_', '-')}")
    any_order = bool(config.getoption("ohos_replay_any_order")) or \
        os.environ.get("OHOS_REPLAY_ANY_ORDER", "").strip().lower() in _TRUE or \
        bool(config.getini("ohos_replay_any_order"))
    return RecordingSettings(record_dir=record, replay_dir=replay, any_order=any_order,
                             source=replay_source or record_source)


def _node_file(request: pytest.FixtureRequest, directory: str, index: int) -> str:
    from ..recording import file_name_for

    return os.path.join(directory, file_name_for(request.node.nodeid, index))


def open_for_test(request: pytest.FixtureRequest, entry: TestbedDevice, open_device: Callable[[], "Device"], *,
                  index: int) -> "Device":
    """The device ``entry`` for one test: ``open_device()`` (the pool's, or the test's world's), recorded
    or replayed as the session says."""
    from ._state import session_state

    settings = session_state(request.config).settings
    if settings.replay_dir is not None and entry.url.startswith("replay:"):
        return _replay(request, settings.replay_dir, index, settings.replay_any_order)
    device = open_device()
    if settings.record_dir is None:
        return device
    from ..recording import start_recording

    recorded = start_recording(device, _node_file(request, settings.record_dir, index), owns_device=entry.is_stub,
                               label=request.node.nodeid)
    if not entry.is_stub:  # the pool's closing of a stub closes this wrapper instead; a real device stays open
        request.addfinalizer(recorded.close)
    return recorded


def _replay(request: pytest.FixtureRequest, directory: str, index: int, any_order: bool) -> "Device":
    from ..recording.replayer import ReplayDivergence, open_replay

    path = _node_file(request, directory, index)
    if not os.path.isfile(path):
        pytest.skip(f"no recording of this test in {directory} ({os.path.basename(path)}); record one with "
                    f"--ohos-record")
    device = open_replay(path, out_of_order=any_order)
    backend: Any = device._backend

    def finish() -> None:
        from ._state import state_of

        remaining = backend.remaining
        device.close()
        # A divergence the test itself met has failed it already; one in the per-test reset
        # (the test left other state behind than when it was recorded) fails it here.
        if remaining and not state_of(request.node).failed_before_teardown:
            listed = "\n  ".join(remaining[:5]) + ("\n  ..." if len(remaining) > 5 else "")
            raise ReplayDivergence(f"replay of {path}: the test ended with {len(remaining)} recorded call(s) not "
                                   f"made:\n  {listed}")

    request.addfinalizer(finish)
    return device


def replay_facts(entry: TestbedDevice) -> Tuple[Optional[int], FrozenSet[str]]:
    """(API level, features) of the recorded device: from the first recording's header."""
    from ..device_info import BACKEND_FEATURES
    from ..recording.format import RecordingError, iter_recordings

    directory = entry.url[len("replay:"):]
    try:
        for _path, recording in iter_recordings(directory):
            backend = str(recording.header.get("backend", ""))
            return recording.api_version, BACKEND_FEATURES.get(backend, frozenset())
    except RecordingError as e:
        pytest.fail(f"ohbridge: {e}", pytrace=False)
    return None, frozenset()
