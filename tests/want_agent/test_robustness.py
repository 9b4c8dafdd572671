"""Whatever a caller passes, the answer is a BusinessError or a result: never a
TypeError from the binding, a crash, or a hang."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ohbridge
from ohbridge import BusinessError, Device
from ohbridge._native import roundtrip, undefined

from .conftest import info, want

METHODS = ["getWantAgent", "trigger", "triggerAsync", "cancel", "getBundleName", "getUid",
           "getOperationType", "getWant", "equal"]

js_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(),
    st.just(undefined), st.binary(max_size=8), st.just(object()), st.just(lambda *a: None),
    st.sampled_from([1 << 70, -(1 << 70), math.inf, -math.inf]),
)
js_value = st.recursive(
    js_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["wants", "operationType", "actionType", "requestCode", "userId",
                                         "wantAgentFlags", "actionFlags", "extraInfo", "extraInfos", "code",
                                         "want", "permission", "parameters", "bundleName", "x"]),
                        children, max_size=6),
        st.dictionaries(st.integers(), children, max_size=2),
        st.tuples(children, children),
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def shared_dev() -> Any:
    with ohbridge.connect("stub") as d:
        yield d


@settings(max_examples=300, deadline=None)
@given(method=st.sampled_from(METHODS), args=st.lists(js_value, max_size=4))
def test_fuzz_any_arguments_give_business_error_or_result(shared_dev: Device, method: str, args: list) -> None:
    try:
        shared_dev._backend.invoke("wantAgent." + method, args)
    except BusinessError:
        pass


def test_self_referencing_containers_do_not_overflow_the_stack(dev: Device) -> None:
    loop: list = []
    loop.append(loop)
    # An array element is an object with no Want properties to JS: accepted.
    dev.want_agent.get_want_agent({"wants": loop, "operationType": 1, "requestCode": 0})
    # As parameters it cannot be converted: 401.
    with pytest.raises(BusinessError):
        dev.want_agent.get_want_agent(info(extraInfo={"loop": loop}))
    cyclic: dict = {"wants": [want()], "operationType": 1, "requestCode": 0}
    cyclic["extraInfo"] = {"self": cyclic}
    with pytest.raises(BusinessError):
        dev.want_agent.get_want_agent(cyclic)


def test_deep_nesting_is_rejected_not_crashed(dev: Device) -> None:
    deep: Any = 1
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(BusinessError):
        dev.want_agent.get_want_agent(info(extraInfo={"d": deep}))


def test_lone_surrogates_become_replacement_characters(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(parameters={"s": "a\udc80b"})]))
    assert dev.want_agent.get_want(agent).parameters["s"] == "a\ufffdb"


def test_surrogate_pairs_join_as_in_js(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(parameters={"s": "\ud83d\ude80"})]))
    assert dev.want_agent.get_want(agent).parameters["s"] == "\U0001f680"


def test_non_ascii_round_trips(dev: Device) -> None:
    text = "设备 🚀 ünïcödé"
    agent = dev.want_agent.get_want_agent(info(wants=[want(parameters={text: text})]))
    assert dev.want_agent.get_want(agent).parameters == {text: text}


def test_huge_integers_are_js_numbers() -> None:
    assert roundtrip(1 << 70) == float(1 << 70)
    assert roundtrip(-(1 << 63)) == -(1 << 63)


def test_int32_fields_wrap_like_to_int32(dev: Device) -> None:
    # napi_get_value_int32 is ECMAScript ToInt32: 2**32 + 5 -> 5.
    a = dev.want_agent.get_want_agent(info(code=5))
    b = dev.want_agent.get_want_agent(info(code=(1 << 32) + 5))
    c = dev.want_agent.get_want_agent(info(code=5.9))
    assert dev.want_agent.equal(a, b) and dev.want_agent.equal(a, c)


def test_nan_request_code_is_zero(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info(code=0))
    b = dev.want_agent.get_want_agent(info(code=math.nan))
    assert dev.want_agent.equal(a, b)


def test_closed_device_raises_clearly() -> None:
    dev = ohbridge.connect("stub")
    dev.close()
    with pytest.raises(RuntimeError, match="closed"):
        dev.want_agent.get_want_agent(info())


def test_observation_logs_are_bounded(dev: Device) -> None:
    # A soak must not grow memory: the stub keeps the latest 10,000 starts.
    agent = dev.want_agent.get_want_agent(info())
    for i in range(10_050):
        dev.want_agent.trigger(agent, {"code": i})
    starts = dev.stub.started_abilities()
    assert len(starts) == 10_000
    assert starts[-1]["want"]["parameters"]["ohos.extra.param.key.appCloneIndex"] == 0


def test_agent_of_a_closed_device_is_refused_by_later_devices() -> None:
    import gc

    for _ in range(20):  # later devices may be allocated where the dead one was
        old = ohbridge.connect("stub")
        agent = old.want_agent.get_want_agent(info())
        old.close()
        del old
        gc.collect()
        with ohbridge.connect("stub") as new:
            new.want_agent.get_want_agent(info())
            with pytest.raises(BusinessError, match="Parse pWantAgent failed"):
                new.want_agent.get_bundle_name(agent)
