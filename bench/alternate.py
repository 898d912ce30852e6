#!/usr/bin/env python3
"""Time commands in turn, one run of each per round, and write the times as
hyperfine's --export-json does (`results[].command` is the name given).

Why not hyperfine: it runs all of one command's runs, then all of the next
one's, so on a shared machine whose speed drifts by tens of percent within
minutes a ratio partly measures the drift. Alternating puts both sides of a
ratio under the same conditions.

    alternate.py RUNS WARMUP OUT.json NAME CMD [NAME CMD ...]
"""
import json
import subprocess
import sys
import time


def main():
    runs, warmup, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    pairs = list(zip(sys.argv[4::2], sys.argv[5::2]))
    times = {name: [] for name, _ in pairs}
    for round_ in range(warmup + runs):
        for name, cmd in pairs:
            start = time.perf_counter()
            done = subprocess.run(["sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            took = time.perf_counter() - start
            if done.returncode != 0:
                sys.exit(f"alternate.py: `{cmd}` exited with {done.returncode}")
            if round_ >= warmup:
                times[name].append(took)
    with open(out, "w") as f:
        json.dump({"results": [{"command": n, "times": times[n]} for n, _ in pairs]}, f)


main()
