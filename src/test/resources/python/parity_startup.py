# Classes syslog-ng refuses at start-up (StartupParityTest): Sluice must refuse them too, as clearly.
from syslogng import LogFetcher, LogSource


class NoRun(LogSource):
    def request_exit(self):
        pass


class NoRequestExit(LogSource):
    def run(self):
        pass


class SuspendWithoutWakeup(LogSource):
    def run(self):
        pass

    def request_exit(self):
        pass

    def suspend(self):
        pass


class NotAFetcher:
    def fetch(self):
        return 4, None


class NoFetch(LogFetcher):
    pass


class InitReturnsNone(LogFetcher):
    def init(self, options):
        pass

    def fetch(self):
        return self.FETCH_NO_DATA, None


class InitRaises(LogFetcher):
    def init(self, options):
        raise ValueError("init failed")

    def fetch(self):
        return self.FETCH_NO_DATA, None


class ConstructorRaises(LogFetcher):
    def __init__(self):
        raise ValueError("no instance")

    def fetch(self):
        return self.FETCH_NO_DATA, None


class BadTracker(LogFetcher):
    def init(self, options):
        self.ack_tracker = "not a tracker"
        return True

    def fetch(self):
        return self.FETCH_NO_DATA, None


class NoSend:
    def init(self, options):
        return True


class NoParse:
    def init(self, options):
        return True


class Fine(LogFetcher):
    def fetch(self):
        return self.FETCH_NO_DATA, None


class Sink:
    def send(self, msg):
        return True
