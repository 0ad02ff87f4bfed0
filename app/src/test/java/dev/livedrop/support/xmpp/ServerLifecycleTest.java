package dev.livedrop.support.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: a standalone ejabberd node and a Prosody serve their accounts, and closing
 * them leaves no process and no listening port behind.
 */
class ServerLifecycleTest {
  static final String DOMAIN = "drops.test";

  @Test
  void standaloneEjabberdServesAndLeavesNothingBehind() throws Exception {
    byte[] key = EjabberdClusterTest.randomKey();
    List<ProcessHandle> processes;
    int[] ports;
    try (Ejabberd node = Ejabberd.start(DOMAIN, key)) {
      node.registerUser(EjabberdSetup.SERVICE_USER, "service-secret");
      XmppClients.tcp(DOMAIN, node.c2sPort(), EjabberdSetup.SERVICE_USER, "service-secret").disconnect();
      XmppClients.tcp(DOMAIN, node.c2sPort(), "v-1", jwt(key, "v-1")).disconnect();
      processes = node.processes();
      ports = new int[] {node.c2sPort(), node.httpPort()};
      assertThat(processes).hasSizeGreaterThan(2); // beam.smp, its erl_child_setup, epmd
    }
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    for (int port : ports) assertThat(accepts(port)).as("port %d after close", port).isFalse();
  }

  @Test
  void prosodyServesAndLeavesNothingBehind() throws Exception {
    List<ProcessHandle> processes;
    int[] ports;
    try (Prosody prosody = Prosody.start(DOMAIN)) {
      prosody.registerUser("ann", "ann-secret");
      XmppClients.tcp(DOMAIN, prosody.c2sPort(), "ann", "ann-secret").disconnect();
      processes = prosody.processes();
      ports = new int[] {prosody.c2sPort(), prosody.httpPort()};
    }
    assertThat(processes).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    for (int port : ports) assertThat(accepts(port)).as("port %d after close", port).isFalse();
  }

  @Test
  void ejabberdThatCannotStartFailsWithItsLog() {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Ejabberd.start("not a domain", EjabberdClusterTest.randomKey()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited while starting")
        .hasMessageContaining("not a domain");
    System.out.printf("failed start reported after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  private static String jwt(byte[] key, String localpart) {
    return EjabberdClusterTest.jwt(key, localpart, Instant.now().plusSeconds(60));
  }

  private static boolean accepts(int port) {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
