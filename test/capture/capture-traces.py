#!/usr/bin/env python3
"""Capture one small trace per TCP scenario, on the loopback interface of a
private network namespace.

usage: capture-traces.py OUTDIR

For every scenario it writes OUTDIR/NAME.pcap (tcpdump, snaplen 128) and, when
editcap (from tshark) is installed, OUTDIR/NAME.pcapng converted from it.
Needs root, unshare, ip, tcpdump, nft (lost segments) and tc (simultaneous
close). Exits 77 when it cannot capture at all, 1 when a scenario fails.
"""

import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

CANNOT_CAPTURE = 77
NETNS_MARK = 'TCPFLOW_CAPTURE_NETNS'
HOST = '127.0.0.1'
TIMEOUT = 5.0


def cannot_capture(reason):
    print(f'capture-traces: cannot capture: {reason}', file=sys.stderr)
    sys.exit(CANNOT_CAPTURE)


def run(*cmd, stdin=None):
    subprocess.run(cmd, input=stdin, check=True, capture_output=True, text=True, timeout=TIMEOUT)


# --- sockets ---------------------------------------------------------------

def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, port))
    s.listen()
    s.settimeout(TIMEOUT)
    return s


def connect(port, client_port):
    # A fixed client port keeps the traces readable and the scenarios apart.
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind((HOST, client_port))
    c.settimeout(TIMEOUT)
    c.connect((HOST, port))
    return c


def recv_exact(sock, n):
    data = b''
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise RuntimeError(f'connection closed after {len(data)} of {n} bytes')
        data += chunk
    return data


def recv_to_eof(sock):
    data = b''
    while chunk := sock.recv(4096):
        data += chunk
    return data


def expect(got, want):
    if got != want:
        raise RuntimeError(f'expected {want!r}, got {got!r}')


def with_server(port, serve, client):
    """Runs serve(conn) on the accepted connection in a thread, client() here."""
    with listener(port) as ls, ThreadPoolExecutor(1) as pool:
        def accept_and_serve():
            conn, _ = ls.accept()
            conn.settimeout(TIMEOUT)
            with conn:
                serve(conn)
        served = pool.submit(accept_and_serve)
        client()
        served.result(TIMEOUT)


# --- scenarios -------------------------------------------------------------

def client_closes_first(port, cport):
    def serve(conn):
        expect(recv_exact(conn, 6), b'hello\n')
        conn.sendall(b'world\n')
        expect(recv_to_eof(conn), b'')

    def client():
        with connect(port, cport) as c:
            c.sendall(b'hello\n')
            expect(recv_exact(c, 6), b'world\n')
    with_server(port, serve, client)


def server_closes_first(port, cport):
    def serve(conn):
        expect(recv_exact(conn, 6), b'hello\n')
        conn.sendall(b'world\n')

    def client():
        with connect(port, cport) as c:
            c.sendall(b'hello\n')
            expect(recv_to_eof(c), b'world\n')
    with_server(port, serve, client)


def half_close(port, cport):
    # The client shuts down its sending side; the server still answers on the
    # half-open connection, then closes.
    def serve(conn):
        expect(recv_to_eof(conn), b'request\n')
        conn.sendall(b'response\n')

    def client():
        with connect(port, cport) as c:
            c.sendall(b'request\n')
            c.shutdown(socket.SHUT_WR)
            expect(recv_to_eof(c), b'response\n')
    with_server(port, serve, client)


def rst_abort(port, cport):
    got_hello = threading.Event()

    def serve(conn):
        expect(recv_exact(conn, 6), b'hello\n')
        got_hello.set()
        try:
            recv_to_eof(conn)
        except ConnectionResetError:
            return
        raise RuntimeError('the server saw no reset')

    def client():
        c = connect(port, cport)
        c.sendall(b'hello\n')
        got_hello.wait(TIMEOUT)
        # Linger on, timeout 0: close() aborts with RST instead of sending FIN.
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        c.close()
    with_server(port, serve, client)


def refused(port, cport):
    try:
        connect(port, cport).close()
    except ConnectionRefusedError:
        return
    raise RuntimeError('the connection was not refused')


def drop_first(port, match):
    """nft rule in the input hook dropping the first segment to `port` that
    matches: tcpdump on lo sees it before the hook, then the retransmission."""
    ruleset = f'''
table inet tcpflow_loss {{
  set dropped {{ type inet_service; flags dynamic; }}
  chain input {{
    type filter hook input priority 0; policy accept;
    tcp dport {port} {match} tcp dport != @dropped add @dropped {{ tcp dport }} drop
  }}
}}'''
    run('nft', '-f', '-', stdin=ruleset)


def remove_drop_rule():
    run('nft', 'delete', 'table', 'inet', 'tcpflow_loss')


def losing_first(match):
    """A client-closes-first exchange whose first segment matching `match` is dropped once."""
    def scenario(port, cport):
        drop_first(port, match)
        try:
            client_closes_first(port, cport)
        finally:
            remove_drop_rule()
    return scenario


lost_data = losing_first('tcp flags & psh == psh')
lost_fin = losing_first('tcp flags & fin == fin')


def hold_back_loopback():
    """Makes both FINs cross: a token bucket on lo's egress, emptied by filler
    datagrams, holds the first FIN for over 100 ms and every later packet for
    about 20 ms, so each side sends its FIN before the other's arrives, even
    when one thread starts late."""
    run('tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'tbf', 'rate', '26kbit', 'burst', '300', 'latency', '5s')
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as filler:
        sink.bind((HOST, 0))
        for _ in range(3):
            filler.sendto(bytes(200), sink.getsockname())


def simultaneous_close(port, cport):
    both_ready = threading.Barrier(2, timeout=TIMEOUT)

    def close_together(sock):
        both_ready.wait()
        sock.shutdown(socket.SHUT_WR)
        expect(recv_to_eof(sock), b'')

    def serve(conn):
        expect(recv_exact(conn, 6), b'hello\n')
        conn.sendall(b'world\n')
        close_together(conn)

    def client():
        with connect(port, cport) as c:
            c.sendall(b'hello\n')
            expect(recv_exact(c, 6), b'world\n')
            hold_back_loopback()
            close_together(c)
    try:
        with_server(port, serve, client)
        wait_for_empty_queue()
    finally:
        subprocess.run(['tc', 'qdisc', 'del', 'dev', 'lo', 'root'], capture_output=True, timeout=TIMEOUT)


def wait_for_empty_queue():
    # Deleting the qdisc drops what it still holds (the last ACKs).
    deadline = time.monotonic() + TIMEOUT
    while 'backlog 0b 0p' not in subprocess.run(
            ['tc', '-s', 'qdisc', 'show', 'dev', 'lo'], capture_output=True, text=True, timeout=TIMEOUT).stdout:
        if time.monotonic() > deadline:
            raise RuntimeError('the loopback queue did not drain')
        time.sleep(0.02)


SCENARIOS = [
    ('client-closes-first', client_closes_first, []),
    ('server-closes-first', server_closes_first, []),
    ('half-close', half_close, []),
    ('rst-abort', rst_abort, []),
    ('refused', refused, []),
    ('lost-data', lost_data, ['nft']),
    ('lost-fin', lost_fin, ['nft']),
    ('simultaneous-close', simultaneous_close, ['tc']),
]


# --- capture ---------------------------------------------------------------

def start_tcpdump(path, port):
    proc = subprocess.Popen(
        ['tcpdump', '-i', 'lo', '-n', '-s', '128', '--immediate-mode', '-U', '-Z', 'root', '-w', path, f'tcp port {port}'],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], deadline - time.monotonic())
        line = proc.stderr.readline() if ready else ''
        if 'listening on' in line:
            return proc
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(f'tcpdump did not start: {proc.stderr.read().strip()}')


def stop_tcpdump(proc):
    time.sleep(0.2)  # let the last segments reach the capture
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise RuntimeError('tcpdump did not stop')
    if not re.search(r'^0 packets dropped by kernel', err, re.M):
        raise RuntimeError(f'tcpdump dropped packets: {err.strip()}')


def capture_all(outdir):
    run('ip', 'link', 'set', 'lo', 'up')
    editcap = shutil.which('editcap')
    failed = []
    for i, (name, scenario, tools) in enumerate(SCENARIOS):
        missing = [t for t in tools if not shutil.which(t)]
        if missing:
            print(f'{name}: skipped ({", ".join(missing)} not installed)')
            continue
        pcap = os.path.join(outdir, f'{name}.pcap')
        try:
            tcpdump = start_tcpdump(pcap, 8081 + i)
            try:
                scenario(8081 + i, 40001 + i)
            finally:
                stop_tcpdump(tcpdump)
        except Exception as e:  # report every scenario, then fail
            failed.append(name)
            print(f'{name}: FAILED: {e}', file=sys.stderr)
            continue
        written = [pcap]
        if editcap:
            written.append(pcap + 'ng')
            run(editcap, '-F', 'pcapng', pcap, written[-1])
        print(f'{name}: ' + ', '.join(f'{os.path.basename(p)} ({os.path.getsize(p)} bytes)' for p in written))
    return 1 if failed else 0


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    outdir = os.path.abspath(sys.argv[1])
    if os.environ.get(NETNS_MARK) == '1':
        return capture_all(outdir)
    if os.geteuid() != 0:
        cannot_capture('needs root (tcpdump on lo, nft and tc in a network namespace)')
    for tool in ('unshare', 'ip', 'tcpdump'):
        if not shutil.which(tool):
            cannot_capture(f'{tool} is not installed')
    if subprocess.run(['unshare', '--net', 'true'], capture_output=True).returncode != 0:
        cannot_capture('unshare --net is not permitted here')
    os.makedirs(outdir, exist_ok=True)
    env = dict(os.environ, **{NETNS_MARK: '1'})
    return subprocess.run(['unshare', '--net', sys.executable, os.path.abspath(__file__), outdir], env=env).returncode


if __name__ == '__main__':
    sys.exit(main())
