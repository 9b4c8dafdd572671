// The OpenHarmony release a simulated device behaves like.  Behaviour that
// changed between releases is switched here, in one place, so that a test can
// ask for "an API 11 device" and get that release's codes and quirks.
#pragma once

namespace ohbridge {

struct ApiProfile {
    // API level: 9 = 3.2, 10 = 4.0, 11 = 4.1, 12 = 5.0, 18 = 5.1, 20 = 6.0.
    int api_version = 20;

    // Commit 7b9131d5a0 (5.0): DMS and NAPI switched four codes to 2936022x.
    bool raw_dms_codes() const { return api_version >= 12; }
    // notifyNetDisconnect was wired in Nov 2024 (a4b58782), 5.1.0-Release.
    bool fires_net_disconnect() const { return api_version >= 18; }
    // 3.2 DMS did not check the uuid of the device id on registration.
    bool accepts_unknown_listener_device() const { return api_version <= 9; }
    // 3.2: continueMission argc had to be 2 or 3; trigger's argc error said
    // "Invalid input parameter."; CompleteData had no `info`.
    bool legacy_api9() const { return api_version <= 9; }
    // Commit 8466cac1e9 (Jan 2024, first in 5.0): no JS callback for a
    // canceled record.  Before it the finished receiver was called with
    // resultData "canceled" and JS saw a completion.
    bool suppresses_canceled_completion() const { return api_version >= 12; }
};

}  // namespace ohbridge
