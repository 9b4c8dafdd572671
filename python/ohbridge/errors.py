"""The errors the OpenHarmony APIs report, as Python exceptions.

Every error the two JS modules document or produce is a :class:`BusinessError`
carrying the real ``code`` and runtime ``message``.  Each meaning has its own
subclass, so ``except MissionNotFoundError`` works whichever release produced
it (``16300502`` up to API 11, the raw ``29360221`` from API 12).

Transport failures (no hdc server, a dropped link) are not BusinessErrors:
they live in :mod:`ohbridge.transport.errors`.  Every exception the package
raises, of either kind, derives from :class:`Error` (``ohbridge.Error``).
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Mapping, Optional, Tuple, Type
from ._error_base import Error


__all__ = [
    "Error",
    "BusinessError",
    "PermissionDeniedError",
    "NotSystemAppError",
    "ParameterError",
    "ServiceBusyError",
    "ServiceTimeoutError",
    "NotAbilityContextError",
    "InvalidWantAgentError",
    "WantAgentNotFoundError",
    "WantAgentCanceledError",
    "SystemAbilityError",
    "MissionNotFoundError",
    "RemoteNotInstalledError",
    "FreeInstallRequiredError",
    "NotInitiatorOrTargetError",
    "ContinueInProgressError",
    "MissionNotAliveError",
    "RemoteHotspotError",
    "RemoteBusyError",
    "ContinueFailedError",
    "ContinueTimeoutError",
    "AbilityNotFoundError",
    "BundleNotFoundError",
    "ProcessNotKilledError",
    "NotSupportedError",
    "error_for",
    "error_from_js",
]


class BusinessError(Error):
    """An error with an OpenHarmony error code, as JS receives a BusinessError."""

    codes: ClassVar[Tuple[int, ...]] = ()

    def __init__(self, code: int, message: str, detail: Optional[str] = None) -> None:
        super().__init__(code, message)
        self.code = code
        #: the real system's message, exactly
        self.message = message
        #: ohbridge's explanation where the real message is terse (None: nothing to add)
        self.detail = detail

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} ({self.detail})" if self.detail else text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.code, self.message, self.detail))


_BY_CODE: Dict[int, Type[BusinessError]] = {}


def _register(cls: Type[BusinessError]) -> Type[BusinessError]:
    for code in cls.codes:
        _BY_CODE[code] = cls
    return cls


@_register
class PermissionDeniedError(BusinessError):
    """201: the caller lacks a permission (e.g. ohos.permission.MANAGE_MISSIONS)."""

    codes = (201,)


@_register
class NotSystemAppError(BusinessError):
    """202: a system API called by an app that is not a system app."""

    codes = (202,)


@_register
class ParameterError(BusinessError):
    """401: an argument failed validation, synchronously or asynchronously."""

    codes = (401,)


@_register
class ServiceBusyError(BusinessError):
    """16000007: the service could not be reached (no proxy, IPC failure)."""

    codes = (16000007,)


@_register
class ServiceTimeoutError(BusinessError):
    """16000015: the IPC failed, or getWant on a record that is gone."""

    codes = (16000015,)


@_register
class NotAbilityContextError(BusinessError):
    """16000020: triggerAsync with a context that is not an ability context."""

    codes = (16000020,)


@_register
class InvalidWantAgentError(BusinessError):
    """16000151: a WantAgent whose target is null (a hollow agent), or a failed send."""

    codes = (16000151,)


@_register
class WantAgentNotFoundError(BusinessError):
    """16000152: documented, but no JS path produces it."""

    codes = (16000152,)


@_register
class WantAgentCanceledError(BusinessError):
    """16000153: triggerAsync on a canceled WantAgent."""

    codes = (16000153,)


@_register
class SystemAbilityError(BusinessError):
    """16300501: the distributed scheduler failed (the catch-all of the mission module)."""

    codes = (16300501,)


@_register
class MissionNotFoundError(BusinessError):
    """No mission with that id: 16300502 up to API 11, 29360221 from API 12."""

    codes = (16300502, 29360221)


@_register
class RemoteNotInstalledError(BusinessError):
    """16300503: not installed on the remote device, and free install is not supported."""

    codes = (16300503,)


@_register
class FreeInstallRequiredError(BusinessError):
    """16300504: not installed remotely but free install is possible: retry with isFreeInstall."""

    codes = (16300504,)


@_register
class NotInitiatorOrTargetError(BusinessError):
    """The calling device is neither source nor target: 16300505 / 29360222."""

    codes = (16300505, 29360222)


@_register
class ContinueInProgressError(BusinessError):
    """A continuation is already running locally: 16300506 / 29360223."""

    codes = (16300506, 29360223)


@_register
class MissionNotAliveError(BusinessError):
    """The mission to continue is not alive: 16300507 (up to API 11) / 29360224."""

    codes = (16300507, 29360224)


@_register
class RemoteHotspotError(BusinessError):
    """16300508: the remote device's hotspot blocks the link."""

    codes = (16300508,)


@_register
class RemoteBusyError(BusinessError):
    """16300509: the remote device is linked with other devices."""

    codes = (16300509,)


@_register
class ContinueFailedError(BusinessError):
    """29360152: the legacy continuation path reported failure."""

    codes = (29360152,)


@_register
class ContinueTimeoutError(BusinessError):
    """29360153: the legacy continuation path timed out (20 s)."""

    codes = (29360153,)


# The app lifecycle (Device.start_ability / force_stop) reports what the aa tool reports for the
# same AMS result (ability_ability_runtime tools/aa/src/ability_command.cpp CreateMessageMap):
# there is no JS API for it, and the shell backend reads these codes from aa's own output.
@_register
class AbilityNotFoundError(BusinessError):
    """10104001: the bundle or ability to start is not installed (AMS RESOLVE_ABILITY_ERR)."""

    codes = (10104001,)


@_register
class BundleNotFoundError(BusinessError):
    """10104002: the bundle to force-stop is not installed (AMS KillProcess: GET_BUNDLE_INFO_FAILED)."""

    codes = (10104002,)


@_register
class ProcessNotKilledError(BusinessError):
    """10106401 kill process failed / 10106402 a keep-alive process (AMS KILL_PROCESS_FAILED, KILL_PROCESS_KEEP_ALIVE)."""

    codes = (10106401, 10106402)


class NotSupportedError(Error, NotImplementedError):
    """The backend cannot serve this call (e.g. the shell backend and continueMission).

    The message names what would serve it.
    """


def error_for(code: int, message: str) -> BusinessError:
    """The exception instance for an OpenHarmony error code."""
    cls = _BY_CODE.get(int(code), BusinessError)
    return cls(int(code), str(message))


def error_from_js(err: Optional[Mapping[str, Any]]) -> Optional[BusinessError]:
    """Convert the ``err`` of an AsyncCallback (``{code, message}``) to an exception."""
    if err is None:
        return None
    return error_for(int(err.get("code", -1)), str(err.get("message", "")))
