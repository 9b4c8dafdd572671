"""``ohbridge.connect``: one entry point that picks a backend from a device URL."""

from __future__ import annotations

import os
from typing import Any, Optional, Union

from .device import Device

__all__ = ["connect", "BACKENDS"]

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
    """
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
                      scenario=scenario)
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
           api_version: Optional[int], scenario: Optional[PathLike]) -> Device:
    from .backend_choice import choose_backend, warn_fallback

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


def _shell(transport: Any, serial: str) -> Device:
    from .backends.shell import ShellBackend

    return Device(ShellBackend(transport, close_transport=True), serial=serial, transport=transport)
