# A fetcher for the source kit: `count` numbered messages, then NO_DATA.
from syslogng import LogFetcher, LogMessage


class Numbered(LogFetcher):
    def init(self, options):
        self.count = options["count"]
        self.next = 0
        return True

    def fetch(self):
        if self.next >= self.count:
            return self.NO_DATA, None
        msg = LogMessage("n=%08d" % self.next)
        self.next += 1
        return self.SUCCESS, msg
