"""One base, ohbridge.Error, for every exception class the package defines (python/ohbridge/_error_base.py)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import ohbridge
import ohbridge.backends.shell
import ohbridge.scenario
from ohbridge import Error


def _package_modules():
    for info in pkgutil.walk_packages(ohbridge.__path__, "ohbridge."):
        if info.name.startswith("ohbridge.pytest_plugin"):
            continue  # imported by pytest itself; walked below through its modules
        yield importlib.import_module(info.name)
    for name in ("_fixtures", "_hooks", "_options", "_pool", "_reset", "_state"):
        yield importlib.import_module(f"ohbridge.pytest_plugin.{name}")


def _exception_classes():
    seen = {}
    for module in _package_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__.startswith("ohbridge") and issubclass(cls, BaseException):
                seen[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return seen


def test_every_exception_class_of_the_package_derives_from_ohbridge_error():
    classes = _exception_classes()
    assert len(classes) > 30  # the walk found the package's classes, not an empty set
    strays = sorted(name for name, cls in classes.items() if not issubclass(cls, (Error, Warning)))
    assert strays == []


@pytest.mark.parametrize("cls, other_base", [
    (ohbridge.errors.NotSupportedError, NotImplementedError),
    (ohbridge.AgentUnavailableError, RuntimeError),
    (ohbridge.backends.shell.ShellCommandError, RuntimeError),
    (ohbridge.scenario.ScenarioError, ValueError),
])
def test_the_classes_keep_their_other_bases(cls, other_base):
    assert issubclass(cls, Error) and issubclass(cls, other_base)


def test_a_business_error_from_a_stub_call_is_caught_as_ohbridge_error():
    with ohbridge.connect("stub") as dev:
        with pytest.raises(Error) as info:
            dev.missions.get_mission_info("", 424242)
    assert isinstance(info.value, ohbridge.BusinessError) and info.value.code == 16000050


def test_warnings_are_not_errors():
    assert not issubclass(ohbridge.BackendFallbackWarning, Error)
