#!/usr/bin/env python3
"""Self-test of check_includes.py on a tiny fixture tree written to a temporary directory:
each kind of violation must be caught with its file:line, what the table allows must pass,
and a broken table must be refused. Touches nothing outside its temporary directory.
"""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
import check_includes  # noqa: E402  (imported from this folder, after the path is set)

TABLE = """\
# fixture architecture

<!-- include-rules:begin -->
| folder | may include (project) | may include (libraries) |
|---|---|---|
| `lib/base` | — | — |
| `lib/top` | `lib/base` | `<fmt/*>` |
| `app`, `tools/main.cpp` | `lib/*` | `<CLI/*>` |
<!-- include-rules:end -->

<!-- include-owners:begin -->
| header | only in | why |
|---|---|---|
| `<curl/curl.h>` | `app/net.cpp` | one owner |
<!-- include-owners:end -->
"""

FILES = {
    "lib/base/a.hpp": '#include "lib/base/b.hpp"\n#include <vector>\n#include <sys/socket.h>\n',
    "lib/base/b.hpp": "#pragma once\n",
    "lib/base/up.cpp": '#include <string>\n#include "lib/top/t.hpp"\n',
    "lib/top/t.hpp": '#include "lib/base/a.hpp"\n#include <fmt/format.h>\n',
    "lib/top/db.cpp": "#include <cstdio>\n#include <sqlite3.h>\n",
    "app/main.cpp": '#include "lib/top/t.hpp"\n#include <CLI/CLI.hpp>\n#include <curl/curl.h>\n',
    "app/net.cpp": "#include <curl/curl.h>\n",
    "app/quoted.cpp": '#include "t.hpp"\n',
    "tools/main.cpp": '#include "lib/base/a.hpp"\n',
    "tools/other.cpp": "#include <vector>\n",
    "lib/stray.cpp": "#include <vector>\n",
}

EXPECTED = [
    "app/main.cpp:3: #include <curl/curl.h>: only app/net.cpp may include <curl/curl.h>",
    "app/quoted.cpp:1: #include \"t.hpp\": a project header is included by its path",
    "lib/base/up.cpp:2: #include \"lib/top/t.hpp\": lib/base may not include lib/top",
    "lib/stray.cpp:1: no row of docs/architecture.md covers this file",
    "lib/top/db.cpp:2: #include <sqlite3.h>: <sqlite3.h> is not allowed in lib/top",
    "tools/other.cpp:1: no row of docs/architecture.md covers this file",
]


def write_tree(root, table, files):
    for rel, text in {"docs/architecture.md": table, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class CheckIncludesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="check_includes_test.")
        self.root = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_catches_every_violation_and_nothing_else(self):
        write_tree(self.root, TABLE, FILES)
        checked, problems = check_includes.check_tree(self.root)
        self.assertEqual(checked, len(FILES))
        self.assertEqual(len(problems), len(EXPECTED), "\n".join(problems))
        for got, want in zip(sorted(problems), EXPECTED):
            self.assertTrue(got.startswith(want), f"\n got: {got}\nwant: {want}…")

    def test_violation_names_the_table_line(self):
        write_tree(self.root, TABLE, {"lib/base/up.cpp": '#include "lib/top/t.hpp"\n',
                                      "lib/top/t.hpp": "#pragma once\n"})
        _, problems = check_includes.check_tree(self.root)
        self.assertEqual(len(problems), 1)
        self.assertIn("docs/architecture.md:6 allows no project folder", problems[0])

    def test_clean_tree_passes_and_main_exits_zero(self):
        clean = {k: v for k, v in FILES.items() if k in ("lib/base/a.hpp", "lib/base/b.hpp",
                                                         "lib/top/t.hpp", "app/net.cpp")}
        write_tree(self.root, TABLE, clean)
        self.assertEqual(check_includes.main(["check_includes.py", str(self.root)]), 0)

    def test_main_exits_one_on_a_violation(self):
        write_tree(self.root, TABLE, {"lib/top/db.cpp": "#include <sqlite3.h>\n"})
        self.assertEqual(check_includes.main(["check_includes.py", str(self.root)]), 1)

    def test_unknown_folder_in_the_table_is_refused(self):
        write_tree(self.root, TABLE.replace("`lib/base` | `<fmt/*>`", "`lib/nope` | `<fmt/*>`"), {})
        with self.assertRaisesRegex(check_includes.TableError, r"architecture.md:7: 'lib/nope'"):
            check_includes.check_tree(self.root)

    def test_missing_table_exits_two(self):
        write_tree(self.root, "# no table here\n", {"lib/base/a.hpp": "#include <vector>\n"})
        self.assertEqual(check_includes.main(["check_includes.py", str(self.root)]), 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
