from syslogng import LogDestination

class MyDestination(LogDestination):
    def send(self, msg):
        return True
