# Module side of ReloadParityTest: a module keeps its globals across reloads (in syslog-ng and in
# Sluice); the inline code of the test counts its own runs here.
from syslogng import LogFetcher

import parity

inits = 0
inline_runs = 0


class ModuleFetcher(LogFetcher):
    def init(self, options):
        global inits
        inits += 1
        self.journal = parity.Journal(options)
        self.journal.write("init module inits=%d" % inits)
        return True

    def fetch(self):
        return self.FETCH_NO_DATA, None

    def deinit(self):
        self.journal.write("deinit")
