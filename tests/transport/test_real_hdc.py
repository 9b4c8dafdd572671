"""Transport conformance against a REAL hdc server and daemon (opt-in).

Run with ``--ohos-hdc-server HOST:PORT`` or ``OHBRIDGE_REAL_HDC=HOST:PORT`` (one device, or name it
with ``--ohos-hdc-serial``); skipped otherwise. The device must give a POSIX shell that can write
``/tmp`` (any OpenHarmony device, or a Linux host behind a hdcd built from
openharmony/developtools_hdc). Each test pins a behaviour the loopback fake
(ohbridge.testing.FakeHdcServer) imitates, so a difference between the two shows up here.

The wordings were observed on developtools_hdc OpenHarmony-5.1.0-Release (Ver: 3.1.0e); the
functions that print them are named in each test.
"""

from __future__ import annotations

import os
import secrets
import socket
import tempfile
import threading
import time
from pathlib import Path
import pytest

from ohbridge.transport.errors import CommandFailedError, DeviceNotFoundError, FileTransferError, HdcTimeoutError
from ohbridge.transport.hdc import HdcClient, HdcDevice

_SCRATCH = "/tmp"


def _server(config: pytest.Config) -> str | None:
    return config.getoption("ohos_hdc_server", None) or os.environ.get("OHBRIDGE_REAL_HDC") or None


@pytest.fixture(scope="module")
def real_client(request: pytest.FixtureRequest) -> HdcClient:
    server = _server(request.config)
    if not server:
        pytest.skip("no real hdc server: pass --ohos-hdc-server HOST:PORT or set OHBRIDGE_REAL_HDC")
    host, _, port = server.rpartition(":")
    if not port.isdigit():
        raise pytest.UsageError(f"--ohos-hdc-server / OHBRIDGE_REAL_HDC wants HOST:PORT, not {server!r}")
    return HdcClient(host or "127.0.0.1", int(port))


@pytest.fixture(scope="module")
def real_device(request: pytest.FixtureRequest, real_client: HdcClient) -> HdcDevice:
    serial = request.config.getoption("ohos_hdc_serial", None) or os.environ.get("OHBRIDGE_REAL_HDC_SERIAL")
    return real_client.device(serial or None)


def test_checkserver_and_version_agree(real_client: HdcClient) -> None:
    # server_for_client.cpp CommandRemoveSession/CMD_CHECK_SERVER: the 2-byte id, then "Ver: x.y.z<fix>"
    version = real_client.server_version()
    assert version.startswith("Ver: ")


def test_the_device_is_listed_connected(real_client: HdcClient, real_device: HdcDevice) -> None:
    targets = {t.key: t for t in real_client.list_targets()}
    assert targets[real_device.serial].state == "Connected"


def test_exit_status_output_and_quoting(real_device: HdcDevice) -> None:
    r = real_device.shell("echo out; echo err >&2; exit 3", timeout=30)
    assert r.returncode == 3 and r.stdout == "out\nerr\n"  # one stream, no CR: AsyncCmd uses a pipe, not a PTY
    args = ["a b", "c'd", "$HOME", "`id`", "x;y", "é", "-n", "\\"]
    r = real_device.shell(["printf", "%s\\n", *args], timeout=30)
    assert r.stdout.split("\n")[:-1] == args


def test_an_unknown_connect_key_is_refused_in_the_servers_words(real_client: HdcClient) -> None:
    # server_for_client.cpp FindAliveSessionFromDaemonMap
    with pytest.raises(DeviceNotFoundError, match="^Not match target founded, check connect-key please"):
        real_client.device("ohbridge-no-such-device").shell("echo hi", timeout=30)


def test_a_timeout_closes_the_channel_and_raises(real_device: HdcDevice) -> None:
    with pytest.raises(HdcTimeoutError) as e:
        real_device.shell("echo started; sleep 30", timeout=2)
    assert e.value.partial_output.startswith(b"started")


def _unique_sleep() -> tuple[str, str]:
    """A ``sleep`` argument no other process has, and a grep pattern that does not match itself."""
    digits = str(secrets.randbelow(10**8)).zfill(8)
    return f"30.{digits}", f"30[.]{digits}"


def _left_on_device(device: HdcDevice, pattern: str, *, within: float = 0.0) -> list[str]:
    """/proc/PID/cmdline files on the device whose argv matches ``pattern``, polled up to ``within`` s."""
    end = time.monotonic() + within
    while True:
        out = device.shell(f"grep -l '{pattern}' /proc/[0-9]*/cmdline 2>/dev/null", timeout=30).stdout.split()
        if not out or time.monotonic() >= end:
            return out
        time.sleep(0.2)


def test_a_timed_out_shell_leaves_none_of_its_processes(real_device: HdcDevice) -> None:
    # async_cmd.cpp AsyncCmd::DoRelease SIGTERMs only the forked shell (a setsid group leader,
    # AsyncCmd::Popen); ohbridge kills that group. Without it both sleeps ran their 30 s.
    arg, pattern = _unique_sleep()
    with pytest.raises(HdcTimeoutError):
        real_device.shell(f"sleep {arg} & sleep {arg}; echo never", timeout=2)
    assert _left_on_device(real_device, pattern) == []


@pytest.mark.parametrize("how", ["read-timeout", "close"])
def test_a_stream_closed_early_leaves_none_of_its_processes(real_device: HdcDevice, how: str) -> None:
    arg, pattern = _unique_sleep()
    with real_device.shell_stream(f"echo go; sleep {arg} & sleep {arg}") as stream:
        assert stream.read(timeout=30) == b"go\n"
        if how == "read-timeout":
            with pytest.raises(HdcTimeoutError):
                stream.read(timeout=1)
    assert _left_on_device(real_device, pattern) == []


def test_a_timed_out_session_command_leaves_none_of_its_processes(real_device: HdcDevice) -> None:
    # daemon/shell.cpp HdcShell: the interactive shell is a PTY's session leader; when the channel
    # closes the daemon kills it and the terminal's hangup reaches the command's process group
    # (a non-interactive sh has no job control: `&` jobs stay in it). Measured: nothing is left.
    arg, pattern = _unique_sleep()
    with real_device.shell_session(staging_dir=_SCRATCH) as pool:
        with pytest.raises(HdcTimeoutError):
            pool.shell(f"sleep {arg} & sleep {arg}; echo never", timeout=2)
    assert _left_on_device(real_device, pattern, within=3.0) == []


def test_shell_stream_delivers_every_byte_and_the_status(real_device: HdcDevice) -> None:
    with real_device.shell_stream("seq 1 200000; exit 4") as s:
        data = b"".join(s)
        status = s.returncode
    assert data == b"".join(b"%d\n" % i for i in range(1, 200001)) and status == 4


def test_push_and_pull_round_trip_and_refusals(real_device: HdcDevice) -> None:
    blob = os.urandom(3 * 1024 * 1024 + 17)
    remote = f"{_SCRATCH}/.ohbridge-conformance-{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        local, back = Path(tmp) / "blob", Path(tmp) / "back"
        local.write_bytes(blob)
        assert real_device.push(local, remote) == len(blob)
        try:
            assert real_device.pull(remote, back) == len(blob)
            assert back.read_bytes() == blob
        finally:
            real_device.shell(["rm", "-f", remote], timeout=30)
        # file.cpp / transfer.cpp: the daemon does not create missing parent directories
        with pytest.raises(FileTransferError, match="Error opening file: no such file or directory"):
            real_device.push(local, f"{_SCRATCH}/.ohbridge-no-such-dir/x/y")


def test_a_forward_reaches_a_device_port_and_is_removed(real_device: HdcDevice) -> None:
    """Only meaningful when the device is this host (a Linux hdcd): the device side listens here."""
    with tempfile.NamedTemporaryFile(dir="/tmp", prefix=".ohbridge-same-host-") as mark:
        if real_device.shell(["test", "-f", mark.name], timeout=30).returncode != 0:
            pytest.skip("the device is not this host: no port of ours to forward to")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        with listener:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                with conn:
                    data = conn.recv(64)
                    if data:
                        conn.sendall(data.upper())
                        return

    threading.Thread(target=serve, daemon=True).start()
    with real_device.forward(0, f"tcp:{port}") as fwd:
        rules = [(r.local, r.remote) for r in real_device.list_forwards()]
        assert (f"tcp:{fwd.local_port}", f"tcp:{port}") in rules
        with socket.create_connection(("127.0.0.1", fwd.local_port), timeout=10) as s:
            s.sendall(b"ping")
            assert s.recv(64) == b"PING"
    assert all(r.remote != f"tcp:{port}" for r in real_device.list_forwards())


def test_the_persistent_session_answers_and_survives_a_timeout(real_device: HdcDevice) -> None:
    with real_device.shell_session(staging_dir=_SCRATCH) as pool:
        r = pool.shell(["printf", "%s|", "a b", "é"], timeout=30)
        assert (r.returncode, r.stdout) == (0, "a b|é|")
        assert pool.shell("exit 9", timeout=30).returncode == 9
        with pytest.raises(HdcTimeoutError):
            pool.shell("sleep 30", timeout=2)
        assert pool.shell("echo again", timeout=30).stdout == "again\n"


def test_fport_refuses_port_zero(real_client: HdcClient, real_device: HdcDevice) -> None:
    # forward.cpp HdcForwardBase::CommandDispatch: a node that does not parse gets "Forward parament failed"
    # (which is why forward(0, ...) picks a free local port itself)
    with pytest.raises(CommandFailedError) as e:
        real_client.command("fport tcp:0 tcp:5", key=real_device.serial)
    assert e.value.output == b"[Fail]Forward parament failed\r\n"


def test_an_unknown_command_is_refused(real_client: HdcClient, real_device: HdcDevice) -> None:
    # translate.cpp TranslateCommand::String2FormatCommand: "Unknown command..." whatever the key
    for key in (real_device.serial, ""):
        with pytest.raises(CommandFailedError) as e:
            real_client.command("ohbridge-bogus", key=key)
        assert e.value.output == b"[Fail]Unknown command...\n"
