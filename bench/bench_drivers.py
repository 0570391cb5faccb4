# Python drivers the benchmarks run in both Sluice and syslog-ng, unchanged.
import json
import os

from syslogng import LogFetcher, LogMessage


class BenchFetcher(LogFetcher):
    """(a) parses a syslog line per fetch, no sleep, until `limit` messages."""

    def init(self, options):
        self.limit = int(options["limit"])
        self.n = 0
        return True

    def fetch(self):
        if self.n >= self.limit:
            return self.FETCH_NO_DATA, None
        self.n += 1
        msg = LogMessage.parse("<13>2022-02-02T10:23:45+02:00 host program[123]: message number %d" % self.n,
                               self.parse_options)
        return self.FETCH_SUCCESS, msg


class NullDestination:
    """(c) accepts everything; touches `done` after `limit` messages so the script can stop the clock."""

    def init(self, options):
        self.limit = int(options["limit"])
        self.done = options["done"]
        self.n = 0
        return True

    def send(self, msg):
        self.n += 1
        if self.n == self.limit:
            open(self.done, "w").close()
        return True


class TwoValueParser:
    """(d) sets two name-value pairs."""

    def parse(self, msg):
        msg["bench.program"] = msg["PROGRAM"]
        msg["bench.flag"] = b"yes"
        return True


def tf(msg):
    """(e) a template function."""
    return msg["PROGRAM"] + b"!"


class CountingDestination:
    """
    (f, g, w) accepts everything and appends a line to `count_file` per 1,000 messages, so that
    the script can count what several workers (each with its own counter) delivered. The file is
    opened once, unbuffered (os.write: text-mode open() per line would put locale lookups and the
    import machinery on the message path). With `json: yes` each send() first renders the message
    as JSON, the work an HTTP sink does.
    """

    def init(self, options):
        self.fd = os.open(options["count_file"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.json = options.get("json") == "yes"
        self.n = 0
        return True

    def send(self, msg):
        if self.json:
            json.dumps({"host": msg["HOST"].decode(), "program": msg["PROGRAM"].decode(),
                        "message": msg["MESSAGE"].decode()})
        self.n += 1
        if self.n % 1000 == 0:
            os.write(self.fd, b"1000\n")
        return True


class JsonParser:
    """(k) the json step's work in Python: parse MESSAGE, set each member (nested names dotted) as text."""

    def parse(self, msg):
        try:
            doc = json.loads(msg["MESSAGE"])
        except ValueError:
            return False
        if not isinstance(doc, dict):
            return False
        self._set(msg, ".json.", doc)
        return True

    def _set(self, msg, prefix, obj):
        for key, value in obj.items():
            if isinstance(value, dict):
                self._set(msg, prefix + key + ".", value)
            elif isinstance(value, bool):
                msg[prefix + key] = "true" if value else "false"
            elif value is None:
                msg[prefix + key] = ""
            else:
                msg[prefix + key] = str(value)
