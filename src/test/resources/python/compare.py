# Drivers run by both syslog-ng 3.38 and Sluice in SyslogNgPythonParityTest; written the 3.38 way
# (no LogDestination/LogParser base classes, FETCH_* constants) so both can load them.
from syslogng import LogFetcher, LogMessage


class CountingFetcher(LogFetcher):
    def init(self, options):
        self.n = 0
        self.limit = int(options["limit"])
        return True

    def fetch(self):
        if self.n >= self.limit:
            return self.FETCH_NO_DATA, None
        self.n += 1
        msg = LogMessage("fetched %d" % self.n)
        msg["seq"] = str(self.n)
        return self.FETCH_SUCCESS, msg


class TagParser:
    def init(self, options):
        return True

    def parse(self, msg):
        msg["tag"] = b"parsed-" + msg["seq"]
        return int(msg["seq"]) != 2  # the second message is dropped by the parser


class FlakyDest:
    """Fails the first attempt of every message, then succeeds; records each call."""

    def init(self, options):
        self.path = options["path"]
        self.attempts = {}
        return True

    def _log(self, line):
        with open(self.path, "a") as f:
            f.write(line + "\n")

    def open(self):
        self._log("open")
        return True

    def send(self, msg):
        text = msg["MESSAGE"].decode()
        self.attempts[text] = self.attempts.get(text, 0) + 1
        ok = self.attempts[text] > 1
        self._log("send %s %s -> %s" % (text, msg["tag"].decode(), "success" if ok else "error"))
        return self.SUCCESS if ok else self.ERROR

    def close(self):
        self._log("close")


def tf(msg, *args):
    return b"tf:" + msg["MESSAGE"] + b":" + b",".join(args)
