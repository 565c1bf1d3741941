# Turns the peer benchmark's rounds (OUT/rounds.jsonl, OUT/meta-*.json) into medians per
# condition, size and tool: OUT/peers.md (tables, ratios, the mix's bound, the issue's
# goals) and OUT/peers.csv. Reads and writes files only.
import argparse
import csv
import datetime
import glob
import json
import os
import platform
import statistics

import peerlib

PEERS = ("curl", "aiohttp", "nmap")
COLUMNS = ["condition", "n", "tool", "hosts", "rounds", "capped_rounds", "wall_s", "hosts_per_s",
           "exchanges_per_s", "cpu_us_per_exchange", "peak_rss_mb", "correctness",
           "family_correctness", "iotprobe_ratio", "share_of_bound", "requests_per_s", "attempts_per_s"]


def median_row(runs, meta):
    """Medians over rounds of each per-round figure (hosts: those the run finished)."""
    def med(f):
        vals = [f(r) for r in runs]
        vals = [v for v in vals if v is not None]
        return statistics.median(vals) if vals else None
    row = {"rounds": len(runs), "capped_rounds": sum(r["capped"] for r in runs),
           "wall_s": med(lambda r: r["wall_s"]), "peak_rss_mb": med(lambda r: r["rss_kb"] / 1024)}
    if runs[0]["tool"] == "wrk":
        row["requests_per_s"] = med(lambda r: r["requests_per_s"])
        return row
    row["hosts"] = med(lambda r: r["hosts"])
    row["hosts_per_s"] = med(lambda r: r["hosts"] / r["wall_s"])
    row["exchanges_per_s"] = med(lambda r: r["exchanges"] / r["wall_s"])
    row["attempts_per_s"] = med(lambda r: r["attempts"] / r["wall_s"] if r.get("attempts") else None)
    row["cpu_us_per_exchange"] = med(lambda r: r["cpu_s"] * 1e6 / r["exchanges"] if r["exchanges"] else None)
    row["correctness"] = med(lambda r: r["correctness"])
    row["family_correctness"] = med(lambda r: r.get("family_correctness"))
    bound = meta.get("bound_wall_s") or 0
    row["share_of_bound"] = row["hosts_per_s"] / (meta["n"] / bound) if bound else None
    return row


def cases(out):
    rounds = peerlib.read_jsonl(os.path.join(out, "rounds.jsonl"))
    for path in sorted(glob.glob(os.path.join(out, "meta-*.json")), key=os.path.getmtime):
        meta = json.load(open(path))
        runs = [r for r in rounds if r["condition"] == meta["condition"] and r["n"] == meta["n"]]
        rows = {}
        for tool in dict.fromkeys(r["tool"] for r in runs):
            rows[tool] = median_row([r for r in runs if r["tool"] == tool], meta)
        io = rows.get("iotprobe", {})
        for tool, row in rows.items():
            if tool in PEERS and io.get("hosts_per_s") and row.get("hosts_per_s"):
                row["iotprobe_ratio"] = io["hosts_per_s"] / row["hosts_per_s"]
        if "wrk" in rows and io.get("exchanges_per_s") and rows["wrk"].get("requests_per_s"):
            rows["wrk"]["iotprobe_ratio"] = io["exchanges_per_s"] / rows["wrk"]["requests_per_s"]
        yield meta, rows, runs


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def case_table(meta, rows, runs):
    bound = meta.get("bound_wall_s") or 0
    lines = [f"### {meta['condition']}, N = {meta['n']:,}",
             f"{meta['devices']:,} answering fleet devices, {meta['refusing']:,} refusing "
             f"({'a reset to the SYN' if meta.get('refuse_by', 'mock') == 'nft' else 'accepted, then reset by the mock'}), "
             f"{meta['dropped']:,} dropping SYNs; {meta['items']:,} expected answered exchanges"
             + (f"; slot-time bound {meta['n'] / bound:,.0f} hosts/s ({bound:.2f} s)" if bound else ""),
             "",
             "| tool | hosts | wall s | hosts/s | HTTP exchanges/s | CPU µs/exchange | peak RSS MB "
             "| correct | families | capped | iotprobe ÷ tool | of bound |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for tool, r in rows.items():
        rate = fmt(r.get("requests_per_s"), ",.0f") + " req/s" if tool == "wrk" else fmt(r.get("exchanges_per_s"), ",.0f")
        ratio = r.get("iotprobe_ratio")
        ratio = (fmt(ratio, ".2f") + ("× (exchanges ÷ req)" if tool == "wrk" else "×")) if ratio else "-"
        lines.append(f"| {tool} | {fmt(r.get('hosts'), ',.0f')} | {fmt(r['wall_s'], '.2f')} | {fmt(r.get('hosts_per_s'), ',.0f')} | {rate} "
                     f"| {fmt(r.get('cpu_us_per_exchange'), ',.0f')} | {fmt(r['peak_rss_mb'], '.1f')} "
                     f"| {fmt(r.get('correctness'), '.1%')} | {fmt(r.get('family_correctness'), '.1%')} "
                     f"| {r['capped_rounds']}/{r['rounds']} | {ratio} | {fmt(r.get('share_of_bound'), '.0%')} |")
    wrong = {r["tool"]: r.get("wrong_sample") for r in runs if r.get("wrong_sample")}
    fam = {r["tool"]: r.get("family_wrong") for r in runs if r.get("family_wrong")}
    for tool, sample in wrong.items():
        lines.append(f"\n{tool}, a wrong answer: `{sample[0]}`")
    for tool, sample in fam.items():
        lines.append(f"\n{tool}, families that differ from the manifest (persona->verdict): {', '.join(sample)}")
    return lines


def goals(all_cases):
    by = {(m["condition"], m["n"]): rows for m, rows, _ in all_cases}
    out = ["## The issue's goals (as measured here)", ""]
    d = by.get(("delay100", 10000), {})
    for peer, want in (("curl", 1.5), ("nmap", 10), ("aiohttp", 3)):
        got = d.get(peer, {}).get("iotprobe_ratio")
        out.append(f"- delay100, N=10,000: iotprobe ÷ {peer} hosts/s = {fmt(got, '.2f')} (goal ≥ {want}): "
                   + ("n/a" if got is None else "met" if got >= want else "NOT met"))
    loop = [by[k] for k in sorted(by) if k[0] == "loopback"]
    got = loop[-1].get("wrk", {}).get("iotprobe_ratio") if loop else None
    out.append(f"- loopback (largest N): iotprobe answered exchanges/s ÷ wrk req/s = {fmt(got, '.0%')} "
               "(goal ≥ 60%): " + ("n/a" if got is None else "met" if got >= 0.6 else "NOT met"))
    if loop and loop[-1].get("wrk", {}).get("requests_per_s") and loop[-1].get("iotprobe", {}).get("attempts_per_s"):
        att = loop[-1]["iotprobe"]["attempts_per_s"] / loop[-1]["wrk"]["requests_per_s"]
        per_answer = att / got if got else 0
        out.append(f"  (counting every connection iotprobe attempted, refused ones included, as its own summary "
                   f"and prober_bench.sh do: {att:.0%}. On this fleet {per_answer:.1f} connections make one "
                   f"answered exchange, so a client as fast per connection as wrk would reach {1 / per_answer if per_answer else 0:.0%})")
    rss = max((rows["iotprobe"]["peak_rss_mb"] for rows in by.values() if "iotprobe" in rows), default=None)
    out.append(f"- iotprobe's largest peak RSS here: {fmt(rss, '.1f')} MB (goal ≤ 100 MB with 10,000 in flight;"
               " this run keeps 1,000 in flight)")
    for (cond, n), rows in sorted(by.items()):
        if cond == "mix" and "iotprobe" in rows:
            got = rows["iotprobe"].get("share_of_bound")
            out.append(f"- mix, N={n:,}: iotprobe reaches {fmt(got, '.0%')} of the slot-time bound (goal ≥ 80%): "
                       + ("n/a" if got is None else "met" if got >= 0.8 else "NOT met"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    for flag in ("--cores", "--rounds", "--in-flight", "--connect-timeout", "--transfer-timeout",
                 "--mix-delay", "--caps", "--load-start"):
        ap.add_argument(flag, required=True)
    a = ap.parse_args()
    all_cases = list(cases(a.out))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md = ["# iotprobe peer benchmark", "",
          f"{now}; {a.cores} cores; kernel {platform.release()}; medians of {a.rounds} rounds, tools "
          "interleaved round by round.",
          f"Load average (1, 5, 15 min) at the start: {a.load_start}; at the end: "
          f"{' '.join(open('/proc/loadavg').read().split()[:3])} (the machine is shared).",
          f"Every tool: in flight ≤ {a.in_flight}, connect timeout {a.connect_timeout} s, "
          f"per-request limit {a.transfer_timeout} s. Caps per round (s): {a.caps}.",
          "Conditions: loopback = replies at once; delay100 = every reply held back 100 ms by the mock; "
          f"mix = per-host reply delay {a.mix_delay} ms, half of the hosts drop SYNs (nft), a quarter refuse "
          "(no wrk: one host says nothing about drops). nmap scans the first targets of each list only.",
          "Bound (delay100, mix) = N ÷ T_min, T_min = max(slot-seconds ÷ in-flight, the slowest single host); "
          "slot-seconds = dropped hosts × 3 ports × connect timeout + Σ answered exchanges × that host's "
          "reply delay. Hosts = the hosts a run finished (all of its list unless capped).",
          "Correct = items whose Server header and title match the persona files ÷ (expected ∪ reported) "
          "items; families = iotprobe's verdict against the manifest's family.", ""]
    for meta, rows, runs in all_cases:
        md += case_table(meta, rows, runs) + [""]
    md += goals(all_cases)
    with open(os.path.join(a.out, "peers.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(a.out, "peers.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["date", "cores"] + COLUMNS)
        for meta, rows, _ in all_cases:
            for tool, r in rows.items():
                r = dict(r, condition=meta["condition"], n=meta["n"], tool=tool)
                w.writerow([now, a.cores] + [("" if r.get(c) is None else
                            round(r[c], 4) if isinstance(r[c], float) else r[c]) for c in COLUMNS])
    print("\n".join(md))


if __name__ == "__main__":
    main()
