"""Project-wide test options.

``--ohos-hdc-server HOST:PORT`` (or ``OHBRIDGE_REAL_HDC=HOST:PORT``) points the transport
conformance tests (tests/transport/test_real_hdc.py) at a real hdc server with one device; they
are skipped without it. ``--ohos-hdc-serial`` / ``OHBRIDGE_REAL_HDC_SERIAL`` picks the device
when the server has several.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ohbridge-real-hdc", "ohbridge: transport conformance against a real hdc server")
    group.addoption("--ohos-hdc-server", dest="ohos_hdc_server", metavar="HOST:PORT", default=None,
                    help="a real hdc server to run tests/transport/test_real_hdc.py against (env OHBRIDGE_REAL_HDC)")
    group.addoption("--ohos-hdc-serial", dest="ohos_hdc_serial", metavar="KEY", default=None,
                    help="that server's device (env OHBRIDGE_REAL_HDC_SERIAL; default: its only device)")
