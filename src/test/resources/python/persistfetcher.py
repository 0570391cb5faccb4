# The seed's "Adding persistent state" example; the imports are those of the MyFetcher example before it.
from syslogng import LogFetcher
from syslogng import LogMessage
from syslogng import Persist
import time

class MyFetcher(LogFetcher):
    def init(self, options):
        self.persist = Persist("MyFetcher_persistent_data", defaults={"counter": 1})
        return True

    def fetch(self):
        time.sleep(1)
        counter = self.persist['counter']
        self.persist['counter'] += 1
        msg = LogMessage.parse("<5>2022-02-02T10:23:45+02:00 HOST program[pid]: foobar %d" % counter, self.parse_options)
        return self.SUCCESS, msg
