# A destination that takes a millisecond per message, so a queue builds up behind it.
import time
from syslogng import LogDestination


class SlowFile(LogDestination):
    def init(self, options):
        self.path = options["path"]
        return True

    def open(self):
        self.out = open(self.path, "a")
        return True

    def send(self, msg):
        time.sleep(0.001)
        self.out.write(msg["MESSAGE"].decode() + "\n")
        self.out.flush()
        return True

    def close(self):
        self.out.close()

    def deinit(self):
        print("slowdest deinit", flush=True)
