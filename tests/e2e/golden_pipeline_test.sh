#!/usr/bin/env bash
# Golden output of the offline pipeline: `iotprobe parse http|upnp --fingerprint --json` on a
# fixed set of device fixtures (parser -> fingerprint engine -> fusion -> JSON view) must
# equal tests/fixtures/golden/<case>.json byte for byte, and exit with the recorded code.
# UPDATE_GOLDEN=1 rewrites the golden files instead. Reads files only; opens no socket.
set -euo pipefail
bin="${IOTPROBE_BIN:?IOTPROBE_BIN must name the iotprobe binary}"
source_dir="${IOTPROBE_SOURCE_DIR:?}"
fixtures="$source_dir/tests/fixtures"
golden="$fixtures/golden"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iotprobe_golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
checked=0

# case name, kind, logical port, fixture (under tests/fixtures), expected exit code
cases=(
  "http_goahead_401_p81      http  81    http/goahead_401.http                       0"
  "http_ddwrt_info           http  80    http/ddwrt_info_200.http                    0"
  "http_apache_default       http  80    http/apache_default_200.http                0"
  "http_micro_httpd_401      http  80    http/micro_httpd_401.http                   0"
  "http_huawei_hg532_404     http  37215 http/huawei_hg532_404.http                  0"
  "http_realtek_miniigd_404  http  52869 http/realtek_miniigd_404.http               0"
  "http_xiongmai_uc_httpd    http  80    http/xiongmai_uc_httpd_200.http             0"
  "http_tvt_authinfo         http  80    http/tvt_authinfo_200.http                  0"
  "http_gpon_title_lines     http  8080  http/gpon_title_lines.http                  0"
  "http_telnet_greeting      http  80    http/telnet_greeting.bin                    1"
  "upnp_realtek_picsdesc6    upnp  52869 upnp/realtek_picsdesc6_sdk_default.xml      0"
  "upnp_realtek_belkin       upnp  52869 upnp/realtek_picsdesc_belkin.xml            0"
  "upnp_realtek_simplecfg    upnp  52881 upnp/realtek_simplecfg.xml                  0"
  "upnp_huawei_hg630         upnp  37215 upnp/huawei_hg630.xml                       0"
  "upnp_fritzbox_igd         upnp  49000 upnp/real/fritzbox7590_igddesc.xml          0"
  "upnp_hostile_bare_amp     upnp  52869 upnp/hostile_bare_amp.xml                   1"
)

for entry in "${cases[@]}"; do
  read -r name kind port fixture want <<<"$entry"
  out="$tmp/$name.json"
  got=0
  # The database paths in the evidence are relative to nothing machine-specific: only
  # file names are printed, so the golden files do not depend on the checkout location.
  "$bin" parse "$kind" --fingerprint --json --port "$port" "$fixtures/$fixture" >"$out" 2>"$tmp/$name.err" || got=$?
  checked=$((checked + 1))
  [[ $got == "$want" ]] || { echo "FAIL: $name exited $got, expected $want" >&2; cat "$tmp/$name.err" >&2; failures=$((failures + 1)); }
  if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
    cp "$out" "$golden/$name.json"
  elif [[ ! -f "$golden/$name.json" ]]; then
    echo "FAIL: $name: no golden file $golden/$name.json (run with UPDATE_GOLDEN=1)" >&2
    failures=$((failures + 1))
  elif ! diff -u "$golden/$name.json" "$out" >"$tmp/$name.diff"; then
    echo "FAIL: $name differs from its golden file:" >&2
    head -n 40 "$tmp/$name.diff" >&2
    failures=$((failures + 1))
  fi
done

if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
  echo "golden pipeline: rewrote $checked golden files in $golden"
  exit $((failures == 0 ? 0 : 1))
fi
if [[ $failures -ne 0 ]]; then
  echo "$failures of $checked golden case(s) failed (UPDATE_GOLDEN=1 regenerates after review)" >&2
  exit 1
fi
echo "golden pipeline: $checked cases match"
