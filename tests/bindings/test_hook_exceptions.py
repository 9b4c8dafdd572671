"""The argument converter lets through what is not a conversion failure.

Rule (as the agent's encoder, python/ohbridge/backends/agent.py ``_wire``, and
as a JS getter that throws during NAPI argument reading): an object without
``__ohbridge_js__`` is looked at as it is; a hook that raises an ``Exception``
makes the argument a foreign object (the module's own 401); anything else --
KeyboardInterrupt, SystemExit -- propagates as itself
(native/bindings/convert.cpp ``js_of_hook``).
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

import ohbridge
from ohbridge.errors import ParameterError


@pytest.fixture
def dev() -> Iterator[ohbridge.Device]:
    with ohbridge.connect("stub") as device:
        yield device


class HookRaises:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def __ohbridge_js__(self) -> Any:
        raise self.exc


class LookupRaises:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def __getattr__(self, name: str) -> Any:
        raise self.exc


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), SystemExit(3), GeneratorExit()], ids=type)
def test_keyboard_interrupt_and_system_exit_from_the_hook_propagate_as_themselves(
        dev: ohbridge.Device, exc: BaseException) -> None:
    with pytest.raises(type(exc)) as caught:
        dev.want_agent.get_uid(HookRaises(exc))
    assert caught.value is exc


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), SystemExit(3)], ids=type)
def test_an_interrupt_while_looking_the_hook_up_propagates_as_itself(dev: ohbridge.Device, exc: BaseException) -> None:
    with pytest.raises(type(exc)) as caught:
        dev.want_agent.get_uid(LookupRaises(exc))
    assert caught.value is exc


def test_an_interrupt_from_a_nested_hook_propagates(dev: ohbridge.Device) -> None:
    with pytest.raises(KeyboardInterrupt):
        dev.want_agent.get_want_agent({"wants": [HookRaises(KeyboardInterrupt())], "operationType": 1, "requestCode": 0})


def test_a_hook_that_raises_an_exception_is_a_foreign_object_and_a_401(dev: ohbridge.Device) -> None:
    with pytest.raises(ParameterError) as caught:
        dev.want_agent.get_uid(HookRaises(ValueError("no JS form")))
    assert caught.value.code == 401


def test_a_lookup_that_raises_attribute_error_means_no_hook(dev: ohbridge.Device) -> None:
    with pytest.raises(ParameterError):
        dev.want_agent.get_uid(LookupRaises(AttributeError("__ohbridge_js__")))
