# Sources for the source kit: a fetcher of `count` numbered messages (then NO_DATA), and a server-style source.
import threading

from syslogng import LogFetcher, LogMessage, LogSource


class Numbered(LogFetcher):
    def init(self, options):
        self.count = options["count"]
        self.next = 0
        return True

    def fetch(self):
        if self.next >= self.count:
            return self.NO_DATA, None
        msg = LogMessage("n=%08d" % self.next)
        self.next += 1
        return self.SUCCESS, msg


class NumberedSource(LogSource):
    """A server-style source for the kit: run() posts `count` numbered messages, then waits for request_exit()."""
    def init(self, options):
        self.count = options["count"]
        self.exit = threading.Event()
        return True

    def run(self):
        for i in range(self.count):
            if self.exit.is_set():
                return
            self.post_message(LogMessage("n=%08d" % i))
        self.exit.wait()

    def request_exit(self):
        self.exit.set()
