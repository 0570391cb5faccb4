# A fetcher that emits "n=0" … "n=<total-1>" and keeps its position in Persist through a
# ConsecutiveAckTracker, so that after a restart it continues after the last acknowledged message.
from syslogng import LogFetcher, LogMessage, Persist, ConsecutiveAckTracker


class Numbered(LogFetcher):
    def init(self, options):
        self.total = int(options["total"])
        self.persist = Persist("numbered")
        self.next = self.persist["position"] + 1 if "position" in self.persist else 0
        print("resuming at %d" % self.next, flush=True)
        self.ack_tracker = ConsecutiveAckTracker(ack_callback=self.acked)
        return True

    def acked(self, bookmark):
        self.persist["position"] = bookmark

    def fetch(self):
        if self.next >= self.total:
            return LogFetcher.FETCH_NO_DATA, None
        msg = LogMessage("n=%d" % self.next)
        msg.set_bookmark(self.next)
        self.next += 1
        return LogFetcher.FETCH_SUCCESS, msg
