from __future__ import annotations

import importlib
import sys
from importlib import metadata
from typing import List

# In-process pytester runs drop the modules first imported during the inner run.  A module
# imported again later would bring new classes, and objects made by the old ones (agent
# handles, cached connections) would stop being recognised: import them here, once.
for _name in ("ohbridge.pytest_plugin", "ohbridge.device_info", "ohbridge.backends.stub",
              "ohbridge.backends.agent", "ohbridge.agent_manager", "ohbridge.transport.hdc"):
    try:
        importlib.import_module(_name)
    except ImportError:  # a build without the agent backend: its tests skip
        pass


def plugin_args() -> List[str]:
    """Load the plugin in inner runs, unless the installed entry point already does."""
    if sys.version_info >= (3, 10):
        points = metadata.entry_points(group="pytest11")
    else:  # pragma: no cover
        points = metadata.entry_points().get("pytest11", [])
    if any(p.value == "ohbridge.pytest_plugin" for p in points):
        return []
    return ["-p", "ohbridge.pytest_plugin"]
