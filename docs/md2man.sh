#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# md2man.sh IN.md OUT: go-md2man, then what it leaves undone: "-" as "\-" (the ASCII
# minus of options, also in headings) and no hyphenation or justification after .TH.
set -eu
GO_MD2MAN=${GO_MD2MAN:-go-md2man}
"$GO_MD2MAN" -in "$1" -out "$2.tmp"
sed -e '/^\.S[HS] /s/-/\\-/g' -e '/^\./!s/-/\\-/g' -e '/^\.TH /a .nh\n.ad l' "$2.tmp" >"$2.tmp2"
rm -f "$2.tmp"
mv "$2.tmp2" "$2"
