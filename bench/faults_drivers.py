# Drivers for bench/faults.sh, run by Sluice: a fetcher of numbered messages that resumes after a
# kill -9 from what was acknowledged, and a destination that answers QUEUED, SUCCESS and DROP.
import os
import time
from syslogng import LogFetcher, LogMessage, LogDestination, ConsecutiveAckTracker, Persist


class Seq(LogFetcher):
    """n=0..count-1; the next number after a restart is the first one not acknowledged."""
    def init(self, options):
        self.count = options["count"]
        self.persist = Persist("faults_seq")
        self.ack_tracker = ConsecutiveAckTracker(ack_callback=self.acked)
        try:
            self.next = int(self.persist["acked"]) + 1
        except KeyError:
            self.next = 0
        self.rate = options.get("rate", 0)  # messages per second, 0: as fast as it can
        self.started, self.first = None, self.next
        return True

    def acked(self, bookmark):
        self.persist["acked"] = bookmark

    def fetch(self):
        if self.next >= self.count:
            return self.NO_DATA, None
        if self.rate and self.next % 100 == 0:
            if self.started is None:
                self.started = time.time()
            ahead = (self.next - self.first) / self.rate - (time.time() - self.started)
            if ahead > 0:
                time.sleep(ahead)
        msg = LogMessage("n=%08d" % self.next)
        msg.set_bookmark(self.next)
        self.next += 1
        return self.SUCCESS, msg


class Mixed(LogDestination):
    """QUEUED for most (written at flush), SUCCESS for every 7th (written at once), DROP for every 1000th (logged as dropped)."""
    def init(self, options):
        self.out = open(options["out"], "a")
        self.dropped = open(options["dropped"], "a")
        self.batch = []
        self.flag = options.get("flag")  # while this file exists the receiver is down: flush() raises
        return True

    def send(self, msg):
        text = msg["MESSAGE"].decode()
        n = int(text[2:])
        if n % 1000 == 999:
            self.dropped.write(text + "\n")
            self.dropped.flush()
            return self.DROP
        if n % 7 == 0:
            self.out.write(text + "\n")
            self.out.flush()
            return self.SUCCESS
        self.batch.append(text + "\n")
        return self.QUEUED

    def flush(self):
        if self.flag and os.path.exists(self.flag):
            raise IOError("receiver down")
        self.out.write("".join(self.batch))
        self.out.flush()
        os.fsync(self.out.fileno())
        self.batch = []
        return self.SUCCESS

    def close(self):
        self.batch = []
