"""Counting what reaches the device: the commands the fake server could not answer alone.

The real server answers ``list targets``, ``fport ls``, ``fport rm``, ``version`` ... itself
(developtools_hdc, ``src/host/server_for_client.cpp``, ``DoCommandLocal``: ``CMD_FORWARD_LIST``
is answered from the server's ``AdminForwardMap``); everything else (``shell``, ``file send``,
creating an ``fport``) is a round trip to hdcd on the device. Tests count these, not times.
"""

from __future__ import annotations

from typing import Iterable, List

from ._server_local import _SERVER_LOCAL
from .server import ReceivedCommand

__all__ = ["device_commands", "device_round_trips"]


def device_commands(commands: Iterable[ReceivedCommand]) -> List[str]:
    """The texts of the commands, in order, that needed the device."""
    return [c.text for c in commands if not c.text.startswith(_SERVER_LOCAL)]


def device_round_trips(commands: Iterable[ReceivedCommand]) -> int:
    return len(device_commands(commands))
