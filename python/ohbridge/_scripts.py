"""Running the device-side POSIX sh scripts of ``hdc_scripts/`` through a transport.

Each script goes as ``sh -c SCRIPT NAME ARGS...`` with the script text and every argument
quoted, so no path or value can be read as shell syntax, and one script is one ``hdc shell``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from .transport.device import TransportDevice
from .transport.errors import HdcError
from .transport.quoting import sh_join

__all__ = ["SCRIPT_TIMEOUT", "script_text", "run_script", "key_values", "int_or_none"]

SCRIPT_TIMEOUT = 30.0


def script_text(name: str) -> str:
    """The text of one ``hdc_scripts/`` script (installed with the package, or the source tree's)."""
    here = Path(__file__).resolve().parent
    for d in (here / "hdc_scripts", here.parent.parent / "hdc_scripts"):
        p = d / name
        if p.is_file():
            return p.read_text(encoding="utf-8")
    raise FileNotFoundError(f"hdc script {name!r} is missing from this installation")


def run_script(transport: TransportDevice, name: str, args: List[str], timeout: float = SCRIPT_TIMEOUT) -> str:
    command = sh_join(["sh", "-c", script_text(name), f"ohbridge-{name}", *args])
    try:
        return str(transport.shell(command, timeout=timeout).stdout)
    except HdcError as exc:
        # An error names the script, not its text (pages of sh on one line); and what the
        # script printed before it failed is dropped, since connect.sh prints a token.
        exc.command = "shell " + sh_join(["sh", "-c", f"<hdc_scripts/{name}>", f"ohbridge-{name}", *args])
        exc.output = b""
        raise


def key_values(text: str) -> Dict[str, str]:
    """The ``key=value`` lines of a script's output (other lines are ignored)."""
    out: Dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and " " not in key:
            out[key] = value
    return out


def int_or_none(value: Optional[str]) -> Optional[int]:
    try:
        return int(value) if value else None
    except ValueError:
        return None
