#!/usr/bin/env bash
# Records new public members of Percepti.Core in PublicAPI.Unshipped.txt: builds the library, takes every
# symbol the PublicApiAnalyzers report as undeclared (RS0016), appends it, and keeps the file sorted.
# Removed members (RS0017) are reported by the build; delete their lines by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
file=src/Percepti.Core/PublicAPI.Unshipped.txt
symbols="$(dotnet build src/Percepti.Core/Percepti.Core.csproj -c Release -nologo 2>&1 \
  | grep -o "RS0016: Symbol '.*' is not part of the declared public API" \
  | sed -E "s/^RS0016: Symbol '(.*)' is not part of the declared public API$/\1/" | sort -u || true)"
if [[ -z "$symbols" ]]; then
  echo "No undeclared public symbols."
  exit 0
fi
{ tail -n +2 "$file"; printf '%s\n' "$symbols"; } | LC_ALL=C sort -u > "$file.new"
{ echo '#nullable enable'; cat "$file.new"; } > "$file"
rm "$file.new"
echo "Recorded $(wc -l <<<"$symbols") symbol(s) in $file."
