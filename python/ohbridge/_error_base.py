"""``ohbridge.Error``: the one base of every exception the package raises.

``except ohbridge.Error`` catches what the device's APIs report (BusinessError), a failed
conversation with the device (HdcError, AgentError), and a call a backend cannot serve
(NotSupportedError).  The classes keep their other bases (RuntimeError, ValueError,
NotImplementedError, ...), so code that caught those still does.  Warnings are not errors and
stay outside it.  This module imports nothing so that every module can derive from it.
"""

__all__ = ["Error"]


class Error(Exception):
    """Base of every exception ohbridge raises."""
