#!/usr/bin/env bash
# The shell step of action.yml, kept in a file so that tests run it as is
# (tests/action.rs) with a scripted repository.
#
# Inputs (environment): PROMOCASE (the binary), INPUT_CASE, INPUT_BASE,
# INPUT_FAIL_ON, INPUT_AUDIENCE (default shareable: the summary and the
# annotations are read by everyone who can read the pull request's checks);
# GITHUB_STEP_SUMMARY (a file to append to), GITHUB_OUTPUT (the step's
# outputs: verdict, score, regressions, as INPUT_AUDIENCE sees them).
# Exit: 1 when check finds errors or the diff fails as --fail-on says.
set -uo pipefail
promocase="${PROMOCASE/#\~/$HOME}"
case_args=()
[ -n "${INPUT_CASE:-}" ] && case_args=(--case "$INPUT_CASE")
positional=()
[ -n "${INPUT_CASE:-}" ] && positional=("$INPUT_CASE")
audience="${INPUT_AUDIENCE:-shareable}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
status=0

"$promocase" check "${positional[@]}" --format github || status=1

diff_args=(diff "$INPUT_BASE" HEAD "${case_args[@]}" --audience "$audience")
# The summary run says on stderr what was left out; the two runs after it
# read the same case, so they are quiet (-q) rather than say it again.
if "$promocase" "${diff_args[@]}" --format markdown --fail-on never >> "$summary"; then
  "$promocase" -q "${diff_args[@]}" --format github --fail-on "${INPUT_FAIL_ON:-regression}" || status=1
  if json=$("$promocase" -q "${diff_args[@]}" --format json --fail-on never); then
    if command -v jq >/dev/null 2>&1; then
      jq -r '"verdict=\(.to.verdict // "")", "score=\(.to.score // "")", "regressions=\(.regressions)"' \
        <<<"$json" >> "$outputs"
    else
      echo "promocase: jq is not installed: the step's outputs (verdict, score, regressions) are not set" >&2
    fi
  fi
else
  echo "promocase: could not compare $INPUT_BASE with HEAD (see above)" >&2
  status=1
fi
exit "$status"
