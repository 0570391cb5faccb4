# Drivers of RoutingTest: a numbered fetcher whose acknowledgements are written down, and a slow destination.
import time

from syslogng import ConsecutiveAckTracker, LogFetcher, LogMessage


class Tracked(LogFetcher):
    """n=1 .. n=<total> with bookmark n and value seq; each acknowledged bookmark is appended to options['acks']."""

    def init(self, options):
        self.total = int(options["total"])
        self.n = 0
        self.acks = open(options["acks"], "a")
        self.ack_tracker = ConsecutiveAckTracker(ack_callback=self.acked)
        return True

    def acked(self, bookmark):
        self.acks.write("%d\n" % bookmark)
        self.acks.flush()

    def fetch(self):
        if self.n >= self.total:
            return self.FETCH_NO_DATA, None
        self.n += 1
        msg = LogMessage("n=%d" % self.n)
        msg["seq"] = str(self.n)
        msg.set_bookmark(self.n)
        return self.FETCH_SUCCESS, msg


class SlowRecorder:
    """Writes each MESSAGE to options['path'] after a short pause, so that acknowledgements have to wait for it."""

    def init(self, options):
        self.out = open(options["path"], "a")
        return True

    def send(self, msg):
        time.sleep(0.001)
        self.out.write(msg["MESSAGE"].decode() + "\n")
        self.out.flush()
        return True
