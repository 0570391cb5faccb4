# The seed's InstantAckTracker and BatchedAckTracker snippets, completed with a fetch() that
# bookmarks each message with its number and records what the callbacks receive.
from syslogng import LogFetcher, LogMessage, InstantAckTracker, BatchedAckTracker

instant_acked = []
batched_acked = []


class InstantFetcher(LogFetcher):
    counter = 0

    def init(self, options):
        self.ack_tracker = InstantAckTracker(ack_callback=self.message_acked)
        return True

    def message_acked(self, acked_message_bookmark):
        instant_acked.append(acked_message_bookmark)

    def fetch(self):
        if self.counter >= 5:
            return self.NO_DATA, None
        self.counter += 1
        msg = LogMessage("instant %d" % self.counter)
        msg.set_bookmark(self.counter)
        return self.SUCCESS, msg


class BatchedFetcher(LogFetcher):
    counter = 0

    def init(self, options):
        self.ack_tracker = BatchedAckTracker(timeout=500, batch_size=100,
                                             batched_ack_callback=self.messages_acked)
        return True

    def messages_acked(self, acked_message_bookmarks):
        batched_acked.append(list(acked_message_bookmarks))

    def fetch(self):
        if self.counter >= 5:
            return self.NO_DATA, None
        self.counter += 1
        msg = LogMessage("batched %d" % self.counter)
        msg.set_bookmark("b%d" % self.counter)
        return self.SUCCESS, msg
