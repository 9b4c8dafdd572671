"""The parsers over every sample of source_samples.py: the values they must read, and never a crash.

Each test names the printing function whose output it reads (see the sample's ``source``).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ohbridge.parsers import (
    parse_aa_result,
    parse_bundle_list,
    parse_mission_list,
    parse_param,
    parse_pending_wants,
)

from . import source_samples as S
from . import source_samples_missions as M


# -- the mission list -----------------------------------------------------------------------

def test_call_record_lines_belong_to_the_call_record_not_the_mission() -> None:
    # CallRecord::Dump prints "state #REQUESTED start time [...]" under "callee connections:".
    r = parse_mission_list(M.LEGACY_LIST_WITH_CALL_RECORD.text)
    assert r.layout == "legacy" and r.problems == []
    callee, launcher = r.missions
    assert (callee.mission_id, callee.bundle_name, callee.ability_name, callee.list_type) == (
        12, "com.example.callee", "CalleeAbility", "NORMAL")
    assert (callee.state, callee.start_time, callee.app_state) == ("BACKGROUND", 1500, "BACKGROUND")
    assert [(c.record_id, c.caller_uri, c.state, c.start_time) for c in callee.call_records] == [
        (1, "/com.example.caller/entry/CallerAbility", "REQUESTED", 2600),
        (2, "/com.example.other/entry/OtherAbility", "REQUESTING", 2700)]
    assert callee.keep_alive is False and callee.affinity == "com.example.callee"
    assert (launcher.mission_id, launcher.list_type, launcher.launcher, launcher.call_records) == (
        1, "LAUNCHER", True, [])


def test_call_record_without_a_caller_keeps_its_state_on_the_caller_line() -> None:
    r = parse_mission_list(M.CALL_RECORD_WITHOUT_CALLER.text)
    assert r.layout == "scb" and r.problems == []
    (m,) = r.missions
    assert (m.state, m.start_time) == ("FOREGROUND", 900)
    assert [(c.record_id, c.caller_uri, c.state, c.start_time) for c in m.call_records] == [(5, "", "INIT", 0)]


def test_mission_list_manager_dump_reads_neighbours_and_braced_lists() -> None:
    # MissionListManager::Dump: " current mission lists:{" plus the default lists in braces is the
    # legacy layout, not SceneBoard's; Mission::Dump's header carries "ANR State #".
    r = parse_mission_list(M.LEGACY_DUMP_WITH_NEIGHBOURS.text)
    assert r.layout == "legacy" and r.problems == []
    (m,) = r.missions
    assert (m.mission_id, m.locked, m.bundle_name, m.list_type) == (7, True, "com.example.notes", "NORMAL")
    assert (m.previous_ability, m.next_ability) == ("com.ohos.launcher/MainAbility", "")
    assert (m.state, m.start_time, m.window_attached) == ("FOREGROUND", 4200, True)


def test_next_ability_main_name_of_3_2() -> None:
    r = parse_mission_list(M.NEXT_ABILITY_MAIN_NAME_3_2.text)
    assert r.problems == []
    assert (r.missions[0].previous_ability, r.missions[0].next_ability) == ("", "com.example.b/BAbility")


def test_client_configuration_line_of_dump_with_c() -> None:
    r = parse_mission_list(M.SCB_WITH_CLIENT_CONFIGURATION.text)
    assert r.problems == []
    (m,) = r.missions
    assert (m.mission_id, m.affinity, m.configuration) == (88, "com.example.app", '{"ohos.system.colorMode":"light"}')


def test_scb_list_of_4_1_with_a_brace_after_each_mission() -> None:
    r = parse_mission_list(M.SCB_BRACE_PER_MISSION.text)
    assert r.layout == "scb" and r.problems == []
    assert [(m.mission_id, m.bundle_name, m.locked, m.state) for m in r.missions] == [
        (10, "com.example.a", False, "BACKGROUND"), (11, "com.example.b", True, "FOREGROUND")]
    empty = parse_mission_list("User ID #100\n  current mission lists:{\n")
    assert empty.layout == "scb" and empty.missions == [] and empty.problems == []


def test_mission_infos_dump_reads_the_mission_info_fields() -> None:
    # InnerMissionInfo::Dump: the name and the MissionInfo fields each on a line of their own.
    r = parse_mission_list(M.MISSION_INFOS.text)
    assert r.layout == "mission_infos" and r.problems == []
    notes, settings = r.missions
    assert (notes.mission_id, notes.bundle_name, notes.ability_name, notes.running_state, notes.locked,
            notes.continuable, notes.label, notes.icon_path) == (
        5, "com.example.notes", "NoteAbility", 0, True, True, "Notes", "$media:icon")
    assert notes.timestamp == "2026-01-01 10:00:00" and "bundle=com.example.notes" in notes.want_uri
    assert (settings.mission_id, settings.running_state, settings.locked, settings.continuable) == (6, -1, False, False)


def test_bad_list_type_and_missing_user_are_reported_not_silent() -> None:
    for sample in (M.BAD_LIST_TYPE, M.NO_USER):
        r = parse_mission_list(sample.text)
        assert r.missions == [] and r.problems, sample.name
    assert any("No user found" in p for p in parse_mission_list(M.NO_USER.text).problems)


def test_dump_all_sections_after_the_missions_are_not_folded_into_the_last_mission() -> None:
    # DumpSysInner: missions, then ExtensionRecords, PendingWantRecords, AppRunningRecords.
    r = parse_mission_list(M.DUMP_ALL.text)
    assert r.problems == []
    assert r.sections == ["extensions", "pending_wants", "processes"]
    (m,) = r.missions
    assert (m.mission_id, m.bundle_name, m.ability_name, m.state, m.start_time, m.app_state, m.keep_alive) == (
        3, "com.example.myapplication", "EntryAbility", "FOREGROUND", 5000, "FOREGROUND", False)
    assert m.ability_record_id == 11 and m.call_records == []
    sync, float_service = r.extensions
    assert (sync.uri, sync.record_id, sync.state, sync.start_time, sync.main_name, sync.ability_type) == (
        "/com.example.myapplication/entry/SyncServiceAbility", 14, "ACTIVE", 5100, "SyncServiceAbility", "SERVICE")
    assert sync.connection_count == 1 and [(c.bundle_name, c.ability_name, c.state) for c in sync.connections] == [
        ("com.example.myapplication", "EntryAbility", "CONNECTED")]
    assert (float_service.ability_type, float_service.window_type, float_service.window_id,
            float_service.keep_alive) == ("UI_SERVICE", 2, 57, True)
    (pw,) = r.pending_wants
    assert (pw.record_id, pw.operation_type, pw.type_name, pw.flags) == (1, 1, "START_ABILITY", 1 << 30)
    assert [(p.index, p.process_name, p.pid, p.uid, p.state) for p in r.processes] == [
        (0, "com.example.myapplication", 4321, 20010042, "FOREGROUND"),
        (1, "com.ohos.sceneboard", 1200, 20020017, "FOREGROUND")]


def test_dump_all_ui_extension_host_and_provider_pids() -> None:
    r = parse_mission_list(M.DUMP_ALL_UI_EXTENSION.text)
    assert r.problems == [] and r.missions == [] and r.layout == "scb"
    (ext,) = r.extensions
    assert (ext.ability_type, ext.root_host_bundle, ext.root_host_module, ext.root_host_ability, ext.pid) == (
        "UIEXTENSION", "com.example.gallery", "entry", "EntryAbility", 5555)
    host, provider = r.processes
    assert (host.pid, host.uid, host.provider_pids, host.root_caller_pids) == (4444, 20010050, [5555], [])
    assert (provider.process_name, provider.pid, provider.root_caller_pids) == ("com.example.share:share", 5555, [4444])


def test_dump_all_cut_inside_a_section_keeps_the_missions() -> None:
    text = M.DUMP_ALL.text
    for marker in ("ExtensionRecords:", "PendWantRecord ID", "AppRunningRecord ID #1"):
        r = parse_mission_list(text[: text.index(marker) + 5])
        assert [m.mission_id for m in r.missions] == [3] and r.missions[0].state == "FOREGROUND"


# -- aa dump -p -------------------------------------------------------------------------------

def test_pending_wants_numeric_operation_types() -> None:
    # PendingWantManager::Dump: "type #" + std::to_string(GetType()).
    r = parse_pending_wants(S.PENDING_NUMERIC_MASTER.text)
    assert r.problems == []
    assert [(x.record_id, x.operation_type, x.type_name, x.request_code) for x in r.records] == [
        (3, 1, "START_ABILITY", 9), (4, 4, "SEND_COMMON_EVENT", 7), (5, 6, "START_SERVICE_EXTENSION", 0)]
    assert r.records[1].flags == 1 << 27
    assert [(w.bundle_name, w.ability_name) for w in r.records[2].wants] == [
        ("com.example.worker", "WorkService"), ("com.example.worker", "OtherService")]


def test_pending_wants_3_2_tab_indent() -> None:
    r = parse_pending_wants(S.PENDING_TAB_3_2.text)
    assert r.problems == []
    (x,) = r.records
    assert (x.operation_type, x.type_name, x.result_who, x.request_code, x.resolved_type) == (
        3, "START_SERVICE", "who", -1, "text/plain")
    assert (x.wants[0].device_id, x.wants[0].bundle_name, x.wants[0].ability_name) == (
        "dev1", "com.example.svc", "SvcAbility")


def test_pending_wants_empty_is_no_records_and_no_problem() -> None:
    r = parse_pending_wants(S.PENDING_EMPTY.text)
    assert r.records == [] and r.problems == []


def test_pending_wants_unknown_type_number_is_kept_and_reported() -> None:
    r = parse_pending_wants(S.PENDING_UNKNOWN_TYPE.text)
    assert r.records[0].operation_type == 9 and r.records[0].type_name == ""
    assert any("unknown operation type #9" in p for p in r.problems)


# -- aa start -------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", [S.AA_START_QUEUED_OLD, S.AA_START_QUEUED_NEW], ids=lambda s: s.releases)
def test_queued_start_is_its_own_outcome_and_a_success(sample: Any) -> None:
    # RunAsStartAbility: START_ABILITY_WAITING prints no "error: failed to start ability." line.
    r = parse_aa_result(sample.text)
    assert r.ok and r.queued and r.outcome == "queued" and r.problems == []


def test_queued_start_of_5_1_reads_code_cause_and_solution() -> None:
    r = parse_aa_result(S.AA_START_QUEUED_NEW.text)
    assert (r.code, r.message, r.cause, r.solutions) == (
        10106101, "Another ability is being started. Wait until it finishes starting", "High system concurrency",
        ["No need to process, just wait for the startup"])


def test_aa_start_ok_and_failures_of_both_formats() -> None:
    ok = parse_aa_result(S.AA_START_OK.text)
    assert ok.ok and not ok.queued and ok.outcome == "ok"
    new = parse_aa_result(S.AA_START_NOT_FOUND_NEW.text)
    assert (new.ok, new.outcome, new.code, new.message, new.cause) == (
        False, "failed", 10104001, "The specified ability does not exist", "The specified Ability is not installed")
    assert len(new.solutions) == 3
    old = parse_aa_result(S.AA_START_NOT_FOUND_OLD.text)
    assert (old.ok, old.outcome, old.code, old.message) == (False, "failed", None, "error: failed to start ability.")


# -- param get, bm dump -a ----------------------------------------------------------------------

def test_param_get_value_drops_only_the_space_the_tool_adds() -> None:
    # BShellParamCmdGet: "%s \n".
    assert parse_param(S.PARAM_VALUE.text).value == "rk3568"
    assert parse_param("two  \n").value == "two "


def test_param_get_of_an_empty_value_is_the_empty_string() -> None:
    r = parse_param(S.PARAM_EMPTY.text)
    assert r.value == "" and r.error is None and r.problems == []
    assert parse_param(S.PARAM_EMPTY.text.replace("\n", "\r\n")).value == ""


def test_param_get_failures() -> None:
    fail = parse_param(S.PARAM_FAIL.text)
    assert fail.value is None and fail.error == 106
    forbidden = parse_param(S.PARAM_FORBIDDEN.text)
    assert forbidden.value is None and forbidden.problems


def test_bundle_list_of_several_users() -> None:
    # BundleMgrHostImpl::DumpAllBundleInfoNamesByUserId: one "ID: <user>:" block per user.
    r = parse_bundle_list(S.BM_LIST_USERS.text)
    assert r.problems == []
    assert r.by_user == {0: ["ohos.global.systemres", "com.ohos.settings"], 100: ["com.ohos.settings", "com.example.a"]}
    assert r.bundles == ["ohos.global.systemres", "com.ohos.settings", "com.example.a"]


# -- never crash --------------------------------------------------------------------------------

_sample_lines = [line for s in S.ALL_SAMPLES for line in s.text.splitlines()]
_mixed = st.lists(st.sampled_from(_sample_lines + ["", "}", "callee connections:", "CallRecord ID #",
                                                   "caller uri [", "uri [", "AbilityRecord ID #1   state #",
                                                   "type #", "ExtensionRecords:", "AppRunningRecords:"]),
                  max_size=80)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_mixed.map("\n".join), st.sampled_from([s.text for s in S.ALL_SAMPLES]).flatmap(
    lambda t: st.integers(0, len(t)).map(lambda cut: t[:cut]))))
def test_parsers_never_raise_on_the_samples_mixed_or_cut(text: str) -> None:
    for parse in (parse_mission_list, parse_pending_wants, parse_aa_result, parse_param, parse_bundle_list):
        result = parse(text)
        assert isinstance(result.problems, list)


@pytest.mark.parametrize("sample", S.ALL_SAMPLES, ids=lambda s: s.name)
def test_every_sample_names_its_source_and_release(sample: Any) -> None:
    assert ": " in sample.source and sample.releases and sample.text
