package dev.livedrop.support.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits until a starting XMPP server serves: its c2s port answers a stream header with
 * {@code <stream:features>} and its BOSH path answers GET with 200. Bounded: a server that dies or
 * does not answer in time fails the start with its log tail.
 */
final class Readiness {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Readiness() {}

  static void await(ServerProcess process, String domain, int c2sPort, URI bosh, Supplier<String> logTail) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.alive()) {
        throw new IllegalStateException(process + " exited while starting\n" + logTail.get());
      }
      if (answersStream(c2sPort, domain) && answersBosh(bosh)) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + process, e);
      }
    }
    process.stop(Duration.ofSeconds(5));
    throw new IllegalStateException(process + " did not serve c2s on " + c2sPort + " and " + bosh + " within "
        + START_TIMEOUT.toSeconds() + " s\n" + logTail.get());
  }

  static boolean answersStream(int port, String domain) {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(("<?xml version='1.0'?><stream:stream to='" + domain + "' xmlns='jabber:client'"
          + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      var got = new StringBuilder();
      byte[] buf = new byte[4096];
      while (!got.toString().contains("features")) {
        int n = in.read(buf);
        if (n < 0) return false;
        got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
      out.write("</stream:stream>".getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean answersBosh(URI bosh) {
    try {
      var req = HttpRequest.newBuilder(bosh).timeout(Duration.ofSeconds(2)).GET().build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
