"""pytest plugin: one test suite on the simulated device or on real OpenHarmony devices.

Registered through the ``pytest11`` entry point, so it is active wherever ohbridge is installed;
it stays inert (no connection, no report lines) until a device is selected::

    pytest --ohos-stub                                 # the in-process simulated device
    pytest --ohos-scenario world.toml                  # ... with a TOML world
    pytest --ohos-device hdc:SERIAL [--ohos-device …]  # real devices (a bare serial works too)
    pytest --ohos-testbed lab.toml -n 3                # a testbed; with xdist, one device per worker

Fixtures: ``ohos_device`` (the device under test, an :class:`ohbridge.Device`), ``ohos_devices``
(every selected device that fits the test; under ``--ohos-stub``/``--ohos-scenario`` every device
of the simulated world, all in one world), ``ohos_each_device`` (the test runs once per selected
device), ``ohos_device_factory`` (open more, closed after the test), ``ohos_device_spec`` (the
testbed entry of ``ohos_device``: label, features).  A testbed's ``[[groups]]`` keep devices
together: one xdist worker, and for simulated devices one world.
Marker: ``@pytest.mark.ohos_requires(api_version=12, features=["distributed"], devices=2)``
skips, with the reason, when the selected devices cannot satisfy it.
"""

from __future__ import annotations

from ._fixtures import ohos_device, ohos_device_factory, ohos_device_spec, ohos_devices, ohos_each_device
from ._hooks import (
    pytest_addoption,
    pytest_configure,
    pytest_generate_tests,
    pytest_report_header,
    pytest_runtest_makereport,
    pytest_runtest_setup,
    pytest_sessionstart,
    pytest_unconfigure,
)

__all__ = [
    "ohos_device",
    "ohos_devices",
    "ohos_each_device",
    "ohos_device_factory",
    "ohos_device_spec",
    "pytest_addoption",
    "pytest_configure",
    "pytest_unconfigure",
    "pytest_sessionstart",
    "pytest_report_header",
    "pytest_runtest_setup",
    "pytest_runtest_makereport",
    "pytest_generate_tests",
]
