# Shared by the peer benchmark's helpers: the work every tool does (ports, paths), what the
# mock's personas answer to it (Server header, <title>), and one normalisation of titles
# and headers so that every tool is judged by the same rule. Pure functions, no sockets.
import json
import os
import re

PORTS = (80, 81, 52869)
DESCRIPTION = (52869, "/picsdesc.xml")  # asked only where GET / on 52869 answered
PERSONAS = os.path.join(os.path.dirname(__file__), "..", "..", "mock", "personas")

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.I | re.S)
_KEY = re.compile(r"\{([^{}]*)\}")


def work_items(ip):
    """Every (ip, port, path) a tool is asked for, before it knows which ports answer."""
    return [(ip, p, "/") for p in PORTS] + [(ip, DESCRIPTION[0], DESCRIPTION[1])]


def decode_title(raw):
    """Title bytes to text: UTF-8, else Shift_JIS (the Japanese routers), else Latin-1."""
    for enc in ("utf-8", "shift_jis"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1")


def title_of(body):
    """The first <title> of a body (bytes), decoded; None when there is none."""
    m = _TITLE.search(body or b"")
    return norm(decode_title(m.group(1))) if m else None


def unescape_nmap(text):
    """nmap prints non-ASCII bytes as \\xHH: back to bytes, then decoded like the rest."""
    raw = re.sub(rb"\\x([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                 text.encode("latin-1", "replace"))
    return norm(decode_title(raw))


def norm(text):
    """Whitespace collapsed; empty means absent."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _fill(template, values):
    def key(m):
        k = m.group(1)
        if re.fullmatch(r"x[0-9A-Fa-f]{2}", k):
            return chr(int(k[1:], 16))
        if k.startswith("repeat:") and k.count(":") >= 2:
            _, n, text = k.split(":", 2)
            return text * int(n)
        return values.get(k, m.group(0))
    return _KEY.sub(key, template)


def _route_file(persona_dir, port, path):
    """The route file a persona answers `path` on `port` with, or None (closed/no route)."""
    routes, closed, current = {}, set(), None
    for line in open(os.path.join(persona_dir, "persona.txt"), encoding="utf-8"):
        words = line.split("#", 1)[0].split()
        if words[:1] == ["port"] and len(words) >= 2:
            current = int(words[1])
            routes.setdefault(current, {})
            if words[2:3] == ["closed"]:
                closed.add(current)
        elif words[:1] == ["route"] and len(words) >= 3 and current is not None:
            routes[current][words[1]] = words[2]
    table = routes.get(port) if port not in closed else None
    name = table and (table.get(path) or table.get("*"))
    return os.path.join(persona_dir, name) if name else None


def expected_answer(persona, port, path, row):
    """(server, title) the mock sends this manifest row for GET path on port, or None."""
    f = _route_file(os.path.join(PERSONAS, persona), port, path)
    if f is None:
        return None
    text = open(f, "rb").read().decode("latin-1")
    values = {k: str(row.get(k) or "") for k in ("model", "serial", "mac", "lan_ip", "ip")}
    values["uuid"] = str(row.get("uuid_raw") or "")
    head, _, body = text.partition("\n\n")
    server = None
    for line in head.split("\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "server":
            server = norm(_fill(value, values))
    return {"server": server, "title": title_of(_fill(body, values).encode("latin-1"))}


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
