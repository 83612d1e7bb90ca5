"""Bytestorm's Python side of a run, loaded once per worker as the module ``_bytestorm``.

It runs a file or a string as ``__main__`` the way ``python FILE`` does, or the interactive
prompt (``>>>``) as ``python`` and ``python -i`` do, resets what one run could leak into the
next, and prints tracebacks with workspace-relative file names, so that
``File "main.py", line 7`` can link to the file.
"""

import builtins
import code
import errno
import json
import linecache
import operator
import os
import rlcompleter
import signal
import sys
import time
import traceback
import types

_OWN_FILE = __file__
# Emscripten numbers errors the WASI way (ENOENT is 44); messages quote Linux's numbers, as
# CPython on a desktop does.
_LINUX_ERRNO = {errno.EPERM: 1, errno.ENOENT: 2, errno.EACCES: 13, errno.ENOTDIR: 20, errno.EISDIR: 21}
_root = "/workspace"
_wait = None
_wait_for_line = None
_environ = {}
_path = []
_input = None
# sys.monitoring's tool id for _on_unwind (ids 3 and 4 have no use named by Python).
_UNWIND_TOOL = 4
# Python's own recursion limit, which every run starts with, as a new CPython process does.
# Up to it, no traceback is deep enough to need _on_unwind, and it is not called.
_recursion_limit = sys.getrecursionlimit()
_set_recursion_limit_itself = sys.setrecursionlimit
# Every this many frames an exception leaves, its traceback is cut back to its outermost this
# many entries (see _on_unwind): it is never twice as long.
_CUT_EVERY = 500
# The exception being unwound (its id, never a reference), the frames it has left so far, and
# whether it has its note.
_unwinding = [0, 0, False]


def init(root, wait, wait_for_line):
    """Called once after boot. ``wait(seconds)`` blocks on shared memory and returns True when
    Ctrl+C ended the wait early; None when the page has no shared memory (no cross-origin
    isolation), in which case input() cannot block. ``wait_for_line(complete)`` blocks until a
    line typed at the prompt can be read, answering each Tab meanwhile with ``complete(word)``
    (the matches as JSON), or is None."""
    global _root, _wait, _wait_for_line, _input, _environ, _path
    _root = root
    _environ = dict(os.environ)
    _path = [entry for entry in sys.path if entry not in ("", root)]
    # Bytecode caches keyed on whole-second mtimes would let an edit made within the same second
    # run the old code; and they would litter the workspace.
    sys.dont_write_bytecode = True
    if wait is None:
        _input = _input_unavailable
    else:
        _wait = wait
        _wait_for_line = wait_for_line
        _input = _stream_input
        time.sleep = sleep
    _keep_tracebacks_short()


def _keep_tracebacks_short():
    """C frees a traceback entry by entry, each inside the call that freed the one before. A
    traceback thousands of frames deep (a limit raised with sys.setrecursionlimit, then reached)
    overflows the browser's stack that way, and Pyodide cannot go on. So while an exception
    leaves frame after frame, every _CUT_EVERY frames its traceback is cut back to its outermost
    _CUT_EVERY entries, and a note says where it was raised."""
    monitoring = sys.monitoring
    holder = monitoring.get_tool(_UNWIND_TOOL)
    if holder == "bytestorm":
        return
    if holder is not None:
        # A tool of the previous run's program: a run is a new process, which would not have it.
        monitoring.clear_tool_id(_UNWIND_TOOL)
        monitoring.free_tool_id(_UNWIND_TOOL)
    monitoring.use_tool_id(_UNWIND_TOOL, "bytestorm")
    monitoring.register_callback(_UNWIND_TOOL, monitoring.events.PY_UNWIND, _on_unwind)
    # The hook costs about a microsecond per frame an exception leaves: it is on only while a
    # program's recursion limit is above Python's own.
    sys.setrecursionlimit = _set_recursion_limit


def _set_recursion_limit(limit, /):
    _set_recursion_limit_itself(limit)
    monitoring = sys.monitoring
    wanted = monitoring.events.PY_UNWIND if sys.getrecursionlimit() > _recursion_limit else 0
    # Every run sets the limit back: events are set only when they change.
    ours = monitoring.get_tool(_UNWIND_TOOL) == "bytestorm"
    if ours and monitoring.get_events(_UNWIND_TOOL) != wanted:
        monitoring.set_events(_UNWIND_TOOL, wanted)


_set_recursion_limit.__name__ = _set_recursion_limit.__qualname__ = "setrecursionlimit"
_set_recursion_limit.__module__ = "sys"
_set_recursion_limit.__doc__ = sys.setrecursionlimit.__doc__


def _on_unwind(_code, _offset, error):
    if _unwinding[0] != id(error):
        _unwinding[:] = [id(error), 0, False]
    _unwinding[1] += 1
    if _unwinding[1] % _CUT_EVERY:
        return
    # The newest entry is the outermost frame: the last one kept, then what follows it.
    last_kept = error.__traceback__
    for _ in range(_CUT_EVERY - 1):
        if last_kept is None:
            return
        last_kept = last_kept.tb_next
    if last_kept is None or last_kept.tb_next is None:
        return
    if not _unwinding[2]:
        _unwinding[2] = True
        innermost = last_kept
        while innermost.tb_next is not None:
            innermost = innermost.tb_next
        raised_in = innermost.tb_frame.f_code
        try:
            error.add_note(
                "(Only the outermost frames of this traceback are kept: Python in the browser"
                " cannot free one that is thousands of frames deep. It was raised at"
                f' File "{_display_name(raised_in.co_filename)}", line {innermost.tb_lineno},'
                f" in {raised_in.co_name}.)"
            )
        except Exception:
            pass  # A program's own __notes__ that is not a list: no note, the cut still helps.
    # What was cut is freed now, at most _CUT_EVERY entries deep.
    last_kept.tb_next = None


def after_start(winter_offset, summer_offset):
    """Called after every boot, with the browser's UTC offsets (JavaScript's getTimezoneOffset,
    in minutes west of UTC) on 1 January and 1 July. A memory snapshot keeps what was true where
    it was made: the state of ``random`` (every boot would draw the same numbers) and the time
    zone that Emscripten read once (the build's start-up image is made in UTC)."""
    if "random" in sys.modules:
        sys.modules["random"].seed()
    _set_time_zone(winter_offset, summer_offset)


def _set_time_zone(winter_offset, summer_offset):
    """Sets the time zone names and offsets as Emscripten's tzset would have in this browser:
    the C globals (``%Z`` and ``tm_zone`` read them) and the ``time`` module's copies."""
    standard, summer = max(winter_offset, summer_offset), min(winter_offset, summer_offset)
    names = (_zone_name(standard), _zone_name(summer))
    daylight = int(winter_offset != summer_offset)
    if (time.timezone, time.daylight, time.tzname) == (standard * 60, daylight, names):
        return
    import ctypes

    libc = ctypes.CDLL(None)
    for address, name in zip((ctypes.c_void_p * 2).in_dll(libc, "tzname"), names):
        # Emscripten's name buffers hold 16 bytes; these names have 8.
        ctypes.memmove(address, name.encode() + b"\0", len(name) + 1)
    ctypes.c_long.in_dll(libc, "timezone").value = standard * 60
    ctypes.c_int.in_dll(libc, "daylight").value = daylight
    time.timezone, time.altzone, time.daylight, time.tzname = (
        standard * 60,
        summer * 60,
        daylight,
        names,
    )


def _zone_name(offset):
    """Emscripten's name for a zone ``offset`` minutes west of UTC: UTC-0500 for New York."""
    sign = "-" if offset >= 0 else "+"
    return f"UTC{sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"


def sleep(seconds):
    """time.sleep that Ctrl+C interrupts at once: the worker waits on shared memory, which the
    main thread wakes on an interrupt."""
    if not isinstance(seconds, float):
        seconds = operator.index(seconds)
    if seconds != seconds:
        raise ValueError("Invalid value NaN (not a number)")
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    _flush()
    deadline = time.monotonic() + seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not _wait(remaining):
            return
        # Runs the SIGINT handler (KeyboardInterrupt unless the program installed its own); a
        # handler that returns lets the sleep go on, as PEP 475 says.
        signal.raise_signal(signal.SIGINT)


def _stream_input(prompt="", /):
    """input() as CPython's when stdin or stdout is not a terminal: the prompt goes to sys.stdout
    and the line comes from sys.stdin. CPython's own input() would hand a terminal to C's
    readline instead, which writes the prompt to stderr and knows nothing of our streams."""
    stdin, stdout = sys.stdin, sys.stdout
    if stdin is None:
        raise RuntimeError("input(): lost sys.stdin")
    if stdout is None:
        raise RuntimeError("input(): lost sys.stdout")
    sys.audit("builtins.input", prompt)
    try:
        sys.stderr.flush()
    except Exception:
        pass
    stdout.write(str(prompt))
    try:
        stdout.flush()
    except Exception:
        pass
    line = stdin.readline()
    if not isinstance(line, str):
        raise TypeError("object.readline() returned non-string")
    if not line:
        raise EOFError("EOF when reading a line")
    if line.endswith("\n"):
        line = line[:-1]
    sys.audit("builtins.input/result", line)
    return line


_stream_input.__name__ = _stream_input.__qualname__ = "input"
_stream_input.__module__ = "builtins"
_stream_input.__doc__ = builtins.input.__doc__


def _input_unavailable(prompt=""):
    sys.stdout.write(str(prompt))
    _flush()
    raise EOFError(
        "input() cannot wait for typing here: this page is not cross-origin isolated, so Python "
        "has no way to block. Reload the page; if that does not help, the server is not sending "
        "the isolation headers."
    )


def run(request_json):
    """Runs one request ({"kind": "file"|"code"|"stdin"|"repl", "target", "args", "cwd", "env", and
    optionally "interactive": the prompt after the program, "quiet": no banner}) and returns the
    exit code: 0, 1 for an uncaught exception, 130 for KeyboardInterrupt, n for sys.exit(n),
    2 for a file that cannot be opened."""
    request = json.loads(request_json)
    kind = request["kind"]
    try:
        status = _run(kind, request["target"], request["args"], request["cwd"], request["env"])
        if kind == "repl":
            return _interact(quiet=request.get("quiet", False))
        # As CPython's -i: the prompt follows even a program that failed or called sys.exit().
        return _interact(quiet=True) if request.get("interactive") else status
    except _NotRun as error:
        sys.stderr.write(str(error))
        return error.status
    finally:
        _flush()


class _NotRun(Exception):
    """The program could not be started (no such folder or file): no prompt follows either."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def _run(kind, target, args, cwd, env):
    """Sets up ``__main__`` and runs the program in it (nothing for "repl"); returns its exit code."""
    directory = os.path.normpath(os.path.join(_root, cwd))
    if directory != _root and not directory.startswith(_root + "/") or not os.path.isdir(directory):
        raise _NotRun(f"python: cannot run in '{cwd}': there is no such folder.\n", 2)
    _reset(directory, env)
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    if kind == "repl":
        sys.argv = [""]
        sys.path.insert(0, directory)
        return 0
    if kind == "file":
        path = os.path.normpath(os.path.join(directory, target))
        try:
            with open(path, "rb") as file:
                source = file.read()
        except IsADirectoryError:
            raise _NotRun(f"python: can't find '__main__' module in '{target}'\n", 1) from None
        except OSError as error:
            raise _NotRun(
                f"python: can't open file '{target}': "
                f"[Errno {_LINUX_ERRNO.get(error.errno, error.errno)}] {error.strerror}\n",
                2,
            ) from None
        sys.argv = [target, *args]
        sys.path.insert(0, os.path.dirname(path))
        main.__file__ = path
        filename = path
    elif kind == "stdin":
        # As CPython with a pipe for stdin: the whole input is the program.
        source = sys.stdin.buffer.read()
        sys.argv = [target, *args]
        sys.path.insert(0, directory)
        filename = "<stdin>"
    else:
        source = target
        sys.argv = ["-c", *args]
        sys.path.insert(0, directory)
        filename = "<string>"
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
        exec(code, main.__dict__)
    except SystemExit as error:
        return _exit_code(error)
    except BaseException as error:
        _flush()
        _print_exception(error)
        return 130 if isinstance(error, KeyboardInterrupt) else 1
    return 0


def _reset(directory, env):
    """Undoes what the previous run could leave behind, and drops the user's modules so that an
    edited module is imported afresh."""
    _keep_tracebacks_short()
    _set_recursion_limit(_recursion_limit)
    os.environ.clear()
    os.environ.update(_environ)
    os.environ.update(env)
    os.chdir(directory)
    sys.path[:] = [*_path, _root]
    _forget_workspace_modules()
    # Only finders of the workspace's folders can be stale (and relative or missing entries, as
    # importlib.invalidate_caches() drops them). That function would also make the next import
    # re-read the stdlib zip's directory and, the first time, import importlib.metadata: more
    # than everything else a run does (pip invalidates after an install).
    for entry, finder in list(sys.path_importer_cache.items()):
        if (
            finder is None
            or entry == _root
            or entry.startswith(_root + "/")
            or not os.path.isabs(entry)
        ):
            del sys.path_importer_cache[entry]
    linecache.clearcache()
    sys.stdin, sys.stdout, sys.stderr = sys.__stdin__, sys.__stdout__, sys.__stderr__
    sys.displayhook, sys.excepthook = sys.__displayhook__, sys.__excepthook__
    # site's exit() closes sys.stdin first, which would leave every later run without input.
    builtins.exit, builtins.quit = _Quitter("exit"), _Quitter("quit")
    if _input is not None:
        builtins.input = _input
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.settrace(None)
    sys.setprofile(None)
    for name in ("last_exc", "last_type", "last_value", "last_traceback"):
        if hasattr(sys, name):
            delattr(sys, name)


class _Quitter:
    """exit() and quit(): SystemExit, as site's, but stdin stays open for the next run."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Use {self.name}() or Ctrl-D (i.e. EOF) to exit"

    def __call__(self, code=None):
        raise SystemExit(code)


class _Console(code.InteractiveConsole):
    """code.InteractiveConsole on ``__main__``, with tracebacks as the runner prints them."""

    def runcode(self, code):
        try:
            exec(code, self.locals)
        except SystemExit:
            raise
        except BaseException as error:
            self._report(error)

    def showsyntaxerror(self, filename=None, **kwargs):
        self._report(sys.exception().with_traceback(None))

    def showtraceback(self):
        self._report(sys.exception())

    def _report(self, error):
        sys.last_exc, sys.last_type, sys.last_value = error, type(error), error
        sys.last_traceback = error.__traceback__
        _flush()
        _print_exception(error)


def _banner():
    try:
        from pyodide import __version__ as pyodide_version
    except ImportError:
        pyodide_version = "?"
    return (
        f"Python {sys.version.split()[0]} (Pyodide {pyodide_version}) on {sys.platform}\n"
        'Type "help", "copyright", "credits" or "license" for more information.\n'
    )


def _interact(quiet):
    """The interactive prompt on ``__main__``, as CPython's: ``>>>`` and ``...`` (codeop decides
    when a block is complete), results through sys.displayhook, a traceback that does not end
    it, Ctrl+C dropping the line. Ends on exit(), quit() or end of input; returns the exit code."""
    if _wait is None:
        return _fail(
            "python: the interactive prompt cannot wait for typing here: this page is not "
            "cross-origin isolated. Reload the page, or run a file (python main.py).\n",
            1,
        )
    console = _Console(sys.modules["__main__"].__dict__, filename="<stdin>")
    completer = rlcompleter.Completer(console.locals)
    sys.ps1, sys.ps2 = ">>> ", "... "
    if not quiet:
        sys.stdout.write(_banner())
    more = False
    while True:
        try:
            try:
                line = _read_line(str(sys.ps2 if more else sys.ps1), completer)
            except EOFError:
                sys.stdout.write("\n")
                return 0
            more = console.push(line)
        except KeyboardInterrupt:
            # The terminal has already ended the line with ^C.
            _flush()
            sys.stderr.write("KeyboardInterrupt\n")
            console.resetbuffer()
            more = False
        except SystemExit as error:
            return _exit_code(error)


def _read_line(prompt, completer):
    """input() for the prompt's next line; while it waits, Tab completes with ``completer``."""
    if _wait_for_line is None or sys.stdin is not sys.__stdin__:
        return input(prompt)
    sys.stdout.write(prompt)
    sys.stdout.flush()
    _wait_for_line(lambda word: _matches(completer, word))
    return input()


def _matches(completer, word):
    """What Tab offers for ``word`` (the text before the cursor back to a delimiter, as
    readline's: ``os.pa``), as JSON: rlcompleter's matches, sorted as readline lists them."""
    matches = []
    try:
        while (match := completer.complete(word, len(matches))) is not None:
            matches.append(match)
    except Exception:
        # Completing evaluates the object before the dot: whatever it raises completes nothing.
        pass
    return json.dumps(sorted(set(matches)))


# Entries of sys.modules already found to come from outside the workspace: name -> module.
_outside = {}


def _forget_workspace_modules():
    """Drops the modules imported from the workspace. Each module is looked at once, so a run
    checks only the few its predecessor added, not the hundreds of the standard library."""
    for name, module in list(sys.modules.items()):
        if _outside.get(name) is module:
            continue
        if _in_workspace(module):
            del sys.modules[name]
        else:
            _outside[name] = module
    # Forgets modules that are gone, so that their objects can be freed.
    for name in _outside.keys() - sys.modules.keys():
        del _outside[name]


def _in_workspace(module):
    prefix = _root + "/"
    try:
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and file.startswith(prefix):
            return True
        # Namespace packages have no __file__, only folders.
        return any(str(entry).startswith(prefix) for entry in getattr(module, "__path__", None) or ())
    except Exception:
        return False


def _exit_code(error):
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    _flush()
    print(code, file=sys.stderr)
    return 1


def _fail(message, code):
    sys.stderr.write(message)
    return code


def _print_exception(error):
    report = traceback.TracebackException(type(error), error, error.__traceback__, compact=True)
    _tidy(report, set())
    text = "".join(report.format())
    try:
        sys.stderr.write(text)
    except Exception:
        sys.__stderr__.write(text)


def _tidy(report, seen):
    """Drops this module's frames and shows workspace files by their workspace path."""
    if report is None or id(report) in seen:
        return
    seen.add(id(report))
    # Each frame's source line was read when the report was built, so renaming is safe.
    frames = [frame for frame in report.stack if frame.filename != _OWN_FILE]
    for frame in frames:
        frame.filename = _display_name(frame.filename)
    report.stack = traceback.StackSummary.from_list(frames)
    if isinstance(getattr(report, "filename", None), str):
        report.filename = _display_name(report.filename)
    _tidy(report.__cause__, seen)
    _tidy(report.__context__, seen)
    for inner in getattr(report, "exceptions", None) or ():
        _tidy(inner, seen)


def _display_name(filename):
    prefix = _root + "/"
    return filename[len(prefix):] if filename.startswith(prefix) else filename


def _flush():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:
            pass
