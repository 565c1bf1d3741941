# The asyncio peer: what a researcher would write with aiohttp (Debian's python3-aiohttp).
# GET / on 80, 81, 52869 of every target, then /picsdesc.xml where 52869 answered; at most
# --concurrency requests at once (one semaphore). Writes one JSON line per host: its answers.
#   /usr/bin/python3 aiohttp_probe.py TARGETS OUT.jsonl [--concurrency 1000] [--connect-timeout S]
import argparse
import asyncio
import json

import aiohttp

import peerlib

USER_AGENT = "aiohttp-peer (iotprobe peer benchmark; loopback only)"
MAX_BODY = 256 * 1024


async def fetch(session, sem, ip, port, path):
    """One exchange; a dict for the answer, None if the port did not answer HTTP."""
    async with sem:
        try:
            async with session.get(f"http://{ip}:{port}{path}", allow_redirects=False) as r:
                body = await r.content.read(MAX_BODY)
                return {"port": port, "path": path, "status": r.status,
                        "server": peerlib.norm(r.headers.get("Server")),
                        "title": peerlib.title_of(body)}
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return None


async def probe_host(session, sem, ip):
    roots = await asyncio.gather(*(fetch(session, sem, ip, p, "/") for p in peerlib.PORTS))
    port, path = peerlib.DESCRIPTION
    if roots[peerlib.PORTS.index(port)] is not None:
        roots.append(await fetch(session, sem, ip, port, path))
    return [r for r in roots if r is not None]


async def main(a):
    targets = [line.strip() for line in open(a.targets) if line.strip()]
    sem = asyncio.Semaphore(a.concurrency)
    timeout = aiohttp.ClientTimeout(total=a.timeout, sock_connect=a.connect_timeout)
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    queue = iter(targets)
    with open(a.out, "w") as out:
        async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                         headers={"User-Agent": USER_AGENT}) as session:
            async def worker():  # one host at a time per worker; the semaphore bounds requests
                for ip in queue:
                    answers = await probe_host(session, sem, ip)
                    out.write(json.dumps({"ip": ip, "answers": answers}, ensure_ascii=False) + "\n")
            await asyncio.gather(*(worker() for _ in range(a.concurrency)))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("targets")
    ap.add_argument("out")
    ap.add_argument("--concurrency", type=int, default=1000)
    ap.add_argument("--connect-timeout", type=float, default=2.0)
    ap.add_argument("--timeout", type=float, default=5.0)
    asyncio.run(main(ap.parse_args()))
