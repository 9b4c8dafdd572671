"""Reply texts of the real server. Those marked VERIFIED were observed on a real server and
daemon (Ver 3.2.0f, built from developtools_hdc; those marked VERIFIED 5.1.0 on
OpenHarmony-5.1.0-Release, Ver: 3.1.0e); the others are stand-ins for replies not observed
there, marked FAKE so nobody mistakes them for the real wording."""

from __future__ import annotations

VERSION = "Ver: 3.2.0f"  # VERIFIED (checkserver, version)
EMPTY = "[Empty]\r\n"  # VERIFIED (list targets, fport ls)
NO_MATCH = "[Fail]Not match target founded, check connect-key please\r\n"  # VERIFIED
NEED_KEY = "[Fail]ExecuteCommand need connect-key? please confirm a device by help info\r\n"  # VERIFIED prefix
CONNECT_OK = "Connect OK\r\n"  # VERIFIED
FORWARD_OK = "Forwardport result:OK\r\n"  # VERIFIED
FORWARD_REMOVED = "Remove forward ruler success, ruler:{rule}\r\n"  # VERIFIED prefix
FILE_DONE = "FileTransfer finish, Size:{size}, File count = 1, time:{ms}ms rate:{rate:.2f}kB/s\r\n"  # VERIFIED prefix
FILE_OPEN_FAILED = "[Fail]Error opening file: no such file or directory, path:{path}\r\n"  # VERIFIED
NO_TARGET = "[Fail]No any connected target\r\n"  # developtools_hdc src/host/server_for_client.cpp (EchoClient MSG_FAIL)
OFFLINE = "[Fail][E001005] Device not found or connected\r\n"  # as a real server prints it
# developtools_hdc src/host/server_for_client.cpp HdcServerForClient::FindAliveSessionFromDaemonMap (handshakeOK false),
# sent through EchoClient(MSG_FAIL), which puts MESSAGE_FAIL "[Fail]" in front (master 8b85a677).
AUTHENTICATING = ("[Fail][E000004]:The communication channel is being established.\r\n"
                  "Please wait for several seconds and try again.\r\n")
APP_FINISH = "AppMod finish\r\n"  # developtools_hdc src/host/host_app.cpp: LogMsg(MSG_OK, "AppMod finish")
APP_RESULT = "[Info]App {what} path:{path}, queuesize:0, msg:{msg}\r\n"  # FAKE wording
FORWARD_RM_MISSING = "[Fail]Remove forward ruler failed, ruler is not exist {rule}\r\n"  # VERIFIED 5.1.0
FORWARD_LISTEN_FAILED = "[Fail]TCP Port listen failed at {port}\r\n"  # VERIFIED 5.1.0
# forward.cpp HdcForwardBase::CommandDispatch, when CheckNodeInfo refuses a node (tcp:0, tcp:x)
FORWARD_BAD_NODE = "[Fail]Forward parament failed\r\n"  # VERIFIED 5.1.0
TCONN_REPEAT = "[Info]Target is connected, repeat operation\r\n"  # FAKE wording
TCONN_BAD_ADDRESS = "[Fail]IP:Port format is incorrect\r\n"  # FAKE wording
# translate.cpp String2FormatCommand; ends in "\n" only, so EchoClient adds no "\r\n"
UNKNOWN = "[Fail]Unknown command...\n"  # VERIFIED 5.1.0, with or without a connect key
UNSUPPORTED = "[Fail]{what} is not supported by the fake hdc server\r\n"  # FAKE, obviously
