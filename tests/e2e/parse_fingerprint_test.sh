#!/usr/bin/env bash
# `iotprobe parse http|upnp FILE --fingerprint`: the verdict on saved device answers with
# the databases the default config loads (plus --db), its JSON key and text block, the
# unchanged `parse upnp --json` schema without the flag, and the flag's usage errors.
# Reads files only; it opens no socket (ctest still runs it under scripts/netns-run).
set -euo pipefail
# shellcheck source=parse_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/parse_lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iotprobe_parse_fp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
json_prelude="v=j.get('verdict'); "  # the verdict is `v`

http="$fixtures/http"
upnp="$fixtures/upnp"

# Families from the configured databases.
expect_json "assert v['family'] == 'wificam', v
assert v['product'] == 'WIFICAM' and v['certainty'] >= 0.9
assert any(e['field'] == 'http_header.wwwauth' and e['port'] == 81 for e in v['evidence'])
assert any(e['field'] == 'http_header.server' and e['port'] == 81 for e in v['evidence'])" \
  parse http --fingerprint --json --port 81 "$http/goahead_401.http"
expect_json "assert v['family'] == 'realtek-sdk-router', v
assert all(e['port'] == 52869 and e['probe'] == 'description' for e in v['evidence'])
assert any(e['field'].startswith('upnp.') for e in v['evidence'])" \
  parse upnp --fingerprint --json "$upnp/realtek_picsdesc6_sdk_default.xml"
expect_json "assert v['family'] == 'realtek-sdk-router', v" \
  parse upnp --fingerprint --json "$upnp/realtek_picsdesc_belkin.xml"
expect_json "assert v['family'] == 'dd-wrt', v
assert any(e['field'] == 'html_title' for e in v['evidence'])" \
  parse http --fingerprint --json "$http/ddwrt_info_200.http"
expect_json "assert v['family'] is None and v['certainty'] == 0 and v['conflicts'] == [], v" \
  parse http --fingerprint --json "$http/apache_default_200.http"
expect_json "assert v['family'] == 'huawei-hg532' or v['family'] == 'huawei-router', v" \
  parse http --fingerprint --json "$http/huawei_hg532_404.http"

# The default port is 80 for http and 52869 for upnp; --port changes the evidence port.
expect_json "assert v['evidence'] and all(e['port'] == 80 and e['probe'] == 'get_root' for e in v['evidence'])" \
  parse http --fingerprint --json "$http/goahead_401.http"
expect_json "assert v['evidence'] and all(e['port'] == 1900 for e in v['evidence'])" \
  parse upnp --fingerprint --json --port 1900 "$upnp/realtek_picsdesc_belkin.xml"

# The JSON schema: parse upnp --json stays exactly {ok, error, devices}; the flag adds "verdict".
expect_json "assert set(j) == {'ok', 'error', 'devices'}" \
  parse upnp --json "$upnp/realtek_picsdesc_belkin.xml"
expect_json "assert set(j) == {'ok', 'error', 'devices', 'verdict'}
assert set(v) == {'family', 'vendor', 'product', 'version', 'certainty', 'evidence', 'conflicts',
                  'devices', 'below_threshold', 'honeypot_like'}
assert set(v['evidence'][0]) == {'port', 'probe', 'field', 'value', 'database', 'fingerprint', 'params',
                                 'responses'}
assert [d['family'] for d in v['devices']] == [v['family']] and v['devices'][0]['ports'] == [52869]" \
  parse upnp --json --fingerprint "$upnp/realtek_picsdesc_belkin.xml"
expect_json "assert 'verdict' not in j and j['status'] == 'ok'" parse http --json "$http/goahead_401.http"
# A malformed document still prints its error, an empty verdict, and exits 1.
expect_exit 1 parse upnp --fingerprint "$upnp/hostile_bare_amp.xml"
expect_json "assert j['ok'] is False and v['family'] is None and v['evidence'] == []" \
  parse upnp --fingerprint --json "$upnp/hostile_bare_amp.xml"

# Readable summary.
expect_text "family      wificam" parse http --fingerprint --port 81 "$http/goahead_401.http"
expect_text "family      dd-wrt" parse http --fingerprint "$http/ddwrt_info_200.http"
expect_text "family      -" parse http --fingerprint "$http/apache_default_200.http"
expect_text "evidence    none" parse http --fingerprint "$http/apache_default_200.http"
expect_text "conflicts   none" parse http --fingerprint "$http/ddwrt_info_200.http"
"$bin" parse http "$http/goahead_401.http" | grep -q '^verdict' && fail "summary without --fingerprint shows a verdict"

# --db adds a database after the configured ones.
cat >"$tmp/apache.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<fingerprints matches="http_header.server" protocol="http" database_type="service" preference="0.90">
  <fingerprint pattern="^Apache/([\d.]+) \(Debian\)$" certainty="0.8">
    <description>Apache on Debian (test database)</description>
    <example service.version="2.4.57">Apache/2.4.57 (Debian)</example>
    <param pos="0" name="service.vendor" value="Apache"/>
    <param pos="1" name="service.version"/>
    <param pos="0" name="iot.family" value="test-apache"/>
  </fingerprint>
</fingerprints>
XML
expect_json "assert v['family'] == 'test-apache', v
assert v['certainty'] == 0.8
assert any(e['database'].endswith('apache.xml') and e['params'].get('service.version') == '2.4.57' for e in v['evidence'])" \
  parse http --fingerprint --json --db "$tmp/apache.xml" "$http/apache_default_200.http"
cp "$tmp/apache.xml" "$tmp/apache2.xml"
expect_exit 0 parse http --fingerprint --db "$tmp/apache.xml" --db "$tmp/apache2.xml" "$http/apache_default_200.http"
printf '<fingerprints matches="x"><fingerprint pattern="(unclosed">' >"$tmp/broken.xml"
expect_exit 1 parse http --fingerprint --db "$tmp/broken.xml" "$http/apache_default_200.http"
err=$("$bin" parse http --fingerprint --db "$tmp/broken.xml" "$http/apache_default_200.http" 2>&1 >/dev/null) || true
grep -q "cannot load fingerprint databases: .*broken.xml:1:" <<<"$err" || fail "a broken --db is not reported: $err"

# Usage errors.
expect_exit 2 parse http --db "$tmp/apache.xml" "$http/apache_default_200.http"
expect_exit 2 parse http --port 81 "$http/goahead_401.http"
expect_exit 2 parse http --fingerprint --port 0 "$http/goahead_401.http"
expect_exit 2 parse http --fingerprint --port 70000 "$http/goahead_401.http"
expect_exit 2 parse http --fingerprint --db /nonexistent.xml "$http/goahead_401.http"
expect_exit 2 parse ssdp --fingerprint "$fixtures/ssdp/huawei_msearch_reply.txt"

if [[ $failures -ne 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "parse --fingerprint: all checks passed"
