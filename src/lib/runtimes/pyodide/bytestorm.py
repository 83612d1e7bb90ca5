"""Bytestorm's display protocol: show rich output (images, HTML, SVG) next to the terminal.

    import bytestorm
    bytestorm.display(png_bytes, "image/png")
    bytestorm.display("<b>bold</b>", "text/html")

matplotlib's ``plt.show()`` uses it too: each open figure is shown as a PNG.

    bytestorm.serve(app, port=8000)   # a WSGI app on the preview, until Ctrl+C
"""

from _bytestorm_display import send as _send
from pyodide.ffi import to_js as _to_js

__all__ = ["display", "serve"]

_LIMIT = 20 * 1024 * 1024


def display(data, mime="image/png"):
    """Shows ``data`` (bytes, or a str for text types) with its MIME type in the output pane."""
    if not isinstance(mime, str) or "/" not in mime or len(mime) > 255:
        raise ValueError(f"mime must be a MIME type such as 'image/png', not {mime!r}")
    if isinstance(data, str):
        data = data.encode("utf-8")
    elif isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    elif not isinstance(data, bytes):
        raise TypeError(f"display() takes bytes or str, not {type(data).__name__}")
    if len(data) > _LIMIT:
        raise ValueError(f"display() output is {len(data) // 1024 // 1024} MB; the limit is 20 MB")
    _send(mime, _to_js(data))


def serve(app, port=8000, host=""):
    """Serves the WSGI callable ``app`` on the preview pane until Ctrl+C (bytestorm_wsgi.py)."""
    from bytestorm_wsgi import serve as _serve

    _serve(app, port=port, host=host)
