#!/usr/bin/env python3
"""A tiny HTTPS device fleet for the e2e tests (python3 stdlib only: ssl + http.server).

usage: https_server.py PORT ADDRESS=CERT,KEY,PAGE [...]
Each ADDRESS (127.x.y.z only) gets its own listener on PORT with its own certificate and
answers GET / with PAGE (gpon or vigor: the pages of tests/mock/personas). PORT 0 lets the
kernel choose for the first address; the rest reuse it. Prints "ready PORT" once every
listener is bound. Loopback only: any other address is refused before binding.
"""
import http.server
import ipaddress
import ssl
import sys
import threading

PAGES = {
    "gpon": (None, "<html>\n<head>\n<title>\nGPON Home Gateway\n</title>\n"
                   "<meta http-equiv=\"refresh\" content=\"0;url=/login.html\">\n</head>\n"
                   "<body></body>\n</html>\n"),
    "vigor": ("DWS", "<html>\n<head>\n<title>Vigor Login Page</title>\n</head>\n<body>\n"
                     "<p>DrayTek Corporation</p>\n</body>\n</html>\n"),
}


def handler_for(page):
    server_header, body = PAGES[page]
    payload = body.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response_only(200 if self.path == "/" else 404)
            if server_header:
                self.send_header("Server", server_header)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    return Handler


def serve(address, port, cert, key, page):
    if not ipaddress.ip_address(address).is_loopback:
        sys.exit(f"https_server: {address} is not a loopback address")
    httpd = http.server.ThreadingHTTPServer((address, port), handler_for(page))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd.server_address[1]


def main():
    port = int(sys.argv[1])
    for spec in sys.argv[2:]:
        address, files = spec.split("=", 1)
        cert, key, page = files.split(",")
        port = serve(address, port, cert, key, page)
    print(f"ready {port}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
