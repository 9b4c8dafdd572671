"""Pure functions: client framing, quoting, exit-status records, reply parsing."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ohbridge.transport import _replies, _wire
from ohbridge.transport._framing import FrameProtocol
from ohbridge.transport._exitcode import ExitMarker
from ohbridge.transport.errors import CommandFailedError, DeviceNotFoundError, HdcTimeoutError
from ohbridge.transport.quoting import hdc_quote, sh_join, sh_quote

HANDSHAKE_44 = b"OHOS HDC\0\0\0H" + (0x1234).to_bytes(4, "big") + bytes(28)


def test_handshake_reply_echoes_banner_and_pads_key() -> None:
    reply = _wire.handshake_reply(HANDSHAKE_44, "abc")
    assert reply == b"OHOS HDC\0\0\0H" + b"abc" + bytes(29)
    assert len(reply) == 44


def test_handshake_reply_accepts_version_check_handshake() -> None:
    hello = HANDSHAKE_44 + b"Ver: 3.2.0f".ljust(64, b"\0")
    assert len(_wire.handshake_reply(hello, "")) == 44


@pytest.mark.parametrize("hello", [b"", b"ADB HELLO....................", b"OHOS HDC"])
def test_handshake_reply_rejects_non_hdc(hello: bytes) -> None:
    with pytest.raises(_wire.ProtocolError):
        _wire.handshake_reply(hello, "")


def test_connect_key_too_long() -> None:
    with pytest.raises(ValueError):
        _wire.handshake_reply(HANDSHAKE_44, "x" * 33)


def test_command_is_framed_and_nul_terminated() -> None:
    assert _wire.encode_command("list targets") == b"\0\0\0\x0dlist targets\0"


def _frames_of(chunks: list[bytes]) -> list[bytes]:
    """Feed ``chunks`` to a FrameProtocol as successive socket reads, then EOF."""

    async def run() -> list[bytes]:
        proto = FrameProtocol()
        for chunk in chunks:
            proto.data_received(chunk)
        proto.eof_received()
        out = []
        while (frames := await proto.take_all()) is not None:
            out += frames
        return out

    return asyncio.run(run())


def test_frames_eof_and_garbage() -> None:
    assert _frames_of([]) == []
    assert _frames_of([b"\0\0\0\x02hi"]) == [b"hi"]
    for broken in (b"\0\0", b"\0\0\0\x05hi", b"\0\0\0\0"):
        with pytest.raises(_wire.ProtocolError):
            _frames_of([broken])


@given(st.lists(st.binary(min_size=1, max_size=300), max_size=20), st.data())
def test_frames_survive_any_split_of_the_stream(payloads: list[bytes], data: st.DataObject) -> None:
    """Frames come out whole and in order however TCP cuts the byte stream."""
    stream = b"".join(_wire.encode_frame(p) for p in payloads)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)]) if b > a]
    assert _frames_of(chunks) == payloads


def test_server_replies_become_one_clean_line() -> None:
    reply = "[Fail]Not match target founded, check connect-key please\r\n[Fail]ExecuteCommand need connect-key? please confirm\r\n"
    err = _replies.failure(reply, command="shell ls", output=reply.encode())
    assert err is not None
    assert err.message == "Not match target founded, check connect-key please; ExecuteCommand need connect-key? please confirm"
    assert str(err) == err.message + "; command: 'shell ls'"  # the raw reply stays in .output only
    assert err.output == reply.encode()
    assert _replies.clean("[Fail][E001005] Device not found or connected\r\n") == "[E001005] Device not found or connected"


def test_sh_quote_rejects_nul() -> None:
    with pytest.raises(ValueError):
        sh_quote("a\0b")


def test_sh_join() -> None:
    assert sh_join(["echo", "a b", "it's"]) == "echo 'a b' 'it'\"'\"'s'"


def test_hdc_quote() -> None:
    assert hdc_quote("/data/local/tmp/x") == "/data/local/tmp/x"
    assert hdc_quote("/tmp/a b") == '"/tmp/a b"'
    assert hdc_quote("") == '""'
    with pytest.raises(ValueError):
        hdc_quote('a"b')


def _feed_all(marker: ExitMarker, chunks: list[bytes]) -> tuple[bytes, int | None]:
    flt = marker.filter()
    out = b"".join(flt.feed(c) for c in chunks) + flt.finish()
    return out, flt.returncode


def test_exit_record_split_anywhere() -> None:
    marker = ExitMarker()
    stream = b"line 1\nno newline at end" + marker.marker + b"42\n"
    for cut in range(len(stream) + 1):
        out, rc = _feed_all(marker, [stream[:cut], stream[cut:]])
        assert (out, rc) == (b"line 1\nno newline at end", 42)
    # byte by byte
    out, rc = _feed_all(marker, [bytes([b]) for b in stream])
    assert (out, rc) == (b"line 1\nno newline at end", 42)


def test_exit_record_output_after_record_passes_through() -> None:
    marker = ExitMarker()
    out, rc = _feed_all(marker, [b"a\n" + marker.marker + b"0\nlate\n"])
    assert (out, rc) == (b"a\nlate\n", 0)


def test_exit_filter_does_not_hold_back_ordinary_output() -> None:
    flt = ExitMarker().filter()
    assert flt.feed(b"line\n") == b"line\n"
    assert flt.feed(b"\x1e") == b""  # could be the start of the record
    assert flt.feed(b"x") == b"\x1ex"


def test_exit_record_with_another_token_is_output() -> None:
    mine, other = ExitMarker(), ExitMarker()
    out, rc = _feed_all(mine, [other.marker + b"1\n"])
    assert rc is None and out == other.marker + b"1\n"


def test_failure_classification() -> None:
    err = _replies.failure("[Fail]Not match target founded, check connect-key please\r\n", command="c", output=b"")
    assert isinstance(err, DeviceNotFoundError)
    err = _replies.failure("[E000004]:The communication channel is being established.", command="c", output=b"")
    assert isinstance(err, CommandFailedError) and err.code == "E000004"
    assert _replies.failure("Connect OK", command="c", output=b"") is None


def test_parse_targets_verbose_and_plain() -> None:
    text = "127.0.0.1:5555\t\tTCP\tConnected\tmydev\thdc\nABC\t\tUSB\tOffline\tother\n"
    targets = _replies.parse_targets(text)
    assert [(t.key, t.connection_type, t.state, t.name) for t in targets] == [
        ("127.0.0.1:5555", "TCP", "Connected", "mydev"),
        ("ABC", "USB", "Offline", "other"),
    ]
    assert _replies.parse_targets("[Empty]\r\n") == []
    assert [t.key for t in _replies.parse_targets("a\nb\n")] == ["a", "b"]


def test_parse_forwards() -> None:
    rules = _replies.parse_forwards("dev    tcp:1 tcp:2    [Forward]\ndev    tcp:3 tcp:4    [Reverse]\n")
    assert [(r.key, r.local, r.remote, r.direction) for r in rules] == [
        ("dev", "tcp:1", "tcp:2", "forward"),
        ("dev", "tcp:3", "tcp:4", "reverse"),
    ]
    assert _replies.parse_forwards("[Empty]\r\n") == []


def test_timeout_error_is_a_timeout_error() -> None:
    err = HdcTimeoutError("late", command="shell x", output=b"part", timeout=1.0)
    assert isinstance(err, TimeoutError)
    assert err.partial_output == b"part"
    assert "shell x" in str(err) and "part" in str(err)
