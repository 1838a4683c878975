# bitbake-lite.bash - run a recipe's own shell tasks the way bitbake would,
# for tests/integration/yocto.sh (bitbake and oe-core need downloads).
# Understood: `inherit X` (classes/X.bbclass of the layer), plain
# assignments (=, ?=, +=, :=) of VAR names without overrides, `VAR[flag] +=`
# for do_*[prefuncs], shell functions `name() {` ... `}` (with :class-native
# variants), tasks run in ${B} with oe_runmake/bbfatal/bbnote, prefuncs first,
# under `set -e` as bitbake runs them (plus -x, so the log shows each command).
# Not understood, and so not used by the recipes' tasks: python functions,
# ${@...} inline python, override-qualified assignments (they are skipped).

bb_layer=""
declare -A bb_funcs bb_prefuncs

oe_runmake() { bbnote make $EXTRA_OEMAKE "$@"; make $EXTRA_OEMAKE "$@" || bbfatal "oe_runmake failed"; }
bbnote() { echo "NOTE: $*"; }
bbfatal() { echo "ERROR: $*"; exit 1; }
die() { bbfatal "$@"; }

# bb_parse FILE: read assignments (evaluated now, as bitbake's final values
# would be for the simple cases used) and functions (kept for bb_task).
bb_parse() {
	local file=$1 line name op val fname body=""
	while IFS= read -r line || [ -n "$line" ]; do
		if [ -n "${fname:-}" ]; then
			if [ "$line" = "}" ]; then bb_funcs[$fname]=$body; fname=""; body=""
			else body+="$line"$'\n'; fi
			continue
		fi
		while [[ $line == *\\ ]]; do IFS= read -r more; line="${line%\\} $more"; done
		if [[ $line =~ ^inherit[[:space:]]+([a-z_-]+) ]]; then
			bb_parse "$bb_layer/classes/${BASH_REMATCH[1]}.bbclass"
		elif [[ $line =~ ^([a-zA-Z0-9_:-]+)\(\)[[:space:]]*\{$ ]]; then
			fname=${BASH_REMATCH[1]}
		elif [[ $line =~ ^(do_[a-z_]+)\[prefuncs\][[:space:]]*\+=[[:space:]]*\"(.*)\"$ ]]; then
			bb_prefuncs[${BASH_REMATCH[1]}]+=" ${BASH_REMATCH[2]}"
		elif [[ $line =~ ^([A-Za-z0-9_]+)[[:space:]]*(\?=|\+=|:=|=)[[:space:]]*\"(.*)\"$ ]]; then
			name=${BASH_REMATCH[1]} op=${BASH_REMATCH[2]} val=${BASH_REMATCH[3]}
			case $op in
			'?=') [ -n "${!name+x}" ] && continue ;;
			'+=') val="${!name:-} $val" ;;
			esac
			# Evaluated now, in file order (bitbake expands lazily; the recipes'
			# tasks only read variables set before they run, so this is enough).
			set +u; eval "export $name=\"$val\""; set -u
		fi
	done <"$file"
}

# bb_task TASK [CLASS]: run TASK's prefuncs, then TASK (TASK:class-CLASS if the recipe has it), in ${B}.
bb_task() {
	local t=$1 cls=${2:-} f body
	for f in ${bb_prefuncs[$t]:-}; do
		( cd "$B" && eval "$f() { ${bb_funcs[$f]}
}" && set -ex && $f ) || return 1
	done
	body=${bb_funcs[$t${cls:+:class-$cls}]:-${bb_funcs[$t]:-}}
	[ -n "$body" ] || return 0
	( cd "$B" && eval "task() { $body
}" && set -ex && task )
}
