#!/usr/bin/env python3
"""What this host charges for the two things every delivery in the XMPP benchmarks costs: a system
call, and a message across loopback TCP between the two cores. Hosts of the same size have given
the same build fan-out latencies several times apart (docs/benchmarks.md, "The host"); these
figures, printed beside each report, say which kind of host a run had. Python's own overhead is in
them, the same on every host, so they compare hosts, not languages.
usage: host-profile.py [OUT.json]   (prints the JSON; also writes it to OUT.json when given)"""
import json, os, platform, socket, statistics, sys, time

CALLS = 200_000
ROUND_TRIPS = 20_000


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def syscall_ns():
    """ns per getppid() (not cached by glibc), less the interpreter's cost of calling a builtin
    that stays out of the kernel."""
    def loop(f):
        t0 = time.perf_counter_ns()
        for _ in range(CALLS):
            f()
        return (time.perf_counter_ns() - t0) / CALLS
    loop(os.getppid)  # warm
    return max(0.0, min(loop(os.getppid) for _ in range(3)) - min(loop(sys.getrecursionlimit) for _ in range(3)))


def pin(cpu):
    try:
        os.sched_setaffinity(0, {cpu})
    except (AttributeError, OSError):
        pass


def loopback_round_trip_us():
    """p50 / p99 µs of 64 bytes there and back over loopback TCP, echo on core 0, caller on core 1."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    child = os.fork()
    if child == 0:
        try:
            pin(0)
            listener.settimeout(10)  # never outlive a parent that failed before connecting
            conn, _ = listener.accept()
            conn.settimeout(10)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while True:
                data = conn.recv(64)
                if not data:
                    break
                conn.sendall(data)
        finally:
            os._exit(0)
    listener.close()
    pin(1 if (os.cpu_count() or 1) > 1 else 0)
    payload = b"x" * 64
    samples = []
    client = None
    try:
        client = socket.create_connection(("127.0.0.1", port), timeout=10)
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(ROUND_TRIPS + 1000):
            t0 = time.perf_counter_ns()
            client.sendall(payload)
            got = 0
            while got < len(payload):
                got += len(client.recv(64 - got))
            if i >= 1000:  # the first thousand warm both ends
                samples.append((time.perf_counter_ns() - t0) / 1000)
    finally:
        if client is not None:
            client.close()
        os.waitpid(child, 0)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def main():
    p50, p99 = loopback_round_trip_us()
    figures = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "syscall_ns": round(syscall_ns()),
        "loopback_rtt_p50_us": round(p50, 1),
        "loopback_rtt_p99_us": round(p99, 1),
    }
    text = json.dumps(figures)
    print(text)
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
