"""Drivers of Sluice's own that it runs on synthetic messages at start-up, before any source opens,
so that the compiler has compiled the message bridge (LogMessage, the send and parse glue) before
the first real message needs it. No user code runs here."""
import syslogng


class WarmUpDestination(syslogng.LogDestination):
    def send(self, msg):
        self.last = (msg["MESSAGE"], msg["PROGRAM"], msg["HOST"], msg.get("PID"))
        return True


class WarmUpParser(syslogng.LogParser):
    def parse(self, msg):
        msg["warmup.program"] = msg["PROGRAM"]
        return b"warm-up" in msg["MESSAGE"]
