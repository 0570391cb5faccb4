# Python drivers the benchmarks run in both Sluice and syslog-ng, unchanged.
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
