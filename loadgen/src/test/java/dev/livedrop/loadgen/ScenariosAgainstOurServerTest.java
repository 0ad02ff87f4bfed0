package dev.livedrop.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.loadgen.client.Login;
import dev.livedrop.loadgen.report.ServerProbe;
import dev.livedrop.loadgen.scenario.Harness;
import dev.livedrop.loadgen.scenario.Scenarios;
import dev.livedrop.loadgen.scenario.SetupIncomplete;
import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.XmppServer;
import dev.livedrop.xmpp.transport.admission.ConnectionLimits;
import dev.livedrop.xmpp.transport.http.XmppHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's clients speak real XMPP over every transport: a few seconds of each scenario
 * against our own server in this JVM, with every message accounted for.
 */
class ScenariosAgainstOurServerTest {
  @TempDir static Path data;
  static Vertx serverVertx;
  static XmppServer server;
  static HttpServer http;

  @BeforeAll
  static void start() throws Exception {
    serverVertx = Vertx.vertx();
    var config = XmppConfig.defaults("load.test", data).withTcp("127.0.0.1", 0, XmppConfig.TlsMode.OPTIONAL)
        .withUserRooms(true);
    // Every generated session comes from 127.0.0.1: no cap per address, as in bench/.
    server = new XmppServer(serverVertx, config, ConnectionLimits.off());
    server.start().await(20, TimeUnit.SECONDS);
    var router = io.vertx.ext.web.Router.router(serverVertx);
    XmppHttp.mount(router, serverVertx, server.sessionContext());
    http = serverVertx.createHttpServer(XmppHttp.configure(new HttpServerOptions().setHost("127.0.0.1").setPort(0)))
        .requestHandler(router).listen().await(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  static Map<String, Object> run(String transport, String... args) throws Exception {
    var target = new Target("ours", "load.test", "rooms.load.test", "127.0.0.1", server.tcpPort(),
        URI.create("ws://127.0.0.1:" + http.actualPort() + "/xmpp-websocket"),
        URI.create("http://127.0.0.1:" + http.actualPort() + "/http-bind"), Login.ANONYMOUS, null);
    Vertx vertx = Vertx.vertx();
    try {
      var o = new Options(args);
      var h = new Harness(vertx, target, transport, o.duration("setup-timeout", java.time.Duration.ofMinutes(1)));
      return Scenarios.from(o).run(h, new ServerProbe(-1, null));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "ws", "bosh"})
  void sessionsLogInBindAndAnswerPings(String transport) throws Exception {
    var r = run(transport, "sessions", "--sessions", "40", "--duration", "1500ms", "--ping", "1s");
    assertThat(r.get("errors")).isEqualTo(Map.of());
    assertThat(r.get("sessions_held_to_end")).isEqualTo(40L);
    assertThat((Long) r.get("pings_answered")).isPositive().isEqualTo(r.get("pings_sent"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "ws", "bosh"})
  void fanoutDeliversEveryMessageToEveryOccupant(String transport) throws Exception {
    var r = run(transport, "fanout", "--occupants", "30", "--talkers", "3", "--rate", "20", "--duration", "1s", "--warmup", "500ms");
    assertThat(r.get("errors")).isEqualTo(Map.of());
    assertThat((Long) r.get("messages_sent")).isPositive();
    assertThat(r.get("messages_delivered")).isEqualTo(r.get("messages_expected"));
    assertThat(r.get("messages_lost")).isEqualTo(0L);
  }

  @org.junit.jupiter.api.Test
  void aSetUpThatOutlivesItsDeadlineSaysHowFarItGotAndMeasuresNothing() throws Exception {
    // 50 logins a second for 300 occupants cannot be done in 3 s: the run stops at the deadline.
    // (With 1 s, a CI run once had not finished its first login when the deadline came.)
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> run("ws", "fanout", "--occupants", "300", "--arrival", "50", "--setup-timeout", "3s"))
        .isInstanceOfSatisfying(SetupIncomplete.class, e -> {
          var f = e.figures();
          assertThat(f.get("phase")).isEqualTo("logins");
          assertThat((Long) f.get("done")).isBetween(1L, 299L);
          assertThat(f.get("of")).isEqualTo(300L);
          assertThat((Long) f.get("after_s")).isBetween(3L, 4L);
        });
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ws"})
  void manyRoomsKeepsEachRoomsMessagesInItsRoom(String transport) throws Exception {
    var r = run(transport, "many-rooms", "--occupants", "40", "--rooms", "8", "--rate", "40", "--duration", "1s", "--warmup", "500ms");
    assertThat(r.get("errors")).isEqualTo(Map.of());
    assertThat(r.get("rooms")).isEqualTo(8);
    assertThat(r.get("messages_delivered")).isEqualTo(r.get("messages_expected"));
  }
}
