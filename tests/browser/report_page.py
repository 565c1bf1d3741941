#!/usr/bin/env python3
"""Opens the HTML report in headless Chromium over the DevTools pipe and checks what a
reader would get: no console error, no request besides the page itself, each chart with
the series and points the JSON report of the same store implies, no script element or
event-handler attribute (hostile device strings stay text), an A4 PDF when printed, and
a full-page screenshot. Python standard library only; never opens a socket.

usage: report_page.py CHROMIUM PAGE.html REPORT.json SCREENSHOT.png PRINT.pdf
exit: 0 pass, 1 a check failed, 2 the browser misbehaved (timeout, crash)."""
import base64
import html.parser
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe"]


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands in) and 4 (replies out)."""

    def __init__(self, chromium, user_dir):
        to_chrome, self.commands = os.pipe()
        self.replies, from_chrome = os.pipe()

        def wire():  # in the child: the pipe ends become fds 3 and 4, inheritable
            ends = os.dup(to_chrome), os.dup(from_chrome)  # fresh numbers above 4
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        self.proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={user_dir}", "about:blank"],
                                     preexec_fn=wire, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_chrome)
        os.close(from_chrome)
        self.buffer, self.next_id, self.events = b"", 0, []

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.replies, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method, timeout=60):
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read_message(deadline))

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Charts(html.parser.HTMLParser):
    """Per chart (svg.chart): its series in order, each with its number of .point elements;
    plus every script element and on* attribute found anywhere, and the CSP meta tag."""

    def __init__(self):
        super().__init__()
        self.charts, self.scripts, self.handlers, self.csp = {}, 0, [], None
        self.chart, self.series, self.depth = None, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.scripts += tag == "script"
        self.handlers += [f"{tag}[{k}]" for k in a if k.lower().startswith("on")]
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
        classes = (a.get("class") or "").split()
        if tag == "svg" and "chart" in classes:
            self.chart = a.get("data-chart")
            self.charts[self.chart] = []
        elif tag == "g" and self.series is not None:
            self.depth += 1
        elif tag == "g" and "series" in classes and self.chart:
            self.series, self.depth = [a.get("data-series"), 0], 0
            self.charts[self.chart].append(self.series)
        elif "point" in classes and self.series is not None:
            self.series[1] += 1

    def handle_endtag(self, tag):
        if tag == "g" and self.series is not None:
            if self.depth == 0:
                self.series = None
            else:
                self.depth -= 1
        elif tag == "svg":
            self.chart = None


def expected_charts(report):
    days = len(report["days"])
    order = report["families"]

    def ranked(names):
        return [f for f in order if f in names] + sorted(n for n in names if n not in order)

    identified = {r["family"] for r in report["funnel_by_family"]}
    with_devices = {r["family"] for r in report["funnel_by_family"] if r["devices"] > 0}
    focus = {r["family"] for r in report["focus"]}
    cumulative = {"all families" if r["family"] == "*" else r["family"] for r in report["cumulative_devices"]}
    focus_family = report["filter"]["focus_family"]
    line = focus_family + " unique UUIDs"
    bottom_first = sorted(ranked(focus), key=lambda f: f != focus_family)  # stable: the rest keep rank
    return {
        "hosts-per-family": [(f, days) for f in ranked(identified)],
        "focus": [(f, days) for f in bottom_first] + [(line, days)],
        "cumulative-devices": [(f, days) for f in ranked(cumulative)],
        "inflation": [(f, days) for f in ranked(with_devices)],
    }


def problems_in_events(events, page_url):
    found = []
    for e in events:
        method, p = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            found.append("console error: " + " ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
        elif method == "Runtime.exceptionThrown":
            found.append("exception: " + p["exceptionDetails"].get("text", ""))
        elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
            found.append(f"log error ({p['entry']['source']}): {p['entry']['text']}")
        elif method == "Network.requestWillBeSent" and p["request"]["url"] != page_url:
            found.append("request: " + p["request"]["url"])
    return found


def open_page(browser, url):
    targets = browser.send("Target.getTargets")["targetInfos"]
    page = next(t for t in targets if t["type"] == "page")
    session = browser.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network", "DOM"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": 1100, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired")
    browser.send("Runtime.evaluate", {"expression": "1"}, session=session)  # drains late events
    time.sleep(0.5)
    return session


def capture(browser, session, screenshot, pdf):
    size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
    shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                   "clip": {"x": 0, "y": 0, "width": size["width"],
                                                            "height": size["height"], "scale": 1}},
                        session=session)
    pathlib.Path(screenshot).write_bytes(base64.b64decode(shot["data"]))
    top = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                  "clip": {"x": 0, "y": 0, "width": size["width"],
                                                           "height": min(size["height"], 1700), "scale": 1}},
                       session=session)  # the charts alone, readable at a glance
    pathlib.Path(screenshot).with_suffix(".charts.png").write_bytes(base64.b64decode(top["data"]))
    printed = browser.send("Page.printToPDF", {"preferCSSPageSize": True}, session=session)
    data = base64.b64decode(printed["data"])
    pathlib.Path(pdf).write_bytes(data)
    boxes = set(re.findall(rb"/MediaBox \[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", data))
    return boxes


def main(chromium, page_path, report_path, screenshot, pdf):
    report = json.loads(pathlib.Path(report_path).read_text())
    url = pathlib.Path(page_path).resolve().as_uri()
    failures = []
    with tempfile.TemporaryDirectory() as user_dir:
        browser = Browser(chromium, user_dir)
        try:
            session = open_page(browser, url)
            root = browser.send("DOM.getDocument", {"depth": -1}, session=session)["root"]
            dom = browser.send("DOM.getOuterHTML", {"nodeId": root["nodeId"]}, session=session)["outerHTML"]
            boxes = capture(browser, session, screenshot, pdf)
            failures += problems_in_events(browser.events, url)
        except (TimeoutError, EOFError, RuntimeError, StopIteration) as e:
            print(f"browser failure: {e!r}\n{browser.proc.stderr.read1(4096).decode(errors='replace') if browser.proc.poll() is not None else ''}")
            return 2
        finally:
            browser.close()
    parsed = Charts()
    parsed.feed(dom)
    if parsed.csp is None or "default-src 'none'" not in parsed.csp:
        failures.append(f"no Content-Security-Policy forbidding requests: {parsed.csp!r}")
    if parsed.scripts or parsed.handlers:
        failures.append(f"{parsed.scripts} script element(s), handler attributes {parsed.handlers[:5]}")
    want = expected_charts(report)
    got = {k: [tuple(s) for s in v] for k, v in parsed.charts.items()}
    for chart, series in want.items():
        if got.get(chart) != series:
            failures.append(f"chart {chart}: series/points {got.get(chart)} in the DOM, {series} expected")
    if not boxes or any(abs(float(w) - 595.92) > 2 or abs(float(h) - 842.88) > 2 for w, h in boxes):
        failures.append(f"printed pages are not A4: MediaBox {boxes}")
    for chart, series in got.items():
        print(f"chart {chart}: {len(series)} series, points {[n for _, n in series]}")
    print(f"screenshot {screenshot} ({os.path.getsize(screenshot)} bytes), print {pdf} "
          f"({len(boxes) and 'A4'}), {len(browser.events)} DevTools events")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
