"""``ohbridge wantagent list|create|trigger|cancel``.

A WantAgent is named by the WantAgentInfo that made it: the system hands back the same record
for the same info (same wants, operation type and request code), so ``trigger`` and ``cancel``
find the record that ``create`` made, on a device with the agent.  On the stub each command
starts from a fresh simulated world: ``ohbridge demo`` shows the whole life of an agent.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, Dict, List

from ._app import EXIT_USAGE, App, CliError, table

__all__ = ["add_parsers"]


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    wa = sub.add_parser("wantagent", help="create, trigger, cancel and list WantAgents",
                        description=_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = wa.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("list", parents=[common], help="the live WantAgent records (aa dump -p on a device)",
                         description="The live WantAgent records: the stub's record map, or `aa dump -p` on a "
                                     "device.")
    p.set_defaults(run=list_agents)
    for verb, run, text in (("create", create, "create (or update) a WantAgent and describe it"),
                            ("trigger", trigger, "trigger the WantAgent of this info and print the completion"),
                            ("cancel", cancel, "cancel the WantAgent of this info")):
        p = verbs.add_parser(verb, parents=[common], help=text,
                             description=text[0].upper() + text[1:] + " (getWantAgent with the WantAgentInfo "
                             "below, then " + {"create": "its bundle, uid and operation type",
                                               "trigger": "trigger", "cancel": "cancel"}[verb] + ").")
        _info_arguments(p)
        if verb == "trigger":
            p.add_argument("--code", type=_int32, default=0, help="TriggerInfo.code (echoed as finalCode)")
            p.add_argument("--extra", action="append", default=[], metavar="KEY=VALUE",
                           help="TriggerInfo.extraInfo entry (VALUE parsed as JSON when it can be)")
        p.set_defaults(run=run)


# The --help text: the module docstring without its reStructuredText markup.
_DESCRIPTION = (__doc__ or "").replace("``", "`").strip()


def _info_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bundle", help="Want.bundleName")
    p.add_argument("--ability", help="Want.abilityName")
    p.add_argument("--action", help="Want.action (for events)")
    p.add_argument("--operation", default="START_ABILITY",
                   help="OperationType name: START_ABILITY, START_ABILITIES, START_SERVICE, SEND_COMMON_EVENT, "
                        "START_FOREGROUND_SERVICE (default START_ABILITY)")
    p.add_argument("--request-code", type=_int32, default=0, help="requestCode (default 0)")
    p.add_argument("--flag", action="append", default=[], metavar="FLAG",
                   help="WantAgentFlags name, e.g. UPDATE_PRESENT_FLAG (repeatable)")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="Want.parameters entry")
    p.add_argument("--info", metavar="JSON", help="the whole WantAgentInfo as JSON with the JS field names "
                                                  "(@FILE reads a file); replaces the options above")


def _int32(text: str) -> int:
    """requestCode and TriggerInfo.code are JS numbers the NAPI layer reads as int32."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not -2**31 <= value < 2**31:
        raise argparse.ArgumentTypeError(f"{text} does not fit in an int32")
    return value


def _pairs(items: List[str], what: str) -> Dict[str, Any]:
    result: Dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CliError(f"{what} wants KEY=VALUE, not {item!r}", EXIT_USAGE, kind="usage")
        try:
            result[key] = json.loads(value)
        except ValueError:
            result[key] = value
        except RecursionError:
            raise CliError(f"{what} {key}=...: the JSON value is nested too deeply", EXIT_USAGE,
                           kind="usage") from None
    return result


def _info(app: App) -> Dict[str, Any]:
    """The WantAgentInfo, as the JS object (the form the docs show)."""
    from ..model import OperationType, WantAgentFlags

    args = app.args
    if args.info:
        text = args.info
        if text.startswith("@"):
            try:
                with open(text[1:], encoding="utf-8") as f:
                    text = f.read()
            except OSError as e:
                raise CliError(f"--info {text}: cannot read {text[1:]!r}: {e.strerror}", EXIT_USAGE,
                               kind="usage", fix="name a readable JSON file after the @") from None
            except UnicodeDecodeError as e:
                raise CliError(f"--info {text}: not UTF-8 text ({e.reason} at byte {e.start})", EXIT_USAGE,
                               kind="usage", fix="save the WantAgentInfo as UTF-8 JSON") from None
        try:
            info = json.loads(text)
        except ValueError as e:
            raise CliError(f"--info is not JSON: {e}", EXIT_USAGE, kind="usage") from None
        except RecursionError:
            raise CliError("--info is nested too deeply to be a WantAgentInfo", EXIT_USAGE, kind="usage") from None
        if not isinstance(info, dict):
            raise CliError("--info must be a JSON object (a WantAgentInfo)", EXIT_USAGE, kind="usage")
        return info
    if not (args.bundle or args.action):
        raise CliError("name the Want: --bundle (and --ability), --action, or --info JSON", EXIT_USAGE, kind="usage")
    try:
        operation = OperationType[args.operation.upper()]
        flags = [WantAgentFlags[f.upper()] for f in args.flag]
    except KeyError as e:
        raise CliError(f"unknown name {e.args[0]!r} (see --help)", EXIT_USAGE, kind="usage") from None
    want: Dict[str, Any] = {"parameters": _pairs(args.param, "--param")}
    if args.bundle:
        want["bundleName"] = args.bundle
    if args.ability:
        want["abilityName"] = args.ability
    if args.action:
        want["action"] = args.action
    return {"wants": [want], "operationType": int(operation), "requestCode": args.request_code,
            "wantAgentFlags": [int(f) for f in flags]}


def _describe(app: App, agent: Any) -> Dict[str, Any]:
    from ..model import OperationType

    wa = app.device().want_agent
    operation = wa.get_operation_type(agent)
    want = wa.get_want(agent) if app.device().backend == "stub" else None
    return {"bundle_name": wa.get_bundle_name(agent), "uid": wa.get_uid(agent),
            "operation_type": OperationType(operation).name if operation in OperationType._value2member_map_
            else int(operation), "want": want}


def _print_described(app: App, verb: str, data: Dict[str, Any]) -> None:
    app.say(f"{verb}: bundle {data['bundle_name']!r}, uid {data['uid']}, {data['operation_type']}")


def create(app: App) -> int:
    info = _info(app)  # before connecting: a usage error needs no device
    agent = app.device().want_agent.get_want_agent(info)
    data = _describe(app, agent)
    app.emit(data, lambda: _print_described(app, "created WantAgent", data))
    return 0


def trigger(app: App) -> int:
    from ..model import TriggerInfo

    info, extra = _info(app), _pairs(app.args.extra, "--extra")
    wa = app.device().want_agent
    agent = wa.get_want_agent(info)
    done = wa.trigger_async(agent, TriggerInfo(code=app.args.code, extra_info=extra))
    data = {"final_code": done.final_code, "final_data": done.final_data, "want": done.want,
            "extra_info": done.extra_info}
    app.emit(data, lambda: app.say(f"triggered: finalCode {done.final_code}, want "
                                   f"{done.want.bundle_name}/{done.want.ability_name}"))
    return 0


def cancel(app: App) -> int:
    info = _info(app)
    wa = app.device().want_agent
    agent = wa.get_want_agent(info)
    wa.cancel(agent)
    app.emit({"canceled": True}, lambda: app.say("canceled"))
    return 0


def list_agents(app: App) -> int:
    device = app.device()
    if device.backend == "stub":
        records = device.stub.pending_wants()

        def human() -> None:
            if not records:
                app.say("no WantAgent records (on the stub each command starts from a fresh world; "
                        "see `ohbridge demo`)")
            else:
                app.say(table(records, sorted({k for r in records for k in r})))

        app.emit({"records": records}, human)
        return 0
    assert device.transport is not None  # only a simulated device has none, and it answered above
    out = device.transport.shell(["aa", "dump", "-p"]).stdout
    app.emit({"raw": out}, lambda: app.say(out.rstrip()))
    return 0
