"""The path to a shared agent: attach through ``connect.sh``, reuse forwards, leave on close.

Who stops a shared agent, and when (the agent's side is ``native/agent/admission.h``):

* ``close()`` says ``leave`` over its own link. The agent counts its authenticated clients;
  when the one leaving is the last, it stops at once (and refuses any hello from then on, so
  nobody attaches to an agent on its way out), and that client removes the forwards to it.
  Otherwise it goes on serving the others, and the forward stays for the next connect to reuse.
* A client that goes without a word (its process died, its link broke) is counted out when
  its connection drops; the agent stops :data:`~ohbridge.agent_attach.IDLE_EXIT_MS` after its
  last client went, unless another attaches first.
* ``ohbridge agent stop`` stops it whoever uses it.
* A stale agent (dead, from before a reboot, an older build, another world than the one
  asked for) is stopped or forgotten by the next connect, and its forwards removed.
"""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING, Any, Iterable, Optional

from .agent_attach import AttachOutcome, attach_or_start
from .agent_manager import AgentLeftRunningWarning, HdcAgentConnector, PathLike
from .transport.device import TransportDevice
from .transport.diagnose import DEVICE_LINK, SERVER

if TYPE_CHECKING:
    from .backends.agent import AgentBackend, AgentEndpoint
    from .transport.diagnose import LinkDiagnosis

__all__ = ["SharedAgentConnector"]

log = logging.getLogger(__name__)


class SharedAgentConnector(HdcAgentConnector):
    """An :class:`~ohbridge.agent_manager.HdcAgentConnector` for a shared agent."""

    def __init__(self, transport: TransportDevice, outcome: AttachOutcome, *, agent_path: Optional[PathLike] = None,
                 stub: Optional[bool] = None, api_version: Optional[int] = None) -> None:
        super().__init__(transport, stub=stub, api_version=api_version)
        self._agent_path = agent_path
        self.session = outcome.session
        #: the agent was already running (another client's) when this connector found it
        self.attached = outcome.agent == "attached"
        self._said_leave = False
        self._leave_error: Optional[BaseException] = None
        self._stopping = False
        self._forward_rule: Optional[tuple[str, str]] = None
        self._remove_stale_ports(outcome.stale_ports)

    def endpoint(self, *, restart: bool) -> "AgentEndpoint":
        from .backends.agent import AgentEndpoint

        if restart or self.session is None:
            # The agent we had did not answer: replace it, unless another client already did.
            old = self.session.pid if self.session is not None else None
            _, outcome = attach_or_start(self.transport, "agent", agent_path=self._agent_path, stub=self._stub,
                                         api_version=self._api_version,
                                         mode=f"replace:{old}" if old is not None else "attach")
            assert outcome is not None
            self.session = outcome.session
            self.attached = outcome.agent == "attached"
            self._remove_stale_ports(outcome.stale_ports)
        assert self.session is not None
        self._forward = None
        local = self._existing_forward(self.session.device_port)
        if local is None:
            fwd = self.transport.forward(0, f"tcp:{self.session.device_port}")
            local = int(fwd.local_port)
        self._forward_rule = (f"tcp:{local}", f"tcp:{self.session.device_port}")
        return AgentEndpoint("127.0.0.1", local, self.session.token)

    def _existing_forward(self, device_port: int) -> Optional[int]:
        """The local port of a forward of this device to the agent (``fport ls``: the hdc server
        answers it alone, no device round trip), made by this or another process."""
        for rule in self.transport.list_forwards():
            if (rule.key == self.transport.serial and rule.remote == f"tcp:{device_port}"
                    and rule.local.startswith("tcp:") and rule.local[4:].isdigit()):
                return int(rule.local[4:])
        return None

    def _remove_stale_ports(self, ports: Iterable[int]) -> None:
        for port in ports:
            self._remove_stale_forwards(port)

    def farewell(self, backend: "AgentBackend") -> None:
        """Say ``leave`` over the backend's link, before it closes (never reconnects for it)."""
        link = backend._link
        if self.session is None or self._said_leave:
            return
        self._said_leave = True
        if link is None or link.closed:
            self._leave_error = ConnectionError(str(getattr(link, "close_reason", "") or "the link is closed"))
            return
        try:
            reply: Any = link.request("leave", [], 5.0, "leave")
        except Exception as exc:  # noqa: BLE001 - the link may die under us
            self._leave_error = exc
            return
        self._stopping = bool(isinstance(reply, dict) and reply.get("stopping"))

    def close(self) -> None:
        session, self.session = self.session, None
        if session is not None and self._stopping:
            try:
                self._remove_stale_forwards(session.device_port)
            except Exception as exc:  # noqa: BLE001 - the server may be gone
                log.debug("removing the forwards to the stopped agent: %s", exc)
        elif session is not None and self._leave_error is not None:
            found = self.diagnose_parts()
            if found is not None:
                warnings.warn(AgentLeftRunningWarning(
                    f"could not stop the ohbridge-agent on {self.transport.serial}: {found}; it stops by itself "
                    "once its last client is gone, and the next connect() to this device cleans up what is left"),
                    stacklevel=3)
            else:
                log.debug("the link to the agent was gone at close (%s); the agent stops by itself once it has "
                          "no client", self._leave_error)
        if self._close_transport:
            close = getattr(self.transport, "close", None)
            if close is not None:
                close()

    def diagnose(self) -> Optional["LinkDiagnosis"]:
        """Which part of the path to the agent is broken (hdc transports only)."""
        from .transport.client import HdcDevice
        from .transport.diagnose import diagnose_link

        if not isinstance(self.transport, HdcDevice):
            return None
        return diagnose_link(self.transport, forward=self._forward_rule, peer="the ohbridge-agent")

    def diagnose_parts(self) -> Optional[str]:
        """The server or the device link, when one of them is why the agent was not told."""
        try:
            found = self.diagnose()
        except Exception as exc:  # noqa: BLE001 - a diagnosis must not hide what it explains
            log.debug("diagnosing the agent link: %s", exc)
            return None
        return found.message if found is not None and found.part in (SERVER, DEVICE_LINK) else None
