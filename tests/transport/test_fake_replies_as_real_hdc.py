"""Fake-server replies corrected after running against a real hdc server and daemon
(developtools_hdc OpenHarmony-5.1.0-Release, Ver: 3.1.0e): tests/transport/test_real_hdc.py
pins the same behaviour on a real server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport.errors import CommandFailedError, DeviceNotFoundError, FileTransferError
from ohbridge.transport.hdc import HdcClient

SERIAL = "fake-0"  # as in conftest.py


def test_unknown_command_is_refused_as_string2formatcommand_does(server: FakeHdcServer, client: HdcClient) -> None:
    """developtools_hdc src/host/translate.cpp TranslateCommand::String2FormatCommand: the
    command is parsed before the key is looked at, so "Unknown command..." with or without one;
    a known device command without a key is DoCommandLocal's "need connect-key"."""
    for key in (SERIAL, ""):
        with pytest.raises(CommandFailedError) as e:
            client.command("ohbridge-bogus", key=key)
        assert e.value.output == b"[Fail]Unknown command...\n"
    with pytest.raises(DeviceNotFoundError) as missing:
        client.command("fport tcp:1 tcp:2")
    assert missing.value.output.startswith(b"[Fail]ExecuteCommand need connect-key?")


@pytest.mark.parametrize("node", ["tcp:0", "tcp:65536", "tcp:123456", "tcp:x"])
def test_fport_node_refused_as_checknodeinfo_does(client: HdcClient, node: str) -> None:
    """src/common/forward.cpp HdcForwardBase::CheckNodeInfo refuses a tcp port outside
    1..65535; CommandDispatch then answers "Forward parament failed"."""
    with pytest.raises(CommandFailedError) as e:
        client.command(f"fport {node} tcp:5", key=SERIAL)
    assert e.value.output == b"[Fail]Forward parament failed\r\n"
    assert client.list_forwards() == []


def test_file_send_makes_no_parent_directories(server: FakeHdcServer, client: HdcClient, tmp_path: Path) -> None:
    """The daemon opens the destination file (src/common/file.cpp, transfer.cpp) and creates no
    missing parent directory: "Error opening file: no such file or directory, path:<remote>"."""
    local = tmp_path / "blob"
    local.write_bytes(os.urandom(1000))
    dev = client.device(SERIAL)
    remote = "/data/local/tmp/no-such-dir/x/y"
    with pytest.raises(FileTransferError, match=f"Error opening file: no such file or directory, path:{remote}"):
        dev.push(local, remote)
    assert not server.target(SERIAL).device_path("/data/local/tmp/no-such-dir").exists()
    assert dev.push(local, "/data/local/tmp/y") == 1000  # an existing directory still works
