#!/usr/bin/env python3
"""Checks every #include in the source folders against ARCHITECTURE.md's table.

parsers/ may use std, pugixml, PCRE2, libpcap, iconv, zlib, fmt and nlohmann-json;
db/ adds SQLite and parsers/; prober/ adds Boost.Asio and libcurl (curl only in
prober/http_client.cpp) but never db/, except the composition root (prober/main.cpp,
prober/cli/) which wires the store to the prober's sink. prober/output/ (every view) may
use parsers/, db/, config/, nlohmann-json and fmt, but not the rest of prober/, Asio,
curl or SQLite. config/ uses std only.
Prints each violation as file:line and exits 1 if there is any.
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
PROJECT_DIRS = ("parsers", "db", "prober", "config")

# Project folders each folder may include (its own is always allowed).
ALLOWED_PROJECT = {
    "parsers": set(),
    "db": {"parsers"},
    "prober": {"parsers", "config"},
    "prober/cli": {"parsers", "config", "db", "prober", "prober/output"},
    "prober/output": {"parsers", "db", "config"},
    "config": set(),
}
# Third-party headers a folder must never include (prefix match).
FORBIDDEN_SYSTEM = {
    "parsers": ("boost/", "curl/", "sqlite3", "CLI/"),
    "db": ("boost/asio", "curl/", "pcap", "CLI/"),
    "prober": ("sqlite3",),
    "prober/cli": (),
    "prober/output": ("boost/", "curl/", "sqlite3", "CLI/"),
    "config": ("boost/", "curl/", "sqlite3", "pugixml", "pcre2", "pcap"),
}
CURL_OWNER = "prober/http_client.cpp"


def folder_of(rel: str) -> str:
    if rel == "prober/main.cpp" or rel.startswith("prober/cli/"):
        return "prober/cli"
    if rel.startswith("prober/output/"):
        return "prober/output"
    return rel.split("/", 1)[0]


def check_file(root: pathlib.Path, path: pathlib.Path) -> list:
    rel = path.relative_to(root).as_posix()
    folder = folder_of(rel)
    own = "prober/output" if folder == "prober/output" else rel.split("/", 1)[0]
    problems = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        kind, header = m.groups()
        where = f"{rel}:{number}"
        top = header.split("/", 1)[0]
        if header.startswith("prober/output/"):
            top = "prober/output"
        if kind == '"' and (top in PROJECT_DIRS or top == "prober/output"):
            if top != own and top not in ALLOWED_PROJECT[folder]:
                problems.append(f"{where}: {folder}/ may not include {header}")
        if any(header.startswith(p) for p in FORBIDDEN_SYSTEM[folder]):
            problems.append(f"{where}: {folder}/ may not include <{header}>")
        if header.startswith("curl/") and rel != CURL_OWNER:
            problems.append(f"{where}: only {CURL_OWNER} may include <{header}>")
    return problems


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems, checked = [], 0
    for top in PROJECT_DIRS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix in (".hpp", ".cpp", ".h"):
                checked += 1
                problems += check_file(root, path)
    for p in problems:
        print(p)
    print(f"include rules: {checked} files checked, {len(problems)} violations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
