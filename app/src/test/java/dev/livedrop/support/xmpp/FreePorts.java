package dev.livedrop.support.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Distinct free loopback ports for a server about to start. */
final class FreePorts {
  private FreePorts() {}

  /**
   * All sockets stay bound until every port is chosen, so the {@code n} are distinct. Another
   * process may still take one before the server binds it; the server then fails to start and
   * its log says which port.
   */
  static int[] take(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a socket that never accepted cannot fail in a way that matters here
        }
      }
    }
  }
}
