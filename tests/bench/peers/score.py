# Reads one tool's output from one round, turns it into answered items (ip, port, path) ->
# (Server, title), and scores them against expected.jsonl: correctness over expected and
# reported items together, iotprobe's families, and the count of answered exchanges.
#   score.py TOOL PREFIX CASE_DIR --round R        (prints one JSON object: the round's record)
import argparse
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import peerlib


# Each reader returns (items, families or None, hosts the run finished).
def from_iotprobe(path):
    items, families = {}, {}
    for host in peerlib.read_jsonl(path):
        families[host["ip"]] = (host.get("verdict") or {}).get("family")
        for p in host["probes"]:
            if p.get("http"):
                items[(host["ip"], p["port"], p["path"] or "/")] = (
                    peerlib.norm(p["http"].get("server")), peerlib.norm(p["http"].get("title")))
    return items, families, set(families)


def from_aiohttp(path):
    hosts = peerlib.read_jsonl(path)
    return {(h["ip"], r["port"], r["path"]): (r["server"], r["title"])
            for h in hosts for r in h["answers"]}, None, {h["ip"] for h in hosts}


def from_curl(path, out_dir):
    """--write-out lines "url<TAB>code" (000: no answer); one file per answer (-i: head + body)."""
    items, urls = {}, {}
    for line in open(path, encoding="latin-1"):
        url, _, code = line.rstrip("\n").partition("\t")
        m = re.match(r"http://([\d.]+):(\d+)(/\S*)$", url)
        if not m:
            continue
        ip, port, p = m.group(1), int(m.group(2)), m.group(3)
        urls[ip] = urls.get(ip, 0) + 1
        if code.strip() in ("", "000"):
            continue
        raw = open(os.path.join(out_dir, f"{ip}_{port}{p.replace('/', '_')}"), "rb").read()
        head, _, body = raw.partition(b"\r\n\r\n")
        server = None
        for h in head.split(b"\r\n")[1:]:
            name, _, value = h.partition(b":")
            if name.strip().lower() == b"server":
                server = peerlib.norm(value.decode("latin-1"))
        items[(ip, port, p)] = (server, peerlib.title_of(body))
    every = len(peerlib.work_items("0.0.0.0"))
    return items, None, {ip for ip, n in urls.items() if n == every}


def nmap_hosts(path):
    """Finished <host> elements; a capped run's file ends mid-way, so parse incrementally."""
    parser, hosts = ET.XMLPullParser(events=("end",)), []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for chunk in iter(lambda: f.read(1 << 16), ""):
                parser.feed(chunk)
                hosts += [e for _, e in parser.read_events() if e.tag == "host"]
    except ET.ParseError:
        pass
    return hosts


def from_nmap(path):
    """http-title ran on a port = it got an HTTP answer there (nmap does no description)."""
    items, seen = {}, set()
    for host in nmap_hosts(path):
        ip = host.find("address").get("addr")
        seen.add(ip)
        for port in host.iter("port"):
            scripts = {s.get("id"): s.get("output") for s in port.iter("script")}
            if "http-title" not in scripts:
                continue
            title = scripts["http-title"]
            title = None if title.startswith("Site doesn't have a title") else peerlib.unescape_nmap(title)
            items[(ip, int(port.get("portid")), "/")] = (peerlib.norm(scripts.get("http-server-header")), title)
    return items, None, seen


def score(tool, items, families, expected):
    want = {}
    for e in expected:
        for key, v in e["items"].items():
            port, path = key.split(" ", 1)
            if tool == "nmap" and path != "/":
                continue
            want[(e["ip"], int(port), path)] = (v["server"], v["title"])
    correct = sum(1 for k, v in want.items() if items.get(k) == v)
    universe = len(set(want) | set(items))
    wrong = [f"{k}: want {want.get(k)} got {items.get(k)}" for k in sorted(set(want) | set(items))
             if want.get(k) != items.get(k)]
    out = {"exchanges": len(items), "items_expected": len(want), "items_correct": correct,
           "correctness": correct / universe if universe else 1.0, "wrong_sample": wrong[:5]}
    if families is not None:
        devices = [e for e in expected if e["kind"] == "device"]  # (of the judged hosts)
        ok = [e for e in devices if families.get(e["ip"]) == e["family"]]
        out["family_correctness"] = len(ok) / len(devices) if devices else 1.0
        out["family_wrong"] = sorted({f"{e['persona']}->{families.get(e['ip'])}"
                                      for e in devices if e not in ok})[:10]
    return out


def iotprobe_attempts(err_path):
    """iotprobe's own "N HTTP exchanges" (every request it started, resets included)."""
    m = re.search(r"(\d+) HTTP exchanges", open(err_path, encoding="utf-8", errors="replace").read())
    return int(m.group(1)) if m else None


def wrk_rate(path):
    m = re.search(r"Requests/sec:\s+([\d.]+)", open(path, encoding="latin-1").read())
    return float(m.group(1)) if m else 0.0


def judge(tool, prefix, case, capped):
    """A run is judged on every host of its list; a capped run (and nmap, which gets a part
    of the list) on the hosts it finished, and its rate counts only those."""
    expected = peerlib.read_jsonl(os.path.join(case, "expected.jsonl"))
    extra = {}
    if tool == "iotprobe":
        items, families, finished = from_iotprobe(prefix + ".jsonl")
        extra["attempts"] = iotprobe_attempts(prefix + ".err")
    elif tool == "aiohttp":
        items, families, finished = from_aiohttp(prefix + ".jsonl")
    elif tool == "curl":
        items, families, finished = from_curl(prefix + ".err", os.path.join(case, "curl-out"))
    else:
        items, families, finished = from_nmap(prefix + ".xml")
    if capped or tool == "nmap":
        expected = [e for e in expected if e["ip"] in finished]
        items = {k: v for k, v in items.items() if k[0] in finished}
    return dict(score(tool, items, families, expected), hosts=len(expected), **extra)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["iotprobe", "curl", "aiohttp", "nmap", "wrk"])
    ap.add_argument("prefix", help="the run's files: PREFIX.time, .rc, .out, .jsonl or .xml")
    ap.add_argument("case", help="the case directory written by prepare.py")
    ap.add_argument("--round", type=int, required=True)
    a = ap.parse_args()
    meta = json.load(open(os.path.join(a.case, "meta.json")))
    wall, user, sys_, rss = open(a.prefix + ".time").read().split()[-4:]
    rc = int(open(a.prefix + ".rc").read())
    rec = {"condition": meta["condition"], "n": meta["n"], "round": a.round, "tool": a.tool,
           "wall_s": float(wall), "cpu_s": float(user) + float(sys_), "rss_kb": int(rss),
           "rc": rc, "capped": rc == 124}
    if a.tool == "wrk":
        rec["requests_per_s"] = wrk_rate(a.prefix + ".out")
    else:
        rec.update(judge(a.tool, a.prefix, a.case, rec["capped"]))
    print(json.dumps(rec, ensure_ascii=False))
    how = f"{rec['requests_per_s']:.0f} req/s" if a.tool == "wrk" else f"correct {rec['correctness']:.1%}"
    print(f"    {rec['condition']} N={rec['n']} round {a.round} {a.tool}: {rec['wall_s']:.1f} s"
          f"{' CAPPED' if rec['capped'] else ''}, {how}", file=sys.stderr)


if __name__ == "__main__":
    main()
