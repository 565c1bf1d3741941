#!/usr/bin/env python3
"""Checks every #include in the source folders against the include table of
docs/architecture.md, the single source of the rule (so a new dependency is an edit there).

The table between <!-- include-rules:begin --> and <!-- include-rules:end --> gives, per
folder, the project folders and the library headers it may include; the table between
<!-- include-owners:begin/end --> names headers that only the listed files may include.
Standard C, C++ and POSIX headers (STANDARD_HEADERS) are always allowed. Prints file:line
and the rule for each violation; exits 0 when clean, 1 on violations, 2 when the table
itself cannot be read. Usage: check_includes.py [ROOT] (default: the current directory).
"""
import fnmatch
import pathlib
import re
import sys

ARCHITECTURE = "docs/architecture.md"
SOURCE_SUFFIXES = (".hpp", ".cpp", ".h", ".hh", ".cc", ".ipp")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
TICKED = re.compile(r"`([^`]+)`")

STANDARD_HEADERS = frozenset("""
algorithm any array atomic barrier bit bitset charconv chrono compare complex concepts
condition_variable coroutine deque exception execution filesystem format forward_list fstream
functional future initializer_list iomanip ios iosfwd iostream istream iterator latch limits
list locale map memory memory_resource mutex new numbers numeric optional ostream queue random
ranges ratio regex scoped_allocator semaphore set shared_mutex source_location span sstream
stack stdexcept stop_token streambuf string string_view syncstream system_error thread tuple
type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant vector
version
cassert cctype cerrno cfenv cfloat cinttypes climits clocale cmath csetjmp csignal cstdarg
cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar cwctype
assert.h complex.h ctype.h errno.h fenv.h float.h inttypes.h iso646.h limits.h locale.h
math.h setjmp.h signal.h stdalign.h stdarg.h stdatomic.h stdbool.h stddef.h stdint.h stdio.h
stdlib.h stdnoreturn.h string.h tgmath.h threads.h time.h uchar.h wchar.h wctype.h
aio.h arpa/inet.h dirent.h dlfcn.h fcntl.h fnmatch.h glob.h grp.h langinfo.h libgen.h
net/if.h netdb.h netinet/in.h netinet/tcp.h poll.h pthread.h pwd.h sched.h semaphore.h
spawn.h strings.h sys/mman.h sys/resource.h sys/select.h sys/socket.h sys/stat.h sys/time.h
sys/types.h sys/uio.h sys/un.h sys/utsname.h sys/wait.h syslog.h termios.h unistd.h utime.h
""".split())


class TableError(Exception):
    """The include table is missing or malformed; the message names file and line."""


class Row:
    def __init__(self, line, paths, project, libraries):
        self.line = line            # line of the row in docs/architecture.md
        self.paths = paths          # folders (or single files) the row covers
        self.project = project      # project folders it may include, "dir/*" allowed
        self.libraries = libraries  # library header patterns, "<fmt/*>" style, unbracketed
        self.allowed_rows = set()   # resolved from `project` by Rules

    @property
    def name(self):
        return self.paths[0]


def table_rows(lines, marker):
    """(line number, cells) of each body row of the table between the marker comments."""
    begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
    try:
        start = next(i for i, l in enumerate(lines) if l.strip() == begin)
        stop = next(i for i, l in enumerate(lines) if l.strip() == end and i > start)
    except StopIteration:
        raise TableError(f"{ARCHITECTURE}: no {begin} … {end} table") from None
    rows = []
    for number in range(start + 1, stop):
        text = lines[number].strip()
        if not text.startswith("|"):
            continue
        cells = [c.strip() for c in text.strip("|").split("|")]
        if all(set(c) <= set("-: ") for c in cells):
            continue  # the separator row
        rows.append((number + 1, cells))
    if len(rows) < 2:
        raise TableError(f"{ARCHITECTURE}:{start + 1}: the {marker} table has no rows")
    return rows[1:]  # rows[0] is the header


def ticked(cell, line, what):
    tokens = TICKED.findall(cell)
    if not tokens and cell not in ("—", "-", ""):
        raise TableError(f"{ARCHITECTURE}:{line}: {what} '{cell}' has no `quoted` entries")
    return tokens


def header_pattern(token, line):
    if not (token.startswith("<") and token.endswith(">")):
        raise TableError(f"{ARCHITECTURE}:{line}: library '{token}' must be written <header>")
    return token[1:-1]


class Rules:
    def __init__(self, rows, owners):
        self.rows = rows
        self.owners = owners  # [(header pattern, [files], line)]
        self.by_path = {}
        for row in rows:
            for path in row.paths:
                if path in self.by_path:
                    raise TableError(f"{ARCHITECTURE}:{row.line}: '{path}' has two rows")
                self.by_path[path] = row
        self.top_dirs = sorted({p.split("/", 1)[0] for p in self.by_path})
        for row in rows:
            row.allowed_rows = {id(r) for token in row.project for r in self.expand(token, row.line)}

    def expand(self, token, line):
        if token.endswith("/*"):
            found = [r for p, r in self.by_path.items() if p.startswith(token[:-1])]
        else:
            found = [self.by_path[token]] if token in self.by_path else []
        if not found:
            raise TableError(f"{ARCHITECTURE}:{line}: '{token}' names no row of the table")
        return found

    def row_for(self, rel):
        """The most specific row covering a path (a file or an included header), or None."""
        best = None
        for path, row in self.by_path.items():
            if rel == path or rel.startswith(path + "/"):
                if best is None or len(path) > len(best[0]):
                    best = (path, row)
        return best[1] if best else None

    def is_project(self, header):
        return header.split("/", 1)[0] in self.top_dirs


def load_rules(root):
    path = root / ARCHITECTURE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise TableError(f"{ARCHITECTURE}: cannot read it ({e.strerror})") from None
    rows = []
    for line, cells in table_rows(lines, "include-rules"):
        if len(cells) != 3:
            raise TableError(f"{ARCHITECTURE}:{line}: expected 3 cells, found {len(cells)}")
        paths = ticked(cells[0], line, "folder")
        if not paths:
            raise TableError(f"{ARCHITECTURE}:{line}: a row needs a `folder`")
        libraries = [header_pattern(t, line) for t in ticked(cells[2], line, "libraries")]
        rows.append(Row(line, paths, ticked(cells[1], line, "project"), libraries))
    owners = []
    for line, cells in table_rows(lines, "include-owners"):
        headers = ticked(cells[0], line, "header")
        files = ticked(cells[1] if len(cells) > 1 else "", line, "owner")
        if len(headers) != 1 or not files:
            raise TableError(f"{ARCHITECTURE}:{line}: expected one `<header>` and its owner files")
        owners.append((header_pattern(headers[0], line), files, line))
    return Rules(rows, owners)


def check_include(rules, rel, row, kind, header):
    """The rule this include breaks, or None."""
    if rules.is_project(header):
        target = rules.row_for(header)
        if target is None:
            return f"no row of {ARCHITECTURE} covers {header}"
        if target is row or id(target) in row.allowed_rows:
            return None
        allowed = ", ".join(row.project) or "no project folder"
        return (f"{row.name} may not include {target.name} "
                f"({ARCHITECTURE}:{row.line} allows {allowed})")
    if kind == '"':
        return "a project header is included by its path from the repository root"
    for pattern, files, line in rules.owners:
        if fnmatch.fnmatchcase(header, pattern):
            if rel in files:
                return None
            return f"only {', '.join(files)} may include <{header}> ({ARCHITECTURE}:{line})"
    if header in STANDARD_HEADERS:
        return None
    if any(fnmatch.fnmatchcase(header, p) for p in row.libraries):
        return None
    allowed = ", ".join(f"<{p}>" for p in row.libraries) or "no library header"
    return f"<{header}> is not allowed in {row.name} ({ARCHITECTURE}:{row.line} allows {allowed})"


def check_file(rules, root, path):
    rel = path.relative_to(root).as_posix()
    row = rules.row_for(rel)
    if row is None:
        return [f"{rel}:1: no row of {ARCHITECTURE} covers this file"]
    problems = []
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        m = INCLUDE.match(line)
        if m:
            kind, header = m.groups()
            rule = check_include(rules, rel, row, kind, header)
            if rule:
                problems.append(f"{rel}:{number}: #include {kind}{header}{'>' if kind == '<' else kind}: {rule}")
    return problems


def check_tree(root):
    """(files checked, violations) for the tree at root; raises TableError."""
    rules = load_rules(root)
    checked, problems = 0, []
    for top in rules.top_dirs:
        for path in sorted((root / top).rglob("*")):
            if path.is_file() and path.suffix in SOURCE_SUFFIXES:
                checked += 1
                problems += check_file(rules, root, path)
    return checked, problems


def main(argv):
    root = pathlib.Path(argv[1] if len(argv) > 1 else ".").resolve()
    try:
        checked, problems = check_tree(root)
    except TableError as e:
        print(f"include rules: {e}")
        return 2
    for p in problems:
        print(p)
    print(f"include rules ({ARCHITECTURE}): {checked} files checked, {len(problems)} violations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
