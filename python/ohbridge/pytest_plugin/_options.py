"""Command-line, ini and environment settings of the plugin, and which devices they select.

Each setting has three spellings: ``--ohos-x`` on the command line, ``ohos_x`` in
``pytest.ini``/``pyproject.toml``, and ``OHOS_X`` in the environment.  The device *selection*
(``device``, ``stub``, ``scenario``, ``testbed``) is taken as a whole from the first place that
says anything about it (command line, then environment, then ini file), so that
``--ohos-device hdc:X`` on the command line replaces a project's ``ohos_stub = true`` instead
of adding to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import pytest

from ._recording import add_recording_options, read_recording_settings
from ..testbed import BACKENDS, Testbed, TestbedError, devices_from_urls, load_testbed

__all__ = ["add_options", "Settings", "read_settings"]

_TRUE = {"1", "true", "yes", "on"}


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("ohbridge", "OpenHarmony devices (ohbridge)")
    group.addoption("--ohos-device", action="append", dest="ohos_device", metavar="URL", default=None,
                    help="device under test: hdc:SERIAL, hdc://HOST:PORT/SERIAL, a bare serial, adb:SERIAL "
                         "or stub; repeat for multi-device tests [env OHOS_DEVICE, comma-separated; "
                         "ini ohos_device]")
    group.addoption("--ohos-stub", action="store_true", dest="ohos_stub", default=None,
                    help="test against the in-process simulated device [env OHOS_STUB=1; ini ohos_stub]")
    group.addoption("--ohos-scenario", dest="ohos_scenario", metavar="FILE", default=None,
                    help="TOML world for the simulated device (implies --ohos-stub) "
                         "[env OHOS_SCENARIO; ini ohos_scenario]")
    group.addoption("--ohos-testbed", dest="ohos_testbed", metavar="FILE", default=None,
                    help="testbed file (TOML/YAML) listing devices with labels and features "
                         "[env OHOS_TESTBED; ini ohos_testbed]")
    group.addoption("--ohos-testbed-name", dest="ohos_testbed_name", metavar="NAME", default=None,
                    help="which testbed of a file holding several [env OHOS_TESTBED_NAME; ini ohos_testbed_name]")
    group.addoption("--ohos-api-version", dest="ohos_api_version", metavar="N", type=int, default=None,
                    help="API level the simulated device behaves like [env OHOS_API_VERSION; ini ohos_api_version]")
    group.addoption("--ohos-backend", dest="ohos_backend", metavar="NAME", default=None, choices=BACKENDS,
                    help="how real devices are served: auto (the agent where it can run, else the shell backend "
                         "with a warning), agent (fail where it cannot run) or shell; a testbed entry's own "
                         "'backend' wins [env OHOS_BACKEND; ini ohos_backend]")
    group.addoption("--ohos-no-diagnostics", action="store_true", dest="ohos_no_diagnostics", default=None,
                    help="do not attach device info, aa dump -l and hilog to failing tests' reports "
                         "[env OHOS_NO_DIAGNOSTICS=1; ini ohos_diagnostics = false]")
    add_recording_options(group, parser)
    parser.addini("ohos_device", "device URLs under test (one a line)", type="linelist", default=[])
    parser.addini("ohos_stub", "test against the simulated device", type="bool", default=False)
    parser.addini("ohos_scenario", "TOML world for the simulated device", default="")
    parser.addini("ohos_testbed", "testbed file", default="")
    parser.addini("ohos_testbed_name", "testbed name within the file", default="")
    parser.addini("ohos_api_version", "API level of the simulated device", default="")
    parser.addini("ohos_backend", "how real devices are served: auto, agent or shell", default="")
    parser.addini("ohos_diagnostics", "attach device diagnostics to failing tests", type="bool", default=True)


@dataclass
class Settings:
    #: the devices selected (before xdist hands them out); None: nothing selected
    testbed: Optional[Testbed]
    #: where the selection came from, for messages ("command line", "environment", "ini file")
    source: str
    diagnostics: bool
    #: how real devices are served when their testbed entry does not say
    backend: str = "auto"
    #: --ohos-record DIR: every test's devices record into DIR (one file per test and device)
    record_dir: Optional[str] = None
    #: --ohos-replay DIR: every test's devices replay DIR's recordings
    replay_dir: Optional[str] = None
    #: --ohos-replay-any-order: a call may match any recorded call not yet served
    replay_any_order: bool = False


@dataclass
class _Selection:
    devices: List[str]
    stub: bool
    scenario: Optional[str]
    testbed: Optional[str]

    @property
    def empty(self) -> bool:
        return not (self.devices or self.stub or self.scenario or self.testbed)


def _env(name: str) -> Optional[str]:
    value = os.environ.get(name, "").strip()
    return value or None


def _from_cli(config: pytest.Config) -> _Selection:
    invocation = Path(config.invocation_params.dir)
    scenario = config.getoption("ohos_scenario")
    testbed = config.getoption("ohos_testbed")
    return _Selection(devices=list(config.getoption("ohos_device") or []), stub=bool(config.getoption("ohos_stub")),
                      scenario=str(invocation / scenario) if scenario else None,
                      testbed=str(invocation / testbed) if testbed else None)


def _from_env() -> _Selection:
    devices = [d.strip() for d in (_env("OHOS_DEVICE") or "").split(",") if d.strip()]
    return _Selection(devices=devices, stub=(_env("OHOS_STUB") or "").lower() in _TRUE,
                      scenario=_env("OHOS_SCENARIO"), testbed=_env("OHOS_TESTBED"))


def _from_ini(config: pytest.Config) -> _Selection:
    # Paths in an ini file are relative to that file, wherever pytest was started.
    base = Path(config.inipath).parent if config.inipath else Path(config.rootpath)
    scenario = str(config.getini("ohos_scenario")).strip()
    testbed = str(config.getini("ohos_testbed")).strip()
    return _Selection(devices=[str(d) for d in config.getini("ohos_device")], stub=bool(config.getini("ohos_stub")),
                      scenario=str(base / scenario) if scenario else None,
                      testbed=str(base / testbed) if testbed else None)


def _setting(config: pytest.Config, option: str, env: str) -> Optional[str]:
    value = config.getoption(option)
    if value is not None:
        return str(value)
    return _env(env) or (str(config.getini(option)).strip() or None)


def read_settings(config: pytest.Config) -> Settings:
    """The plugin's settings; a bad value is a usage error that stops the session early."""
    recording = read_recording_settings(config)
    if recording.replay_dir is not None:
        return Settings(testbed=recording.replay_testbed(), source=recording.source, diagnostics=_diagnostics(config),
                        backend=_backend(config), replay_dir=recording.replay_dir,
                        replay_any_order=recording.any_order)
    settings = _read_selection(config)
    settings.record_dir = recording.record_dir
    return settings


def _read_selection(config: pytest.Config) -> Settings:
    for source, selection in (("command line", _from_cli(config)), ("environment", _from_env()),
                              ("ini file", _from_ini(config))):
        if not selection.empty:
            break
    else:
        return Settings(testbed=None, source="", diagnostics=_diagnostics(config), backend=_backend(config))
    raw_api = _setting(config, "ohos_api_version", "OHOS_API_VERSION")
    try:
        api_version = int(raw_api) if raw_api is not None else None
    except ValueError:
        raise pytest.UsageError(f"ohbridge: the API version must be an integer, not {raw_api!r}") from None
    if selection.testbed and (selection.devices or selection.stub or selection.scenario):
        raise pytest.UsageError(f"ohbridge ({source}): give either a testbed file or devices, not both")
    if selection.testbed:
        try:
            testbed = load_testbed(selection.testbed, _setting(config, "ohos_testbed_name", "OHOS_TESTBED_NAME"))
        except TestbedError as e:
            raise pytest.UsageError(f"ohbridge: {e}") from None
    else:
        urls = list(selection.devices)
        if (selection.stub or selection.scenario) and "stub" not in urls:
            urls.insert(0, "stub")
        try:
            testbed = devices_from_urls(urls, scenario=selection.scenario, api_version=api_version)
        except ValueError as e:
            raise pytest.UsageError(f"ohbridge: {e}") from None
    if selection.scenario and not Path(selection.scenario).is_file():
        raise pytest.UsageError(f"ohbridge: no scenario file {selection.scenario!r}")
    return Settings(testbed=testbed, source=source, diagnostics=_diagnostics(config), backend=_backend(config))


def _backend(config: pytest.Config) -> str:
    value = _setting(config, "ohos_backend", "OHOS_BACKEND") or "auto"
    if value not in BACKENDS:
        raise pytest.UsageError(f"ohbridge: the backend must be one of {', '.join(BACKENDS)}, not {value!r}")
    return value


def _diagnostics(config: pytest.Config) -> bool:
    if config.getoption("ohos_no_diagnostics"):
        return False
    if (_env("OHOS_NO_DIAGNOSTICS") or "").lower() in _TRUE:
        return False
    return bool(config.getini("ohos_diagnostics"))
