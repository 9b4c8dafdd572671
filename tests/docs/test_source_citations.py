"""Rules cite the OpenHarmony source they follow, never section numbers of a document the repository lacks.

A reader of a test or a stub comment must be able to open what it cites: a repository, a file path and a
function (and a release branch when the rule is release-specific).  Section signs and the names of the
internal fact sheets the early code was written from point at nothing a user has.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, List, Tuple

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("tests", "python", "native", "docs")
TEXT_SUFFIXES = {".py", ".pyi", ".cpp", ".cc", ".h", ".hpp", ".md", ".txt", ".sh", ".toml", ".cfg", ".json",
                 ".yaml", ".yml", ".gn", ".cmake"}
# Built, cached or generated trees are not sources.
SKIPPED_DIRS = {"__pycache__", "build", ".pytest_cache", ".mypy_cache", "_skbuild"}
THIS_FILE = Path(__file__).resolve()

SECTION_SIGN = "\u00a7"
FACT_SHEETS = re.compile(r"\b(semantics|device-cli|hdc-protocol|ecosystem)\.md\b")
SHARED_DIR = "/work/" + "shared"


def cites_internal(line: str) -> bool:
    return SECTION_SIGN in line or FACT_SHEETS.search(line) is not None or SHARED_DIR in line


def source_files() -> Iterator[Path]:
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
                continue
            if SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
                continue
            if path.resolve() == THIS_FILE:
                continue
            yield path


def offending_lines() -> List[Tuple[str, int, str]]:
    found = []
    for path in source_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if cites_internal(line):
                found.append((str(path.relative_to(ROOT)), number, line.strip()))
    return found


def test_the_scan_sees_the_sources() -> None:
    scanned = {p.relative_to(ROOT).parts[0] for p in source_files()}
    assert scanned == set(SCANNED)
    assert any(p.name == "pending_want_manager.cpp" for p in source_files())


def test_no_section_citations_or_internal_fact_sheets() -> None:
    offending = offending_lines()
    assert offending == [], (
        "cite the OpenHarmony repository, file and function instead "
        "(e.g. 'ability_dmsfwk services/dtbschedmgr/src/distributed_sched_service.cpp "
        "DistributedSchedService::ContinueMission'):\n"
        + "\n".join(f"{p}:{n}: {line}" for p, n, line in offending))


def test_the_guard_catches_each_form() -> None:
    for sample in (f"# see {SECTION_SIGN}2.7", "as semantics.md says", "device-cli.md section 3",
                   "(hdc-protocol.md)", "ecosystem.md", f"{SHARED_DIR}/spec/x"):
        assert cites_internal(sample), sample
    for fine in ("docs/transport.md", "distributed_sched_service.cpp DistributedSchedService::ContinueMission",
                 "my_semantics.mdx"):
        assert not cites_internal(fine), fine
