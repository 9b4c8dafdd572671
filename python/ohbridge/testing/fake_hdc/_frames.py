"""Server side of the hdc channel framing and handshake, written from developtools_hdc (src/common/channel.cpp, src/host/server_for_client.cpp; docs/transport.md).

Deliberately independent of ``ohbridge.transport``: if the client misreads the hdc sources, the
fake must not silently share the misreading.
"""

from __future__ import annotations

import asyncio
import struct
from ..._error_base import Error

__all__ = ["frame", "send_text", "read_message", "server_handshake", "connect_key_from_reply", "BadHandshake"]

_HEADER = struct.Struct("!I")
# ChannelHandShake: banner[12] + union{channelId (BE uint32) | connectKey[32]} (+ version[64]).
_BANNER = b"OHOS HDC\0\0\0H"  # banner[11] = 'H': huge buffers supported
_KEY_FIELD = 32
_LIMIT = 0x7FFFFFFF  # the server drops a channel that announces more than INT_MAX


class BadHandshake(Error):
    pass


def frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


async def send_text(writer: asyncio.StreamWriter, text: str) -> None:
    """One reply text as one frame."""
    writer.write(frame(text.encode("utf-8")))
    await writer.drain()


async def read_message(reader: asyncio.StreamReader) -> bytes | None:
    """One framed message from the client, or ``None`` on end of stream (or a broken frame)."""
    try:
        header = await reader.readexactly(4)
        (length,) = _HEADER.unpack(header)
        if length == 0 or length > _LIMIT:
            return None
        return await reader.readexactly(length)
    except (asyncio.IncompleteReadError, ConnectionError):
        return None


def server_handshake(channel_id: int, size: int = 44, version: str = "Ver: 3.2.0f") -> bytes:
    """The first message of every channel (44 bytes; 108 when built with HDC_VERSION_CHECK)."""
    body = _BANNER + struct.pack("!I", channel_id) + bytes(_KEY_FIELD - 4)
    if size == 108:
        body += version.encode("ascii").ljust(64, b"\0")[:64]
    elif size != 44:
        raise ValueError("the server handshake is 44 or 108 bytes")
    return body


def connect_key_from_reply(payload: bytes) -> str:
    """The connect key in the client's handshake reply (banner + NUL-padded key, maybe longer)."""
    if payload[:8] != b"OHOS HDC":
        raise BadHandshake(payload[:12])
    key = payload[12 : 12 + _KEY_FIELD]
    return key.split(b"\0", 1)[0].decode("utf-8", errors="replace")
