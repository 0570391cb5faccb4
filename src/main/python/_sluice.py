"""Glue between Sluice's Java drivers and user Python classes: one call per driver action."""
import importlib
import json
import sys
import types

import syslogng

_SUBCLASS_REQUIRED = {"python-source": syslogng.LogSource, "python-fetcher": syslogng.LogFetcher}
_DEST_CONSTANTS = {"DROP": 0, "ERROR": 1, "SUCCESS": 3, "QUEUED": 4, "NOT_CONNECTED": 5, "RETRY": 6, "MAX": 7}


_template_functions = {}


def load_main(code, filename):
    """Runs the inline code in a fresh _syslogng_main module, as syslog-ng does on every (re)load."""
    _template_functions.clear()
    module = types.ModuleType("_syslogng_main")
    module.__file__ = filename
    sys.modules["_syslogng_main"] = module
    exec(compile(code, filename, "exec"), module.__dict__)


def defines(code, name):
    """Whether inline code defines `name` at its top level, checked without running it (a dry-run reload)."""
    import ast

    def names(body):
        for node in body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                yield node.name
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for n in ast.walk(t):
                        if isinstance(n, ast.Name):
                            yield n.id
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    yield alias.asname or alias.name.split(".")[0]
            elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                for field in ("body", "orelse", "finalbody"):
                    yield from names(getattr(node, field, []))
                for handler in getattr(node, "handlers", []):
                    yield from names(handler.body)

    return name in set(names(ast.parse(code).body))


def resolve(name):
    if "." in name:
        module_name, attr = name.rsplit(".", 1)
        module = sys.modules.get(module_name) or importlib.import_module(module_name)
        return getattr(module, attr)
    main = sys.modules.get("_syslogng_main")
    if main is None or not hasattr(main, name):
        raise AttributeError("name '%s' is not defined in sluice.python.code" % name)
    return getattr(main, name)


def check_class(kind, class_name):
    """What syslog-ng checks of a driver class before it instantiates it (so --validate and a dry run see it too)."""
    cls = resolve(class_name)
    required = _SUBCLASS_REQUIRED.get(kind)
    if required is not None and not (isinstance(cls, type) and issubclass(cls, required)):
        raise TypeError("Error initializing %s, class is not a subclass of %s; class='%s'"
                        % (_REQUIRED[kind][0], required.__name__, class_name))
    _check_methods(kind, class_name, cls)
    return cls


def create(kind, class_name, loaders, options_json, persist_name_option, template_options=None, flags=()):
    for m in loaders:
        importlib.import_module(m)
    cls = check_class(kind, class_name)
    if kind == "python" and isinstance(cls, type) and not issubclass(cls, syslogng.LogDestination):
        for k, v in _DEST_CONSTANTS.items():  # 3.38 destinations: constants injected on the class
            if not hasattr(cls, k):
                setattr(cls, k, v)
    if kind == "python" and isinstance(cls, type):
        # As syslog-ng: template_options and seqnum are there before __init__, persist_name after it.
        instance = cls.__new__(cls)
        instance.template_options = syslogng.LogTemplateOptions(template_options)
        instance.seqnum = 0
        instance.__init__()
    else:
        instance = cls()
    instance.persist_name = _persist_name(instance, kind, class_name, persist_name_option, json.loads(options_json))
    if kind in ("python-source", "python-fetcher") and not syslogng._COMPAT_3:
        instance.flags = _source_flags(set(flags))  # 4.x: there before init()
    return instance


def _source_flags(flags):
    """The source's flags() as syslog-ng 4 shows them to Python: every flag, on or off, its defaults included."""
    return {
        "parse": "no-parse" not in flags,
        "check-hostname": "check-hostname" in flags,
        "syslog-protocol": "syslog-protocol" in flags,
        "assume-utf8": "assume-utf8" in flags,
        "validate-utf8": "validate-utf8" in flags,
        "sanitize-utf8": "sanitize-utf8" in flags,
        "multi-line": "no-multi-line" not in flags,
        "store-legacy-msghdr": True,
        "store-raw-message": "store-raw-message" in flags,
        "expect-hostname": True,
        "guess-timezone": False,
        "header": True,
        "rfc3164-fallback": True,
    }


# The methods syslog-ng requires of each kind (its start-up check), and the syslog-ng wording of the refusal.
_REQUIRED = {
    "python-source": ("Python source", ("run", "request_exit")),
    "python-fetcher": ("Python fetcher", ("fetch",)),
    "python": ("Python destination", ("send",)),
    "python-parser": ("Python parser", ("parse",)),
}
_BASE_STUBS = {syslogng.LogSource.run, syslogng.LogSource.request_exit, syslogng.LogFetcher.fetch,
               syslogng.LogDestination.send, syslogng.LogParser.parse}


def _check_methods(kind, class_name, cls):
    what, methods = _REQUIRED.get(kind, (None, ()))
    for method in methods:
        impl = getattr(cls, method, None)
        if not callable(impl) or impl in _BASE_STUBS:
            raise TypeError("Error initializing %s, class does not have a %s() method; class='%s'" % (what, method, class_name))
    if kind == "python-source" and callable(getattr(cls, "suspend", None)) != callable(getattr(cls, "wakeup", None)):
        have, missing = ("suspend", "wakeup") if callable(getattr(cls, "suspend", None)) else ("wakeup", "suspend")
        raise TypeError("Error initializing Python source, class implements %s() but %s() is missing; class='%s'"
                        % (have, missing, class_name))


def _persist_name(instance, kind, class_name, option, options):
    prefix = "python" if kind == "python" else kind
    if option:
        return "%s.%s" % (prefix, option)
    generate = getattr(instance, "generate_persist_name", None)
    if generate is not None:
        try:
            return "%s.%s" % (prefix, generate(options))
        except Exception:
            syslogng._bridge.log("warning", "Failed while generating persist name, using default; class='%s'" % class_name)
    return "%s(%s)" % (prefix, class_name)


def init(instance, options_json):
    method = getattr(instance, "init", None)
    if method is None:
        return True
    return bool(method(json.loads(options_json)))


def set_parse_options(instance, host):
    instance.parse_options = syslogng._ParseOptions(host)


def ack_tracker(instance):
    """The tracker init() assigned, as (kind, callback, timeout_ms, batch_size), or None."""
    tracker = getattr(instance, "ack_tracker", None)
    if tracker is None:
        return None
    if isinstance(tracker, syslogng.InstantAckTracker):
        return ("instant", tracker.ack_callback, 0, 0)
    if isinstance(tracker, syslogng.ConsecutiveAckTracker):
        return ("consecutive", tracker.ack_callback, 0, 0)
    if isinstance(tracker, syslogng.BatchedAckTracker):
        return ("batched", tracker.batched_ack_callback, tracker.timeout, tracker.batch_size)
    raise TypeError("Python source attribute ack_tracker needs to be an AckTracker subtype")


# The per-message calls are closures bound to the driver instance, made once per driver: GraalPy
# probes a Python object passed from Java as a call's last argument for keyword arguments, through
# a slow generic path, which cost the fetcher half its time per message.

def fetcher(instance):
    return lambda: fetch(instance)


def sender(instance, names):
    """send(msg), or send(dict) of the value-pairs `names` when given."""
    if names is None:
        return lambda host: send(instance, host)
    names = list(names)
    return lambda host: send_dict(instance, host, names)


def pairs_sender(instance):
    """send(dict) of full value-pairs: Java hands the names and the values as two arrays."""
    return lambda names, values: _result(instance.send({n: _pair_value(v) for n, v in zip(names, values)}))


def _pair_value(value):
    if type(value) is str:
        return syslogng._bytes(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return [syslogng._bytes(v) for v in value]


def flusher(instance):
    return lambda: flush(instance)


def parser(instance):
    return lambda host: parse(instance, host)


def fetch(instance):
    """An int result code, or the host message for SUCCESS."""
    result = instance.fetch()
    if not isinstance(result, tuple) or len(result) > 2 or len(result) == 0:
        raise TypeError("fetch() must return a tuple (FetchResult, LogMessage)")
    code = int(result[0])
    if code == 2:
        if len(result) != 2 or not isinstance(result[1], syslogng.LogMessage):
            raise TypeError("fetch() must return a tuple (FetchResult, LogMessage)")
        return result[1]._msg
    if code < 0 or code > 4:
        raise TypeError("fetch() must return a tuple (FetchResult, LogMessage)")
    return code


def send(instance, host):
    return _result(instance.send(syslogng.LogMessage._wrap(host, True)))


def send_dict(instance, host, names):
    msg = syslogng.LogMessage._wrap(host, True)
    return _result(instance.send({n: msg.get(n) for n in names}))


def flush(instance):
    method = getattr(instance, "flush", None)
    return 3 if method is None else _result(method())


_warned_open_none = set()


def open_(instance):
    method = getattr(instance, "open", None)
    if method is None:
        return True
    result = method()
    if result is None and not isinstance(instance, syslogng.LogFetcher):  # a fetcher's None is a failed open()
        cls = type(instance)
        if cls not in _warned_open_none:
            _warned_open_none.add(cls)
            syslogng._bridge.log("warning", "Since syslog-ng 3.25, the return value of open method in python destination "
                                 "is used as success/failure indicator. Please use return True or return False explicitly; "
                                 "class='%s'" % cls.__name__)
        return True
    return bool(result)


def is_opened(instance):
    method = getattr(instance, "is_opened", None)
    return True if method is None else bool(method())


def _result(value):
    if value is True:
        return 3
    if value is False or value is None:
        return 1
    try:
        code = int(value)
    except (TypeError, ValueError):
        return 1
    return code if 0 <= code <= 6 else 1


def parse(instance, host):
    return bool(instance.parse(syslogng.LogMessage._wrap(host, False)))


def call(instance, method):
    """Calls an optional no-argument method (deinit, close, request_exit, run)."""
    m = getattr(instance, method, None)
    if m is not None:
        m()


def has_method(instance, method):
    return callable(getattr(instance, method, None))


def template(name, host, args):
    # Resolved once per configuration generation; importlib.reload() in the inline code is seen
    # because loading the inline code clears the cache.
    fn = _template_functions.get(name)
    if fn is None:
        fn = _template_functions[name] = resolve(name)
    msg = syslogng.LogMessage._wrap(host, True)
    value = fn(msg) if args is None else fn(msg, *[syslogng._bytes(a) for a in args])
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return ",".join(v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else str(v) for v in value)
    raise TypeError("$(python): the return value is not str or bytes; function='%s', type='%s'" % (name, type(value).__name__))
