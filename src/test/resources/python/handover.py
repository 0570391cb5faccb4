# A fetcher of an API that keeps the reader's cursor on its side (a file here, shared by the pods),
# as an API that returns a cursor does: whichever pod holds the lease goes on from it. The events
# available so far are numbered up to the count in the file `available` (the test writes it).
import os

from syslogng import LogFetcher, LogMessage


class CursorFetcher(LogFetcher):
    def init(self, options):
        self.cursor = options["cursor"]
        self.pod = options["pod"]
        self.available_file = options["available"]
        self.available = 0
        return True

    def open(self):
        self.next = int(open(self.cursor).read()) if os.path.exists(self.cursor) else 0
        return True

    def fetch(self):
        if self.next >= self.available:
            self.available = int(open(self.available_file).read())
            if self.next >= self.available:
                return self.NO_DATA, None
        msg = LogMessage("n=%08d pod=%s" % (self.next, self.pod))
        self.next += 1
        with open(self.cursor + ".tmp", "w") as f:
            f.write(str(self.next))
        os.replace(self.cursor + ".tmp", self.cursor)
        return self.SUCCESS, msg
