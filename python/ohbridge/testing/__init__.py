"""Test helpers shipped with ohbridge: stand-ins for the things a real setup talks to.

``FakeHdcServer`` is an hdc server on 127.0.0.1 with fake devices whose shell is the local
/bin/sh in a sandbox directory.
"""

from .fake_hdc import FakeHdcServer, FakeTarget, ReceivedCommand

__all__ = ["FakeHdcServer", "FakeTarget", "ReceivedCommand"]
