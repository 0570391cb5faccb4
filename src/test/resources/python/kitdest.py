# A destination for the driver kit, written as syslog-ng users write them: QUEUED on send, the
# batch written on flush; while the flag file exists the receiver is "down" and flush() raises or,
# with the option outage: not-connected, returns NOT_CONNECTED.
import os
from syslogng import LogDestination


class KitDestination(LogDestination):
    def init(self, options):
        self.path = options["path"]
        self.flag = options["flag"]
        self.not_connected = options.get("outage") == "not-connected"
        self.batch = []
        return True

    def open(self):
        return True

    def send(self, msg):
        self.batch.append(msg["MESSAGE"].decode() + "\n")
        return self.QUEUED

    def flush(self):
        if os.path.exists(self.flag):
            if self.not_connected:
                return self.NOT_CONNECTED
            raise IOError("receiver is down")
        with open(self.path, "a") as f:
            f.write("".join(self.batch))
        self.batch = []
        return self.SUCCESS

    def close(self):
        self.batch = []  # the worker sends again whatever was not flushed
