"""WSGI apps on Bytestorm's preview: the browser has no sockets, so a WSGI server here answers
the preview pane's requests instead of a port's.

    from wsgiref.simple_server import make_server
    make_server("", 8000, app).serve_forever()      # or: bytestorm.serve(app, port=8000)

``wsgiref.simple_server``'s ``make_server`` and ``WSGIServer`` are replaced by the ones below
when it is imported. ``serve_forever`` blocks as in CPython (the program runs while it serves),
logs each request to stderr as wsgiref does, and ends with KeyboardInterrupt on Ctrl+C.
Requests arrive from the page through shared memory (request-channel.ts, serve-bridge.ts).
"""

import io
import json
import os
import signal
import sys

import _bytestorm_serve as _bridge

__all__ = ["WSGIServer", "make_server", "serve"]

_RUNNER = "_bytestorm"


class WSGIServer:
    """A WSGI server on the preview, with the interface of wsgiref.simple_server.WSGIServer."""

    timeout = None

    def __init__(self, server_address=("", 8000), RequestHandlerClass=None, bind_and_activate=True):
        host, port = server_address[0], server_address[1]
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise OverflowError(f"port must be 0-65535, not {port!r}")
        bound = _bound_ports()
        if port == 0:
            port = next(number for number in range(8000, 65536) if number not in bound)
        elif port in bound:
            raise OSError(98, "Address already in use")
        bound.add(port)
        self.server_address = (host or "0.0.0.0", port)
        self.server_name = "localhost"
        self.server_port = port
        self.RequestHandlerClass = RequestHandlerClass
        self.application = None
        self._listening = False
        self._closed = False
        self._stop = False
        self.base_environ = {
            "SERVER_NAME": self.server_name,
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PORT": str(port),
            "REMOTE_HOST": "",
            "CONTENT_LENGTH": "",
            "SCRIPT_NAME": "",
        }

    def set_app(self, application):
        self.application = application

    def get_app(self):
        return self.application

    def serve_forever(self, poll_interval=0.5):
        """Answers the preview's requests until shutdown() or Ctrl+C (KeyboardInterrupt)."""
        self._activate()
        self._stop = False
        try:
            while not self._stop:
                self._serve_one(None)
        finally:
            self._deactivate()

    def handle_request(self):
        """Answers one request, waiting at most ``self.timeout`` seconds (None: for ever)."""
        self._activate()
        try:
            if not self._serve_one(self.timeout):
                self.handle_timeout()
        except BaseException:
            self._deactivate()
            raise

    def handle_timeout(self):
        pass

    def shutdown(self):
        """Ends serve_forever after the request being answered (call it from the app)."""
        self._stop = True

    def server_close(self):
        self._deactivate()
        if not self._closed:
            self._closed = True
            _bound_ports().discard(self.server_port)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.server_close()

    def _activate(self):
        if self._closed:
            raise OSError(9, "Bad file descriptor: the server was closed")
        if self.application is None:
            raise TypeError("the server has no app: pass one to make_server() or call set_app()")
        if self._listening:
            return
        if not _bridge.available:
            raise OSError(
                "Serving the preview needs a cross-origin isolated page (for shared memory), "
                "and this one is not: reload the page."
            )
        name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] not in ("", "-c") else "the app"
        _flush()
        _bridge.listen(self.server_port, f"{name} (WSGI, port {self.server_port})")
        _servers[self.server_port] = self
        self._listening = True
        sys.stderr.write(
            f"Serving {name} on the preview (port {self.server_port}) \u2014 press Ctrl+C to stop\n"
        )
        _flush()

    def _deactivate(self):
        if self._listening:
            self._listening = False
            if _servers.get(self.server_port) is self:
                del _servers[self.server_port]
            _bridge.close(self.server_port)

    def _serve_one(self, timeout):
        """Waits for one request and answers it; False when `timeout` seconds passed first."""
        while True:
            message = _bridge.next_request(-1 if timeout is None else max(0.0, float(timeout)))
            if isinstance(message, str) and message == "interrupted":
                # KeyboardInterrupt, unless the program has a SIGINT handler of its own.
                signal.raise_signal(signal.SIGINT)
                continue
            if isinstance(message, str):  # "timeout"
                return False
            data = message.to_bytes()
            size = int.from_bytes(data[:4], "big")
            meta = json.loads(data[4 : 4 + size].decode("utf-8"))
            server = _servers.get(meta["port"], self)
            server._answer(meta, data[4 + size :])
            return True

    def _answer(self, meta, body):
        environ = build_environ(self.base_environ, meta, body)
        status, headers, content = call_app(self.application, environ)
        _bridge.respond(meta["id"], int(status.split(" ", 1)[0]), json.dumps(headers), _to_js(content))
        _log(environ, status, len(content))


def make_server(host, port, app, server_class=WSGIServer, handler_class=None):
    """Creates a server for ``app`` on the preview, as wsgiref.simple_server.make_server does."""
    if not (isinstance(server_class, type) and issubclass(server_class, WSGIServer)):
        server_class = WSGIServer
    server = server_class((host, port), handler_class)
    server.set_app(app)
    return server


def serve(app, port=8000, host=""):
    """Serves the WSGI callable ``app`` on the preview until Ctrl+C."""
    with make_server(host, port, app) as server:
        server.serve_forever()


def build_environ(base, meta, body):
    """The WSGI environ (PEP 3333) of one preview request."""
    # PEP 3333: the path's bytes, each as one character (latin-1); the page sent it decoded.
    path = ("/" + meta["path"]).encode("utf-8").decode("latin-1")
    environ = dict(base)
    environ.update(
        {
            "SERVER_NAME": meta.get("hostname") or base["SERVER_NAME"],
            "SERVER_PROTOCOL": "HTTP/1.1",
            "SERVER_SOFTWARE": f"Bytestorm-WSGI/1.0 Python/{sys.version.split()[0]}",
            "REQUEST_METHOD": meta["method"].upper(),
            "SCRIPT_NAME": meta.get("scriptName", ""),
            "PATH_INFO": path,
            "QUERY_STRING": meta["search"][1:] if meta["search"].startswith("?") else meta["search"],
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": "",
            "CONTENT_LENGTH": str(len(body)) if body else "",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": meta.get("scheme", "http"),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.input_terminated": True,
        }
    )
    for name, value in meta["headers"].items():
        key = name.lower()
        if key == "content-type":
            environ["CONTENT_TYPE"] = value
        elif key == "content-length":
            continue  # the body's own length is what wsgi.input holds
        else:
            key = "HTTP_" + key.upper().replace("-", "_")
            environ[key] = f"{environ[key]},{value}" if key in environ else value
    if meta.get("host") and "HTTP_HOST" not in environ:
        environ["HTTP_HOST"] = meta["host"]
    return environ


def call_app(app, environ):
    """Runs the app on one request: (status, [[name, value]], body bytes). An exception in the
    app (or a response that breaks WSGI's rules) prints its traceback and becomes a 500 page."""
    started = {}
    body = []

    def start_response(status, headers, exc_info=None):
        if exc_info is not None:
            exc_info = None  # nothing is sent before the app returns: the error page replaces it
        elif started:
            raise AssertionError("start_response() was called twice (pass exc_info the second time)")
        if not isinstance(status, str) or len(status) < 4 or not status[:3].isdigit() or status[3] != " ":
            raise ValueError(f"the status must be a str such as '200 OK', not {status!r}")
        checked = []
        for header in headers:
            if not (isinstance(header, tuple) and len(header) == 2 and all(isinstance(part, str) for part in header)):
                raise TypeError(f"each header must be a (name, value) tuple of str, not {header!r}")
            checked.append(list(header))
        started["status"], started["headers"] = status, checked
        return write

    def write(data):
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"write() takes bytes, not {type(data).__name__}: encode the text first")
        body.append(bytes(data))

    try:
        result = app(environ, start_response)
        try:
            if isinstance(result, (str, bytes)):
                # A bare str or bytes iterates per character or per int: WSGI wants a list.
                kind = type(result).__name__
                raise TypeError(
                    f"the app returned a {kind}; a WSGI app returns a list of bytes, e.g. [text.encode()]"
                )
            for chunk in result:
                if not isinstance(chunk, (bytes, bytearray)):
                    raise TypeError(
                        f"the app's response must be bytes, not {type(chunk).__name__}: "
                        "encode the text, e.g. [text.encode()]"
                    )
                body.append(bytes(chunk))
        finally:
            close = getattr(result, "close", None)
            if callable(close):
                close()
        if not started:
            raise RuntimeError("the app returned without calling start_response(status, headers)")
    except Exception as error:
        # The traceback starts at the app: this module's frame calling it is no news to its author.
        if error.__traceback__ is not None and error.__traceback__.tb_frame.f_code.co_filename == __file__:
            error.__traceback__ = error.__traceback__.tb_next
        _flush()
        _print_traceback(error)
        last = "".join(__import__("traceback").format_exception_only(type(error), error)).strip()
        return "500 Internal Server Error", [["Content-Type", "text/html; charset=utf-8"]], _error_page(environ, last)
    return started["status"], started["headers"], b"".join(body)


def _error_page(environ, last_line):
    import html

    where = html.escape(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
    page = (
        "<!doctype html><meta charset=\"utf-8\"><title>500 Internal Server Error</title>"
        "<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#333}h1{font-size:1.2rem}"
        "pre{background:#f6f6f6;padding:.6rem;white-space:pre-wrap}</style>"
        "<h1>500 Internal Server Error</h1>"
        f"<p>The app raised an exception while answering {where}:</p>"
        f"<pre>{html.escape(last_line)}</pre><p>The whole traceback is in the terminal.</p>"
    )
    return page.encode("utf-8")


def _log(environ, status, size):
    import time

    now = time.localtime()
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    stamp = f"{now.tm_mday:02d}/{months[now.tm_mon - 1]}/{now.tm_year} {now.tm_hour:02d}:{now.tm_min:02d}:{now.tm_sec:02d}"
    target = environ["PATH_INFO"] + (f"?{environ['QUERY_STRING']}" if environ["QUERY_STRING"] else "")
    code = status.split(" ", 1)[0]
    sys.stderr.write(
        f'{environ["REMOTE_ADDR"]} - - [{stamp}] "{environ["REQUEST_METHOD"]} {target} HTTP/1.1" {code} {size}\n'
    )


def _print_traceback(error):
    runner = sys.modules.get(_RUNNER)
    report = getattr(runner, "_print_exception", None)
    if callable(report):
        report(error)  # workspace-relative file names, as the runner's own tracebacks
    else:
        __import__("traceback").print_exception(error)


def _to_js(data):
    from pyodide.ffi import to_js

    return to_js(data)


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


# Servers listening on the preview, by port; ports bound in the current run.
_servers = {}
_bound = (None, set())


def _bound_ports():
    """The ports bound in this run: a new run (a new __main__) starts with none."""
    global _bound
    main = sys.modules.get("__main__")
    if _bound[0] is not main:
        _bound = (main, set())
        _servers.clear()
    return _bound[1]
