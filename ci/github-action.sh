#!/usr/bin/env bash
# The shell step of action.yml, kept in a file so that tests run it as is
# (tests/action.rs) with a scripted repository.
#
# Inputs (environment): PROMOCASE (the binary), INPUT_CASE, INPUT_BASE,
# INPUT_FAIL_ON, INPUT_AUDIENCE; GITHUB_STEP_SUMMARY (a file to append to).
# Exit: 1 when check finds errors or the diff fails as --fail-on says.
set -uo pipefail
promocase="${PROMOCASE/#\~/$HOME}"
case_args=()
[ -n "${INPUT_CASE:-}" ] && case_args=(--case "$INPUT_CASE")
positional=()
[ -n "${INPUT_CASE:-}" ] && positional=("$INPUT_CASE")
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
status=0

"$promocase" check "${positional[@]}" --format github || status=1

if "$promocase" diff "$INPUT_BASE" HEAD "${case_args[@]}" --audience "${INPUT_AUDIENCE:-manager}" \
    --format markdown --fail-on never >> "$summary"; then
  "$promocase" diff "$INPUT_BASE" HEAD "${case_args[@]}" --audience "${INPUT_AUDIENCE:-manager}" \
    --format github --fail-on "${INPUT_FAIL_ON:-regression}" || status=1
else
  echo "promocase: could not compare $INPUT_BASE with HEAD (see above)" >&2
  status=1
fi
exit "$status"
