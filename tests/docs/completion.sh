#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# contrib/completions/bash/rt (TAP): each case types a command line, splits it into
# words as readline does ("--opt=val" -> "--opt" "=" "val"), calls the completion
# function, and compares the sorted candidates. Container ids come from a stub rt on
# PATH that records its arguments. The cases run twice: the file alone, and under
# bash-completion's _init_completion when that is installed.
set -u
src=${RT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/dirs/bundle-a" "$tmp/dirs/bundle-b"
: >"$tmp/dirs/file"
cat >"$tmp/bin/rt" <<STUB
#!/bin/sh
echo "\$*" >>"$tmp/rt-args"
printf 'alpha\nalps\nbeta\n'
STUB
chmod +x "$tmp/bin/rt"

# complete LINE: prints the sorted candidates on one line
complete_line() {
	local line=$1 w
	COMP_WORDS=()
	for w in $line; do
		if [[ $w == -*=* ]]; then
			COMP_WORDS+=("${w%%=*}" "=")
			[ -n "${w#*=}" ] && COMP_WORDS+=("${w#*=}")
		else
			COMP_WORDS+=("$w")
		fi
	done
	[[ $line == *' ' ]] && COMP_WORDS+=('')
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_rt
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ *$//'
}

cases=(
	"rt |create delete events exec features help kill list pause ps resume run spec start state update"
	"rt st|start state"
	"rt --log-l|--log-level"
	"rt --log-format |json text"
	"rt --log-format=j|json"
	"rt --cgroup-manager |cgroupfs disabled systemd"
	"rt --debug --root /r ki|kill"
	"rt --root /r kill |alpha alps beta"
	"rt --root=/r kill al|alpha alps"
	"rt kill alpha SIGK|SIGKILL"
	"rt kill alpha KI|KILL"
	"rt kill --all alpha TE|TERM"
	"rt delete -f |alpha alps beta"
	"rt delete alpha |"
	"rt delete --f|--force"
	"rt list -f |json table"
	"rt list --format=t|table"
	"rt list |"
	"rt create |"
	"rt run --d|--detach"
	"rt run --no-|--no-new-keyring --no-pivot --no-subreaper"
	"rt create --bundle $tmp/dirs/bundle-|$tmp/dirs/bundle-a $tmp/dirs/bundle-b"
	"rt create --bundle=$tmp/dirs/b|$tmp/dirs/bundle-a $tmp/dirs/bundle-b"
	"rt create --pid-file $tmp/dirs/f|$tmp/dirs/file"
	"rt exec --cap CAP_SYS_AD|CAP_SYS_ADMIN"
	"rt exec -e A=1 -t |alpha alps beta"
	"rt exec -t alpha |"
	"rt exec --cgroup me|memory:"
	"rt exec --cgroup=p|perf_event: pids:"
	"rt events --interval 5s |alpha alps beta"
	"rt update --memory 1g --pids|--pids-limit"
	"rt update --memory 1g |alpha alps beta"
	"rt ps --format json |alpha alps beta"
	"rt features --|--help"
	"rt help st|start state"
	"rt help state |"
	"rt spec --|--bundle --help --rootless"
)

run_cases() {
	local label=$1 c line want got
	for c in "${cases[@]}"; do
		line=${c%%|*}
		want=${c#*|}
		got=$(cd "$tmp/dirs" && complete_line "$line")
		n=$((n + 1))
		if [ "$got" = "$want" ]; then
			echo "ok $n - $label: '$line'"
		else
			echo "not ok $n - $label: '$line'"
			echo "#   want: '$want'"
			echo "#   got:  '$got'"
			fails=$((fails + 1))
		fi
	done
}

n=0 fails=0
bc=/usr/share/bash-completion/bash_completion
echo "1..$((2 * ${#cases[@]} + 1))"
export PATH="$tmp/bin:$PATH"
(
	# shellcheck source=/dev/null
	source "$src/contrib/completions/bash/rt"
	run_cases "alone"
	exit $fails
)
f1=$?
n=${#cases[@]}
if [ -r "$bc" ]; then
	(
		# shellcheck source=/dev/null
		source "$bc"
		source "$src/contrib/completions/bash/rt"
		declare -F _init_completion >/dev/null || echo "# bash-completion did not define _init_completion"
		run_cases "bash-completion"
		exit $fails
	)
	f2=$?
else
	# Not installed: the same cases again, as the file alone would see them.
	(
		source "$src/contrib/completions/bash/rt"
		run_cases "alone (bash-completion not installed)"
		exit $fails
	)
	f2=$?
fi
n=$((2 * ${#cases[@]} + 1))
if grep -qx -- '--root /r list -q' "$tmp/rt-args" && grep -qx 'list -q' "$tmp/rt-args"; then
	echo "ok $n - ids come from 'rt [--root DIR] list -q'"
else
	echo "not ok $n - ids come from 'rt [--root DIR] list -q'"
	sed 's/^/#   /' "$tmp/rt-args"
	f2=$((f2 + 1))
fi
[ "$f1" -eq 0 ] && [ "$f2" -eq 0 ]
