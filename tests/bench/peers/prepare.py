# Builds one (condition, N) case of the peer benchmark from a fleet manifest: the shuffled
# target list every tool reads, curl's -K file, the nft drop set (mix), the expected answers
# and the slot-time bound. Writes files only; never touches the network.
#   prepare.py MANIFEST N CONDITION OUTDIR --connect-timeout S --in-flight L [--delay MIN-MAX]
#              [--nmap-hosts K]   (nmap gets the first K targets of the same shuffled list)
import argparse
import json
import os
import random

import peerlib

# Target shares per condition: (answering fleet devices, refusing, silently dropping).
SHARES = {"loopback": (0.40, 0.60, 0.0), "delay100": (0.40, 0.60, 0.0), "mix": (0.25, 0.25, 0.50)}


def unknown_addresses(taken, count):
    """Loopback addresses the fleet does not use: nft refuses or drops them (or the mock resets them)."""
    out, k = [], 0
    while len(out) < count:
        ip = f"127.{200 + k // 62500}.{(k // 250) % 250 + 1}.{k % 250 + 1}"
        k += 1
        if ip not in taken:
            out.append(ip)
    return out


def mock_delay_ms(ip, lo, hi):
    """tests/mock/server.cpp reply_delay_ms: the fixed delay of one host."""
    if hi <= lo:
        return lo
    a, b, c, d = (int(x) for x in ip.split("."))
    h = (((a << 24) | (b << 16) | (c << 8) | d) * 0x9E3779B97F4A7C15) & (2**64 - 1)
    h ^= h >> 29
    return lo + h % (hi - lo + 1)


def write_host_rules(path, dropped, refused):
    """The namespace's nft rules for a case: SYNs to `dropped` vanish (the connect times out);
    every TCP packet to `refused` is answered with a reset, as a closed port's SYN is, so the
    connection is refused before any accept (the mock never sees it)."""
    with open(path, "w") as f:
        f.write("table inet peers {\n set dropped { type ipv4_addr; }\n set refused { type ipv4_addr; }\n"
                " chain input { type filter hook input priority 0;\n"
                "  ip daddr @dropped drop\n  ip daddr @refused meta l4proto tcp reject with tcp reset\n }\n}\n")
        for name, ips in (("dropped", dropped), ("refused", refused)):
            for i in range(0, len(ips), 1000):
                f.write(f"add element inet peers {name} {{ " + ", ".join(ips[i:i + 1000]) + " }\n")


def choose(rows, n, condition):
    share_dev, _, share_drop = SHARES[condition]
    devices = sorted(rows, key=lambda r: r["ip"])[: round(n * share_dev)]
    if len(devices) < round(n * share_dev):
        raise SystemExit(f"prepare: the fleet has {len(rows)} devices, {round(n * share_dev)} needed")
    others = unknown_addresses({r["ip"] for r in rows}, n - len(devices))
    n_drop = round(n * share_drop)
    return devices, others[n_drop:], others[:n_drop]


def expectation(row):
    items = {}
    for ip, port, path in peerlib.work_items(row["ip"]):
        if path != "/" and f"{port} /" not in items:
            continue  # the description is asked only where GET / answered
        answer = peerlib.expected_answer(row["persona"], port, path, row)
        if answer is not None:
            items[f"{port} {path}"] = answer
    fam = row["family"]
    return {"ip": row["ip"], "kind": "device", "persona": row["persona"],
            "family": None if fam in ("unknown", "hostile") else fam, "items": items}


def write_curl_config(path, targets, out_dir):
    with open(path, "w") as f:
        for ip in targets:
            for _, port, p in peerlib.work_items(ip):
                name = f"{ip}_{port}{p.replace('/', '_')}"
                f.write(f'url = "http://{ip}:{port}{p}"\noutput = "{out_dir}/{name}"\n')


def bound_seconds(expected, n_drop, tc, delay, in_flight):
    """The least wall time any tool with `in_flight` slots needs: the slot-seconds over the
    slots (each dropped port holds one for the connect timeout, each answered exchange for
    its host's reply delay, a reset for ~0), or the longest single host if that is longer
    (a drop: tc; a description after GET /: two delays)."""
    slots, longest = n_drop * len(peerlib.PORTS) * tc, tc if n_drop else 0.0
    for e in expected:
        d = mock_delay_ms(e["ip"], *delay) / 1000.0
        slots += len(e["items"]) * d
        steps = 2 if any(not key.endswith(" /") for key in e["items"]) else 1
        longest = max(longest, d * steps)
    return slots, max(slots / in_flight, longest)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("n", type=int)
    ap.add_argument("condition", choices=sorted(SHARES))
    ap.add_argument("outdir")
    ap.add_argument("--connect-timeout", type=float, required=True)
    ap.add_argument("--in-flight", type=int, required=True)
    ap.add_argument("--delay", default="0-0")
    ap.add_argument("--nmap-hosts", type=int, default=0, help="0 = all")
    ap.add_argument("--refuse-by", choices=("nft", "mock"), default="nft",
                    help="nft: a reset to the SYN (a closed port); mock: accepted, then reset by the mock")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    devices, refusing, dropped = choose(peerlib.read_jsonl(a.manifest), a.n, a.condition)
    targets = [r["ip"] for r in devices] + refusing + dropped
    random.Random(a.n).shuffle(targets)
    expected = [expectation(r) for r in devices]
    with open(os.path.join(a.outdir, "targets.txt"), "w") as f:
        f.write("\n".join(targets) + "\n")
    with open(os.path.join(a.outdir, "targets-nmap.txt"), "w") as f:
        f.write("\n".join(targets[: a.nmap_hosts or None]) + "\n")
    with open(os.path.join(a.outdir, "expected.jsonl"), "w") as f:
        for e in expected + [{"ip": ip, "kind": "refuse", "items": {}} for ip in refusing] + \
                [{"ip": ip, "kind": "drop", "items": {}} for ip in dropped]:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    write_curl_config(os.path.join(a.outdir, "curl.cfg"), targets, os.path.join(a.outdir, "curl-out"))
    write_host_rules(os.path.join(a.outdir, "hosts.nft"), dropped, refusing if a.refuse_by == "nft" else [])
    delay = tuple(int(x) for x in a.delay.split("-"))
    slots, bound = bound_seconds(expected, len(dropped), a.connect_timeout, delay, a.in_flight)
    wrk = next((r["ip"] for r in devices if r["persona"] == "micro_httpd"), devices[0]["ip"])
    meta = {"n": a.n, "condition": a.condition, "devices": len(devices), "refusing": len(refusing),
            "refuse_by": a.refuse_by,
            "dropped": len(dropped), "nmap_hosts": min(a.nmap_hosts or a.n, a.n), "items": sum(len(e["items"]) for e in expected),
            "slot_seconds": slots, "bound_wall_s": bound, "wrk_url": f"http://{wrk}:80/"}
    with open(os.path.join(a.outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
