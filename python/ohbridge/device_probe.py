"""What kind of device is behind a transport: its ABI, whether it is OpenHarmony, root or not.

``connect()`` and ``ohbridge doctor`` need these facts to know which agent build a device can
run and whether the agent can get its token, and they must cost one ``hdc shell``
(the script below): ``uname -m``, ``id -u``, and ``param get`` of
``const.product.cpu.abilist``, ``const.debuggable`` and ``const.ohos.apiversion``.

ABIs are named as OpenHarmony names them in ``const.product.cpu.abilist`` (and as the SDK's
``OHOS_ARCH`` does): ``arm64-v8a``, ``armeabi-v7a``, ``x86_64``.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from ._scripts import SCRIPT_TIMEOUT, int_or_none, key_values
from .transport.device import TransportDevice
from .transport.quoting import sh_join

__all__ = ["DeviceProbe", "probe_device", "probe_of", "abi_of_machine", "machine_of_abi", "host_abi", "ABIS"]

#: the ABIs an agent can be built for, as const.product.cpu.abilist spells them
ABIS = ("arm64-v8a", "armeabi-v7a", "x86_64")

# `uname -m` (or Python's platform.machine()) to an ABI name.
_MACHINE_ABI: Dict[str, str] = {
    "aarch64": "arm64-v8a", "arm64": "arm64-v8a", "arm64-v8a": "arm64-v8a",
    "armv7l": "armeabi-v7a", "armv8l": "armeabi-v7a", "armv7": "armeabi-v7a", "armeabi-v7a": "armeabi-v7a",
    "x86_64": "x86_64", "amd64": "x86_64",
}


# Plain POSIX sh for the toybox shell; one key=value a line, an empty value for a parameter the
# device lacks (`param get` then prints 'Get parameter "K" fail! errNum is:N!').
_PROBE_SCRIPT = r"""set -u
param_value() {
    # `param get` prints 'Get parameter "K" fail! errNum is:N!' for a missing key.
    v=$(param get "$1" 2>/dev/null) || v=""
    case "$v" in "Get parameter"*) v="" ;; esac
    printf '%s=%s\n' "$2" "$(printf '%s' "$v" | head -n 1)"
}
echo "machine=$(uname -m 2>/dev/null)"
echo "uid=$(id -u 2>/dev/null)"
param_value const.product.cpu.abilist abilist
param_value const.debuggable debuggable
param_value const.ohos.apiversion api_version
echo "status=probed"
"""


def abi_of_machine(machine: str) -> Optional[str]:
    """The ABI of a machine name (``aarch64`` -> ``arm64-v8a``), None when it is none of ours."""
    return _MACHINE_ABI.get(machine.strip().lower())


def machine_of_abi(abi: str) -> str:
    """What ``uname -m`` says on a device of ``abi`` (``arm64-v8a`` -> ``aarch64``)."""
    return {"arm64-v8a": "aarch64", "armeabi-v7a": "armv7l"}.get(abi, abi)


def host_abi() -> Optional[str]:
    """The ABI of this host (the Linux agent build runs there and on devices of the same ABI)."""
    return abi_of_machine(platform.machine())


@dataclass(frozen=True)
class DeviceProbe:
    """The facts of one probe."""

    #: ``uname -m`` ("" if unreadable)
    machine: str
    #: ``const.product.cpu.abilist``, split at commas (empty: not an OpenHarmony device; a device
    #: may say ``default``, and then ``uname -m`` names its ABI)
    abilist: Tuple[str, ...]
    #: ``id -u`` of the hdc shell (None if unreadable)
    uid: Optional[int]
    #: ``const.debuggable`` (None if unset)
    debuggable: Optional[bool]
    api_version: Optional[int]

    @property
    def openharmony(self) -> bool:
        """An OpenHarmony device declares its ABIs; the loopback device and plain Linux do not."""
        return bool(self.abilist)

    @property
    def abi(self) -> Optional[str]:
        """The device's primary ABI: the first known entry of the abilist, else ``uname -m``'s."""
        for entry in self.abilist:
            abi = abi_of_machine(entry)
            if abi is not None:
                return abi
        return abi_of_machine(self.machine) if self.machine else None

    @property
    def abi_text(self) -> str:
        """The ABI for messages: a known name, else what the device said."""
        return self.abi or ",".join(self.abilist) or self.machine or "unknown"

    @property
    def root(self) -> Optional[bool]:
        return None if self.uid is None else self.uid == 0


def probe_device(transport: TransportDevice) -> DeviceProbe:
    """Ask the device (one ``hdc shell``)."""
    # `sh -c SCRIPT NAME`, all quoted: one hdc shell, and nothing in it read as the outer shell's syntax.
    out = transport.shell(sh_join(["sh", "-c", _PROBE_SCRIPT, "ohbridge-probe"]), timeout=SCRIPT_TIMEOUT).stdout
    return probe_of(key_values(str(out)))


def probe_of(kv: Dict[str, str]) -> DeviceProbe:
    """The probe in the ``key=value`` lines of a script that printed the probe's keys (machine,
    uid, abilist, debuggable, api_version): this one's, or ``hdc_scripts/connect.sh``'s."""
    abilist = tuple(a.strip() for a in kv.get("abilist", "").split(",") if a.strip())
    debuggable = kv.get("debuggable", "").strip()
    return DeviceProbe(machine=kv.get("machine", "").strip(), abilist=abilist, uid=int_or_none(kv.get("uid")),
                       debuggable=None if not debuggable else debuggable == "1",
                       api_version=int_or_none(kv.get("api_version", "").strip()))
