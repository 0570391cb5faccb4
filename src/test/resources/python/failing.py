# Drivers that fail, as user code does: each failure must be counted and shown in health.
import time
from syslogng import LogSource, LogFetcher, LogParser, LogDestination, LogMessage


class RaisingSource(LogSource):
    def run(self):
        raise RuntimeError("run() broke")

    def request_exit(self):
        pass


class RaisingFetcher(LogFetcher):
    def fetch(self):
        raise RuntimeError("fetch() broke")


class Feed(LogFetcher):
    """Numbered messages, one every 20 ms, for the parser and destination below."""
    def init(self, options):
        self.n = 0
        return True

    def fetch(self):
        time.sleep(0.02)
        self.n += 1
        return self.SUCCESS, LogMessage("n=%d" % self.n)


class RaisingParser(LogParser):
    def parse(self, msg):
        if int(msg["MESSAGE"].split(b"=")[1]) % 2:
            raise ValueError("odd message")
        return True


class RaisingDestination(LogDestination):
    def send(self, msg):
        raise RuntimeError("send() broke")
