"""``ohbridge.connect``: one entry point that picks a backend from a device URL."""

from __future__ import annotations

import asyncio
import functools
import os
from types import TracebackType
from typing import Any, Generator, Optional, Type, Union

from .device import AsyncDevice, Device

__all__ = ["connect", "aconnect", "BACKENDS"]

PathLike = Union[str, "os.PathLike[str]"]

# What a real device can be driven through (the capability table is in docs/agent.md).
BACKENDS = ("auto", "agent", "shell", "transport")


def connect(
    url: Optional[str] = None,
    *,
    scenario: Optional[PathLike] = None,
    api_version: Optional[int] = None,
    backend: str = "auto",
    agent_path: Optional[PathLike] = None,
    stub: Optional[bool] = None,
    share_agent: bool = True,
    record: Optional[PathLike] = None,
) -> Device:
    """Connect to a device.

    * ``"stub"``: a simulated device in process (``scenario=`` a TOML world,
      ``api_version=`` the release to behave like; default the newest).
    * ``"stub:NAME"``: the device called NAME (or with that networkId) of a
      simulated world of its own; for several devices of one world, see
      :func:`ohbridge.simulate`.
    * ``"hdc:SERIAL"``, ``"hdc://host:port/SERIAL"``, or ``None`` (the only
      device behind the local hdc server): a real device over hdc.
    * ``"adb:SERIAL"``: a device reachable over adb.

    For a real device, ``backend`` picks how API calls are served:

    * ``"auto"`` (default): the agent where it can run, else the shell backend
      with one :class:`~ohbridge.backend_choice.BackendFallbackWarning` saying
      why and what is lost.  One ``hdc shell`` probes the device's ABI
      (``uname -m``, ``const.product.cpu.abilist``), finds an agent build for it
      (``agent_path=``, ``$OHBRIDGE_AGENT``, or the one packaged for the ABI),
      and checks that the agent can get its token (root, ``const.debuggable``).
    * ``"agent"``: the ohbridge-agent, pushed if missing or stale, started, and
      reached over a port forward (about 0.1 ms a call); where it cannot run,
      :class:`~ohbridge.backend_choice.AgentUnavailableError`, never a fallback.
      On a loopback/emulated Linux device it runs the simulated world (``stub``
      forces either way; ``scenario=`` and ``api_version=`` then apply to it).
    * ``"shell"``: parse ``aa``/``hidumper``/``bm``/``param`` output, one
      ``hdc shell`` per call; for devices where no agent can run.  Calls it
      cannot serve raise :class:`~ohbridge.errors.NotSupportedError`.
    * ``"transport"``: no API backend, only ``device.transport``.

    ``share_agent`` (the agent backends): ``True`` (default) probes, checks and attaches to the
    device's running agent, or starts one, in ONE ``hdc shell`` (``hdc_scripts/connect.sh``)
    and reuses its forward; another process connected to the same device shares that agent
    (and, on a stub agent, its world), and the agent stops when its last client closes.
    ``False``: an agent of this connection's own, restarted for it and stopped by ``close()``
    (several round trips; what connect() did before agents were shared).

    ``record="session.ohrec"`` writes every API call, its answer and what followed to that file;
    ``"replay:session.ohrec"`` serves such a file with no device (docs/recording.md).  While
    ``$OHBRIDGE_RECORD_DIR`` is set, every connection records into a file of its own there.
    """
    if url is not None and url.startswith("replay:"):
        from .recording import open_replay

        return open_replay(url[len("replay:"):])
    device = _connect(url, scenario=scenario, api_version=api_version, backend=backend, agent_path=agent_path,
                      stub=stub, share_agent=share_agent)
    from . import recording

    try:
        if record is not None:
            return recording.start_recording(device, os.fspath(record), label=url or "")
        return recording.recording_from_environment(device, url)
    except BaseException:
        device.close()
        raise


def _connect(url: Optional[str], *, scenario: Optional[PathLike], api_version: Optional[int], backend: str,
             agent_path: Optional[PathLike], stub: Optional[bool], share_agent: bool = True) -> Device:
    if url is not None and url.startswith("stub:") and len(url) > len("stub:"):
        return _named_stub(url[len("stub:"):], scenario=scenario, api_version=api_version)
    if url == "stub" or url == "stub:":
        from .backends.stub import DEFAULT_API_VERSION, StubBackend

        device = Device(StubBackend(api_version=api_version or DEFAULT_API_VERSION), serial="stub")
        if scenario is not None:
            from .scenario import load_scenario

            load_scenario(device, scenario)
        return device
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    from .transport import open_device

    transport = open_device(url)
    serial = str(getattr(transport, "serial", url))
    try:
        return _serve(transport, serial, backend, agent_path=agent_path, stub=stub, api_version=api_version,
                      scenario=scenario, share_agent=share_agent)
    except BaseException:
        close = getattr(transport, "close", None)
        if close is not None:
            close()
        raise


def _named_stub(name: str, *, scenario: Optional[PathLike], api_version: Optional[int]) -> Device:
    from .world import SimulatedWorld

    world = SimulatedWorld(scenario=scenario, api_version=api_version)
    try:
        device = world.device(name)
    except BaseException:
        world.close()
        raise
    device._backend.on_close = world.close  # type: ignore[attr-defined]
    return device


def _serve(transport: Any, serial: str, backend: str, *, agent_path: Optional[PathLike], stub: Optional[bool],
           api_version: Optional[int], scenario: Optional[PathLike], share_agent: bool = True) -> Device:
    from .backend_choice import choose_backend, warn_fallback

    if share_agent and backend in ("auto", "agent"):
        return _serve_shared(transport, serial, backend, agent_path=agent_path, stub=stub,
                             api_version=api_version, scenario=scenario)
    choice = choose_backend(transport, backend, agent_path=agent_path, stub=stub)
    if scenario is not None and choice.backend != "agent":
        from .errors import NotSupportedError

        why = f": {choice.reason}" if choice.reason else ""
        raise NotSupportedError(f"scenario= needs the agent running the simulated world, and the {choice.backend} "
                                f"backend serves {serial}{why}")
    if choice.backend == "agent":
        from .agent_manager import AgentStartError, HdcAgentConnector
        from .backends.agent import AgentBackend

        connector = HdcAgentConnector(transport, stub=stub, api_version=api_version, agent=choice.agent)
        try:
            agent_backend = AgentBackend(connector)
        except AgentStartError as e:
            if backend != "auto":
                raise
            # The device refused to run it (an exec policy, a missing library): serve what we can.
            warn_fallback(serial, f"the ohbridge-agent did not start there ({e})")
            return _shell(transport, serial)
        connector.own_transport()
        device = Device(agent_backend, serial=serial, transport=transport)
        if scenario is not None:
            from .scenario import load_scenario

            load_scenario(device, scenario)
        return device
    if choice.backend == "shell":
        if choice.reason:
            warn_fallback(serial, choice.reason + (f" ({choice.fix})" if choice.fix else ""))
        return _shell(transport, serial)
    from .backends.transport_only import TransportOnlyBackend

    return Device(TransportOnlyBackend(transport), serial=serial, transport=transport)


def _serve_shared(transport: Any, serial: str, backend: str, *, agent_path: Optional[PathLike],
                  stub: Optional[bool], api_version: Optional[int], scenario: Optional[PathLike]) -> Device:
    from .agent_attach import attach_or_start
    from .agent_manager import AgentStartError
    from .backend_choice import warn_fallback
    from .backends.agent import AgentBackend, AgentError
    from .shared_agent import SharedAgentConnector

    mode = "attach"
    for attempt in (1, 2):
        try:
            choice, outcome = attach_or_start(transport, backend, agent_path=agent_path, stub=stub,
                                              api_version=api_version, mode=mode)
        except AgentStartError as e:
            if backend != "auto":
                raise
            # The device refused to run it (an exec policy, a missing library): serve what we can.
            warn_fallback(serial, f"the ohbridge-agent did not start there ({e})")
            return _shell(transport, serial)
        if outcome is None:
            if scenario is not None:
                from .errors import NotSupportedError

                why = f": {choice.reason}" if choice.reason else ""
                raise NotSupportedError(f"scenario= needs the agent running the simulated world, and the "
                                        f"{choice.backend} backend serves {serial}{why}")
            if choice.reason:
                warn_fallback(serial, choice.reason + (f" ({choice.fix})" if choice.fix else ""))
            return _shell(transport, serial)
        connector = SharedAgentConnector(transport, outcome, agent_path=agent_path, stub=stub,
                                         api_version=api_version)
        try:
            agent_backend = AgentBackend(connector)
        except (AgentError, OSError):
            # The running agent we found went meanwhile (its last client left) or does not
            # answer: once more, replacing it.
            if attempt == 2 or not connector.attached or outcome.session is None:
                raise
            mode = f"replace:{outcome.session.pid}"
            continue
        connector.own_transport()
        device = Device(agent_backend, serial=serial, transport=transport)
        if scenario is not None:
            from .scenario import load_scenario

            load_scenario(device, scenario)
        return device
    raise AssertionError("unreachable")


def _shell(transport: Any, serial: str) -> Device:
    from .backends.shell import ShellBackend

    return Device(ShellBackend(transport, close_transport=True), serial=serial, transport=transport)


def aconnect(
    url: Optional[str] = None,
    *,
    scenario: Optional[PathLike] = None,
    api_version: Optional[int] = None,
    backend: str = "auto",
    agent_path: Optional[PathLike] = None,
    stub: Optional[bool] = None,
    share_agent: bool = True,
    record: Optional[PathLike] = None,
) -> "Connecting":
    """The asyncio twin of :func:`connect`, same arguments: ``dev = await ohbridge.aconnect(url)``
    or ``async with ohbridge.aconnect(url) as dev:``; gives the :class:`~ohbridge.device.AsyncDevice`
    (``dev.device`` is the sync view)."""
    return Connecting(functools.partial(connect, url, scenario=scenario, api_version=api_version, backend=backend,
                                        agent_path=agent_path, stub=stub, share_agent=share_agent, record=record),
                      in_process=url == "stub" or (url is not None and url.startswith("stub:")))


class Connecting:
    """What :func:`aconnect` returns: await it, or use it as an async context manager."""

    def __init__(self, open_device: "functools.partial[Device]", *, in_process: bool) -> None:
        self._open_device = open_device
        self._in_process = in_process
        self._device: Optional[AsyncDevice] = None

    async def _open(self) -> AsyncDevice:
        if self._in_process:
            return self._open_device().aio  # the simulated world is made in process, at once
        # Connecting to a real device probes it, may push and start the agent and opens a port
        # forward, through the blocking hdc tools: that connect-time work runs in a worker thread.
        # The calls made afterwards are asyncio all the way (Backend.ainvoke).
        loop = asyncio.get_running_loop()
        opening = loop.run_in_executor(None, self._open_device)
        try:
            device = await asyncio.shield(opening)
        except asyncio.CancelledError:
            opening.add_done_callback(_close_when_open)  # nobody will use it: do not leak it
            raise
        return device.aio

    def __await__(self) -> Generator[Any, None, AsyncDevice]:
        return self._open().__await__()

    async def __aenter__(self) -> AsyncDevice:
        self._device = await self._open()
        return self._device

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        if self._device is not None:
            device, self._device = self._device, None
            await device.aclose()


def _close_when_open(opening: "asyncio.Future[Device]") -> None:
    if not opening.cancelled() and opening.exception() is None:
        # Closing waits for the link's threads: not on the loop.
        asyncio.get_running_loop().run_in_executor(None, opening.result().close)
