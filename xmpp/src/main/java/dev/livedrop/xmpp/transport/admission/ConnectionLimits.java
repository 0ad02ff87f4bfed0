package dev.livedrop.xmpp.transport.admission;

import java.time.Duration;

/**
 * How much of the server one client, or one unauthenticated connection, may hold: the answer to a
 * host that opens thousands of idle connections until {@code accept} fails with "Too many open
 * files" for everyone (issue 17). Zero turns a limit off.
 *
 * @param maxPerAddress concurrent connections from one client address (an IPv6 /64), HTTP and XMPP
 *     over TCP counted together
 * @param authTimeout how long an XMPP stream (TCP, WebSocket or BOSH) may take to authenticate and
 *     bind a resource
 * @param firstRequestTimeout how long an HTTP connection may take to send its first request's head
 * @param fdReserve open files kept free for the sessions already in: new connections are refused
 *     once the process is this close to its open-files limit
 */
public record ConnectionLimits(int maxPerAddress, Duration authTimeout, Duration firstRequestTimeout,
    FdReserve fdReserve) {

  /**
   * 2,000 per address: a browser keeps up to six HTTP connections to a host plus its WebSocket, so
   * an office of about 300 people behind one NAT address fits; one host alone stays well under a
   * 4,096 open-files limit. 20 s to log in is ample for TLS, SCRAM and a slow mobile link.
   */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(2000, Duration.ofSeconds(20), Duration.ofSeconds(20), FdReserve.percent(5));
  }

  /** No limits (the benchmarks open tens of thousands of sessions from one address on purpose). */
  public static ConnectionLimits off() {
    return new ConnectionLimits(0, Duration.ZERO, Duration.ZERO, FdReserve.NONE);
  }

  public ConnectionLimits withMaxPerAddress(int max) {
    return new ConnectionLimits(max, authTimeout, firstRequestTimeout, fdReserve);
  }

  public ConnectionLimits withAuthTimeout(Duration timeout) {
    return new ConnectionLimits(maxPerAddress, timeout, firstRequestTimeout, fdReserve);
  }

  public ConnectionLimits withFirstRequestTimeout(Duration timeout) {
    return new ConnectionLimits(maxPerAddress, authTimeout, timeout, fdReserve);
  }

  public ConnectionLimits withFdReserve(FdReserve reserve) {
    return new ConnectionLimits(maxPerAddress, authTimeout, firstRequestTimeout, reserve);
  }
}
