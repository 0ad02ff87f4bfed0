package dev.livedrop.xmpp.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare TCP connection for speaking XMPP by hand, to see exactly what the server answers. */
public final class RawTcp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  public RawTcp(int port) throws IOException {
    this(port, "127.0.0.1");
  }

  /** From {@code localAddress}: every 127.x.y.z is this host on Linux, but a different client address. */
  public RawTcp(int port, String localAddress) throws IOException {
    socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(localAddress), 0);
    socket.setSoTimeout(200);
    in = socket.getInputStream();
  }

  public static String open(String to) {
    return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
        + to + "' version='1.0'>";
  }

  public RawTcp send(String s) throws IOException {
    try {
      socket.getOutputStream().write(s.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      // the server may already have closed; what it said is still readable
    }
    return this;
  }

  /** Everything received until {@code marker} appears or the time is up. */
  public String readUntil(String marker, long millis) throws IOException {
    long end = System.currentTimeMillis() + millis;
    byte[] buf = new byte[8192];
    while (System.currentTimeMillis() < end) {
      String sofar = received.toString(StandardCharsets.UTF_8);
      if (sofar.contains(marker)) return sofar;
      try {
        int n = in.read(buf);
        if (n < 0) break;
        received.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        // keep waiting
      } catch (IOException e) {
        break;
      }
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  /** Whether the server has closed the connection (EOF within the time). */
  public boolean closedWithin(long millis) throws IOException {
    long end = System.currentTimeMillis() + millis;
    byte[] buf = new byte[8192];
    while (System.currentTimeMillis() < end) {
      try {
        int n = in.read(buf);
        if (n < 0) return true;
        received.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        // keep waiting
      } catch (IOException e) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
