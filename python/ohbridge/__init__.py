"""ohbridge: drive OpenHarmony mission and WantAgent interfaces from Python.

>>> import ohbridge
>>> with ohbridge.connect("stub") as dev:
...     agent = dev.want_agent.get_want_agent({...})

The same code runs on a simulated device (``"stub"``) and on a real one
(``"hdc:SERIAL"``).
"""

import logging as _logging

from .backend_choice import AgentUnavailableError, BackendFallbackWarning
from .connect import aconnect, connect
from .world import SimulatedDevice, SimulatedWorld, UnknownDeviceError, simulate
from .device import AsyncDevice, Device
from .device_lifecycle import AppStart, LifecycleTimeoutError
from .device_tracking import DeviceEvent
from .errors import BusinessError, Error, NotSupportedError
from .mission_model import (
    ContinueCallback,
    ContinueDeviceInfo,
    ContinueMissionInfo,
    ContinueResult,
    ContinueState,
    MissionCallback,
    MissionDeviceInfo,
    MissionEvent,
    AbilityState,
    MissionInfo,
    MissionParameter,
    RunningState,
    MissionSnapshot,
)
from .model import (
    CompleteData,
    OperationType,
    TriggerInfo,
    Want,
    WantAgent,
    WantAgentFlags,
    WantAgentInfo,
)

__version__ = "0.1.0"

# A library logs; the application decides where records go (and Python's last-resort handler
# must not print a record that a warning already printed).
_logging.getLogger("ohbridge").addHandler(_logging.NullHandler())

__all__ = [
    "connect",
    "aconnect",
    "simulate",
    "SimulatedDevice",
    "SimulatedWorld",
    "UnknownDeviceError",
    "AgentUnavailableError",
    "BackendFallbackWarning",
    "Device",
    "AsyncDevice",
    "AppStart",
    "DeviceEvent",
    "LifecycleTimeoutError",
    "Error",
    "BusinessError",
    "NotSupportedError",
    "CompleteData",
    "OperationType",
    "TriggerInfo",
    "Want",
    "WantAgent",
    "WantAgentFlags",
    "WantAgentInfo",
    "ContinueCallback",
    "ContinueDeviceInfo",
    "ContinueMissionInfo",
    "ContinueResult",
    "ContinueState",
    "MissionCallback",
    "MissionDeviceInfo",
    "MissionEvent",
    "MissionInfo",
    "AbilityState",
    "RunningState",
    "MissionParameter",
    "MissionSnapshot",
    "__version__",
]
