#!/usr/bin/env bash
# `iotprobe parse http|upnp|ssdp`: exit codes (0 ok, 1 bad input, 2 usage), the readable
# summary and the exact JSON shapes, on the fixtures in tests/fixtures/. Reads files
# only; it opens no socket (ctest still runs it under scripts/netns-run).
set -euo pipefail
# shellcheck source=parse_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/parse_lib.sh"

# Exit codes.
expect_exit 0 parse http "$fixtures/http/huawei_hg532_404.http"
expect_exit 1 parse http "$fixtures/http/telnet_greeting.bin"
expect_exit 1 parse http /nonexistent/file
expect_exit 2 parse http
expect_exit 2 parse
expect_exit 2 parse gopher "$fixtures/http/huawei_hg532_404.http"
expect_exit 0 parse http --help
expect_exit 0 parse upnp --help
expect_exit 0 parse ssdp --help
expect_exit 0 parse upnp "$fixtures/upnp/realtek_picsdesc_belkin.xml"
expect_exit 1 parse upnp "$fixtures/upnp/hostile_bare_amp.xml"
expect_exit 0 parse ssdp "$fixtures/ssdp/huawei_msearch_reply.txt"
expect_exit 1 parse ssdp "$fixtures/ssdp/garbage.bin"

# Readable summaries.
expect_text "title       ログイン [shift_jis]" parse http "$fixtures/http/title_shift_jis.http"
expect_text 'auth        Digest realm="GoAhead"' parse http "$fixtures/http/goahead_401.http"
expect_text "response    HTTP/1.1 200 Ok" parse http "$fixtures/http/micro_httpd_200.http"
expect_text "location    http://192.0.2.1:52869/picsdesc.xml" parse ssdp "$fixtures/ssdp/miniigd_msearch_reply.txt"
expect_text "MAC       00:01:8e:3a:4b:5c" parse upnp "$fixtures/upnp/realtek_simplecfg.xml"
printf 'HTTP/1.1 200 OK\r\nServer: evil\033]0;title\007\r\n\r\n' >"${TMPDIR:-/tmp}/iotprobe_parse_esc.$$"
expect_text 'Server: evil\x1b]0;title\x07' parse http "${TMPDIR:-/tmp}/iotprobe_parse_esc.$$"
rm -f "${TMPDIR:-/tmp}/iotprobe_parse_esc.$$"

# JSON shapes.
expect_json 'assert j["status"] == "ok" and j["status_code"] == 404 and j["reason"] == "" and j["server"] == "Linux UPnP/1.0 Huawei-ATP-IGD" and j["title"] is None' \
  parse http --json "$fixtures/http/huawei_hg532_404.http"
expect_json 'assert j["title"]["utf8"] == "ログイン" and j["title"]["raw_hex"] == "838d834f83438393" and j["charset"] == "shift_jis"' \
  parse http --json "$fixtures/http/title_shift_jis.http"
expect_json 'assert j["auth"] == {"scheme": "Basic", "realm": "Broadband Router", "params": "realm=\"Broadband Router\""}' \
  parse http --json "$fixtures/http/micro_httpd_401.http"
expect_json 'assert j["status"] == "not_http" and j["body_bytes"] == 20 and j["detail"].startswith("no HTTP status line; binary")' \
  parse http --json "$fixtures/http/telnet_greeting.bin"
expect_json 'assert j["location"].endswith("/upnpdev.xml") and j["ext"] is True and j["usn"].startswith("uuid:2b38c15c")' \
  parse ssdp --json "$fixtures/ssdp/huawei_msearch_reply.txt"

keys='["path","UDN","deviceType","friendlyName","manufacturer","modelName","modelNumber","serialNumber","presentationURL","serviceTypes","udn_normalized","udn_mac"]'
expect_json "assert set(j) == {'ok','error','devices'} and j['ok'] is True and j['error'] is None
d = j['devices']
assert [x['path'] for x in d] == ['0', '0.0', '0.0.0'], d
assert all(sorted(x) == sorted($keys) for x in d)
assert d[0]['friendlyName'] == 'Belkin N Plus Wireless Router' and d[0]['presentationURL'].startswith('http://')
assert d[0]['serviceTypes'] == ['urn:schemas-dummy-com:service:Dummy:1'] and d[0]['udn_mac'] is None
assert d[2]['serviceTypes'] == ['urn:schemas-upnp-org:service:WANIPConnection:1']" \
  parse upnp --json "$fixtures/upnp/realtek_picsdesc_belkin.xml"
expect_json "d = j['devices'][0]
assert d['udn_normalized'] == 'uuid:63041253-1019-2006-1228-00018e3a4b5c' and d['udn_mac'] == '00:01:8e:3a:4b:5c'" \
  parse upnp --json "$fixtures/upnp/realtek_simplecfg.xml"
expect_json "assert j['ok'] is False and 'offset' in j['error'] and j['devices'] == []" \
  parse upnp --json "$fixtures/upnp/hostile_bare_amp.xml"

if [[ $failures -ne 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "parse CLI: all checks passed"
