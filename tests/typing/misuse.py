"""Mistakes mypy --strict must reject (test_typing.py checks each line is flagged)."""

import ohbridge
from ohbridge import WantAgentInfo

dev = ohbridge.connect("stub")
agent = dev.want_agent.get_want_agent({"wants": [], "operationType": 1, "requestCode": 0})
name: int = dev.want_agent.get_bundle_name(agent)  # E: str is not int
dev.want_agent.get_uid("agent")  # E: not a WantAgent
WantAgentInfo(wants=[], operation_type=1)  # E: request_code missing
result: str = dev.want_agent.get_bundle_name(agent, lambda e, d: None)  # E: callback form returns None
dev.force_stop(42)  # E: a bundle name is a str
front: ohbridge.MissionInfo = dev.foreground()  # E: may be None (the launcher)


async def misused_asyncio() -> None:
    count: str = await dev.aio.missions.get_mission_infos("", 10)  # E: a list, not a str
    await dev.aio.missions.get_mission_infos(10, "")  # E: device_id is a str
