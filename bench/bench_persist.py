# Persist benchmarks: the cost of syslogng.Persist inside a fetcher, the seed's own pattern.
import time
from syslogng import LogFetcher, LogMessage, Persist


def _next_message(fetcher):
    if fetcher.n >= fetcher.limit:
        return LogFetcher.FETCH_NO_DATA, None
    fetcher.n += 1
    return LogFetcher.FETCH_SUCCESS, LogMessage("message number %d" % fetcher.n)


class PlainFetcher(LogFetcher):
    """Emits `limit` messages as fast as it can."""

    def init(self, options):
        self.limit = int(options["limit"])
        self.n = 0
        return True

    def fetch(self):
        return _next_message(self)


class CountingFetcher(LogFetcher):
    """The same (same calls, so only Persist differs), plus `self.persist['counter'] += 1` per message."""

    def init(self, options):
        self.limit = int(options["limit"])
        self.n = 0
        self.persist = Persist("bench_counter", defaults={"counter": 0})
        return True

    def fetch(self):
        self.persist["counter"] += 1
        return _next_message(self)


class AssignmentSpeed(LogFetcher):
    """Times rounds of Persist assignments in init() and prints the rate of each round."""

    def init(self, options):
        persist = Persist("bench_assignments")
        n = int(options["per_round"])
        for r in range(int(options["rounds"])):
            start = time.perf_counter()
            for i in range(n):
                persist["value"] = i
            print("persist assignments/s round %d: %.0f" % (r, n / (time.perf_counter() - start)), flush=True)
        return True

    def fetch(self):
        return self.FETCH_NO_DATA, None
