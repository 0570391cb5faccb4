# Drivers of the parity suite (src/test/java/dev/sluice/parity): the same file runs in real
# syslog-ng 3.38 and in Sluice. Each driver writes what it observes into options["dir"], one line
# per call or probe; the tests compare the two files. Written the 3.38 way (duck-typed destinations
# and parsers, FETCH_* constants) so that both can load it.
import time

from syslogng import LogFetcher, LogMessage, LogSource, Persist, LogTemplate, LogTemplateException, Logger
from syslogng import InstantAckTracker, ConsecutiveAckTracker, BatchedAckTracker

try:
    import _sluice  # noqa: F401  only Sluice has it
    IN_SLUICE = True
except ImportError:
    IN_SLUICE = False

RESULTS = {"DROP": 0, "ERROR": 1, "SUCCESS": 3, "QUEUED": 4, "NOT_CONNECTED": 5, "RETRY": 6}
FETCH = {"ERROR": 0, "NOT_CONNECTED": 1, "SUCCESS": 2, "TRY_AGAIN": 3, "NO_DATA": 4}


class Journal:
    """Appends lines to <dir>/<name>.log; 't=' is the whole seconds since the previous timed line
    (the first one shows 0), so a reopen after time-reopen reads t=1 wherever it happens."""

    def __init__(self, options, name=None):
        self.path = "%s/%s.log" % (_text(options["dir"]), _text(name or options["row"]))
        self.last = None

    def restart(self):
        """Times from here: the first message reaches each side after a start-up of its own."""
        self.last = None

    def write(self, line, timed=False):
        now = time.monotonic()
        if timed:
            line += " t=%d" % (0 if self.last is None else round(now - self.last))
            self.last = now
        with open(self.path, "a") as f:
            f.write(line + "\n")


def _text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def _outcome(fn):
    """repr() of what fn returns, or the exception as 'Type: text'."""
    try:
        return "ok " + repr(fn())
    except Exception as e:  # noqa: BLE001  the type and text are what the tests compare
        return "%s: %s" % (type(e).__name__, e)


# ---------------------------------------------------------------- sources feeding the rows

class Numbered(LogFetcher):
    """Messages 'msg 1' .. 'msg <limit>' (seq = n), then no data."""

    def init(self, options):
        self.n = 0
        self.limit = int(options["limit"])
        return True

    def fetch(self):
        if self.n >= self.limit:
            return self.FETCH_NO_DATA, None
        self.n += 1
        msg = LogMessage("msg %d" % self.n)
        msg["seq"] = str(self.n)
        return self.FETCH_SUCCESS, msg


# ---------------------------------------------------------------- §7 destinations

class Recorder:
    """A destination whose send()/flush()/open() results follow options["send"], ["flush"], ["open"]
    (comma-separated, one per call, the last one repeating) and that records every call."""

    def init(self, options):
        self.journal = Journal(options)
        self.send_script = _text(options.get("send", "SUCCESS")).split(",")
        self.flush_script = _text(options.get("flush", "SUCCESS")).split(",")
        self.open_script = _text(options.get("open", "True")).split(",")
        self.opened_script = _text(options.get("opened", "")).split(",") if options.get("opened") else None
        self.journal.write("init")
        return True

    @staticmethod
    def _next(script):
        return script.pop(0) if len(script) > 1 else script[0]

    def open(self):
        r = self._next(self.open_script)
        self.journal.write("open -> %s" % r, timed=True)
        return {"True": True, "False": False, "None": None}[r]

    def close(self):
        self.journal.write("close", timed=True)

    def send(self, msg):
        if not getattr(self, "sent", False):
            self.sent = True
            self.journal.restart()
        r = self._next(self.send_script)
        self.journal.write("send %s -> %s" % (msg["MESSAGE"].decode(), r), timed=True)
        if r == "None":
            return None
        if r.lstrip("-").isdigit():
            return int(r)
        if r in ("True", "False"):
            return r == "True"
        return RESULTS[r]

    def flush(self):
        r = self._next(self.flush_script)
        self.journal.write("flush -> %s" % r, timed=True)
        return RESULTS[r]

    def deinit(self):
        self.journal.write("deinit")


class OpenedRecorder(Recorder):
    """Recorder with is_opened(): its answers follow options["opened"]."""

    def is_opened(self):
        r = self._next(self.opened_script)
        self.journal.write("is_opened -> %s" % r)
        return r == "True"


class SendOnly:
    """send() only: syslog-ng calls nothing else."""

    def init(self, options):
        self.journal = Journal(options)
        return True

    def send(self, msg):
        self.journal.write("send %s" % msg["MESSAGE"].decode())
        return True


class Attributes:
    """What a destination sees of itself before init(), in init() and in send()."""

    def __init__(self):
        self.seen_in_constructor = (hasattr(self, "template_options"), hasattr(self, "seqnum"),
                                    getattr(self, "persist_name", None))

    def init(self, options):
        self.journal = Journal(options)
        self.journal.write("__init__ saw template_options=%s seqnum=%s persist_name=%r" % self.seen_in_constructor)
        self.journal.write("init persist_name=%r seqnum=%r" % (self.persist_name, int(self.seqnum)))
        self.journal.write("init options=%s" % sorted((k, type(v).__name__, _text(v)) for k, v in options.items()))
        self.journal.write("constants %s" % [getattr(self, k) for k in ("DROP", "ERROR", "SUCCESS", "QUEUED", "NOT_CONNECTED", "RETRY", "MAX")])
        self.stamp = LogTemplate("$ISODATE|$SEQNUM|${seq}")
        return True

    def send(self, msg):
        self.journal.write("format %s" % self.stamp.format(msg, self.template_options))
        self.journal.write("format seqnum=7 %s" % self.stamp.format(msg, self.template_options, seqnum=7))
        self.journal.write("format LTZ_LOCAL %s" % LogTemplate("$TZOFFSET").format(msg, self.template_options, tz=0))
        self.journal.write("set on read-only: %s" % _outcome(lambda: msg.__setitem__("x", "y")))
        return True

    @staticmethod
    def generate_persist_name(options):
        return "attr-" + _text(options["row"])


# ---------------------------------------------------------------- §4 fetchers

class ScriptedFetcher(LogFetcher):
    """fetch() results follow options["script"] (SUCCESS, NO_DATA, ..., or BAD-* malformed returns);
    then NO_DATA forever. open() results follow options["open"]."""

    def init(self, options):
        self.journal = Journal(options)
        self.script = _text(options["script"]).split(",")
        self.open_script = _text(options.get("open", "True")).split(",")
        self.n = 0
        return True

    def open(self):
        r = self.open_script.pop(0) if len(self.open_script) > 1 else self.open_script[0]
        self.journal.write("open -> %s" % r, timed=True)
        return {"True": True, "False": False, "None": None}[r]

    def close(self):
        self.journal.write("close", timed=True)

    def fetch(self):
        step = self.script.pop(0) if self.script else "IDLE"
        if step == "IDLE":
            return self.FETCH_NO_DATA, None
        self.journal.write("fetch -> %s" % step, timed=True)
        if step == "SUCCESS":
            self.n += 1
            return self.FETCH_SUCCESS, LogMessage("fetched %d" % self.n)
        if step == "BAD-NOT-TUPLE":
            return self.FETCH_SUCCESS
        if step == "BAD-SHORT":
            return (self.FETCH_SUCCESS,)
        if step == "BAD-NOT-MESSAGE":
            return self.FETCH_SUCCESS, "text"
        if step == "BAD-CODE":
            return 42, None
        if step == "RAISE":
            raise ValueError("fetch failed")
        return FETCH[step], None

    def request_exit(self):
        self.journal.write("request_exit")

    def deinit(self):
        self.journal.write("deinit")


# ---------------------------------------------------------------- §6 ack trackers

class Tracked(LogFetcher):
    """Messages with bookmarks 1..limit under the tracker options["tracker"]; records the acks."""

    def init(self, options):
        self.journal = Journal(options)
        self.n = 0
        self.limit = int(options["limit"])
        kind = _text(options["tracker"])
        if kind == "instant":
            self.ack_tracker = InstantAckTracker(lambda b: self.journal.write("ack %r" % b))
        elif kind == "consecutive":
            self.ack_tracker = ConsecutiveAckTracker(lambda b: self.journal.write("ack %r" % b))
        else:
            self.ack_tracker = BatchedAckTracker(200, 2, lambda bs: self.journal.write("acks %r" % bs))
        return True

    def fetch(self):
        if self.n >= self.limit:
            return self.FETCH_NO_DATA, None
        self.n += 1
        return self.FETCH_SUCCESS, LogMessage("tracked %d" % self.n, bookmark=self.n)


class NoTracker(LogFetcher):
    """A bookmark without an ack tracker: syslog-ng refuses the message (fetch error)."""

    def init(self, options):
        self.journal = Journal(options)
        self.n = 0
        return True

    def open(self):
        self.journal.write("open", timed=True)
        return True

    def close(self):
        self.journal.write("close", timed=True)

    def fetch(self):
        self.n += 1
        if self.n > 2:
            return self.FETCH_NO_DATA, None
        self.journal.write("fetch %d" % self.n, timed=True)
        msg = LogMessage("untracked %d" % self.n)
        if self.n == 1:
            msg.set_bookmark("b1")
        return self.FETCH_SUCCESS, msg


# ---------------------------------------------------------------- §5 server-style source

class Poster(LogSource):
    """run() posts three messages and probes post_message misuse, then waits for request_exit()."""

    def init(self, options):
        self.journal = Journal(options)
        self.exit = False
        return True

    def run(self):
        self.journal.write("run persist_name=%r parse_options set=%s" % (self.persist_name, self.parse_options is not None))
        for i in range(1, 4):
            self.post_message(LogMessage("posted %d" % i))
        self.journal.write("post non-message: %s" % _outcome(lambda: self.post_message("text")))
        self.journal.write("post bookmark without tracker: %s" % _outcome(lambda: self.post_message(LogMessage("b", bookmark=1))))
        if IN_SLUICE:
            import threading
            # 3.38 gives RuntimeError('post_message must be called from main thread') here when run
            # alone, but with many Python drivers the thread start inside run() hung it: Sluice only.
            outcome = []
            t = threading.Thread(target=lambda: outcome.append(_outcome(lambda: self.post_message(LogMessage("from thread")))))
            t.start()
            t.join()
            self.journal.write("post from another thread: %s" % outcome[0])
        parsed = LogMessage.parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed", self.parse_options)
        self.journal.write("parse: %s %s %s %s" % (parsed["PRI"], parsed["HOST"], parsed["PROGRAM"], parsed["MESSAGE"]))
        self.post_message(parsed)
        while not self.exit:  # no threading.Event: a lock wait in run() stalled every 3.38 Python driver
            time.sleep(0.05)
        self.journal.write("run returns")

    def request_exit(self):
        self.journal.write("request_exit")
        self.exit = True

    def deinit(self):
        self.journal.write("deinit")


# ---------------------------------------------------------------- §8 parser

class Parser:
    """Copies MESSAGE into 'parsed'; message 2 fails (False), message 3 raises, 4 returns None."""

    def init(self, options):
        self.journal = Journal(options)
        self.journal.write("init")
        return True

    def parse(self, msg):
        seq = int(msg["seq"])
        self.journal.write("parse %d" % seq)
        msg["parsed"] = b"parsed:" + msg["MESSAGE"]
        msg["HOST"] = "parser-host"
        if seq == 3:
            raise ValueError("cannot parse 3")
        return {2: False, 4: None}.get(seq, True)

    def deinit(self):
        self.journal.write("deinit")


# ---------------------------------------------------------------- §9 template functions

def tf_str(msg, *args):
    return "str:" + msg["MESSAGE"].decode() + ":" + ",".join(a.decode() for a in args)


def tf_bytes(msg, *args):
    return b"bytes:" + b"|".join(args) + b":" + str(type(args[0]).__name__ if args else None).encode()


def tf_int(msg):
    return 42


def tf_none(msg):
    return None


def tf_raise(msg):
    raise ValueError("template function failed")


def tf_write(msg):
    try:
        msg["x"] = "y"
        return "writable"
    except TypeError as e:
        return "TypeError: %s" % e


# ---------------------------------------------------------------- §3, §10 probes

class Probes(LogFetcher):
    """Runs every probe once, in fetch() (parse_options and Persist are ready by then)."""

    def init(self, options):
        self.journal = Journal(options)
        self.done = False
        self.probe("parse_options in init", lambda: self.parse_options is None)
        self.probe("persist_name in init", lambda: self.persist_name)
        self.probe("4.x flags in init: on", lambda: sorted(k for k, v in self.flags.items() if v), True)
        self.probe("4.x flags in init: off", lambda: sorted(k for k, v in self.flags.items() if not v), True)
        # Persist is for init() (3.38 aborts when a fetcher thread creates the first one)
        for name, fn, sluice_only in persist_probes():
            self.probe(name, fn, sluice_only)
        return True

    def probe(self, name, fn, sluice_only=False):
        if sluice_only and not IN_SLUICE:
            return
        self.journal.write("%s = %s" % (name, _outcome(fn)))

    def fetch(self):
        if self.done:
            return self.FETCH_NO_DATA, None
        self.done = True
        for name, fn, sluice_only in message_probes(self.parse_options) + template_probes() + logger_probes():
            self.probe(name, fn, sluice_only)
        return self.FETCH_NO_DATA, None


def _fresh(text="hello"):
    return LogMessage(text)


def _with(key, value):
    m = _fresh()
    m[key] = value
    return m


def message_probes(parse_options):
    import datetime
    p = parse_options

    def parsed(raw):
        return LogMessage.parse(raw, p)

    def stamped(ts):
        m = _fresh()
        m.set_timestamp(ts)
        return m["ISODATE"]

    utc = datetime.timezone.utc
    plus2 = datetime.timezone(datetime.timedelta(hours=2))
    minus5 = datetime.timezone(datetime.timedelta(hours=-5))
    rows = [
        ("new: MESSAGE", lambda: _fresh()["MESSAGE"]),
        ("new: MSG alias", lambda: _fresh()["MSG"]),
        ("new: PRI", lambda: _fresh()["PRI"]),
        ("new: FACILITY", lambda: _fresh()["FACILITY"]),
        ("new: LEVEL", lambda: _fresh()["LEVEL"]),
        ("new: SOURCEIP", lambda: _fresh()["SOURCEIP"]),
        ("new: HOST", lambda: _fresh()["HOST"]),
        ("new: PROGRAM", lambda: _fresh()["PROGRAM"]),
        ("new: bytes", lambda: LogMessage(b"raw bytes")["MESSAGE"]),
        ("new: None", lambda: LogMessage()["MESSAGE"]),
        ("new: int", lambda: LogMessage(42)),
        ("new: invalid utf-8 kept", lambda: LogMessage(b"caf\xe9 \xff")["MESSAGE"]),
        ("new: str non-ascii", lambda: LogMessage("café ☕")["MESSAGE"]),
        ("get: key not a string", lambda: _fresh()[42]),
        ("get: bytes key", lambda: _with("k", "v")[b"k"]),
        ("get: blacklisted S_STAMP", lambda: _fresh()["S_STAMP"]),
        ("get: blacklisted C_STAMP", lambda: _fresh()["C_STAMP"]),
        ("get: blacklisted _", lambda: _fresh()["_"]),
        ("set: str", lambda: _with("k", "v")["k"]),
        ("set: bytes", lambda: _with("k", b"v")["k"]),
        ("set: invalid utf-8 bytes", lambda: _with("k", b"\xff\xfe")["k"]),
        ("set: HOST", lambda: _with("HOST", "h1")["HOST"]),
        ("set: HOST changes MSGHDR", lambda: _with("PROGRAM", "prog")["MSGHDR"]),
        ("set: MSG alias", lambda: _with("MSG", "via alias")["MESSAGE"]),
        ("set: macro ignored", lambda: _with("PRI", "99")["PRI"]),
        ("set: key not a string", lambda: _with(42, "v")),
        ("set_pri 34", lambda: (lambda m: (m.set_pri(34), m["PRI"], m["FACILITY"], m["LEVEL"])[1:])(_fresh())),
        ("set_pri keyword", lambda: (lambda m: (m.set_pri(pri=11), m["PRI"])[1])(_fresh())),
        ("set_timestamp naive", lambda: stamped(datetime.datetime(2024, 5, 6, 10, 23, 45)) == datetime.datetime(2024, 5, 6, 10, 23, 45).astimezone().isoformat()),
        ("set_timestamp UTC", lambda: stamped(datetime.datetime(2024, 5, 6, 10, 23, 45, tzinfo=utc))),
        ("set_timestamp micros S_ISODATE", lambda: (lambda m: (m.set_timestamp(datetime.datetime(2024, 5, 6, 10, 23, 45, 123456, tzinfo=utc)), m["USEC"])[1])(_fresh())),
        ("set_timestamp not a datetime", lambda: _fresh().set_timestamp(12)),
        ("set_bookmark any object", lambda: _fresh().set_bookmark({"pos": 1})),
        ("keys are bytes", lambda: all(isinstance(k, bytes) for k in _with("k", "v").keys())),
        ("keys include set pair", lambda: b"k" in _with("k", "v").keys()),
        ("keys: macros missing", lambda: [k for k in (b"ISODATE", b"HOST", b"MESSAGE", b"MSG", b"FACILITY", b"PROGRAM", b"SEQNUM", b"DATE")
                                           if k not in _fresh().keys()]),
        ("keys: count of names", lambda: len(_fresh().keys())),
        ("keys exclude blacklisted", lambda: [k for k in _fresh().keys() if k in (b"S_STAMP", b"C_STAMP", b"_")]),
        ("len()", lambda: len(_fresh())),
        ("iteration", lambda: list(iter(_fresh()))),
        ("parse: missing options", lambda: LogMessage.parse("<13>x")),
        ("parse: options not a capsule", lambda: LogMessage.parse("<13>x", "nope")),
        ("parse: rfc3164", lambda: (lambda m: (m["PRI"], m["HOST"], m["PROGRAM"], m["PID"], m["MESSAGE"]))(
            parsed("<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8"))),
        ("parse: rfc5424", lambda: (lambda m: (m["PRI"], m["HOST"], m["PROGRAM"], m["PID"], m["MSGID"], m["MESSAGE"], m["ISODATE"],
                                               m[".SDATA.exampleSDID@32473.iut"]))(
            parsed('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 77 ID47 [exampleSDID@32473 iut="3"] An application event'))),
        ("parse: bytes", lambda: parsed(b"<13>Oct 11 22:14:15 host prog: bytes \xff")["MESSAGE"]),
        ("parse: no pri", lambda: (lambda m: (m["PRI"], m["HOST"], m["PROGRAM"], m["MESSAGE"]))(parsed("just text"))),
        ("parse: no date", lambda: (lambda m: (m["PRI"], m["HOST"], m["PROGRAM"], m["MESSAGE"]))(parsed("<13>host prog: text"))),
        ("parse: program only", lambda: (lambda m: (m["PRI"], m["HOST"], m["PROGRAM"], m["PID"], m["MESSAGE"]))(
            parsed("<13>Oct 11 22:14:15 prog[7]: text"))),
    ] + [("parse: %r" % raw, (lambda r: lambda: (lambda m: (m["PRI"], m["HOST"], m["PROGRAM"], m["PID"], m["MESSAGE"]))(parsed(r)))(raw))
         for raw in ("hello", "<13>hello", "<13>prog[12]: x", "<13>prog: x", "<13>Oct 11 22:14:15 host: msg",
                     "<13>Oct 11 22:14:15 host prog msg without colon", "<13>Oct 11 22:14:15 host prog[12] msg",
                     "<13>Oct 11 22:14:15 host prog[12]:msg", "<13>Oct 11 22:14:15 host", "<13>Oct 11 22:14:15 host prog:",
                     "<13>Oct 11 22:14:15 10.1.2.3 prog: from an address", "<13>Oct 11 22:14:15 host.example.com prog: fqdn",
                     "<13>Oct 11 22:14:15 host [prog]: bracket", "<13>2024-05-06T10:23:45+02:00 host prog: iso in 3164",
                     "<191>Oct 11 22:14:15 host prog: max pri", "<192>x", "<1a>x", "<13> Oct 11 22:14:15 host prog: space",
                     "<13>Oct 11 22:14:15.123 host prog: frac", "<13>Oct 11 2024 22:14:15 host prog: year")
    ] + [
        ("parse: rfc5424 zone kept", lambda: parsed("<13>1 2024-05-06T10:23:45+02:00 h a - - - zoned")["ISODATE"]),
    ]
    return [(n, f, False) for n, f in rows] + [
        # 3.38 aborts or crashes on these (quirks Q2, Q4): only Sluice runs them
        ("Q2 STAMP readable", lambda: len(_fresh()["STAMP"]) > 0, True),
        ("Q4 del", lambda: _fresh().__delitem__("MESSAGE"), True),
        # 4.x behaviour (3.38 differs or lacks it): only Sluice runs them
        ("4.x get missing", lambda: _fresh()["nope"], True),
        ("4.x get() default", lambda: _fresh().get("nope", b"dflt"), True),
        ("4.x get_as_str", lambda: _with("k", b"v").get_as_str("k"), True),
        ("4.x get_pri", lambda: (lambda m: (m.set_pri(34), m.get_pri())[1])(_fresh()), True),
        ("4.x set int", lambda: _with("k", 5)["k"], True),
        ("4.x set float", lambda: _with("k", 1.5)["k"], True),
        ("4.x set bool", lambda: _with("k", True)["k"], True),
        ("4.x set None", lambda: _with("k", None)["k"], True),
        ("4.x set list", lambda: _with("k", ["a", b"b"])["k"], True),
        ("4.x set other type", lambda: _with("k", object()), True),
        ("4.x in", lambda: "MESSAGE" in _fresh(), True),
        ("4.x set_timestamp +02:00", lambda: stamped(datetime.datetime(2024, 5, 6, 10, 23, 45, tzinfo=plus2)), True),
        ("4.x set_timestamp -05:00", lambda: stamped(datetime.datetime(2024, 5, 6, 10, 23, 45, tzinfo=minus5)), True),
        ("4.x get_timestamp", lambda: (lambda m: (m.set_timestamp(datetime.datetime(2024, 5, 6, 8, 23, 45, tzinfo=utc)), m.get_timestamp())[1]
                                       == datetime.datetime(2024, 5, 6, 8, 23, 45, tzinfo=utc).astimezone().replace(tzinfo=None))(_fresh()), True),
        ("4.x set_source_ipaddress", lambda: (lambda m: (m.set_source_ipaddress("10.1.2.3"), m["SOURCEIP"])[1])(_fresh()), True),
    ]


def persist_probes():
    def fresh(name):
        p = Persist(name)
        return p

    rows = [
        ("persist: ## in name", lambda: Persist("a##b")),
        ("persist: missing key", lambda: fresh("probe-missing")["nope"]),
        ("persist: str round trip", lambda: (lambda p: (p.__setitem__("s", "text"), p["s"])[1])(fresh("probe-str"))),
        ("persist: int round trip", lambda: (lambda p: (p.__setitem__("i", 42), p["i"])[1])(fresh("probe-int"))),
        ("persist: bytes round trip", lambda: (lambda p: (p.__setitem__("b", b"raw"), p["b"])[1])(fresh("probe-bytes"))),
        ("persist: float rejected", lambda: fresh("probe-float").__setitem__("f", 1.5)),
        ("persist: defaults", lambda: (lambda p: (p["a"], p["b"]))(Persist("probe-defaults", defaults={"a": 1, "b": "two"}))),
        ("persist: defaults keep stored", lambda: (lambda p: (p.__setitem__("a", 5), Persist("probe-keep", defaults={"a": 1})["a"])[1])(fresh("probe-keep"))),
        ("persist: keyword form", lambda: Persist(persist_name="probe-kw", defaults={"k": "v"})["k"]),
        ("persist: iteration", lambda: sorted((lambda p: (p.__setitem__("x", 1), p.__setitem__("y", 2), p)[2])(fresh("probe-iter")))),
        ("persist: in", lambda: (lambda p: (p.__setitem__("x", 1), "x" in p, "z" in p)[1:])(fresh("probe-in"))),
        ("persist: persist_name attribute", lambda: fresh("probe-attr").persist_name),
    ]
    return [(n, f, False) for n, f in rows] + [
        ("Q6 persist bool", lambda: fresh("probe-bool").__setitem__("t", True), True),
    ]


def template_probes():
    rows = [
        ("template: format macros", lambda: LogTemplate("$MSG|${k}").format(_with("k", "v"), LogTemplateOptionsOf())),
        ("template: no options", lambda: LogTemplate("$MSG").format(_fresh())),
        ("template: not a message", lambda: LogTemplate("$MSG").format("text", LogTemplateOptionsOf())),
        ("template: syntax error", lambda: LogTemplate("${unterminated")),
        ("template: str()", lambda: str(LogTemplate("$MSG")).startswith("<") or str(LogTemplate("$MSG"))),
    ]
    return [(n, f, False) for n, f in rows] + [
        ("Q3 template function in LogTemplate", lambda: LogTemplate("$(echo $MSG)").format(_fresh(), LogTemplateOptionsOf()), True),
    ]


def LogTemplateOptionsOf():
    """A LogTemplateOptions instance: 3.38 has no public constructor, so borrow a destination's if needed."""
    import syslogng
    cls = getattr(syslogng, "LogTemplateOptions", None)
    return cls() if cls is not None else Attributes.template_options


def logger_probes():
    log = Logger()
    return [
        ("tracker: instant not callable", lambda: InstantAckTracker(42), False),
        ("tracker: consecutive not callable", lambda: ConsecutiveAckTracker(ack_callback=42), False),
        ("tracker: batched not callable", lambda: BatchedAckTracker(10, 2, 42), False),
        ("logger: info", lambda: log.info("parity info"), False),
        ("logger: not a str", lambda: log.info(42), False),
        ("logger: methods", lambda: [m for m in ("error", "warning", "info", "debug", "trace") if callable(getattr(log, m, None))], False),
    ]


# ---------------------------------------------------------------- §1.3, §1.4 options and persist names

class OptionsFetcher(LogFetcher):
    def init(self, options):
        self.journal = Journal(options)
        self.journal.write("options=%s" % sorted((k, type(v).__name__, _text(v)) for k, v in options.items()))
        self.journal.write("persist_name=%r" % self.persist_name)
        return True

    def fetch(self):
        return self.FETCH_NO_DATA, None


class LoadersFetcher(OptionsFetcher):
    def init(self, options):
        import sys
        Journal(options).write("loaded before init: %s" % ("parity_loaded" in sys.modules))
        return super().init(options)


class NamedFetcher(OptionsFetcher):
    @staticmethod
    def generate_persist_name(options):
        return "generated-" + _text(options["row"])


class FailingNameFetcher(OptionsFetcher):
    def generate_persist_name(self, options):
        raise ValueError("no name")


# ---------------------------------------------------------------- module globals shared between drivers

_shared = {"parsed": 0}


class SharedCounter:
    """Parser: counts what it parsed in a module global (one interpreter: every driver sees it)."""

    def init(self, options):
        return True

    def parse(self, msg):
        _shared["parsed"] += 1
        return True


class SharedReader:
    """Destination: journals whether the parser's module global has counted this message yet."""

    def init(self, options):
        self.journal = Journal(options)
        return True

    def send(self, msg):
        seq = int(msg["seq"])
        self.journal.write("seq %d counted-by-parser %s" % (seq, _shared["parsed"] >= seq))
        return True
