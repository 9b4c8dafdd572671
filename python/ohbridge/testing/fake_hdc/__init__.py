"""A loopback hdc server and fake devices, for tests and demos (see :class:`FakeHdcServer`)."""

from ._target import DEFAULT_DEVICE_ROOTS, FakeTarget
from .server import FakeHdcServer, ReceivedCommand

__all__ = ["FakeHdcServer", "FakeTarget", "ReceivedCommand", "DEFAULT_DEVICE_ROOTS"]
