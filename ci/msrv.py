#!/usr/bin/env python3
"""Checks that Cargo.toml's rust-version is what the lock file needs.

Only the one stable toolchain can be installed on CI's machines, so instead of
building with the minimum toolchain this compares the package's rust-version
with the highest rust-version of any locked dependency (`cargo metadata`,
dev-dependencies included: `cargo test` needs them). Exit 1 when they differ,
naming the dependency that sets the minimum.
"""
import json
import subprocess
import sys


def version(v):
    return tuple(int(x) for x in v.split("."))[:2]


def main():
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        check=True, capture_output=True, text=True,
    ).stdout
    meta = json.loads(out)
    ours = next(p for p in meta["packages"] if p["name"] == "promocase")
    deps = [p for p in meta["packages"] if p["name"] != "promocase" and p.get("rust_version")]
    need = max(deps, key=lambda p: version(p["rust_version"]))
    declared = ours.get("rust_version") or "0"
    if version(declared) != version(need["rust_version"]):
        print(f"rust-version is {declared} in Cargo.toml, but {need['name']} {need['version']} "
              f"in Cargo.lock needs {need['rust_version']}: set rust-version = "
              f"\"{'.'.join(map(str, version(need['rust_version'])))}\"", file=sys.stderr)
        return 1
    print(f"rust-version {declared}: what the lock needs ({need['name']} {need['version']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
