# Twenty numbered messages per source, and a destination that holds message 0 back: with two
# workers, 1..19 are delivered while it waits, so the source's acks arrive out of order.
import time
from syslogng import LogFetcher, LogMessage, LogDestination
from syslogng import InstantAckTracker, ConsecutiveAckTracker, BatchedAckTracker

acked = []  # what the source's ack tracker reported, in the order it reported it


class Numbers(LogFetcher):
    def init(self, options):
        self.next = 0
        tracker = options["tracker"]
        if tracker == "instant":
            self.ack_tracker = InstantAckTracker(ack_callback=acked.append)
        elif tracker == "consecutive":
            self.ack_tracker = ConsecutiveAckTracker(ack_callback=acked.append)
        else:
            self.ack_tracker = BatchedAckTracker(timeout=60000, batch_size=5,
                                                 batched_ack_callback=lambda batch: acked.append(list(batch)))
        return True

    def fetch(self):
        if self.next >= 20:
            return self.NO_DATA, None
        msg = LogMessage("n=%d" % self.next)
        msg.set_bookmark(self.next)
        self.next += 1
        return self.SUCCESS, msg


class HoldFirst(LogDestination):
    def send(self, msg):
        if msg["MESSAGE"] == b"n=0":
            time.sleep(0.5)
        return True
