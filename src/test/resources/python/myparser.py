from syslogng import LogParser

class MyParser(LogParser):
    def parse(self, msg):
        msg['name'] = 'value'
        return True
