"""A python destination that writes what send() got, one repr per line, for the value-pairs test."""
from syslogng import LogDestination


class Recorder(LogDestination):
    def init(self, options):
        self.path = options["path"]
        return True

    def send(self, msg):
        with open(self.path, "a") as f:
            f.write(repr(sorted(msg.items())) + "\n")
        return True
