#!/usr/bin/env bash
# All tests: install what is missing, build the solution, run every test project, print one summary line.
# ./test.sh --fast: the developer loop, only fixtures in none of the categories dds, torch, sim, slow (docs/testing.md).
# Other arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"
target=SparshRobot.sln
log=$(mktemp)
trap 'rm -f "$log" "${filter:-}"' EXIT
if [[ "${1:-}" == "--fast" ]]; then
  shift
  set -- --filter "TestCategory!=dds&TestCategory!=torch&TestCategory!=sim&TestCategory!=slow" "$@"
  # Projects whose every fixture is in a category (<SparshTestCategories>) have nothing fast: leaving them out of a
  # solution filter spares a test host start each.
  filter=$(mktemp --suffix=.slnf -p .)
  projects=()
  for p in tests/*/*.Tests.csproj; do
    grep -q '<SparshTestCategories>' "$p" || projects+=("\"$p\"")
  done
  printf '{"solution":{"path":"SparshRobot.sln","projects":[%s]}}\n' "$(IFS=,; echo "${projects[*]}")" > "$filter"
  target=$filter
fi
scripts/setup.sh
dotnet build SparshRobot.sln -c Release --nologo -v quiet -clp:NoSummary
status=0
# A test that hangs fails the run after 10 quiet minutes instead of eating CI's whole time budget.
dotnet test "$target" -c Release --no-build --nologo --blame-hang-timeout 10m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test assemblies, e.g. "312 passed, 0 failed, 2 skipped".
awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v)
         if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
