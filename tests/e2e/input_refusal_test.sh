#!/usr/bin/env bash
# Input safety (issue 14): config, exclude, blocklist and fingerprint files with bad syntax,
# invalid regexes or missing fields are refused before anything is probed or stored, with
# exit 1 and an error naming the file, the line and the reason. Each case runs `batch` on
# one loopback address with a fresh store path, which must not be created.
# Run inside scripts/netns-run (nothing should connect; if a case did, only to 127.9.0.1).
set -euo pipefail
: "${IOTPROBE_BIN:?}" "${IOTPROBE_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
printf 'ip\n127.9.0.1\n' >"$work/input.csv"
cases=0

# usage: make_config NAME [extra config lines…] -> $work/NAME/iotprobe.conf, a copy of the
# shipped config with its own blocklist and fingerprints, plus the extra lines.
make_config() {
  local dir="$work/$1"
  shift
  mkdir -p "$dir"
  cp -r "$IOTPROBE_SOURCE_DIR/config/fingerprints" "$IOTPROBE_SOURCE_DIR/config/blocklist.conf" "$dir/"
  cp "$IOTPROBE_SOURCE_DIR/config/iotprobe.conf" "$dir/iotprobe.conf"
  local line
  for line in "$@"; do echo "$line" >>"$dir/iotprobe.conf"; done
}

# usage: refused NAME WHERE REASON -> batch with $work/NAME/iotprobe.conf exits 1, its error
# contains WHERE (file:line) and REASON, and no store was created.
refused() {
  local name=$1 where=$2 reason=$3 status=0
  "$IOTPROBE_BIN" batch --config "$work/$name/iotprobe.conf" --input "$work/input.csv" \
    --day 2021-05-27 --db "$work/$name/store.db" --allow 127.0.0.0/8 --quiet \
    >/dev/null 2>"$work/$name/err" || status=$?
  echo "$name: exit $status: $(head -c 240 "$work/$name/err")"
  [[ $status == 1 ]] || fail "$name: exit $status, expected 1"
  grep -qF -- "$where" "$work/$name/err" || fail "$name: the error does not name '$where'"
  grep -qiF -- "$reason" "$work/$name/err" || fail "$name: the error does not say '$reason'"
  [[ ! -e $work/$name/store.db ]] || fail "$name: the store was created before the refusal"
  cases=$((cases + 1))
}

lines() { wc -l <"$1"; }

# --- the config file
make_config unknown_key "max_in_flihgt = 10"
refused unknown_key "unknown_key/iotprobe.conf:$(lines "$work/unknown_key/iotprobe.conf")" "unknown key 'max_in_flihgt'"
make_config no_equals "ports.default 80"
refused no_equals "no_equals/iotprobe.conf:$(lines "$work/no_equals/iotprobe.conf")" "expected 'key = value'"
make_config bad_number "connect_rate = fast"
refused bad_number "bad_number/iotprobe.conf:$(lines "$work/bad_number/iotprobe.conf")" "expected an integer"
make_config exploit_path "paths.80 = /GponForm/diag_Form?images/"
refused exploit_path "exploit_path/iotprobe.conf:$(lines "$work/exploit_path/iotprobe.conf")" "bad path"
make_config no_profile "profile = nightly"
refused no_profile "no_profile/iotprobe.conf" "profile 'nightly' has no ports.<profile> line"
make_config empty_agent "user_agent ="
refused empty_agent "empty_agent/iotprobe.conf" "user_agent must not be empty"

# --- exclude and blocklist files
make_config bad_exclude "exclude = exclude.conf"
printf '# opt-outs\n198.51.100.0/24\n203.0.113.0/33\n' >"$work/bad_exclude/exclude.conf"
refused bad_exclude "bad_exclude/exclude.conf:3" "not a CIDR"
make_config word_exclude "exclude = exclude.conf"
printf 'example.org\n' >"$work/word_exclude/exclude.conf"
refused word_exclude "word_exclude/exclude.conf:1" "not a CIDR"
make_config missing_exclude "exclude = nowhere.conf"
refused missing_exclude "missing_exclude/nowhere.conf" "cannot read"
make_config bad_blocklist
echo "10.0.0.0/8 extra" >>"$work/bad_blocklist/blocklist.conf"
refused bad_blocklist "bad_blocklist/blocklist.conf:$(lines "$work/bad_blocklist/blocklist.conf")" "not a CIDR"

# --- fingerprint databases (one extra file each, loaded after the shipped ones)
fp_case() {  # NAME REASON LINE XML
  make_config "$1" "fingerprints = extra.xml"
  printf '%s\n' "$4" >"$work/$1/extra.xml"
  refused "$1" "$1/extra.xml:$3" "$2"
}
root='<fingerprints matches="http_header.server" protocol="http">'
fp_case fp_not_xml "not well-formed XML" 3 "$root
<fingerprint pattern=\"^a\">
<description>x</description></fingerprint"
fp_case fp_bad_regex "bad pattern" 2 "$root
<fingerprint pattern=\"^Boa/(0\.9[\"><description>x</description></fingerprint>
</fingerprints>"
fp_case fp_no_pattern "fingerprint without a pattern" 2 "$root
<fingerprint><description>x</description></fingerprint>
</fingerprints>"
fp_case fp_bad_flag "REG_NOPE" 2 "$root
<fingerprint pattern=\"^a\" flags=\"REG_NOPE\"><description>x</description></fingerprint>
</fingerprints>"
fp_case fp_param_no_name "<param> without a name" 2 "$root
<fingerprint pattern=\"^Boa/(\S+)\"><description>x</description><param pos=\"1\"/></fingerprint>
</fingerprints>"
fp_case fp_param_no_capture "names capture 2 but the pattern has 1" 2 "$root
<fingerprint pattern=\"^Boa/(\S+)\"><description>x</description>
<param pos=\"2\" name=\"service.version\"/></fingerprint>
</fingerprints>"
fp_case fp_bad_example "example" 2 "$root
<fingerprint pattern=\"^Boa/(\S+)\"><description>x</description>
<example _filename=\"../../etc/passwd\"/></fingerprint>
</fingerprints>"
fp_case fp_no_matches "has no matches attribute" 1 '<fingerprints protocol="http">
<fingerprint pattern="^a"><description>x</description></fingerprint>
</fingerprints>'
make_config fp_missing "fingerprints = nowhere.xml"
refused fp_missing "fp_missing/nowhere.xml" "cannot read"
echo "input refusal e2e: $cases hostile files refused with file, line and reason"
