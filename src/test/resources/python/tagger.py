# Two versions of a parser, switched by configuration reloads in OperationsTest.
class TagA:
    def parse(self, msg):
        msg["tag"] = "a"
        return True


class TagB:
    def parse(self, msg):
        msg["tag"] = "b"
        return True
