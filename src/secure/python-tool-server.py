"""A warm Python process for one linter (cfn-lint or checkov), so a run does not pay its start-up.

Importing checkov costs about 3.5 s of CPU and cfn-lint about 1 s, every time the
tool is started, while linting a template the tool has not seen yet takes a fraction
of that. The server imports the tool once and forks a child for each request: the
child starts from the freshly imported tool (no earlier run's state), runs it with
the request's arguments and working folder, and sends back its exit code, stdout
and stderr; requests sent together run side by side, a child each. For checkov,
the server also builds the JSONPath grammar's parse table once (see
share_jsonpath_parse_tables). src/secure/python-tool-runs.ts starts it (detached)
the first time it is needed and talks to it through this file's clients mode;
whatever goes wrong there, the caller runs the tool as a process of its own
instead (run mode), so the server is only ever a shortcut.

    python -S python-tool-server.py clients SOCKET WAIT_SECONDS SERVER_PID < requests.json
    python python-tool-server.py serve SOCKET TOOL IDLE_SECONDS
    python python-tool-server.py run TOOL ARGS...     (the tool as a process of its own)

Both ways load the tool with load_tool, so a run through the server and a run of its
own execute the same code.

The socket lives in a folder only its user can enter. The server exits after
IDLE_SECONDS without a request and removes its socket.
"""
import json
import os
import signal
import socket
import struct
import sys
import time

# A request's status when there is no server to answer it (EX_TEMPFAIL): the caller
# starts one, or runs the tool itself. cfn-lint (0 to 15) and checkov (0 to 2) never use it.
NO_SERVER = 75


def send_block(conn, data):
    conn.sendall(struct.pack("!Q", len(data)) + data)


def receive_exactly(conn, size):
    chunks = []
    while size > 0:
        chunk = conn.recv(min(size, 1 << 20))
        if not chunk:
            raise ConnectionError("connection closed")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive_block(conn):
    (size,) = struct.unpack("!Q", receive_exactly(conn, 8))
    return receive_exactly(conn, size)


# --- client: requests, each answered with the tool's exit code, stdout and stderr ---------

def running(pid):
    """Whether process `pid` (0: none given) still runs: not gone, not a zombie its parent has not reaped yet."""
    if pid == 0:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        # Gone, where /proc tells; without /proc, the client waits for its deadline.
        return not os.path.isdir("/proc")


def exchange(path, request, wait_seconds, server_pid):
    """One request to the server: (exit code, stdout, stderr), or None when there is no server to answer."""
    deadline = time.monotonic() + wait_seconds
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(path)
            break
        except OSError:
            conn.close()
            if time.monotonic() >= deadline or not running(server_pid):
                return None
            time.sleep(0.05)
    try:
        send_block(conn, request)
        code = struct.unpack("!i", receive_exactly(conn, 4))[0]
        return code, receive_block(conn), receive_block(conn)
    except (OSError, ConnectionError, struct.error):
        return None
    finally:
        conn.close()


def clients(path, wait_seconds, server_pid):
    """Several requests at once (a JSON list on stdin), each on a connection of its own, so the
    server runs them side by side (a child each); a JSON list of answers on stdout, in order,
    each {"status", "stdout", "stderr"}, or {"status": NO_SERVER} for one the server did not answer."""
    import threading

    requests = json.loads(sys.stdin.buffer.read())
    answers = [None] * len(requests)

    def ask(i):
        answers[i] = exchange(path, json.dumps(requests[i]).encode(), wait_seconds, server_pid)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    def text(data):
        return data.decode("utf-8", "replace")

    json.dump(
        [{"status": NO_SERVER} if a is None else {"status": a[0], "stdout": text(a[1]), "stderr": text(a[2])} for a in answers],
        sys.stdout,
    )
    return 0


# --- server ---------------------------------------------------------------------------------

def load_tool(name):
    """The tool's entry point, called with its arguments; returns or raises SystemExit with the exit code."""
    if name == "cfn-lint":
        from cfnlint.runner import main

        def run(args):
            sys.argv = ["cfn-lint", *args]
            return main()

        return run
    if name == "checkov":
        import warnings

        share_jsonpath_parse_tables()
        from checkov.main import Checkov

        def run(args):
            sys.argv = ["checkov", *args]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", category=SyntaxWarning)
                # Checkov's argv default is bound when checkov.main is imported: pass the request's.
                return Checkov(argv=args).run()

        return run
    raise SystemExit(f"unknown tool {name}")


def share_jsonpath_parse_tables():
    """Builds the JSONPath grammar's parse table once per process instead of once per path.

    checkov parses JSONPath expressions (bc_jsonpath_ng) while building its graph of a
    template and evaluating graph checks, and bc_jsonpath_ng asks PLY to generate its LALR
    table again for every expression it parses ("it doesn't actually take that long!"):
    about 75 ms each, 88 times for the data science environment's template, two thirds of
    checkov's time on it. The table is a pure function of the grammar (the parser class
    and its start symbol), so the first one built is kept and every later parse gets a
    parser of its own over it: a PLY parser keeps its parse state on itself, and checkov
    may render a graph's edges in threads. The grammar's actions and error function do not
    read the parser instance they are bound to. Built here, in the server, before it forks,
    each run inherits the tables.
    """
    import types

    import ply.yacc
    from bc_jsonpath_ng import parse as parse_path
    from bc_jsonpath_ng.ext import parse as parse_extended_path
    from bc_jsonpath_ng.parser import JsonPathParser

    generate = ply.yacc.yacc
    tables = {}

    def yacc(*args, **kwargs):
        module = kwargs.get("module")
        if args or not isinstance(module, JsonPathParser):
            return generate(*args, **kwargs)
        key = (type(module), kwargs.get("start"), kwargs.get("method", "LALR"), bool(kwargs.get("debug")))
        first = tables.get(key)
        if first is None:
            first = tables[key] = generate(**kwargs)
            return first
        table = types.SimpleNamespace(lr_productions=first.productions, lr_action=first.action, lr_goto=first.goto)
        return ply.yacc.LRParser(table, first.errorfunc)

    ply.yacc.yacc = yacc
    parse_path("$.a")
    parse_extended_path("$.a")


def run_once(tool, args):
    """The tool as a process of its own: its exit code."""
    return run_tool(load_tool(tool), args)


def run_tool(run, args):
    """Runs the loaded tool: its exit code, as from a process of its own (a crash prints its traceback, 1)."""
    import traceback

    try:
        return exit_code(run(args))
    except SystemExit as stop:
        return exit_code(stop.code)
    except BaseException:  # a crash of the tool is its answer
        traceback.print_exc()
        return 1


def exit_code(value):
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1


def handle(conn, run):
    """In the forked child: run the tool for one request, answer, exit."""
    import tempfile
    import traceback

    request = json.loads(receive_block(conn))
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    try:
        os.chdir(request["cwd"])
    except OSError:
        traceback.print_exc()
        code = 1
    else:
        code = run_tool(run, request["args"])
    sys.stdout.flush()
    sys.stderr.flush()
    out.seek(0)
    err.seek(0)
    conn.sendall(struct.pack("!i", code))
    send_block(conn, out.read())
    send_block(conn, err.read())
    conn.close()


def listen(path):
    """A listening socket at `path`, or None when another server already listens there."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(path)
    except OSError:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(path)
            return None  # a live server
        except OSError:
            os.unlink(path)  # left behind by a server that died
            server.bind(path)
        finally:
            probe.close()
    server.listen(16)
    return server


def serve(path, tool, idle_seconds):
    run = load_tool(tool)
    server = listen(path)
    if server is None:
        return 0
    own = os.stat(path).st_ino
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    server.settimeout(idle_seconds)
    try:
        while True:
            try:
                conn, _ = server.accept()
            except socket.timeout:
                return 0
            if os.fork() == 0:
                server.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the tool may wait for processes of its own
                try:
                    handle(conn, run)
                finally:
                    os._exit(0)
            conn.close()
    finally:
        try:
            if os.stat(path).st_ino == own:
                os.unlink(path)
        except OSError:
            pass


def main(argv):
    if argv[1] == "clients":
        return clients(argv[2], float(argv[3]), int(argv[4]))
    if argv[1] == "serve":
        return serve(argv[2], argv[3], float(argv[4]))
    if argv[1] == "run":
        return run_once(argv[2], argv[3:])
    raise SystemExit(f"usage: {argv[0]} clients SOCKET WAIT SERVER_PID | serve SOCKET TOOL IDLE | run TOOL ARGS...")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
