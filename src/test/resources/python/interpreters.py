# Drivers that show which interpreter they run in: this module's globals count what one
# interpreter saw. With an interpreter per driver each driver has its own copy of them; with
# `sluice.python.interpreter: shared` (and in syslog-ng) every driver sees the same ones.
import os
import time
import uuid
from syslogng import LogFetcher, LogMessage, LogDestination, LogParser, InstantAckTracker

inits = 0          # drivers of this module initialised in this interpreter, counting re-inits after a reload
parsed = 0         # messages the parser in this interpreter has parsed
seen_parsed = []   # per message sent: `parsed` as the destination's interpreter sees it
acked = []         # bookmarks the fetcher's ack callback got, in the order it got them
inside_at_once = 0 # how many destination workers a worker saw inside send() at once


def _count_init():
    global inits
    inits += 1


class Numbers(LogFetcher):
    """`count` messages n=0..; with `acks`, each has bookmark n and an instant ack tracker reports them."""

    def init(self, options):
        _count_init()
        self.count = int(options["count"])
        self.next = 0
        self.bookmarks = bool(options.get("acks"))
        if self.bookmarks:
            self.ack_tracker = InstantAckTracker(ack_callback=acked.append)
        return True

    def fetch(self):
        if self.next >= self.count:
            return self.NO_DATA, None
        msg = LogMessage("n=%d" % self.next)
        if self.bookmarks:
            msg.set_bookmark(self.next)
        self.next += 1
        return self.SUCCESS, msg


class Counting(LogParser):
    def init(self, options):
        _count_init()
        return True

    def parse(self, msg):
        global parsed
        parsed += 1
        return True


class Observer(LogDestination):
    """Records what this interpreter's parser counter reads when each message arrives."""

    def init(self, options):
        _count_init()
        return True

    def send(self, msg):
        seen_parsed.append(parsed)
        return True


class Accept(LogDestination):
    def send(self, msg):
        return True


def _meet(directory, workers):
    """
    Leaves a marker file in `directory` and waits (up to 20 s) until `workers` markers are there:
    the workers only meet if they are inside their calls at the same time.
    """
    global inside_at_once
    open(os.path.join(directory, uuid.uuid4().hex), "w").close()
    deadline = time.monotonic() + 20
    while len(os.listdir(directory)) < workers and time.monotonic() < deadline:
        time.sleep(0.005)
    inside_at_once = len(os.listdir(directory))


class _Meeting:
    """Its first call meets the other workers (options dir, workers)."""

    def init(self, options):
        _count_init()
        self.dir = options["dir"]
        self.workers = int(options["workers"])
        self.met = False
        return True

    def _meet_once(self):
        if not self.met:
            _meet(self.dir, self.workers)
            self.met = True
        return True


class Rendezvous(_Meeting, LogDestination):
    def send(self, msg):
        return self._meet_once()


class RendezvousParser(_Meeting, LogParser):
    def parse(self, msg):
        return self._meet_once()
