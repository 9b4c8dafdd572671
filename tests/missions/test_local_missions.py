"""The local mission list through dev.missions.

Every error is the inner code the AbilityManagerService / MissionListManager function returns
for that input, mapped by GetJsErrorCodeByNativeError (INNER_TO_JS_ERROR_CODE_MAP in
ability_ability_runtime frameworks/native/ability/native/ability_business_error/
ability_business_error.cpp); tests/missions/test_mission_list_errors.py holds one test per rule.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, List, Optional

import pytest

from ohbridge.errors import BusinessError, NotSystemAppError, ParameterError, PermissionDeniedError
from ohbridge.mission_model import MissionInfo

from .conftest import TABLET, mission_of


def test_get_mission_infos_local_most_recent_first(dev: Any, local: str) -> None:
    infos = dev.missions.get_mission_infos("", 10)
    assert [m.label for m in infos] == ["My Application", "Camera", "Settings"]
    assert infos == dev.missions.get_mission_infos(local, 10)  # the local id is local too
    assert len(dev.missions.get_mission_infos("", 2)) == 2
    assert infos[0].continuable and infos[0].timestamp and infos[0].ability_state == 9  # FOREGROUND: ability_state.h AAFwk::AbilityState


def test_get_mission_infos_negative_num_max_is_16000050(dev: Any) -> None:
    with pytest.raises(BusinessError) as e:
        dev.missions.get_mission_infos("", -1)
    assert (e.value.code, e.value.message) == (16000050, "Internal error.")


def test_get_mission_info_and_snapshot_local(dev: Any) -> None:
    camera = mission_of(dev, "", "com.ohos.camera")
    info = dev.missions.get_mission_info("", camera)
    assert isinstance(info, MissionInfo) and info.want.ability_name == "MainAbility"
    snap = dev.missions.get_mission_snapshot("", camera)
    low = dev.missions.get_low_resolution_mission_snapshot("", camera)
    assert snap.snapshot.width == 2 * low.snapshot.width
    with pytest.raises(BusinessError, match="16000050"):
        dev.missions.get_mission_info("", 999)
    with pytest.raises(BusinessError, match="16000050"):
        dev.missions.get_mission_snapshot("", 999)


def test_move_mission_to_front(dev: Any) -> None:
    settings = mission_of(dev, "", "com.ohos.settings")
    dev.missions.move_mission_to_front(settings)
    assert dev.missions.get_mission_infos("", 1)[0].mission_id == settings
    with pytest.raises(BusinessError, match="16000050"):
        dev.missions.move_mission_to_front(999)


def test_locked_mission_survives_clean_all_but_not_clean_mission(dev: Any) -> None:
    camera = mission_of(dev, "", "com.ohos.camera")
    dev.missions.lock_mission_for_cleanup(camera)
    assert dev.missions.get_mission_info("", camera).locked_state
    dev.missions.clean_all_missions()
    assert [m.mission_id for m in dev.missions.get_mission_infos("", 10)] == [camera]
    dev.missions.unlock_mission_for_cleanup(camera)
    assert not dev.missions.get_mission_info("", camera).locked_state
    dev.missions.lock_mission_for_cleanup(camera)
    dev.missions.clean_mission(camera)  # cleanMission never reads the lock
    assert dev.missions.get_mission_infos("", 10) == []


def test_local_mission_calls_check_system_app_then_manage_missions(dev: Any) -> None:
    dev.stub.set_caller(system_app=False)
    with pytest.raises(NotSystemAppError):
        dev.missions.get_mission_infos("", 5)
    dev.stub.set_caller(system_app=True, permissions=[])
    with pytest.raises(PermissionDeniedError):
        dev.missions.clean_mission(1)


def test_local_mission_argument_errors_throw_401(dev: Any) -> None:
    with pytest.raises(ParameterError, match="deviceId"):
        dev.missions.get_mission_infos(5, 5)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="numMax"):
        dev.missions.get_mission_infos("", "5")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="Too few"):
        dev._backend.invoke("missionManager.getMissionInfo", [""])


def test_remote_mission_info_reads_the_synced_cache(dev: Any, rec: Any) -> None:
    with pytest.raises(BusinessError, match="16000050"):  # not synced: ERR_NULL_OBJECT from DMS
        dev.missions.get_mission_info(TABLET, 1)
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions({"deviceId": TABLET, "fixConflict": False, "tag": 0})
    assert dev.missions.get_mission_info(TABLET, 1).label == "Settings"
    with pytest.raises(ParameterError):
        dev.missions.get_mission_infos(TABLET, 0)  # numMax must be > 0 for a remote device: INVALID_PARAMETERS_ERR


def test_local_missions_callback_and_asyncio_forms(dev: Any) -> None:
    got: List[Any] = []
    done = threading.Event()

    def cb(err: Optional[BusinessError], data: Any) -> None:
        got.append((err, data))
        done.set()

    dev.missions.get_mission_infos("", 1, callback=cb)
    assert done.wait(5) and got[0][0] is None and len(got[0][1]) == 1

    async def main() -> None:
        infos = await dev.aio.missions.get_mission_infos("", 10)
        assert len(infos) == 3
        with pytest.raises(BusinessError, match="16000050"):
            await dev.aio.missions.get_mission_info("", 999)
    asyncio.run(main())
