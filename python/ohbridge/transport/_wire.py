"""Client side of the hdc client<->server framing and channel handshake (developtools_hdc src/common/channel.cpp, src/host/server_for_client.cpp; docs/transport.md).

Every message is a big-endian uint32 length followed by that many bytes. The server speaks
first with a ``ChannelHandShake`` (44 bytes, or 108 from servers built with
``HDC_VERSION_CHECK``); the client answers with the server's 12-byte banner and the connect key
NUL-padded to 32 bytes, then sends one NUL-terminated command.
"""

from __future__ import annotations

import struct
from .._error_base import Error

__all__ = [
    "BANNER_PREFIX",
    "CONNECT_KEY_SIZE",
    "MAX_FRAME",
    "ProtocolError",
    "encode_frame",
    "handshake_reply",
    "encode_command",
    "strip_command_id",
]

BANNER_PREFIX = b"OHOS HDC"
BANNER_SIZE = 12
CONNECT_KEY_SIZE = 32
MIN_HANDSHAKE = BANNER_SIZE + 4
# The server treats sizes above INT_MAX as fatal; real frames are at most a few hundred KiB.
# A much lower cap keeps a corrupt length from making us allocate gigabytes.
MAX_FRAME = 64 * 1024 * 1024
CMD_CHECK_SERVER = 13

_LEN = struct.Struct(">I")


class ProtocolError(Error):
    """The peer sent bytes that are not hdc framing."""


def encode_frame(payload: bytes) -> bytes:
    return _LEN.pack(len(payload)) + payload


def handshake_reply(server_handshake: bytes, connect_key: str) -> bytes:
    """Payload answering the server's handshake for ``connect_key`` ("" = server-local command)."""
    if len(server_handshake) < MIN_HANDSHAKE or not server_handshake.startswith(BANNER_PREFIX):
        raise ProtocolError(f"not an hdc server handshake: {server_handshake[:16]!r}")
    key = connect_key.encode("utf-8")
    if len(key) > CONNECT_KEY_SIZE or b"\0" in key:
        raise ValueError(f"connect key must be at most {CONNECT_KEY_SIZE} bytes without NUL: {connect_key!r}")
    # Echo the server's banner: its feature bytes (e.g. 'H' for huge buffers) are what the
    # official client sends back.
    return server_handshake[:BANNER_SIZE] + key.ljust(CONNECT_KEY_SIZE, b"\0")


def encode_command(command: str) -> bytes:
    if "\0" in command:
        raise ValueError("an hdc command cannot contain NUL")
    return encode_frame(command.encode("utf-8") + b"\0")


def strip_command_id(payload: bytes, command_id: int) -> bytes:
    """Remove the 2-byte host-order command id some frames carry (``checkserver``)."""
    if len(payload) >= 2 and int.from_bytes(payload[:2], "little") == command_id:
        return payload[2:]
    return payload
