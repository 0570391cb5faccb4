# RoutingTest's fetcher: numbered messages whose acknowledgements are written down.
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

