"""The three call forms (sync, AsyncCallback, asyncio) and their threading."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any, List

import pytest

from ohbridge import BusinessError, CompleteData, Device, WantAgent
from ohbridge.errors import InvalidWantAgentError, ParameterError

from .conftest import OWN_BUNDLE, info


def test_callback_form_success_is_null_err_and_value(dev: Device) -> None:
    got: List[Any] = []
    assert dev.want_agent.get_want_agent(info(), callback=lambda e, d: got.append((e, d))) is None
    dev.flush()
    (err, agent), = got
    assert err is None and isinstance(agent, WantAgent)


def test_callback_form_runs_on_the_dispatcher_thread(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info())
    threads: List[int] = []
    dev.want_agent.get_bundle_name(agent, callback=lambda e, d: threads.append(threading.get_ident()))
    dev.flush()
    assert threads and threads[0] != threading.get_ident()


def test_callback_form_async_error_goes_to_err(dev: Device) -> None:
    hollow = dev.want_agent.get_want_agent(info(flags=[1]))
    got: List[Any] = []
    dev.want_agent.get_uid(hollow, callback=lambda e, d: got.append((e, d)))
    dev.flush()
    (err, data), = got
    assert isinstance(err, InvalidWantAgentError) and data is None


def test_callback_form_sync_error_still_raises_at_the_call(dev: Device) -> None:
    got: List[Any] = []
    with pytest.raises(ParameterError):
        dev.want_agent.get_uid("x", callback=lambda e, d: got.append(e))  # type: ignore[arg-type]
    dev.flush()
    assert got == []


def test_callback_exception_is_logged_and_dispatcher_survives(dev: Device, caplog: pytest.LogCaptureFixture) -> None:
    agent = dev.want_agent.get_want_agent(info())

    def boom(err: Any, data: Any) -> None:
        raise RuntimeError("user bug")

    with caplog.at_level(logging.ERROR, logger="ohbridge.callbacks"):
        dev.want_agent.get_uid(agent, callback=boom)
        dev.flush()
    assert any("boom" in r.getMessage() and r.exc_info for r in caplog.records)
    got: List[Any] = []
    dev.want_agent.get_uid(agent, callback=lambda e, d: got.append(d))
    dev.flush()
    assert got == [dev.stub.caller["uid"]]


def test_asyncio_form_same_names_and_results(dev: Device) -> None:
    async def main() -> None:
        agent = await dev.aio.want_agent.get_want_agent(info())
        assert await dev.aio.want_agent.get_bundle_name(agent) == OWN_BUNDLE
        assert await dev.aio.want_agent.get_uid(agent) == dev.stub.caller["uid"]
        assert await dev.aio.want_agent.get_operation_type(agent) == 1
        assert (await dev.aio.want_agent.get_want(agent)).bundle_name == OWN_BUNDLE
        assert await dev.aio.want_agent.equal(agent, agent)
        data = await dev.aio.want_agent.trigger_async(agent, {"code": 3})
        assert data.final_code == 3
        assert await dev.aio.want_agent.cancel(agent) is None

    asyncio.run(main())


def test_asyncio_form_async_error_raises_on_await(dev: Device) -> None:
    async def main() -> None:
        hollow = await dev.aio.want_agent.get_want_agent(info(flags=[1]))
        pending = dev.aio.want_agent.get_uid(hollow)  # no error yet
        with pytest.raises(InvalidWantAgentError):
            await pending

    asyncio.run(main())


def test_asyncio_form_sync_error_raises_at_the_await(dev: Device) -> None:
    # A coroutine function raises nothing when called: the JS throw comes at the first await,
    # before the call has anything to wait for.
    async def main() -> None:
        call = dev.aio.want_agent.get_uid(42)  # type: ignore[arg-type]
        with pytest.raises(ParameterError):
            await call

    asyncio.run(main())


def test_asyncio_trigger_callback_runs_in_the_loop(dev: Device) -> None:
    async def main() -> None:
        loop_thread = threading.get_ident()
        done: "asyncio.Future[Any]" = asyncio.get_running_loop().create_future()

        def on_complete(err: Any, data: Any) -> None:
            done.set_result((threading.get_ident(), data))

        agent = await dev.aio.want_agent.get_want_agent(info())
        await dev.aio.want_agent.trigger(agent, {"code": 8}, callback=on_complete)
        thread, data = await asyncio.wait_for(done, 10)
        assert thread == loop_thread
        assert isinstance(data, CompleteData) and data.final_code == 8

    asyncio.run(main())


def test_asyncio_gather_many(dev: Device) -> None:
    async def main() -> None:
        agents = await asyncio.gather(*(dev.aio.want_agent.get_want_agent(info(code=i)) for i in range(50)))
        names = await asyncio.gather(*(dev.aio.want_agent.get_bundle_name(a) for a in agents))
        assert names == [OWN_BUNDLE] * 50

    asyncio.run(main())


def test_business_error_carries_code_and_message() -> None:
    from ohbridge.errors import MissionNotFoundError, error_for

    e = error_for(29360221, "m")
    assert isinstance(e, MissionNotFoundError) and isinstance(e, BusinessError)
    assert isinstance(error_for(16300502, "m"), MissionNotFoundError)
    assert (e.code, e.message, str(e)) == (29360221, "m", "[29360221] m")
    assert type(error_for(123, "x")) is BusinessError
    import pickle

    assert pickle.loads(pickle.dumps(e)).code == 29360221


def test_threads_share_one_device(dev: Device) -> None:
    errors: List[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(200):
                a = dev.want_agent.get_want_agent(info(code=n * 1000 + i))
                dev.want_agent.trigger(a, {"code": i}, lambda e, d: None)
                assert dev.want_agent.get_bundle_name(a) == OWN_BUNDLE
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert dev.flush()
    assert dev.stub.pending_want_count == 1600
