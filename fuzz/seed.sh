#!/usr/bin/env bash
# Seeds the fuzz corpora from the bundled contracts and rule cases (and,
# where it is there, ../shared/corpus/real-specs): fuzz/corpus/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
sep=$'\n%%%%\n'
mkdir -p fuzz/corpus/{load_json,load_yaml,refs,diff}
i=0
for f in contracts/*/*.json cli/tests/cases/*/*.json; do
  cp "$f" "fuzz/corpus/load_json/$((i++)).json"
done
for f in contracts/*/*.yaml cli/tests/cases/*/*.yaml; do
  cp "$f" "fuzz/corpus/load_yaml/$((i++)).yaml"
done
for d in cli/tests/cases/*/; do
  for ext in yaml json; do
    if [ -f "$d/base.$ext" ] && [ -f "$d/revision.$ext" ]; then
      { cat "$d/base.$ext"; printf '%s' "$sep"; cat "$d/revision.$ext"; } > "fuzz/corpus/diff/$((i++))"
    fi
  done
done
{ cat contracts/canonical/order.json; printf '%s' "$sep"; cat contracts/canonical/common.json; } > "fuzz/corpus/refs/$((i++))"
for f in contracts/apis/*.yaml; do
  { cat "$f"; printf '%s' "$sep"; cat contracts/canonical/common.json; } > "fuzz/corpus/refs/$((i++))"
done
if [ -d ../shared/corpus/real-specs ]; then
  find ../shared/corpus/real-specs -type f \( -name '*.json' -o -name '*.yaml' \) -size -400k | head -20 | while read -r f; do
    case "$f" in
      *.json) cp "$f" "fuzz/corpus/load_json/real-$(basename "$f")" ;;
      *) cp "$f" "fuzz/corpus/load_yaml/real-$(basename "$f")" ;;
    esac
  done
fi
echo "seeded: $(ls fuzz/corpus/load_json | wc -l) json, $(ls fuzz/corpus/load_yaml | wc -l) yaml, $(ls fuzz/corpus/refs | wc -l) refs, $(ls fuzz/corpus/diff | wc -l) diff"
