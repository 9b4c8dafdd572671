"""WantAgent on the stub: throughput with 10, 1,000 and 100,000 live records.

    python benchmarks/bench_want_agent.py [--quick]

Prints, per live-record count:
  * get_want_agent + trigger pairs per second (sync form, no callback);
  * completion callbacks delivered per second (trigger with a callback,
    counted until the dispatcher has delivered them all);
and the same operations in a plain-Python model of the record map (a dict
index, what a careful pure-Python stub would do) as the reference, with the
ratio side by side.  The real AMS scans its records linearly; the stub
indexes the key so a lookup stays flat as records grow: the last column shows
what a linear scan in Python costs at the same size (sampled).
"""

from __future__ import annotations

import argparse
import queue
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import ohbridge

BUNDLE = "com.example.myapplication"


def info(code: int) -> Dict[str, Any]:
    return {
        "wants": [{"bundleName": BUNDLE, "abilityName": "EntryAbility", "parameters": {"k": code % 7}}],
        "operationType": 1,
        "requestCode": code,
    }


# -- the plain-Python reference --------------------------------------------------------

def _freeze(v: Any) -> Any:
    if isinstance(v, dict):
        return frozenset((k, _freeze(x)) for k, x in v.items())
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    return (type(v), v)


class PyRecordMap:
    """PendingWantManager's record map in plain Python, indexed like the stub's."""

    def __init__(self, linear: bool = False) -> None:
        self.linear = linear
        self.by_key: Dict[Any, Dict[str, Any]] = {}
        self.records: List[Tuple[Any, Dict[str, Any]]] = []
        self.next_code = 0
        self.log: List[Any] = []
        self.events: "queue.SimpleQueue[Optional[Tuple[Callable[..., None], Any]]]" = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._dispatch, daemon=True)
        self.thread.start()

    def _dispatch(self) -> None:
        while True:
            item = self.events.get()
            if item is None:
                return
            fn, data = item
            fn(None, data)

    @staticmethod
    def key(i: Dict[str, Any]) -> Any:
        want = i["wants"][-1]
        return (BUNDLE, i["operationType"], i["requestCode"], want.get("bundleName"), want.get("abilityName"),
                _freeze(want.get("parameters", {})))

    def add(self, i: Dict[str, Any]) -> None:
        """Insert without looking up first (to build a large map quickly)."""
        self.next_code += 1
        rec = {"code": self.next_code, "want": i["wants"][-1], "flags": 1 << 27}
        key = self.key(i)
        self.by_key[key] = rec
        self.records.append((key, rec))

    def get_want_agent(self, i: Dict[str, Any]) -> Dict[str, Any]:
        want = i["wants"][-1]
        key = self.key(i)
        rec: Optional[Dict[str, Any]]
        if self.linear:
            rec = next((r for k, r in self.records if k == key), None)
        else:
            rec = self.by_key.get(key)
        if rec is None:
            self.next_code += 1
            rec = {"code": self.next_code, "want": want, "flags": 1 << 27}
            self.by_key[key] = rec
            self.records.append((key, rec))
        return rec

    def trigger(self, rec: Dict[str, Any], trigger_info: Dict[str, Any],
                callback: Optional[Callable[..., None]] = None) -> None:
        want = dict(rec["want"])
        params = dict(want.get("parameters", {}))
        for k, v in (trigger_info.get("extraInfo") or {}).items():
            params.setdefault(k, v)
        want["parameters"] = params
        self.log.append(want)
        if callback is not None:
            self.events.put((callback, {"want": want, "finalCode": trigger_info["code"]}))

    def flush(self) -> None:
        done = threading.Event()
        self.events.put((lambda e, d: done.set(), None))
        done.wait()

    def close(self) -> None:
        self.events.put(None)


# -- measurement ---------------------------------------------------------------------

def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def bench_stub(live: int, pairs: int) -> Tuple[float, float]:
    with ohbridge.connect("stub") as dev:
        wa = dev.want_agent
        for c in range(live):
            wa.get_want_agent(info(c))
        trig = {"code": 1, "extraInfo": {"x": 1}}
        t0 = time.perf_counter()
        for j in range(pairs):
            wa.trigger(wa.get_want_agent(info(live - 1 - j % live)), trig)
        pair_rate = rate(pairs, time.perf_counter() - t0)

        agent = wa.get_want_agent(info(0))
        count = [0]

        def on_complete(err: Any, data: Any) -> None:
            count[0] += 1

        dev.flush()
        t0 = time.perf_counter()
        for _ in range(pairs):
            wa.trigger(agent, trig, on_complete)
        dev.flush()
        cb_rate = rate(count[0], time.perf_counter() - t0)
        assert count[0] == pairs
        assert dev.stub.pending_want_count == live
    return pair_rate, cb_rate


def bench_python(live: int, pairs: int, linear: bool = False) -> Tuple[float, float]:
    m = PyRecordMap(linear=linear)
    for c in range(live):
        m.add(info(c))
    trig = {"code": 1, "extraInfo": {"x": 1}}
    t0 = time.perf_counter()
    for j in range(pairs):
        m.trigger(m.get_want_agent(info(live - 1 - j % live)), trig)
    pair_rate = rate(pairs, time.perf_counter() - t0)
    rec = m.get_want_agent(info(0))
    count = [0]

    def on_complete(err: Any, data: Any) -> None:
        count[0] += 1

    t0 = time.perf_counter()
    for _ in range(pairs):
        m.trigger(rec, trig, on_complete)
    m.flush()
    cb_rate = rate(count[0], time.perf_counter() - t0)
    m.close()
    return pair_rate, cb_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer iterations (a smoke run)")
    args = parser.parse_args()
    pairs = 5_000 if args.quick else 50_000
    print(f"ohbridge {ohbridge.__version__}: WantAgent on the stub, {pairs} operations per figure\n")
    header = (f"{'live records':>12} | {'stub pairs/s':>13} {'python pairs/s':>15} {'ratio':>6} | "
              f"{'stub cb/s':>11} {'python cb/s':>12} {'ratio':>6} | {'linear-scan pairs/s':>19}")
    print(header)
    print("-" * len(header))
    for live in (10, 1_000, 100_000):
        s_pairs, s_cb = bench_stub(live, pairs)
        p_pairs, p_cb = bench_python(live, pairs)
        lin_pairs, _ = bench_python(live, max(50, pairs // (1 + live // 100)), linear=True)
        print(f"{live:>12,} | {s_pairs:>13,.0f} {p_pairs:>15,.0f} {s_pairs / p_pairs:>5.1f}x | "
              f"{s_cb:>11,.0f} {p_cb:>12,.0f} {s_cb / p_cb:>5.1f}x | {lin_pairs:>19,.0f}")


if __name__ == "__main__":
    main()
