#!/usr/bin/env bash
# Measure promocase against Git's own floor and write BENCHMARKS.md.
#
#   bash bench/run.sh            # full run (N=1k/10k/100k); ~15 minutes on 2 cores
#   QUICK=1 bash bench/run.sh    # fewer runs, no 100k repository
#
# Ratios are measured side by side in one hyperfine run: absolute times on a
# shared machine are noise, ratios much less so.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

command -v hyperfine >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null; }
command -v python3 >/dev/null || { echo "python3 is needed to summarise the results" >&2; exit 1; }

# The commit measured is the one built now, whatever happens to the tree later.
commit=$(git rev-parse --short=10 HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo yes || true)
cargo build --release --locked --bin promocase --example gen-case
P="$root/target/release/promocase"
GEN="$root/target/release/examples/gen-case"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
runs=${RUNS:-10}
[ -n "${QUICK:-}" ] && runs=3

gen() { # name files commits
  if [ ! -d "$work/$1/.git" ]; then
    rm -rf "${work:?}/$1"
    /usr/bin/time -f "%e" -o "$work/$1.gen-seconds" "$GEN" "$work/$1" --files "$2" --commits "$3" --seed 7 >/dev/null
  fi
}
gen n1k 1000 100
gen n10k 10000 1000
[ -z "${QUICK:-}" ] && gen n100k 100000 200

results="$work/results"
rm -rf "$results"; mkdir -p "$results"
hf() { # name cmd-a cmd-b...
  local name=$1; shift
  hyperfine --warmup 2 --runs "$runs" --style none --export-json "$results/$name.json" "$@" >/dev/null
}

cd "$work/n10k"
floor_git='git ls-tree -r HEAD | awk '"'"'{print $3}'"'"' | git cat-file --batch > /dev/null'
hf check-rev -n floor "$floor_git" -n promocase "$P check --rev HEAD"
hf check-wt -n floor 'find evidence promocase.yaml -type f -exec cat {} + > /dev/null' -n promocase "$P check"
hf brief -n check "$P check --rev HEAD" -n brief "$P brief --format md --rev HEAD"
hf diff -n check "$P check --rev HEAD" -n diff "$P diff HEAD~50 HEAD --fail-on never"
hf timeline -n check "$P check --rev HEAD" -n timeline "$P timeline"
/usr/bin/time -f "%M" -o "$results/timeline.maxrss" "$P" timeline >/dev/null
sizes="n1k n10k"; [ -z "${QUICK:-}" ] && sizes="$sizes n100k"
for n in $sizes; do
  cd "$work/$n"
  hf "scale-$n" -n "$n" "$P check --rev HEAD"
  /usr/bin/time -f "%M" -o "$results/scale-$n.maxrss" "$P" check --rev HEAD >/dev/null
done
cd "$root"

python3 - "$results" "$work" "$commit" "$dirty" <<'PY' > BENCHMARKS.md
import json, os, subprocess, sys, statistics
res, work = sys.argv[1], sys.argv[2]
def load(name):
    with open(f"{res}/{name}.json") as f:
        return {r["command"]: r for r in json.load(f)["results"]}
def med(r): return statistics.median(r["times"])
def spread(r): return f'{min(r["times"])*1000:.0f}–{max(r["times"])*1000:.0f}'
def rss(name):
    try: return int(open(f"{res}/{name}.maxrss").read().split()[-1]) / 1024
    except Exception: return None
commit, dirty = sys.argv[3], sys.argv[4]
cpu = next((l.split(":",1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1])/1024/1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
print("# Benchmarks\n")
print(f"Measured by `bench/run.sh` on commit `{commit}`{' (with uncommitted changes)' if dirty else ''}, "
      f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, with hyperfine (warm-up 2, median of the runs). "
      "Times in milliseconds; spread is min–max.\n")
rows = []
def ratio(name, base, test, target, what):
    r = load(name); b, t = r[base], r[test]
    q = med(t) / med(b)
    rows.append((what, f"{med(t)*1000:.0f} ({spread(t)})", f"{med(b)*1000:.0f} ({spread(b)})", f"{q:.2f}x", target, "met" if q <= float(target.strip('<=x ')) else "**not met**"))
ratio("check-rev", "floor", "promocase", "<= 3x", "`check --rev HEAD`, N=10,000 vs `git ls-tree -r HEAD \| git cat-file --batch`")
ratio("check-wt", "floor", "promocase", "<= 3x", "`check` (working tree), N=10,000 vs `find … -exec cat {} +`")
ratio("brief", "check", "brief", "<= 1.5x", "`brief --format md --rev HEAD` vs `check --rev HEAD`")
ratio("diff", "check", "diff", "<= 1.5x", "`diff HEAD~50 HEAD` vs `check --rev HEAD`")
ratio("timeline", "check", "timeline", "<= 5x", "`timeline`, N=10,000, C=1,000 vs `check --rev HEAD`")
print("| scenario | promocase | floor | ratio | target | |\n|---|---|---|---|---|---|")
for r in rows: print("| " + " | ".join(r) + " |")
print("\n## Scaling of `check --rev HEAD`\n")
print("| files | median ms (spread) | peak memory MB | time vs previous | memory vs previous |\n|---|---|---|---|---|")
prev = None
for n in ["n1k", "n10k", "n100k"]:
    if not os.path.exists(f"{res}/scale-{n}.json"): continue
    r = list(load(f"scale-{n}").values())[0]; t = med(r); m = rss(f"scale-{n}")
    tv = f"{t/prev[0]:.1f}x" if prev else "—"; mv = f"{m/prev[1]:.1f}x" if prev and m and prev[1] else "—"
    print(f"| {n[1:]} | {t*1000:.0f} ({spread(r)}) | {m:.0f} | {tv} | {mv} |")
    prev = (t, m)
print(f"\nTarget: 100k <= 12x the 10k time, memory at most linear.\n")
tm = rss("timeline")
print(f"## Peak memory\n\n`timeline`, N=10,000, C=1,000: **{tm:.0f} MB** (target <= 200 MB).\n")
gens = []
for n in ["n1k", "n10k", "n100k"]:
    p = f"{work}/{n}.gen-seconds"
    if os.path.exists(p): gens.append(f"{n[1:]}: {float(open(p).read()):.1f} s")
print("## Generator\n\n`gen-case` wall time: " + ", ".join(gens) + ".\n")
with open("bench/NOTES.md") as f: print(f.read())
PY
# Print the figures (the notes after them are in the file).
sed '/^## What was changed/,$d' BENCHMARKS.md
echo "wrote BENCHMARKS.md"
