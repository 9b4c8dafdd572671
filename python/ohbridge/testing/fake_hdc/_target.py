"""A fake device: a sandbox directory standing in for its file system, and /bin/sh for its shell.

Device paths under the "device roots" (``/data``, ``/sdcard``, ``/storage`` by default) live in
the sandbox: file transfers map them there, and shell command text has them rewritten to the
sandbox before /bin/sh sees it. That is the fake's one deliberate deviation from a device, and
it is what lets ``file send x /data/local/tmp/agent`` followed by ``shell /data/local/tmp/agent``
run the pushed file. Other paths are the host's. Commands run with the sandbox as their working
directory and a sandbox ``bin`` directory first on PATH, where device tools (``param``,
``hilog``, ``bm``, or any a test registers) live as small scripts.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path
from typing import Iterable

__all__ = ["FakeTarget", "DEFAULT_DEVICE_ROOTS"]

DEFAULT_DEVICE_ROOTS = ("/data", "/sdcard", "/storage")

_PARAM_TOOL = r"""#!/bin/sh
# Fake OpenHarmony `param` (startup_init begetctl): get/set against a key=value file.
f="$OHB_FAKE_ROOT/.params"
touch "$f"
case "$1" in
get)
    if [ $# -lt 2 ]; then cat "$f"; exit 0; fi
    awk -v k="$2" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); found = 1; exit }
                   END { exit !found }' "$f" && exit 0
    printf 'Get parameter "%s" fail! errNum is:%d!\n' "$2" 106
    exit 1 ;;
set)
    awk -v k="$2" 'index($0, k "=") != 1' "$f" > "$f.tmp" && mv "$f.tmp" "$f"
    printf '%s=%s\n' "$2" "$3" >> "$f"
    printf 'Set parameter %s %s success\n' "$2" "$3" ;;
*)
    echo "Command list:"; echo "    param get [key]"; echo "    param set key value"; exit 1 ;;
esac
"""

_HILOG_TOOL = r"""#!/bin/sh
# Fake `hilog`: the lines of $OHB_FAKE_ROOT/.hilog; -x dumps and exits, otherwise it follows
# the file like the real tool's endless stream. -T TAG keeps lines whose tag matches.
log="$OHB_FAKE_ROOT/.hilog"
touch "$log"
dump=0; tag=""
while [ $# -gt 0 ]; do
    case "$1" in
    -x) dump=1 ;;
    -T) shift; tag="$1" ;;
    -r) : > "$log"; exit 0 ;;
    esac
    shift
done
if [ "$dump" = 1 ]; then
    if [ -n "$tag" ]; then grep -F "/$tag:" "$log"; else cat "$log"; fi
    exit 0
fi
if [ -n "$tag" ]; then
    exec tail -n +1 -f "$log" | grep --line-buffered -F "/$tag:"
fi
exec tail -n +1 -f "$log"
"""

_BM_TOOL = r"""#!/bin/sh
# Fake `bm`: install accepts zip files (a .hap is one), uninstall forgets the bundle.
db="$OHB_FAKE_ROOT/.bundles"
touch "$db"
cmd="$1"; shift
file=""; bundle=""
while [ $# -gt 0 ]; do
    case "$1" in
    -p) shift; file="$1" ;;
    -n) shift; bundle="$1" ;;
    esac
    shift
done
case "$cmd" in
install)
    if [ -n "$file" ] && [ "$(head -c 2 "$file" 2>/dev/null)" = "PK" ]; then
        basename "$file" .hap >> "$db"
        echo "install bundle successfully."
    else
        echo "error: failed to install bundle."
        echo "code:9568273"
        echo "error: install parse failed, the package is not a valid hap."
        exit 1
    fi ;;
uninstall)
    if grep -qx "$bundle" "$db"; then
        grep -vx "$bundle" "$db" > "$db.tmp"; mv "$db.tmp" "$db"
        echo "uninstall bundle successfully."
    else
        echo "error: failed to uninstall bundle."
        echo "code:9568386"
        echo "error: uninstall missing installed bundle."
        exit 1
    fi ;;
dump)
    cat "$db" ;;
*)
    echo "error: unknown bm command $cmd"; exit 1 ;;
esac
"""


# `uname -m` and `id -u` as a device of another kind answers them; every other use of the two
# tools is the host's own.
_UNAME_TOOL = r"""#!/bin/sh
if [ "$#" = 1 ] && [ "$1" = "-m" ]; then echo %(machine)s; exit 0; fi
exec %(real)s "$@"
"""

_ID_TOOL = r"""#!/bin/sh
if [ "$#" = 1 ] && [ "$1" = "-u" ]; then echo %(uid)d; exit 0; fi
exec %(real)s "$@"
"""

# What `uname -m` says on a device of each OpenHarmony ABI (const.product.cpu.abilist).
_MACHINE_OF_ABI = {"arm64-v8a": "aarch64", "armeabi-v7a": "armv7l", "x86_64": "x86_64"}


def _safe_dirname(serial: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", serial) or "_"


class FakeTarget:
    """One device the fake server knows. Change ``state`` to simulate Offline/Unauthorized."""

    def __init__(
        self,
        serial: str,
        root: Path,
        *,
        connection_type: str = "USB",
        state: str = "Connected",
        name: str | None = None,
        device_roots: Iterable[str] = DEFAULT_DEVICE_ROOTS,
    ) -> None:
        self.serial = serial
        self.connection_type = connection_type
        self.state = state
        self.name = name if name is not None else f"fake-{_safe_dirname(serial)}"
        self.root = Path(root) / _safe_dirname(serial)
        self.bin_dir = self.root / "bin"
        self.device_roots = tuple(r.rstrip("/") for r in device_roots)
        for sub in ("bin", "data/local/tmp", "sdcard", "storage"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.add_executable("param", _PARAM_TOOL)
        self.add_executable("hilog", _HILOG_TOOL)
        self.add_executable("bm", _BM_TOOL)
        roots = "|".join(re.escape(r) for r in self.device_roots)
        # A device root at the start of a path word: not preceded by a path/word character.
        self._root_pattern = re.compile(rf"(?<![\w./~$-])({roots})(?=/|$|[^\w.-])") if roots else None

    def __repr__(self) -> str:
        return f"FakeTarget({self.serial!r}, {self.connection_type}, {self.state})"

    # --- what tests configure -------------------------------------------------------------

    def add_executable(self, name: str, script: str) -> Path:
        """Install a device tool: ``script`` is a whole executable file (start it with ``#!``)."""
        path = self.bin_dir / name
        path.write_text(script)
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path

    def set_param(self, name: str, value: str) -> None:
        params = self.root / ".params"
        lines = params.read_text().splitlines() if params.exists() else []
        lines = [line for line in lines if not line.startswith(name + "=")] + [f"{name}={value}"]
        params.write_text("\n".join(lines) + "\n")

    def set_device_profile(self, *, abi: str | None = None, uid: int | None = None,
                           debuggable: bool | None = None) -> None:
        """Make the device look like another kind of OpenHarmony device.

        ``abi`` (``arm64-v8a``, ``armeabi-v7a``, ``x86_64``): ``uname -m`` answers its machine
        name and ``param get const.product.cpu.abilist`` the ABI, as an OpenHarmony device does.
        ``uid``: what ``id -u`` answers (0: ``hdc shell`` runs as root; 2000: the shell user of a
        user build).  ``debuggable``: ``const.debuggable`` (1 on eng/root builds, where hdcd may
        keep root; developtools_hdc src/daemon/main.cpp, NeedDropRootPrivileges).
        """
        if abi is not None:
            machine = _MACHINE_OF_ABI.get(abi)
            if machine is None:
                raise ValueError(f"unknown ABI {abi!r}: one of {', '.join(_MACHINE_OF_ABI)}")
            real = shutil.which("uname") or "/bin/uname"
            self.add_executable("uname", _UNAME_TOOL % {"machine": machine, "real": real})
            self.set_param("const.product.cpu.abilist", abi)
        if uid is not None:
            real = shutil.which("id") or "/usr/bin/id"
            self.add_executable("id", _ID_TOOL % {"uid": int(uid), "real": real})
        if debuggable is not None:
            self.set_param("const.debuggable", "1" if debuggable else "0")

    def add_log(self, *lines: str) -> None:
        with open(self.root / ".hilog", "a", encoding="utf-8") as f:
            for line in lines:
                f.write(line + "\n")

    # --- the device file system --------------------------------------------------------------

    def device_path(self, path: str) -> Path:
        """Where a device path lives on the host."""
        for r in self.device_roots:
            if path == r or path.startswith(r + "/"):
                return self.root / path.lstrip("/")
        if os.path.isabs(path):
            return Path(path)
        return self.root / path

    def rewrite_command(self, command: str) -> str:
        if self._root_pattern is None:
            return command
        return self._root_pattern.sub(lambda m: str(self.root) + m.group(1), command)

    def shell_environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PATH"] = f"{self.bin_dir}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
        env["OHB_FAKE_ROOT"] = str(self.root)
        env["OHB_FAKE_SERIAL"] = self.serial
        env["HOME"] = str(self.root / "data" / "local" / "tmp")
        return env
