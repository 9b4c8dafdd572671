"""Device output written from the printing functions, one sample per variant they can print
(the mission lists are in source_samples_missions.py).

Each sample names the function that prints it and the releases it comes from
(openharmony/ability_ability_runtime unless said otherwise; master 13c4af6fb6 and the
OpenHarmony-3.2/4.1/5.0.0/5.1.0/6.0-Release branches).  The lines are the strings those
functions push, with their indentation; values (ids, names, times) are made up.
"""

from __future__ import annotations

from typing import List

from .sample import Sample, join as _join
from .source_samples_missions import MISSION_SAMPLES

# -- aa dump -p ---------------------------------------------------------------------------------

PENDING_NUMERIC_MASTER = Sample(
    "numeric operation types",
    "services/abilitymgr/src/pending_want_manager.cpp: PendingWantManager::Dump",
    "3.2 to master (the uri lines indented with spaces from 4.0)",
    _join(
        "    PendingWantRecords:",
        "        PendWantRecord ID #3  type #1",
        "        bundle name [com.example.myapplication]",
        "        result who []",
        "        request code #9  flags #1073741824",
        "        resolved type []",
        "        Wants:",
        "          uri [//com.example.myapplication/EntryAbility]",
        "          resolved types []",
        "        PendWantRecord ID #4  type #4",
        "        bundle name [com.example.myapplication]",
        "        result who []",
        "        request code #7  flags #134217728",
        "        resolved type []",
        "        Wants:",
        "          uri [//com.example.myapplication/]",
        "          resolved types []",
        "        PendWantRecord ID #5  type #6",
        "        bundle name [com.example.worker]",
        "        result who []",
        "        request code #0  flags #0",
        "        resolved type []",
        "        Wants:",
        "          uri [//com.example.worker/WorkService]",
        "          resolved types []",
        "          uri [//com.example.worker/OtherService]",
        "          resolved types []",
    ),
)

PENDING_TAB_3_2 = Sample(
    "3.2 tab-indented uri lines",
    "services/abilitymgr/src/pending_want_manager.cpp: PendingWantManager::Dump",
    "3.2",
    _join(
        "    PendingWantRecords:",
        "        PendWantRecord ID #1  type #3",
        "        bundle name [com.example.svc]",
        "        result who [who]",
        "        request code #-1  flags #536870912",
        "        resolved type [text/plain]",
        "        Wants:",
        "  \t    uri [dev1//com.example.svc/SvcAbility]",
        "  \t    resolved types []",
    ),
)

PENDING_EMPTY = Sample(
    "no records (or DumpByRecordId of an id that is not there)",
    "services/abilitymgr/src/pending_want_manager.cpp: PendingWantManager::Dump, DumpByRecordId",
    "3.2 to master",
    _join("    PendingWantRecords:"),
)

PENDING_UNKNOWN_TYPE = Sample(
    "an operation type number this client does not know",
    "services/abilitymgr/src/pending_want_manager.cpp: PendingWantManager::Dump",
    "a later release",
    _join(
        "    PendingWantRecords:",
        "        PendWantRecord ID #8  type #9",
        "        bundle name [com.example.future]",
        "        result who []",
        "        request code #0  flags #0",
        "        resolved type []",
        "        Wants:",
    ),
)

PENDING_SAMPLES: List[Sample] = [PENDING_NUMERIC_MASTER, PENDING_TAB_3_2, PENDING_EMPTY, PENDING_UNKNOWN_TYPE]

# -- aa start -----------------------------------------------------------------------------------

AA_START_OK = Sample("started", "tools/aa/src/ability_command.cpp: RunAsStartAbility", "3.2 to master",
                     "start ability successfully.\n")
AA_START_QUEUED_OLD = Sample(
    "queued (START_ABILITY_WAITING)",
    "tools/aa/src/ability_command.cpp: RunAsStartAbility, messageMap_[START_ABILITY_WAITING]",
    "3.2 to 5.0.0", "start ability successfully. waiting...\n")
AA_START_QUEUED_NEW = Sample(
    "queued (START_ABILITY_WAITING) as aa tool error 10106101",
    "tools/aa/src/ability_command.cpp: RunAsStartAbility, GetAaToolErrorInfo(\"10106101\", ...); "
    "tools/aa/include/shell_command.h: AaToolErrorInfo::ToString",
    "5.1.0 to master",
    "Error Code:10106101  Error Message:Another ability is being started. Wait until it finishes starting\n"
    "Error cause: High system concurrency\n"
    "  Try the following:\n"
    "  > No need to process, just wait for the startup\n"
    "\n")
AA_START_NOT_FOUND_NEW = Sample(
    "no such ability",
    "tools/aa/src/ability_command.cpp: RunAsStartAbility, messageMap_[RESOLVE_ABILITY_ERR]",
    "5.1.0 to master",
    "error: failed to start ability.\n"
    "Error Code:10104001  Error Message:The specified ability does not exist\n"
    "Error cause: The specified Ability is not installed\n"
    "  Try the following:\n"
    "  > Check if the parameter abilityName of aa -a and the parameter bundleName of -b are correct\n"
    "  > Check if the application corresponding to the specified bundleName is installed\n"
    "  > For multi-HAP applications, it is necessary to confirm whether the HAP to which the ability "
    "belongs has been installed\n"
    "\n")
AA_START_NOT_FOUND_OLD = Sample(
    "no such ability",
    "tools/aa/src/ability_command.cpp: RunAsStartAbility, messageMap_[RESOLVE_ABILITY_ERR]",
    "3.2 to 5.0.0",
    "error: failed to start ability.\nerror: resolve ability err.\n")

AA_SAMPLES: List[Sample] = [AA_START_OK, AA_START_QUEUED_OLD, AA_START_QUEUED_NEW, AA_START_NOT_FOUND_NEW,
                            AA_START_NOT_FOUND_OLD]

# -- param get, bm dump -a ------------------------------------------------------------------------

PARAM_VALUE = Sample("a value", "startup_init services/begetctl/param_cmd.c: BShellParamCmdGet", "3.2 to master",
                     "rk3568 \n")
PARAM_EMPTY = Sample("an empty value", "startup_init services/begetctl/param_cmd.c: BShellParamCmdGet",
                     "3.2 to master", " \n")
PARAM_FAIL = Sample("no such parameter", "startup_init services/begetctl/param_cmd.c: BShellParamCmdGet",
                    "3.2 to master", 'Get parameter "const.nothing" fail! errNum is:106!\n')
PARAM_FORBIDDEN = Sample("param get with no name, not allowed",
                         "startup_init services/begetctl/param_cmd.c: BShellParamCmdGet", "3.2 to master",
                         "Error: Forbid to get all parameters\r\n")

PARAM_SAMPLES: List[Sample] = [PARAM_VALUE, PARAM_EMPTY, PARAM_FAIL, PARAM_FORBIDDEN]

BM_LIST_USERS = Sample(
    "bundles of every user",
    "bundlemanager_bundle_framework services/bundlemgr/src/bundle_mgr_host_impl.cpp: "
    "BundleMgrHostImpl::DumpAllBundleInfoNamesByUserId",
    "3.2 to master",
    "ID: 0:\n\tohos.global.systemres\n\tcom.ohos.settings\nID: 100:\n\tcom.ohos.settings\n\tcom.example.a\n")

ALL_SAMPLES: List[Sample] = MISSION_SAMPLES + PENDING_SAMPLES + AA_SAMPLES + PARAM_SAMPLES + [BM_LIST_USERS]
