"""Which command strings the real server recognises (developtools_hdc src/host/translate.cpp,
TranslateCommand::String2FormatCommand, names from src/common/define.h CMDSTR_*).

The server parses the command before it looks at the connect key, so an unrecognised one is
answered ``[Fail]Unknown command...`` with or without a device, and only a recognised device
command without a key gets ``ExecuteCommand need connect-key?`` (server_for_client.cpp
DoCommandLocal). Observed on OpenHarmony-5.1.0-Release (Ver: 3.1.0e).
"""

from __future__ import annotations

__all__ = ["is_known_command"]

# A prefix match, as String2FormatCommand's strncmp chain does.
_PREFIXES = (
    "version", "help", "discover", "start", "kill", "keygen", "list targets", "checkserver",
    "checkdevice", "wait", "tconn", "shell", "target boot", "target mount", "smode", "tmode",
    "bugreport", "hilog", "file send", "file recv", "fport", "rport", "install", "uninstall",
    "sideload", "jpid", "track-jpid", "alive", "update", "flash", "erase", "format",
)


def is_known_command(command: str) -> bool:
    return command.startswith(_PREFIXES)
