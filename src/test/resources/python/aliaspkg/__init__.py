from syslogng import LogDestination


class FileDest(LogDestination):
    """Appends "<prefix>|<MESSAGE>" to options['path']; used through driver aliases."""

    def init(self, options):
        self.prefix = options["prefix"]
        self.path = options["path"]
        return True

    def send(self, msg):
        with open(self.path, "a") as f:
            f.write("%s|%s\n" % (self.prefix, msg["MESSAGE"].decode()))
        return True
