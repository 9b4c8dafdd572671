"""docs/asyncio.md: its example runs as written (on the simulated device)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "asyncio.md"


def test_the_asyncio_doc_example_runs_as_written() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/asyncio.md lost its example"
    proc = subprocess.run([sys.executable, "-c", blocks[0]], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "[3, 2, 1]" in proc.stdout
