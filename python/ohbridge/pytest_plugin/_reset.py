"""The per-test reset of real devices: what a test started, registered or created is undone after it.

A simulated device is a fresh world per test already (closed with the test).  A real device's
connection lives for the session, so its state would leak from one test into the next: after
each test, every real Device it was handed undoes what it did through that Device
(:meth:`ohbridge.device_tracking.StateTracker.reset`): mission and continue-state listeners are
unregistered, WantAgents cancelled, started bundles force-stopped.  A test marked
``@pytest.mark.ohos_keep_state`` keeps it all (and the next test's reset leaves it alone too).
What could not be undone is reported as a warning on the test, never as a failure of it.
"""

from __future__ import annotations

from typing import Set

import pytest

from ..device import Device

__all__ = ["KEEP_STATE_MARKER", "OhosResetWarning", "arm_reset"]

KEEP_STATE_MARKER = ("ohos_keep_state: leave what this test started, registered or created on real devices "
                     "(no per-test reset after it) (ohbridge)")

_ARMED = pytest.StashKey[Set[int]]()


class OhosResetWarning(pytest.PytestWarning):
    """The per-test reset could not undo something a test left on a real device."""


def arm_reset(request: pytest.FixtureRequest, device: Device) -> None:
    """Reset ``device`` once this test ends (once, however many fixtures handed it out)."""
    armed = request.node.stash.setdefault(_ARMED, set())
    if id(device) in armed:
        return
    armed.add(id(device))
    keep = request.node.get_closest_marker("ohos_keep_state") is not None

    def reset() -> None:
        if device.closed:
            return
        if keep:
            device._tracker.forget()
            return
        report = device._tracker.reset()
        for problem in report.problems:
            request.node.warn(OhosResetWarning(f"ohbridge reset of {device.serial}: {problem}"))

    request.addfinalizer(reset)
