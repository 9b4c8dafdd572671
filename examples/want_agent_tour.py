"""A tour of @ohos.app.ability.wantAgent through ohbridge, on the stub by default.

    python examples/want_agent_tour.py            # simulated device
    python examples/want_agent_tour.py hdc:SERIAL # a real one (needs the agent)
"""

from __future__ import annotations

import asyncio
import sys
from typing import Optional

import ohbridge
from ohbridge import CompleteData, OperationType, TriggerInfo, Want, WantAgentFlags, WantAgentInfo
from ohbridge.errors import BusinessError


def main(url: str = "stub") -> None:
    with ohbridge.connect(url) as dev:
        info = WantAgentInfo(
            wants=[Want(bundle_name="com.example.myapplication", ability_name="EntryAbility",
                        parameters={"mykey0": 2222})],
            operation_type=OperationType.START_ABILITY,
            request_code=0,
            want_agent_flags=[WantAgentFlags.UPDATE_PRESENT_FLAG],
        )
        agent = dev.want_agent.get_want_agent(info)
        print("created:", agent)
        print("  bundle name   :", dev.want_agent.get_bundle_name(agent))
        print("  uid           :", dev.want_agent.get_uid(agent))
        print("  operation type:", OperationType(dev.want_agent.get_operation_type(agent)).name)
        print("  same record again?", dev.want_agent.equal(agent, dev.want_agent.get_want_agent(info)))

        def on_complete(err: Optional[BusinessError], data: Optional[CompleteData]) -> None:
            assert data is not None
            print(f"  completed: finalCode={data.final_code} want params={data.want.parameters}")

        print("trigger with code 42 (the completion echoes it):")
        dev.want_agent.trigger(agent, TriggerInfo(code=42, extra_info={"extra": True}), on_complete)
        dev.flush()

        one_time = dev.want_agent.get_want_agent(
            WantAgentInfo(wants=info.wants, operation_type=OperationType.START_ABILITY, request_code=1,
                          want_agent_flags=[WantAgentFlags.ONE_TIME_FLAG]))
        dev.want_agent.trigger(one_time, TriggerInfo(code=1), on_complete)
        dev.want_agent.trigger(one_time, TriggerInfo(code=2), on_complete)  # canceled: silence
        dev.flush()
        print("one-time agent after its trigger: bundle name", repr(dev.want_agent.get_bundle_name(one_time)))

        try:
            dev.want_agent.get_uid("not an agent")  # type: ignore[arg-type]
        except BusinessError as e:
            print("bad input ->", e)

        async def in_asyncio() -> None:
            name = await dev.aio.want_agent.get_bundle_name(agent)
            print("asyncio form:", name)

        asyncio.run(in_asyncio())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "stub")
