"""Parsers on the samples of python/ohbridge/testing/device_tools.py and on variations of them.

Every parser must survive anything (it never raises) and must say what it
could not parse (``problems``), so "no missions" and "output I did not
understand" are never confused.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ohbridge.parsers import (
    parse_aa_result,
    parse_bundle_info,
    parse_bundle_list,
    parse_focus_window,
    parse_mission_list,
    parse_mission_name,
    parse_param,
    parse_pending_wants,
)
from ohbridge.testing.device_tools import (
    AA_START_NOT_FOUND,
    BUNDLE_INFO_SAMPLE,
    LEGACY_SAMPLE,
    PENDING_SAMPLE,
    SCB_DEFAULT_WORLD,
    SCB_REAL_SAMPLE,
    WMS_SAMPLE,
)

# -- aa dump -l ---------------------------------------------------------------------


def test_scb_real_sample_splits_blocks_on_mission_id_not_one_regex() -> None:
    # hmdriver2 #42/#52: one regex up to "isKeepAlive: false\s*}" swallowed both
    # missions and reported the BACKGROUND one as current.
    r = parse_mission_list(SCB_REAL_SAMPLE)
    assert r.layout == "scb"
    assert [m.mission_id for m in r.missions] == [275, 298]
    photos, yang = r.missions
    assert (photos.bundle_name, photos.module_name, photos.ability_name) == (
        "com.huawei.hmos.photos", "phone_photos", "com.huawei.hmos.photos.MainAbility")
    assert photos.state == "BACKGROUND" and photos.start_time == 864068282 and photos.keep_alive is False
    assert photos.ability_record_id == 6842 and photos.ability_type == "PAGE" and photos.user_id == 100
    assert (yang.bundle_name, yang.state, yang.app_state) == ("com.xiaotuo.yang", "FOREGROUND", "FOREGROUND")
    assert yang.foreground and not photos.foreground
    # The spec's elisions ("...") are reported, not silently dropped.
    assert any("..." in p for p in r.problems)


def test_scb_default_world_has_no_problems() -> None:
    r = parse_mission_list(SCB_DEFAULT_WORLD)
    assert r.problems == []
    assert sorted(m.mission_id for m in r.missions) == [1, 2, 3]
    assert r.by_id(3) is not None and r.by_id(3).window_attached is True  # type: ignore[union-attr]


def test_legacy_layout_with_list_types() -> None:
    r = parse_mission_list(LEGACY_SAMPLE)
    assert r.layout == "legacy" and r.problems == []
    assert [(m.mission_id, m.list_type) for m in r.missions] == [(12, "NORMAL"), (1, "LAUNCHER")]
    assert r.missions[1].launcher is True and r.missions[1].keep_alive is True


def test_crlf_and_cr_line_ends_parse_the_same() -> None:
    lf = parse_mission_list(SCB_DEFAULT_WORLD)
    assert parse_mission_list(SCB_DEFAULT_WORLD.replace("\n", "\r\n")).missions == lf.missions
    assert parse_mission_list(SCB_DEFAULT_WORLD.replace("\n", "\r")).missions == lf.missions


def test_missing_fields_leave_defaults_and_say_so() -> None:
    text = "User ID #100\n  current mission lists:{\n    Mission ID #9  lockedState #1\n }\n"
    r = parse_mission_list(text)
    assert [m.mission_id for m in r.missions] == [9] and r.missions[0].locked is True
    assert r.missions[0].bundle_name == "" and r.missions[0].start_time is None
    assert any("no mission name" in p for p in r.problems)
    assert any("no bundle name" in p for p in r.problems)


def test_extra_fields_are_reported_and_known_fields_still_read() -> None:
    text = SCB_DEFAULT_WORLD.replace("        isKeepAlive: false\n",
                                     "        isKeepAlive: false\n        newFieldFromTheFuture: 7\n", 1)
    r = parse_mission_list(text)
    assert len(r.missions) == 3
    assert any("newFieldFromTheFuture" in p for p in r.problems)


def test_truncated_output_keeps_what_it_read() -> None:
    for cut in range(0, len(SCB_DEFAULT_WORLD), 37):
        r = parse_mission_list(SCB_DEFAULT_WORLD[:cut])
        assert all(isinstance(m.mission_id, int) for m in r.missions)
    r = parse_mission_list(SCB_DEFAULT_WORLD[: SCB_DEFAULT_WORLD.index("Mission ID #3") + 40])
    assert [m.mission_id for m in r.missions] == [1, 3]


def test_mission_name_with_clone_index_and_garbage() -> None:
    assert parse_mission_name("#com.a.b:1:entry:Main") == ("com.a.b", 1, "entry", "Main", None)
    assert parse_mission_name("#com.a.b:entry:Main")[:4] == ("com.a.b", 0, "entry", "Main")
    assert parse_mission_name("weird")[4] is not None


def test_not_a_mission_dump() -> None:
    r = parse_mission_list("aa: 'dunp' is not a valid aa command. See 'aa help'.\n")
    assert r.layout == "unknown" and r.missions == [] and r.problems
    assert parse_mission_list("").layout == "empty"
    assert parse_mission_list(None).missions == []


# -- hidumper WMS, aa dump -p, bm, param, aa results --------------------------------------

def test_focus_window() -> None:
    assert parse_focus_window(WMS_SAMPLE.format(focus=298)).window_id == 298
    assert parse_focus_window(WMS_SAMPLE.format(focus=298).replace("\n", "\r\n")).window_id == 298
    r = parse_focus_window("Total window num: 0\n")
    assert r.window_id is None and r.problems


def test_pending_wants_sample() -> None:
    r = parse_pending_wants(PENDING_SAMPLE)
    assert r.problems == []
    a, b = r.records
    assert (a.record_id, a.operation_type, a.bundle_name, a.request_code, a.flags) == (
        1, 1, "com.example.myapplication", 0, 1 << 30)
    assert a.wants[0].bundle_name == "com.example.myapplication" and a.wants[0].ability_name == "EntryAbility"
    assert (b.type_name, b.operation_type, b.request_code) == ("SEND_COMMON_EVENT", 4, 7)


def test_pending_wants_variations() -> None:
    r = parse_pending_wants(PENDING_SAMPLE.replace("type #1", "type #START_SOMETHING_NEW"))
    assert r.records[0].operation_type is None and any("unknown operation type" in p for p in r.problems)
    r = parse_pending_wants("        bundle name [x]\n")
    assert r.records == [] and r.problems


def test_bundle_list_and_info() -> None:
    r = parse_bundle_list("ID: 100:\n\tcom.a\r\n\tcom.b\n")
    assert r.bundles == ["com.a", "com.b"] and r.problems == []
    info = parse_bundle_info(BUNDLE_INFO_SAMPLE.format(bundle="com.a", uid=20010099))
    assert (info.name, info.uid, info.access_token_id) == ("com.a", 20010099, 537000000)
    truncated = parse_bundle_info(BUNDLE_INFO_SAMPLE.format(bundle="com.a", uid=1)[:60])
    assert truncated.info is None and truncated.problems
    assert parse_bundle_info("error: failed to get information\n").problems


def test_param() -> None:
    assert parse_param("rk3568\n").value == "rk3568"
    r = parse_param('Get parameter "const.x" fail! errNum is:106!\n')
    assert r.value is None and r.error == 106
    assert parse_param("").problems


def test_aa_results() -> None:
    assert parse_aa_result("start ability successfully.\n").ok
    assert parse_aa_result("force stop process successfully.\r\n").ok
    r = parse_aa_result(AA_START_NOT_FOUND)
    assert not r.ok and r.code == 10104001 and r.message == "The specified ability does not exist"
    # hypium's "contains fail" rule misfires on names; ours reads the lines.
    assert parse_aa_result("start ability successfully.\n").ok
    r = parse_aa_result("aa: 'x' is not a valid aa command. See 'aa help'.\n")
    assert not r.ok and r.problems


# -- never crash ---------------------------------------------------------------------------

_noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
_lines = st.lists(st.sampled_from(SCB_DEFAULT_WORLD.splitlines() + LEGACY_SAMPLE.splitlines()
                                  + PENDING_SAMPLE.splitlines() + ["", "}", "Mission ID #", "Mission ID #x",
                                                                    "state #", "ready #9", "\x00"]), max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_noise, _lines.map("\n".join), st.binary(max_size=300)))
def test_parsers_never_raise(text: object) -> None:
    for parse in (parse_mission_list, parse_focus_window, parse_pending_wants, parse_bundle_list,
                  parse_bundle_info, parse_param, parse_aa_result):
        parse(text)
