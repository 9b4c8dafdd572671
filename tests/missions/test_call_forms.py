"""All three call forms of every distributedMissionManager function: sync, callback, asyncio."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable, List, Optional, Tuple

import pytest

from ohbridge.errors import BusinessError, ParameterError

from .conftest import TABLET, Recorder, mission_of, sync_param


def via_callback(call: Callable[[Any], None]) -> Tuple[Optional[BusinessError], Any]:
    got: List[Tuple[Optional[BusinessError], Any]] = []
    done = threading.Event()

    def cb(err: Optional[BusinessError], data: Any) -> None:
        got.append((err, data))
        done.set()

    call(cb)
    assert done.wait(5)
    return got[0]


def test_call_forms_sync_returns_none_and_raises(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    assert dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks()) is None
    assert dmm.start_sync_remote_missions(sync_param(TABLET)) is None
    assert dmm.stop_sync_remote_missions({"deviceId": TABLET}) is None
    assert dmm.unregister_mission_listener({"deviceId": TABLET}) is None
    with pytest.raises(ParameterError):
        dmm.unregister_mission_listener({"deviceId": TABLET})


def test_call_forms_callback_gets_undefined_err_on_success_and_error_objects_on_failure(
        dev: Any, rec: Recorder, local: str) -> None:
    dmm = dev.distributed_mission_manager
    assert via_callback(lambda cb: dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks(), cb)) == \
        (None, None)
    assert via_callback(lambda cb: dmm.start_sync_remote_missions(sync_param(TABLET), cb)) == (None, None)
    assert via_callback(lambda cb: dmm.stop_sync_remote_missions({"deviceId": TABLET}, cb)) == (None, None)
    assert via_callback(lambda cb: dmm.continue_mission(
        {"srcDeviceId": local, "dstDeviceId": TABLET, "missionId": mission_of(dev, local, "com.example.myapplication"),
         "wantParam": {}}, {"onContinueDone": lambda r: None}, cb)) == (None, None)
    assert via_callback(lambda cb: dmm.unregister_mission_listener({"deviceId": TABLET}, cb)) == (None, None)
    err, data = via_callback(lambda cb: dmm.unregister_mission_listener({"deviceId": TABLET}, cb))
    assert isinstance(err, ParameterError) and data is None


def test_call_forms_raw_callback_success_has_no_error_argument(dev: Any, rec: Recorder) -> None:
    # DMM calls back (undefined, undefined); Python sees both as None.
    got: List[Any] = []
    dev._backend.invoke("distributedMissionManager.registerMissionListener",
                        [{"deviceId": TABLET}, rec.callbacks(), lambda *a: got.append(a)])
    dev.flush()
    assert got == [(None, None)]


def test_call_forms_asyncio_awaitables(dev: Any, rec: Recorder, local: str) -> None:
    async def main() -> None:
        dmm = dev.aio.distributed_mission_manager
        assert await dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks()) is None
        assert await dmm.start_sync_remote_missions(sync_param(TABLET)) is None
        loop = asyncio.get_running_loop()
        done: "asyncio.Future[Any]" = loop.create_future()
        await dmm.continue_mission(
            {"srcDeviceId": local, "dstDeviceId": TABLET,
             "missionId": mission_of(dev, local, "com.example.myapplication"), "wantParam": {}},
            {"onContinueDone": done.set_result})
        result = await asyncio.wait_for(done, 5)
        assert result.result_code == 0
        assert await dmm.stop_sync_remote_missions({"deviceId": TABLET}) is None
        assert await dmm.unregister_mission_listener({"deviceId": TABLET}) is None
        with pytest.raises(ParameterError):
            await dmm.unregister_mission_listener({"deviceId": TABLET})
        # Shape errors (a JS throw) raise at the await, as any coroutine's exception.
        with pytest.raises(ParameterError):
            await dmm.start_sync_remote_missions({"deviceId": TABLET})

    asyncio.run(main())
