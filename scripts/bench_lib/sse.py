"""Incremental readers of a Server-Sent Events response (Python stdlib only), for the live-results
benchmark: the response head, HTTP/1.1 chunked framing, and the event stream inside it.

Each reader is fed bytes as they arrive and hands back what became complete; nothing here
touches a socket, so a viewer process can run a thousand of them from one epoll loop.
"""
import json


class ResponseHead:
    """The status line and headers, once the blank line has arrived."""

    def __init__(self):
        self.buf = b""
        self.status = None
        self.headers = {}

    def feed(self, data):
        """Returns the bytes after the head once it is complete (b"" possibly), else None."""
        self.buf += data
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            return None
        lines = self.buf[:end].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        self.status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        rest, self.buf = self.buf[end + 4:], b""
        return rest


class Chunked:
    """Undoes Transfer-Encoding: chunked. `ended` once the last (zero-size) chunk arrived;
    `error` names what was malformed (the stream is then useless)."""

    def __init__(self):
        self.buf = b""
        self.left = None  # bytes of the current chunk still to come; None: a size line is next
        self.ended = False
        self.error = None

    def feed(self, data):
        self.buf += data
        out = []
        while not self.ended and self.error is None:
            if self.left is None:
                end = self.buf.find(b"\r\n")
                if end < 0:
                    break
                size = self.buf[:end].split(b";", 1)[0].strip()
                try:
                    self.left = int(size, 16)
                except ValueError:
                    self.error = "bad chunk size %r" % size[:20]
                    break
                self.buf = self.buf[end + 2:]
                if self.left == 0:
                    self.ended = True
            elif self.left > 0:
                piece = self.buf[:self.left]
                if not piece:
                    break
                out.append(piece)
                self.left -= len(piece)
                self.buf = self.buf[len(piece):]
            else:  # the CRLF after a chunk's data
                if len(self.buf) < 2:
                    break
                if self.buf[:2] != b"\r\n":
                    self.error = "no CRLF after a chunk"
                    break
                self.buf = self.buf[2:]
                self.left = None
        return b"".join(out)


class EventStream:
    """Splits text/event-stream bytes into blocks (separated by a blank line) and reads the
    fields polls writes: `retry:`, `id:`, `data:` (JSON) and `:` comments (the heartbeat)."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        """Returns a list of ("event", id, data_json), ("comment", text) or ("retry", ms)."""
        self.buf += data.replace(b"\r\n", b"\n")
        items = []
        while True:
            end = self.buf.find(b"\n\n")
            if end < 0:
                return items
            block, self.buf = self.buf[:end].decode("utf-8"), self.buf[end + 2:]
            event_id, data_lines = None, []
            for line in block.split("\n"):
                name, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if name == "":
                    items.append(("comment", value))
                elif name == "retry":
                    items.append(("retry", int(value)))
                elif name == "id":
                    event_id = value
                elif name == "data":
                    data_lines.append(value)
            if data_lines:
                items.append(("event", event_id, json.loads("\n".join(data_lines))))
