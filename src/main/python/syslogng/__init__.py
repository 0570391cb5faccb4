"""syslog-ng's `syslogng` Python driver API, as Sluice hosts it on GraalPy.

Driver code written for syslog-ng (3.38 or 4.x) imports this module unchanged. Messages live in
Java; the classes here are thin wrappers that call a small Java bridge.
"""
import logging as _logging
from enum import IntEnum

import polyglot as _polyglot

_bridge = _polyglot.import_value("sluice_bridge")

LTZ_LOCAL = 0
LTZ_SEND = 1

_READ_ONLY = ("Log message is read only, cannot set name-value pair %s, you are possibly trying to change a "
              "LogMessage from a destination driver,  which is not allowed")
_BLACKLISTED = ("S_STAMP", "C_STAMP", "_")

# sluice.python.version 3.x: LogMessage as syslog-ng 3.x (and 4.x in compatibility mode) has it:
# every value reads as bytes, a missing key reads b'', only str and bytes can be set.
_COMPAT_3 = False
_COMPAT_SET = ("str or unicode object expected as log message values, got type %s (key %s). Earlier syslog-ng accepted "
               "any type, implicitly converting it to a string. With this version please convert it explicitly to a "
               "string using str()")


class LogFetcherResult(IntEnum):
    ERROR = 0
    NOT_CONNECTED = 1
    SUCCESS = 2
    TRY_AGAIN = 3
    NO_DATA = 4


class LogDestinationResult(IntEnum):
    DROP = 0
    ERROR = 1
    SUCCESS = 3
    QUEUED = 4
    NOT_CONNECTED = 5
    RETRY = 6


def _key(key):
    if type(key) is str:  # the common case first: exact type checks are the cheapest
        return key
    if isinstance(key, bytes):
        return key.decode("utf-8")
    if isinstance(key, str):
        return key
    raise TypeError("key is not a string object")


# Short values (program names, hosts, flags) repeat from message to message, and a codec call
# costs ~1 us here against ~0.1 us for a dict lookup (measured): their conversions are kept, up to
# _CACHE_SIZE of each, and the cache starts again when full. Both sides are immutable.
_TEXT_OF = {}   # bytes -> the text Java stores
_BYTES_OF = {}  # stored text -> bytes
_CACHE_SIZE = 4096
_CACHED_LEN = 128


def _text(value):
    """str or bytes to the text Java stores. Bytes that are not UTF-8 are kept as escape surrogates
    (Java gives them back unchanged when it writes the message out, as syslog-ng passes bytes on)."""
    if isinstance(value, str):
        return value
    if type(value) is not bytes:  # bytearray, memoryview: not hashable, or not immutable
        return bytes(value).decode("utf-8", "surrogateescape")
    text = _TEXT_OF.get(value)
    if text is None:
        text = _remember(_TEXT_OF, value, value.decode("utf-8", "surrogateescape"))
    return text


def _bytes(text):
    """The bytes a stored text stands for: the exact bytes that were received or set."""
    b = _BYTES_OF.get(text)
    if b is not None:
        return b
    try:
        b = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a str set from Python with lone surrogates of its own
        b = text.encode("utf-8", "replace")
    return _remember(_BYTES_OF, text, b)


def _remember(cache, key, value):
    """Keeps a short value's conversion (the cache starts again when full); returns the conversion."""
    if len(key) <= _CACHED_LEN:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[key] = value
    return value


def _compat_bytes(value):
    """A typed value as syslog-ng 3.x shows it: its text, as bytes."""
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, (int, float)):
        return str(value).encode()
    return b",".join(_bytes(_text(v)) if isinstance(v, (str, bytes)) else str(v).encode() for v in value)


def _to_python(value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return _bytes(value)
    return [_bytes(_text(v)) if isinstance(v, (str, bytes)) else v for v in value]


class LogMessage:
    """A log message: name-value pairs, syslog header fields and computed macros."""
    # No per-instance dict (like syslog-ng's C type): a wrapper is made per message and per call.
    __slots__ = ("_msg", "_readonly")

    def __init__(self, message=None, bookmark=None, _host=None):
        if _host is not None:
            self._msg = _host
        else:
            if message is not None and not isinstance(message, (str, bytes, bytearray, memoryview)):
                raise TypeError("a bytes-like object is required, not '%s'" % type(message).__name__)
            self._msg = _bridge.newMessage(None if message is None else _text(message))
        self._readonly = False
        if bookmark is not None:
            self.set_bookmark(bookmark)

    @classmethod
    def _wrap(cls, host, readonly=False):
        m = cls.__new__(cls)
        m._msg = host
        m._readonly = readonly
        return m

    @staticmethod
    def parse(raw_msg, parse_options=None):
        if parse_options is None:
            raise TypeError("function missing required argument 'parse_options' (pos 2)")
        if not isinstance(parse_options, _ParseOptions):
            raise TypeError("Parse options (PyCapsule) expected in the second parameter")
        if isinstance(raw_msg, str):
            return LogMessage._wrap(_bridge.parseText(raw_msg, parse_options._host))
        # latin-1 maps every byte to one char, so Java gets the exact bytes back
        return LogMessage._wrap(_bridge.parse(bytes(raw_msg).decode("latin-1"), parse_options._host))

    def __getitem__(self, key):
        key = _key(key)
        if key in _BLACKLISTED:
            raise KeyError("Blacklisted attribute %s was requested" % key)
        value = _bridge.get(self._msg, key)
        if value is None:
            if _COMPAT_3:
                return b""
            if _bridge.hasNull(self._msg, key):
                return None  # set to None: a null value, as in syslog-ng 4
            raise KeyError("No such name-value pair %s" % key)
        if type(value) is str:
            return _bytes(value)
        if _COMPAT_3:
            return _compat_bytes(value)
        return _to_python(value)

    def __setitem__(self, key, value):
        key = _key(key)
        if self._readonly:
            raise TypeError(_READ_ONLY % key)
        kind = type(value)
        if kind is bytes or kind is str:
            _bridge.setString(self._msg, key, _text(value))
            return
        if _COMPAT_3 and not isinstance(value, (str, bytes, bytearray, memoryview)):
            raise ValueError(_COMPAT_SET % (type(value).__name__, key))
        if isinstance(value, (str, bytes, bytearray, memoryview)):
            _bridge.setString(self._msg, key, _text(value))
        elif isinstance(value, bool):
            _bridge.setBoolean(self._msg, key, value)
        elif isinstance(value, int):
            _bridge.setLong(self._msg, key, value)
        elif isinstance(value, float):
            _bridge.setDouble(self._msg, key, value)
        elif value is None:
            _bridge.setString(self._msg, key, None)
        elif isinstance(value, (list, tuple)):
            _bridge.setList(self._msg, key, [_text(v) for v in value])
        else:
            raise ValueError("Error extracting value from Python object")

    def __delitem__(self, key):
        raise TypeError("LogMessage does not support deleting name-value pairs")

    # As syslog-ng's C type: no len(), no `in`, no iteration (use keys()); without these Python
    # would iterate through __getitem__(0), 1, … and fail with a confusing message.
    def __iter__(self):
        raise TypeError("'LogMessage' object is not iterable")

    def __contains__(self, key):
        raise TypeError("argument of type 'LogMessage' is not iterable")

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def get_as_str(self, key, default=None, encoding="utf-8", errors="strict", repr="internal"):
        if default is not None and not isinstance(default, str):
            raise TypeError("default must be str or None")
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, bytes):
            return value.decode(encoding, errors)
        if isinstance(value, list):
            return ",".join(v.decode(encoding, errors) for v in value)
        return str(value).lower() if isinstance(value, bool) else str(value)

    def keys(self):
        return [k.encode("utf-8") for k in _bridge.keys(self._msg)]

    def set_pri(self, pri):
        _bridge.setPri(self._msg, int(pri))

    def get_pri(self):
        return _bridge.getPri(self._msg)

    def set_timestamp(self, timestamp):
        import datetime
        if not isinstance(timestamp, datetime.datetime):
            raise ValueError("Error extracting timestamp from value, expected a datetime instance")
        offset = timestamp.utcoffset()
        if offset is None:
            offset = timestamp.astimezone().utcoffset()
        micros = round(timestamp.timestamp() * 1_000_000)
        _bridge.setTimestamp(self._msg, micros, int(offset.total_seconds()))

    def get_timestamp(self):
        import datetime
        return datetime.datetime.fromtimestamp(_bridge.getTimestampMicros(self._msg) / 1_000_000)

    def set_bookmark(self, bookmark):
        _bridge.setBookmark(self._msg, bookmark)

    def set_source_ipaddress(self, ip, port=0):
        return _bridge.setSourceIp(self._msg, str(ip))

    def set_recvd_rawmsg_size(self, size):
        pass


class _ParseOptions:
    """What syslog-ng passes as a PyCapsule: the source's parse settings."""

    def __init__(self, host):
        self._host = host


class LogTemplateOptions:
    """A destination's template options (time-zone, frac-digits); `LogTemplateOptions()` has the defaults."""
    __slots__ = ("_host",)

    def __init__(self, _host=None):
        self._host = _host


class LogTemplateException(Exception):
    pass


class LogTemplate:
    def __init__(self, template, options=None):
        self._template = template
        self._options = options
        host = _bridge.compileTemplate(_text(template))
        if isinstance(host, str):  # the compiler's error (a Java exception would not be an Exception here)
            raise LogTemplateException("Error compiling template: %s" % host)
        self._host = host

    def format(self, msg, options=None, tz=LTZ_SEND, seqnum=0):
        if not isinstance(msg, LogMessage):
            raise TypeError("LogMessage expected in the first parameter")
        opts = options or self._options
        if opts is None:
            raise RuntimeError("LogTemplateOptions must be provided either in the LogTemplate constructor or as parameter of format")
        return _bridge.formatTemplate(self._host, msg._msg, getattr(opts, "_host", None), int(tz), int(seqnum))

    def __str__(self):
        return self._template


class Logger:
    def error(self, msg): self._log("error", msg)
    def warning(self, msg): self._log("warning", msg)
    def info(self, msg): self._log("info", msg)
    def debug(self, msg): self._log("debug", msg)
    def trace(self, msg): self._log("trace", msg)

    @staticmethod
    def _log(level, msg):
        if not isinstance(msg, str):
            raise TypeError("argument 1 must be str, not %s" % type(msg).__name__)
        _bridge.log(level, msg)


class _InternalLogHandler(_logging.Handler):
    """Routes the stdlib logging module to Sluice's log (and so to the internal source)."""

    def emit(self, record):
        try:
            text = "python-%s: %s" % (record.name, record.getMessage())
            level = "error" if record.levelno >= _logging.ERROR else "warning" if record.levelno >= _logging.WARNING \
                else "info" if record.levelno >= _logging.INFO else "debug" if record.levelno >= _logging.DEBUG else "trace"
            _bridge.log(level, text)
        except Exception:
            self.handleError(record)


if not any(isinstance(h, _InternalLogHandler) for h in _logging.getLogger().handlers):
    _logging.getLogger().addHandler(_InternalLogHandler())
    _logging.getLogger().setLevel(_logging.DEBUG)


# Written so that both stay machine-sized ints: computed from 1 << 63 they are big ints, and the
# range check of every counter write compared against them the slow way.
_INT64_MIN = -9223372036854775807 - 1
_INT64_MAX = 9223372036854775807
_CELLS = _bridge.persistCells()


def _persist_value(kind, text):
    if kind == 2:
        return int(text)
    if kind == 3:
        return text.encode("latin-1")
    return text


class Persist:
    """Persistent name-value store, shared with Sluice's state (`sluice.state-dir`).

    Reads come from a dict of the entries stored under its name; every assignment is written
    through to the durable store (safe against a crash once it returns). An int that fits in 64
    bits goes through `_CELLS`, a Java list whose element writes are the cheapest call into Java:
    `persist['counter'] += 1` once per message is the common case. Persist objects with the same
    name are the same object, so they always agree."""

    __slots__ = ("persist_name", "_values", "_cells")
    _instances = {}

    def __new__(cls, persist_name, defaults=None):
        if "##" in persist_name:
            raise ValueError("persist name cannot contain ##")
        if not _bridge.persistAvailable():
            raise RuntimeError("persist_state is not yet available")
        existing = Persist._instances.get((cls, persist_name))
        if existing is not None:
            return existing
        self = object.__new__(cls)
        self.persist_name = persist_name
        self._values = {}
        self._cells = {}  # key -> index in _CELLS
        for key in _bridge.persistKeys(persist_name):
            kind, text = _bridge.persistGet(persist_name + "##" + key)
            if kind != 0:
                self._values[key] = _persist_value(kind, text)
        Persist._instances[(cls, persist_name)] = self
        return self

    def __init__(self, persist_name, defaults=None):
        if defaults:
            for key, value in defaults.items():
                if key not in self:
                    self[key] = value

    def __getitem__(self, key):
        try:
            return self._values[key]
        except KeyError:
            pass
        text = _key(key)  # a bytes key reads its str entry; any other type is a TypeError
        if text in self._values:
            return self._values[text]
        raise KeyError("No such name-value pair %s" % text)

    def __setitem__(self, key, value):
        cell = self._cells.get(key)
        if cell is not None and type(value) is int and _INT64_MIN <= value <= _INT64_MAX:
            _CELLS[cell] = value
            self._values[key] = value
        else:
            self._set(_key(key), value)

    def _set(self, key, value):
        if "##" in key:
            raise ValueError("persist key cannot contain ##")
        name = self.persist_name + "##" + key
        kind = type(value)
        if kind is int and _INT64_MIN <= value <= _INT64_MAX:
            cell = self._cells.get(key)
            if cell is None:
                cell = self._cells[key] = _bridge.persistCell(name)
            _CELLS[cell] = value
        elif kind is bool:
            raise TypeError("Value must be either string, integer or bytes")
        elif isinstance(value, str):
            _bridge.persistPut(name, 1, value)
        elif isinstance(value, int):
            _bridge.persistPut(name, 2, str(value))
        elif isinstance(value, (bytes, bytearray)):
            value = bytes(value)
            _bridge.persistPut(name, 3, value.decode("latin-1"))
        else:
            raise TypeError("Value must be either string, integer or bytes")
        self._values[key] = value

    def __contains__(self, key):
        return (key.decode("utf-8") if isinstance(key, bytes) else key) in self._values

    def __iter__(self):
        return iter(list(self._values))

    def __delitem__(self, key):
        raise TypeError("Persist entries cannot be deleted")

    def __repr__(self):
        return "Persist(%r, %r)" % (self.persist_name, self._values)


SlngPersist = Persist


class _AckTracker:
    pass


class InstantAckTracker(_AckTracker):
    def __init__(self, ack_callback):
        if not callable(ack_callback):
            raise TypeError("A callable object is expected (ack_callback)")
        self.ack_callback = ack_callback


class ConsecutiveAckTracker(_AckTracker):
    def __init__(self, ack_callback):
        if not callable(ack_callback):
            raise TypeError("A callable object is expected (ack_callback)")
        self.ack_callback = ack_callback


class BatchedAckTracker(_AckTracker):
    def __init__(self, timeout, batch_size, batched_ack_callback):
        if not callable(batched_ack_callback):
            raise TypeError("A callable object is expected (batched_ack_callback)")
        self.timeout = int(timeout)
        self.batch_size = int(batch_size)
        self.batched_ack_callback = batched_ack_callback


InstantAckTrackerFactory = InstantAckTracker
ConsecutiveAckTrackerFactory = ConsecutiveAckTracker
BatchedAckTrackerFactory = BatchedAckTracker


class _SourceBase:
    # no parse_options default: as in syslog-ng it exists only once init() returned
    persist_name = None
    ack_tracker = None
    flags = None
    _sluice = None

    def set_transport_name(self, name):
        self._sluice.setTransportName(_text(name))


class LogSource(_SourceBase):
    """Server-style source: syslog-ng calls run() on a thread of its own and request_exit() to stop it."""
    auto_close_batches = True

    def post_message(self, msg):
        if not isinstance(msg, LogMessage):
            raise TypeError("LogMessage expected in the first parameter")
        sluice = self._sluice
        if not sluice.isRunThread():
            raise RuntimeError("post_message must be called from main thread")
        posted = sluice.post(msg._msg)
        if posted == 1:
            return
        if posted == 2:
            raise RuntimeError("Bookmarks can not be used without creating an AckTracker instance (self.ack_tracker)")
        import time
        while sluice.post(msg._msg) == 0:  # window full: wait without holding the interpreter lock
            time.sleep(0.001)

    def close_batch(self):
        self._sluice.closeBatch()

    def run(self):
        raise NotImplementedError

    def request_exit(self):
        raise NotImplementedError


class LogFetcher(_SourceBase):
    """Fetcher-style source: fetch() returns (result, LogMessage)."""
    FETCH_ERROR = ERROR = LogFetcherResult.ERROR
    FETCH_NOT_CONNECTED = NOT_CONNECTED = LogFetcherResult.NOT_CONNECTED
    FETCH_SUCCESS = SUCCESS = LogFetcherResult.SUCCESS
    FETCH_TRY_AGAIN = TRY_AGAIN = LogFetcherResult.TRY_AGAIN
    FETCH_NO_DATA = NO_DATA = LogFetcherResult.NO_DATA

    def fetch(self):
        raise NotImplementedError


class LogDestination:
    DROP = LogDestinationResult.DROP
    ERROR = LogDestinationResult.ERROR
    SUCCESS = LogDestinationResult.SUCCESS
    QUEUED = LogDestinationResult.QUEUED
    NOT_CONNECTED = LogDestinationResult.NOT_CONNECTED
    RETRY = LogDestinationResult.RETRY
    template_options = None
    seqnum = 0

    def send(self, msg):
        raise NotImplementedError

    def stats_written_bytes_add(self, n):
        pass


class LogParser:
    def parse(self, msg):
        raise NotImplementedError


def register_config_generator(context, name, config_generator):
    raise NotImplementedError("config generators are not supported by Sluice; declare sluice.drivers aliases instead")


def get_installation_path_for(template):
    return template
