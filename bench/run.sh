#!/usr/bin/env bash
# Measure promocase against Git's own floor and write BENCHMARKS.md.
#
#   bash bench/run.sh            # full run (N=1k/10k/100k); ~15 minutes on 2 cores
#   QUICK=1 bash bench/run.sh    # fewer runs, no 100k repository
#
# Ratios are measured side by side, the two commands run in turn
# (bench/alternate.py): absolute times on a shared machine are noise, ratios
# of alternated runs much less so.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

command -v python3 >/dev/null || { echo "python3 is needed to summarise the results" >&2; exit 1; }

# The commit measured is the one built now, whatever happens to the tree later.
commit=$(git rev-parse --short=10 HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo yes || true)
cargo build --release --locked --bin promocase --example gen-case
target="${CARGO_TARGET_DIR:-$root/target}"
P="$target/release/promocase"
GEN="$target/release/examples/gen-case"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
runs=${RUNS:-10}
[ -n "${QUICK:-}" ] && runs=3

gen() { # name files commits [repack|aggressive] [cases] [shape]
  if [ ! -d "$work/$1/.git" ]; then
    rm -rf "${work:?}/$1" "${work:?}/$1.loose-tmp"
    /usr/bin/time -f "%e" -o "$work/$1.gen-seconds" "$GEN" "$work/$1" --files "$2" --commits "$3" --seed 7 ${4:+--pack "$4"} ${5:+--cases "$5"} ${6:+--shape "$6"} >/dev/null
  fi
}
# As users have them: cloned and packed with deltas (the headline), and the
# same history with longer delta chains (gc --aggressive); loose objects, as
# gen-case writes them, for comparison.
gen p1k 1000 100 repack
gen p10k 10000 1000 repack
gen g10k 10000 1000 aggressive
gen n10k 10000 1000
[ -z "${QUICK:-}" ] && gen p100k 100000 200 repack
# calibrate: 500 cases of 50 files, against check of one case of as many files.
gen c500 50 1 repack 500
gen p25k 25000 100 repack
# Other history shapes for timeline (bench/NOTES.md, "History shapes").
gen w10k 10000 1000 repack "" wide
gen b10k 10000 1000 repack "" bursty

results="$work/results"
rm -rf "$results"; mkdir -p "$results"
hf() { # name -n name-a cmd-a -n name-b cmd-b...
  # Alternated runs (bench/alternate.py says why), in hyperfine's JSON.
  local name=$1; shift
  local args=()
  while [ $# -gt 0 ]; do args+=("$2" "$3"); shift 3; done
  python3 "$root/bench/alternate.py" "$runs" 2 "$results/$name.json" "${args[@]}"
}
rss() { # name cmd...
  local name=$1; shift
  /usr/bin/time -f "%M" -o "$results/$name.maxrss" "$@" >/dev/null
}

floor_git='git ls-tree -r HEAD | awk '"'"'{print $3}'"'"' | git cat-file --batch > /dev/null'
# Git listing every commit's changes and reading every distinct blob they name.
floor_log='git log --raw --no-abbrev --format= HEAD | awk '"'"'{print $4}'"'"' | sort -u | grep -v "^0*$" | git cat-file --batch > /dev/null'
cd "$work/p10k"
hf check-rev -n floor "$floor_git" -n promocase "$P check --rev HEAD"
hf check-wt -n floor 'find evidence promocase.yaml -type f -exec cat {} + > /dev/null' -n promocase "$P check"
hf brief -n check "$P check --rev HEAD" -n brief "$P brief --format md --rev HEAD"
hf diff -n check "$P check --rev HEAD" -n diff "$P diff HEAD~50 HEAD --fail-on never"
hf timeline -n floor "$floor_log" -n timeline "$P timeline"
rss timeline "$P" timeline
cd "$work/w10k"
hf timeline-wide -n floor "$floor_log" -n timeline "$P timeline"
cd "$work/b10k"
hf timeline-bursty -n floor "$floor_log" -n timeline "$P timeline"
# A real case: the shipped example, its brief against its check.
cd "$root/examples/alex-rivera"
hf example-brief -n check "$P check" -n brief "$P brief --format md"
cd "$work/g10k"
hf gc-check-rev -n floor "$floor_git" -n promocase "$P check --rev HEAD"
hf gc-timeline -n floor "$floor_log" -n timeline "$P timeline"
cd "$work"
hf calibrate -n check "$P check --rev HEAD $work/p25k" -n calibrate "$P calibrate --rev HEAD $work/c500/cases --format json"
cd "$work/n10k"
hf loose-check-rev -n floor "$floor_git" -n promocase "$P check --rev HEAD"
hf loose-timeline -n floor "$floor_log" -n timeline "$P timeline"
sizes="p1k p10k"; [ -z "${QUICK:-}" ] && sizes="$sizes p100k"
# The sizes in turn too, so that "100k vs 10k" is a ratio of neighbours.
scale=()
for n in $sizes; do
  scale+=(-n "$n" "cd '$work/$n' && '$P' check --rev HEAD")
  (cd "$work/$n" && rss "scale-$n" "$P" check --rev HEAD)
done
hf scale "${scale[@]}"
cd "$root"

python3 - "$results" "$work" "$commit" "$dirty" "$runs" <<'PY' > BENCHMARKS.md
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
      f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, commands of a row run in turn (warm-up 2, median of {sys.argv[5]} runs). "
      "Times in milliseconds; spread is min–max.\n")
rows = []
def ratio(name, base, test, target, what):
    r = load(name); b, t = r[base], r[test]
    q = med(t) / med(b)
    met = "" if not target else ("met" if q <= float(target.strip('<=x ')) else "**not met**")
    rows.append((what, f"{med(t)*1000:.0f} ({spread(t)})", f"{med(b)*1000:.0f} ({spread(b)})", f"{q:.2f}x", target or "—", met))
ratio("check-rev", "floor", "promocase", "<= 1.2x", "`check --rev HEAD`, 10k files, packed, vs `git ls-tree -r HEAD \| git cat-file --batch`")
ratio("check-wt", "floor", "promocase", "<= 2x", "`check` (working tree), 10k files, vs `find … -exec cat {} +`")
ratio("brief", "check", "brief", "<= 1.35x", "`brief --format md --rev HEAD` vs `check --rev HEAD`")
ratio("diff", "check", "diff", "<= 1.2x", "`diff HEAD~50 HEAD` vs `check --rev HEAD`")
ratio("timeline", "floor", "timeline", "<= 2x", "`timeline`, 10k files, 1k commits, packed, vs `git log --raw` + `cat-file --batch` of every blob it names")
ratio("timeline-wide", "floor", "timeline", "<= 2x", "`timeline`, `gen-case --shape wide` (16 team folders by year, every commit touching many), vs the same floor")
ratio("timeline-bursty", "floor", "timeline", "<= 2x", "`timeline`, `gen-case --shape bursty` (9/10 of the files in 1/10 of the commits), vs the same floor")
ratio("example-brief", "check", "brief", "<= 3x", "`brief --format md` vs `check` on the shipped example (a real case)")
ratio("calibrate", "check", "calibrate", "<= 1.3x", "`calibrate`, 500 cases of 50 files, vs `check --rev HEAD` of one case of 25,000 files")
ratio("gc-check-rev", "floor", "promocase", "", "`check --rev HEAD` after `git gc --aggressive`, vs the same floor")
ratio("gc-timeline", "floor", "timeline", "", "`timeline` after `git gc --aggressive`, vs its floor")
ratio("loose-check-rev", "floor", "promocase", "", "`check --rev HEAD`, loose objects (as gen-case writes them), vs the floor")
ratio("loose-timeline", "floor", "timeline", "", "`timeline`, loose objects, vs its floor")
print("| scenario | promocase | floor | ratio | target | |\n|---|---|---|---|---|---|")
for r in rows: print("| " + " | ".join(r) + " |")
print("\n## Scaling of `check --rev HEAD` (packed)\n")
print("| files | median ms (spread) | peak memory MB | time vs previous | memory vs previous |\n|---|---|---|---|---|")
prev = None
for n in ["p1k", "p10k", "p100k"]:
    if n not in load("scale"): continue
    r = load("scale")[n]; t = med(r); m = rss(f"scale-{n}")
    tv = f"{t/prev[0]:.1f}x" if prev else "—"; mv = f"{m/prev[1]:.1f}x" if prev and m and prev[1] else "—"
    print(f"| {n[1:]} | {t*1000:.0f} ({spread(r)}) | {m:.0f} | {tv} | {mv} |")
    prev = (t, m)
print(f"\nTargets: 100k <= 11x the 10k time; peak memory of `check` on 100k files <= 300 MB.\n")
tm = rss("timeline")
print(f"## Peak memory\n\n`timeline`, 10k files, 1k commits, packed: **{tm:.0f} MB** (target <= 150 MB).\n")
gens = []
for n in ["p1k", "p10k", "g10k", "n10k", "p100k", "c500", "p25k", "w10k", "b10k"]:
    p = f"{work}/{n}.gen-seconds"
    if os.path.exists(p): gens.append(f"{n}: {float(open(p).read()):.1f} s")
print("## Generator\n\n`gen-case` wall time (p: cloned and `repack -adf`; g: `gc --aggressive`; n: loose): " + ", ".join(gens) + ".\n")
with open("bench/NOTES.md") as f: print(f.read())
PY
# Print the figures (the notes after them are in the file).
sed '/^## What was changed/,$d' BENCHMARKS.md
echo "wrote BENCHMARKS.md"
