#!/usr/bin/env bash
# Builds everything, packs Percepti.Core, and runs the test suite (which also inspects the package).
# Exits non-zero when a build, the pack or any test fails.
set -euo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Release}"
packages="$PWD/artifacts/packages"
rm -rf "$packages"

dotnet build Percepti.Core.sln -c "$configuration" -nologo
dotnet pack src/Percepti.Core/Percepti.Core.csproj -c "$configuration" -o "$packages" --no-build -nologo

coverage="$PWD/artifacts/coverage"
rm -rf "$coverage"
log="$(mktemp)"
set +e
# One test project at a time (-m:1): the browser tests and the training tests would otherwise share two cores.
PERCEPTI_PACKAGE_DIR="$packages" dotnet test Percepti.Core.sln -c "$configuration" --no-build -nologo -m:1 \
  --settings eng/coverage.runsettings --results-directory "$coverage" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line that any CI can read: the totals over every test project.
summaries="$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" || true)"
rm -f "$log"
if [[ -n "$summaries" ]]; then
  failed=0; passed=0; skipped=0
  while read -r line; do
    failed=$(( failed + $(sed -E 's/Failed: +([0-9]+).*/\1/' <<<"$line") ))
    passed=$(( passed + $(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line") ))
    skipped=$(( skipped + $(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line") ))
  done <<<"$summaries"
  echo "tests: $passed passed, $failed failed, $skipped skipped"
  # Line coverage of the library (coverlet, Cobertura), from the test project that covers most of it.
  best=0; best_valid=0; best_report=""
  while read -r report; do
    [[ -z "$report" ]] && continue
    covered=$(grep -o 'lines-covered="[0-9]*"' "$report" | head -1 | grep -o '[0-9]*')
    valid=$(grep -o 'lines-valid="[0-9]*"' "$report" | head -1 | grep -o '[0-9]*')
    if (( covered > best )); then best=$covered; best_valid=$valid; best_report=$report; fi
  done <<<"$(find "$coverage" -name coverage.cobertura.xml 2>/dev/null)"
  if (( best_valid > 0 )); then
    echo "coverage: $(( best * 100 / best_valid ))% of Percepti.Core's lines ($best of $best_valid), report in ${best_report#"$PWD/"}"
  else
    echo "coverage: no report found"
  fi
else
  echo "tests: no test summary found"
  status=1
fi
exit "$status"
