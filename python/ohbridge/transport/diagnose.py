"""Which part of the path to a device failed: the hdc server, the device link, a forward, or
the program at the far end.

A dropped TCP connection through an hdc forward looks the same whatever broke: the forward's
socket just closes. So the question is asked part by part, nearest first, each with one cheap
server-local command: does the server answer (``checkserver``), does it still list the device
as Connected (``list targets -v``; a device whose hdcd died or whose USB/TCP link dropped is
Offline or gone), does it still hold the forward (``fport ls``; the server frees a session's
forwards with the session)? Only when all three are up is the far end to blame.
"""

from __future__ import annotations

from dataclasses import dataclass

from .client import HdcClient, HdcDevice
from .errors import HdcError

__all__ = ["LinkDiagnosis", "diagnose_link", "SERVER", "DEVICE_LINK", "FORWARD", "PEER"]

SERVER = "hdc server"
DEVICE_LINK = "device link"
FORWARD = "forward"
PEER = "peer"


@dataclass(frozen=True)
class LinkDiagnosis:
    """``part`` is one of :data:`SERVER`, :data:`DEVICE_LINK`, :data:`FORWARD`, :data:`PEER`;
    ``message`` says it in one line."""

    part: str
    message: str

    def __str__(self) -> str:
        return self.message


def diagnose_link(
    device: HdcDevice,
    *,
    forward: tuple[str, str] | None = None,
    peer: str = "the program on the device",
    timeout: float = 3.0,
) -> LinkDiagnosis:
    """Find the broken part of the path to ``device`` (and through ``forward``, a
    ``(local, remote)`` pair such as ``("tcp:41234", "tcp:8012")``, to ``peer``)."""
    address = device.aio.client.address
    where = f"the hdc server at {address}"
    server = HdcClient(address.host, address.port, connect_timeout=timeout)
    try:
        server.server_version()
    except HdcError as exc:
        return LinkDiagnosis(SERVER, f"{where} is not answering ({exc.message})")
    try:
        targets = server.list_targets()
        rules = server.list_forwards() if forward is not None else []
    except HdcError as exc:
        return LinkDiagnosis(SERVER, f"{where} stopped answering ({exc.message})")
    target = next((t for t in targets if t.key == device.serial), None)
    if target is None or not target.connected:
        state = "is no longer listed" if target is None else f"is {target.state or 'not connected'}"
        return LinkDiagnosis(
            DEVICE_LINK,
            f"the device link is down: {device.serial} {state} on {where} (hdcd stopped, or the USB/TCP link dropped)",
        )
    if forward is not None:
        local, remote = forward
        if not any(r.key == device.serial and r.local == local and r.remote == remote for r in rules):
            return LinkDiagnosis(
                FORWARD,
                f"the forward {local} -> {remote} is gone from {where} (removed by another client, or the server restarted)",
            )
        return LinkDiagnosis(PEER, f"{peer} closed the connection; {where}, the device link and the forward {local} -> {remote} are up")
    return LinkDiagnosis(PEER, f"{peer} closed the connection; {where} and the device link are up")

