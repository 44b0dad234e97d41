#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: tests/regen-accept.sh NEW GOLDEN README
#
# Re-recording a golden file (KPI_REGEN in tests/lib.sh's golden,
# tests/vm/record-guest.sh): prints the diff it would accept, then copies
# NEW over GOLDEN only when README (the fixture's README.md) records why,
# in a line
#   - regen PATH HASH: WHY
# PATH is GOLDEN relative to README's directory, HASH the first 12 hex
# digits of NEW's SHA-256: the reason names this very content, so a
# reason written for one change does not wave the next one through.
# Exit 0: GOLDEN already equal to NEW, or accepted; 1: refused (GOLDEN
# unchanged, and the line to add is printed); 2: usage.
[ $# -eq 3 ] && [ -f "$1" ] || { echo "usage: regen-accept.sh NEW GOLDEN README" >&2; exit 2; }
new=$1 gold=$2 readme=$3
if [ -f "$gold" ] && cmp -s "$new" "$gold"; then exit 0; fi
dir=$(cd "$(dirname "$readme")" && pwd) || exit 2
gdir=$(cd "$(dirname "$gold")" && pwd) || exit 2
rel=${gdir#"$dir"}; rel=${rel#/}; rel=${rel:+$rel/}$(basename "$gold")
hash=$(sha256sum <"$new" | cut -c1-12)
old=$gold; [ -f "$gold" ] || old=/dev/null
diff -u --label "$rel (recorded)" --label "$rel (new)" "$old" "$new"
why=$(grep -E "^- regen $rel $hash: .*[^ ]" "$readme" 2>/dev/null | head -n 1 | sed "s|^- regen $rel $hash: ||")
if [ -z "$why" ]; then
	echo "regen refused: $readme records no reason for this $rel; after reviewing the diff above, add the line"
	echo "- regen $rel $hash: WHY THE OUTPUT CHANGED"
	exit 1
fi
cp "$new" "$gold" || exit 1
echo "regen accepted: $rel ($hash): $why"
