"""The README as a newcomer follows it: every shell and Python block runs as written.

A block runs on the simulated device, with no hdc server reachable, unless the HTML comment
just above it says otherwise:

* ``<!-- readme-test: device -->``: against the loopback hdc device of ``ohbridge.testing``
  (serials ``SERIAL`` and the testbed's phone), which runs the packaged Linux agent;
* ``<!-- readme-test: device pytest ARGS -->``: a Python block that is a test file, run with
  ``pytest FILE ARGS`` against that device;
* ``<!-- readme-test: file PATH -->``: the block is the content of PATH in this repository;
* ``<!-- readme-test: ci -->``: what ``.ci/run`` runs (installing the package);
* ``<!-- readme-test: skip REASON -->``: cannot run here, and the reason says why.

The facts the README states (default API level, paths, options) are checked against the code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

import ohbridge
from ohbridge.backends.stub import DEFAULT_API_VERSION
from ohbridge.testbed import load_testbed
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PHONE = "150100424a544434520325d2a0ae0f00"  # the README testbed's phone
SERIALS = ["SERIAL", PHONE]
pytestmark = pytest.mark.timeout(600)


@dataclass
class Block:
    line: int
    lang: str
    text: str
    marker: str  # "" (the stub), "device", "device pytest ...", "file ...", "ci", "skip ..."

    @property
    def id(self) -> str:
        return f"README.md:{self.line}:{self.lang}"


def readme_blocks() -> List[Block]:
    blocks: List[Block] = []
    lines = README.splitlines()
    marker, i = "", 0
    while i < len(lines):
        line = lines[i]
        found = re.fullmatch(r"<!-- readme-test: (.+?) -->", line.strip())
        if found:
            marker = found.group(1).strip()
        elif line.startswith("```") and len(line) > 3:
            start, lang = i + 1, line[3:].strip()
            end = next(j for j in range(start, len(lines)) if lines[j].startswith("```"))
            blocks.append(Block(start, lang, "\n".join(lines[start:end]) + "\n", marker))
            marker, i = "", end
        elif line.startswith("```"):  # a block of output: not run
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            marker, i = "", end
        elif line.strip():
            marker = ""  # a marker belongs to the block right below it
        i += 1
    return blocks


BLOCKS = readme_blocks()
RUNNABLE = [b for b in BLOCKS if b.lang in ("sh", "python") and not b.marker.startswith(("skip", "ci", "file"))]


def _commands(block: Block) -> List[str]:
    """The shell lines of a block, continuation lines joined, without trailing comments."""
    commands, pending = [], ""
    for raw in block.text.splitlines():
        line = pending + raw
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1] + " "
            continue
        pending = ""
        command = re.sub(r"\s+#\s.*$", "", line).strip()
        if command and not command.startswith("#"):
            commands.append(command)
    return commands


# -- the environment a block runs in ------------------------------------------------------

def _installed_plugin() -> bool:
    from importlib import metadata

    return any(p.value == "ohbridge.pytest_plugin" for p in metadata.entry_points(group="pytest11"))


@pytest.fixture(scope="module")
def shims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`ohbridge` and `pytest` as a fresh clone has them after `pip install .` (shims in a dev tree)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    here = Path(ohbridge.__file__).resolve().parents[1]
    plugin = "" if _installed_plugin() else " -p ohbridge.pytest_plugin"
    for name, command in (("ohbridge", "-m ohbridge"), ("pytest", f"-m pytest{plugin}"), ("python", "")):
        if name == "ohbridge" and shutil.which("ohbridge") and _installed_plugin():
            continue
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\nPYTHONPATH={here}${{PYTHONPATH:+:$PYTHONPATH}} exec {sys.executable} "
                          f"{command} \"$@\"\n")
        script.chmod(0o755)
    return bin_dir


def _dead_port() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


def _env(shims: Path, extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OHOS_", "OHBRIDGE_", "PYTEST_XDIST", "PYTEST_CURRENT"))}
    env["PATH"] = f"{shims}{os.pathsep}{env.get('PATH', '')}"
    env["OHOS_HDC_SERVER_PORT"] = _dead_port()  # a stub block must not need (or find) an hdc server
    env["PYTEST_ADDOPTS"] = "-p no:cacheprovider"
    env.update(extra or {})
    return env


@pytest.fixture
def loopback() -> Iterator[FakeHdcServer]:
    with FakeHdcServer(SERIALS) as server:
        for serial in SERIALS:
            target = server.target(serial)
            target.set_param("const.product.model", "rk3568")
            target.set_param("const.ohos.apiversion", "12")
            install_device_tools(target)
        yield server


def _run(argv: List[str], env: Dict[str, str], what: str) -> None:
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    report = f"{what}\n$ {' '.join(argv)}\nexit {done.returncode}\n--- stdout\n{done.stdout[-3000:]}\n" \
             f"--- stderr\n{done.stderr[-3000:]}"
    assert done.returncode == 0, report
    assert "Traceback" not in done.stdout + done.stderr, report


# -- the blocks -----------------------------------------------------------------------------

@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_the_block_runs_as_written(block: Block, shims: Path, request: pytest.FixtureRequest,
                                   tmp_path: Path) -> None:
    extra: Dict[str, str] = {}
    if block.marker.startswith("device"):
        extra = request.getfixturevalue("loopback").env
    env = _env(shims, extra)
    what = f"{block.id} ({block.marker or 'stub'})"
    if block.lang == "python":
        source = tmp_path / ("test_readme_block.py" if "pytest" in block.marker else "readme_block.py")
        source.write_text(block.text, encoding="utf-8")
        if "pytest" in block.marker:
            args = block.marker.split("pytest", 1)[1].split()
            _run([str(shims / "pytest"), str(source), *args], env, what)
        else:
            _run([sys.executable, str(source)], dict(env, PYTHONPATH=str(Path(ohbridge.__file__).parents[1])), what)
        return
    for command in _commands(block):
        _run(["bash", "-c", command], env, f"{what}: {command}")


def test_every_block_is_run_or_says_why_not() -> None:
    langs = {b.lang for b in BLOCKS}
    assert {"sh", "python", "toml"} <= langs
    for block in BLOCKS:
        if block.marker.startswith("skip"):
            assert len(block.marker.split()) > 2, f"{block.id}: a skipped block says why"
        assert block.marker.split(" ")[0] in ("", "device", "file", "ci", "skip"), block.id
        if block.lang not in ("sh", "python"):
            assert block.marker.startswith("file"), f"{block.id}: a {block.lang} block is a file of the repository"
    assert len(RUNNABLE) >= 7


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker.startswith("file")],
                         ids=lambda b: b.id)
def test_a_file_block_is_the_file(block: Block) -> None:
    path = ROOT / block.marker.split(None, 1)[1]
    assert path.read_text(encoding="utf-8") == block.text
    if path.suffix == ".toml" and "devices" in block.text:
        assert load_testbed(path).devices  # and it is a testbed the plugin reads


def test_the_ci_blocks_are_what_ci_runs() -> None:
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    ci_lines = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for block in (b for b in BLOCKS if b.marker == "ci"):
        for command in _commands(block):
            for part in (p.strip() for p in command.split("&&")):
                if part.startswith("pip install"):
                    # CI installs the test extra, which contains the plain package
                    assert any("pip install" in line and "'.[test]'" in line for line in ci_lines), part
                else:
                    assert any(line == part or line.startswith(part + " ") for line in ci_lines), (part, ci_lines)


# -- the facts ------------------------------------------------------------------------------

def test_the_default_api_level_is_the_code_s() -> None:
    stated = re.findall(r"stub: API (\d+) <", README) + re.findall(r"behaves like API (\d+)", README)
    assert stated and {int(n) for n in stated} == {DEFAULT_API_VERSION}, stated


def test_every_path_the_readme_names_exists() -> None:
    paths = set(re.findall(r"`((?:examples|docs|tools|native|python|cmake|benchmarks|tests|\.ci)/[^`\s<>*]+)`", README))
    paths |= set(re.findall(r"(?<![\w/.])((?:examples|benchmarks)/[\w./-]+\.(?:py|toml))", README))
    assert len(paths) >= 8
    # Agent builds a user adds (python/ohbridge/bin/<abi>/...) are not in a clone: their folder is.
    missing = sorted(p for p in paths if not (ROOT / p.rstrip("/")).exists()
                     and not (p.startswith("python/ohbridge/bin/") and (ROOT / "python/ohbridge").is_dir()))
    assert not missing, missing


def _cli_options() -> set:
    import argparse

    from ohbridge.cli import build_parser

    found: set = set()
    todo = [build_parser()]
    while todo:
        parser = todo.pop()
        for action in parser._actions:
            found.update(action.option_strings)
            if isinstance(action, argparse._SubParsersAction):
                todo.extend(action.choices.values())
    return found


def _plugin_options() -> set:
    source = "".join((ROOT / "python/ohbridge/pytest_plugin" / name).read_text(encoding="utf-8")
                     for name in ("_options.py", "_recording.py"))
    return set(re.findall(r'addoption\("(--[\w-]+)"', source))


#: options of other tools that the README shows (pip, pytest, OpenHarmony's build.sh, CMake)
OTHER_TOOLS = {"--no-build-isolation", "--build", "--product-name", "--build-target", "--target", "--strict", "--junitxml",
               "--cmakedir"}


def test_every_option_the_readme_names_exists() -> None:
    named = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", README))
    unknown = sorted(named - _cli_options() - _plugin_options() - OTHER_TOOLS)
    assert not unknown, unknown
    assert {"--ohos-stub", "--ohos-testbed", "--stub", "--backend", "--log-level"} <= named


def test_a_failing_block_fails_the_test(shims: Path) -> None:
    # What makes CI red when the README goes wrong: a command that exits non-zero, or a traceback.
    broken = Block(line=0, lang="sh", text="ohbridge --stub missions --max 0\n", marker="")
    with pytest.raises(AssertionError, match="exit 2"):
        for command in _commands(broken):
            _run(["bash", "-c", command], _env(shims), broken.id)
    with pytest.raises(AssertionError, match="Traceback"):
        _run([sys.executable, "-c", "import traceback\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n"
              "    traceback.print_exc()"], _env(shims), "a traceback, exit 0")
