# SPDX-License-Identifier: MIT
"""The lifecycle both test servers share: a threading HTTP server on 127.0.0.1, ephemeral port."""
import http.server
import threading


class LoopbackServer:
    def _serve(self, handler_class):
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"
