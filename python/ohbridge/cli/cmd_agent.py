"""``ohbridge agent install|start|stop|status``: the on-device agent that serves the full API."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any, Dict

from ._app import EXIT_API_ERROR, App, CliError
from ._progress import progress_bar

__all__ = ["add_parsers", "agent_manager", "status_dict"]


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    agent = sub.add_parser("agent", help="install, start, stop or check the on-device agent")
    verbs = agent.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("install", parents=[common], help="push the agent to the device")
    p.add_argument("--force", action="store_true", help="push even if the same version is there")
    p.set_defaults(run=install)
    p = verbs.add_parser("start", parents=[common], help="start the agent")
    p.add_argument("--port", type=int, default=None, help="device port for the agent (default: its own)")
    p.set_defaults(run=start)
    p = verbs.add_parser("stop", parents=[common], help="stop the agent")
    p.set_defaults(run=stop)
    p = verbs.add_parser("status", parents=[common], help="is the agent installed, current, running?")
    p.set_defaults(run=status)


def agent_manager() -> Any:
    """The agent manager module, imported only by the commands that need it."""
    import importlib

    try:
        # Imported by name: the module comes with the agent backend, which may be missing from a build.
        return importlib.import_module("ohbridge.agent_manager")
    except ImportError as e:
        raise CliError("the agent manager (ohbridge.agent_manager) is not part of this ohbridge build yet: "
                       f"agent commands cannot run ({e})", EXIT_API_ERROR, kind="agent_unavailable") from None


def status_dict(agent_status: Any) -> Dict[str, Any]:
    if dataclasses.is_dataclass(agent_status) and not isinstance(agent_status, type):
        return dataclasses.asdict(agent_status)
    return {k: getattr(agent_status, k, None) for k in ("installed", "version", "running", "pid", "port",
                                                        "up_to_date")}


def _show(app: App, data: Dict[str, Any]) -> None:
    if not data.get("installed"):
        app.say("agent: not installed" + ("" if data.get("no_agent_build") else " (ohbridge agent install)"))
        return
    state = f"running (pid {data.get('pid')}, port {data.get('port')})" if data.get("running") else "stopped"
    current = "" if data.get("up_to_date", True) else " - outdated: ohbridge agent install --force"
    app.say(f"agent {data.get('version')}: {state}{current}")


def status(app: App) -> int:
    if app.on_stub:
        data: Dict[str, Any] = {"backend": "stub", "installed": False, "running": False,
                                "note": "the stub runs in process and needs no agent"}
        app.emit(data, lambda: app.say("stub: the simulated device runs in process and needs no agent"))
        return 0
    from ..device_probe import probe_device

    transport = app.transport()
    manager = agent_manager()
    probe = probe_device(transport)
    missing = ""
    try:
        build = manager.find_agent(probe, app.agent_path)
    except manager.AgentNotFoundError as e:
        build, missing = None, str(e)
    data = status_dict(manager.agent_status(transport, agent=build, probe=probe))
    data["abi"] = probe.abi_text
    data["agent_build"] = None if build is None else str(build.path)
    if missing:
        data["no_agent_build"] = missing

    def human() -> None:
        _show(app, data)
        if missing:
            app.say(f"no agent build for this device ({probe.abi_text}): {missing}")
            app.say("the shell backend serves it meanwhile (see `ohbridge doctor`)")

    app.emit(data, human)
    return 0


def _agent_build(app: App, transport: Any) -> Any:
    """The agent build for the device (--agent, $OHBRIDGE_AGENT, or the packaged one for its ABI)."""
    from ..device_probe import probe_device

    return agent_manager().find_agent(probe_device(transport), app.agent_path)


def install(app: App) -> int:
    transport = app.transport()
    manager = agent_manager()
    build = _agent_build(app, transport)
    bar = None if app.json else progress_bar("pushing the agent", app.err)
    data = status_dict(manager.install_agent(transport, force=app.args.force, progress=bar, agent=build))
    app.emit(data, lambda: _show(app, data))
    return 0


def start(app: App) -> int:
    from ..backend_choice import choose_backend

    transport = app.transport()
    # The agent must be able to run there (a build for the ABI, its token): else exit 3, saying why.
    choice = choose_backend(transport, "agent", agent_path=app.agent_path)
    session = agent_manager().start_agent(transport, port=app.args.port, agent=choice.agent)
    data = {k: getattr(session, k) for k in ("pid", "port", "local_port", "version") if hasattr(session, k)}
    app.emit(data, lambda: app.say("agent started " + ", ".join(f"{k} {v}" for k, v in data.items())))
    return 0


def stop(app: App) -> int:
    transport = app.transport()
    agent_manager().stop_agent(transport)
    app.emit({"stopped": True}, lambda: app.say("agent stopped"))
    return 0
