"""The plugin's hooks: options, markers, requirement checks, and diagnostics on failure."""

from __future__ import annotations

from typing import Any, Generator, List, Optional

import pytest

from ._options import add_options, read_settings
from ._pool import Requirement, describe_units
from ._reset import KEEP_STATE_MARKER
from ._state import SESSION, TEST, SessionState, session_state, state_of, xdist_worker

__all__ = [
    "pytest_addoption",
    "pytest_configure",
    "pytest_unconfigure",
    "pytest_sessionstart",
    "pytest_report_header",
    "pytest_runtest_setup",
    "pytest_runtest_makereport",
    "pytest_generate_tests",
]

_MARKER = ("ohos_requires(api_version=None, features=[], devices=1): skip unless the selected OpenHarmony "
           "devices offer this API level (or newer), these features, and this many devices (ohbridge)")


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", _MARKER)
    config.addinivalue_line("markers", KEEP_STATE_MARKER)
    state = SessionState(settings=read_settings(config), worker=xdist_worker(config))
    config.stash[SESSION] = state
    if state.worker is None:
        _check_worker_count(config, state)


def _check_worker_count(config: pytest.Config, state: SessionState) -> None:
    """More xdist workers than a testbed with real devices can feed: say so before any worker starts."""
    testbed = state.settings.testbed
    workers = getattr(config.option, "numprocesses", None)
    if testbed is None or not isinstance(workers, int) or getattr(config.option, "dist", "no") == "no":
        return
    units = len(testbed.units())
    if all(d.is_stub for d in testbed.devices) or workers <= units:
        return
    raise pytest.UsageError(
        f"ohbridge: -n {workers} starts {workers} xdist workers, but the testbed has {describe_units(testbed)} "
        f"and a real device is never shared between workers; run with -n {units} or fewer")


def pytest_sessionstart(session: pytest.Session) -> None:
    state = session.config.stash.get(SESSION, None)
    if state is not None:
        state.session = session


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(SESSION, None)
    if state is not None:
        state.close()


def pytest_report_header(config: pytest.Config) -> Optional[List[str]]:
    testbed = session_state(config).settings.testbed
    if testbed is None:
        return None  # inert: say nothing in sessions that do not use the plugin
    names = ", ".join(d.name + (f" [{d.scenario}]" if d.scenario else "") for d in testbed.devices)
    bed = f"testbed {testbed.name!r}: " if testbed.name else ""
    settings = session_state(config).settings
    backend = "" if settings.backend == "auto" else f", backend {settings.backend}"
    return [f"ohbridge: {bed}{names} (from the {settings.source}{backend})"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``ohos_each_device``: one run per selected device, the same on every xdist worker."""
    from ._fixtures import EACH_DEVICE

    if EACH_DEVICE not in metafunc.fixturenames:
        return
    testbed = session_state(metafunc.config).settings.testbed
    params, ids = [], []
    for i, entry in enumerate(testbed.devices if testbed is not None else ()):
        if entry.is_stub and entry.whole_world:
            from ..world import SimulatedWorld

            with SimulatedWorld(scenario=entry.scenario, api_version=entry.api_version) as world:
                local = world.stub.local_device_id
                names = [d.name for d in sorted(world.devices, key=lambda d: d.network_id != local)]
            for name in names:
                params.append(f"world:{i}:{name}")
                ids.append(f"{entry.label}-{name}" if entry.label else name)
        else:
            params.append(f"entry:{i}")
            ids.append(entry.name)
    metafunc.parametrize(EACH_DEVICE, params, ids=ids, indirect=True)


def _requirement(item: pytest.Item) -> Optional[Requirement]:
    requirements = []
    for mark in item.iter_markers("ohos_requires"):
        if mark.args:
            raise pytest.UsageError(f"{item.nodeid}: ohos_requires takes keyword arguments only")
        unknown = set(mark.kwargs) - {"api_version", "features", "devices"}
        if unknown:
            raise pytest.UsageError(f"{item.nodeid}: ohos_requires has no argument(s) {', '.join(sorted(unknown))}")
        features = mark.kwargs.get("features", ())
        if isinstance(features, str):
            features = (features,)
        requirements.append(Requirement(api_version=mark.kwargs.get("api_version"),
                                        features=tuple(features), devices=int(mark.kwargs.get("devices", 1))))
    return Requirement.combine(requirements) if requirements else None


def pytest_runtest_setup(item: pytest.Item) -> None:
    requirement = _requirement(item)
    if requirement is None:
        return
    pool = session_state(item.config).pool()  # skips when nothing is selected
    fitting, reason = pool.match(requirement)
    if reason is not None:
        # Reported at the test's own location, as a skip marker would be (not at this hook's line).
        raise pytest.skip.Exception(reason, _use_item_location=True)
    state = state_of(item)
    state.fitting, state.requirement = fitting, requirement


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not report.failed or report.when == "teardown":
        return
    state = item.stash.get(TEST, None)
    if state is not None:
        state.failed_before_teardown = True
    if state is None or not state.opened or not session_state(item.config).settings.diagnostics:
        return
    from ..device_info import diagnostics

    for entry, device in state.opened:
        try:
            sections = diagnostics(device)
        except Exception as e:  # the test's failure matters more than a diagnostics failure
            sections = [("diagnostics", f"could not collect: {type(e).__name__}: {e}")]
        for title, text in sections:
            report.sections.append((f"ohbridge {entry.name}: {title}", text))

