package dev.livedrop.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.Api;
import dev.livedrop.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password throttle holds when guesses race each other: a check is reserved before the slow
 * hash, so no more than LIVEDROP_PASSWORD_ATTEMPTS guesses are ever checked per window.
 */
class ConcurrentGuessesTest {
  static final int LIMIT = 5;
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data, Map.of("LIVEDROP_PASSWORD_ATTEMPTS", String.valueOf(LIMIT),
        "LIVEDROP_PASSWORD_ATTEMPT_WINDOW", "1m"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void hundredWrongGuessesFromFiftyThreadsGetExactlyTheLimitChecked() throws Exception {
    server.api.createDrop("{\"name\":\"vault\",\"password\":\"open sesame\"}");
    List<Api.Res> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      var go = new CountDownLatch(1);
      List<Future<Api.Res>> pending = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String guess = "guess-" + i;
        Callable<Api.Res> attempt = () -> {
          go.await();
          return server.api.postJson("/api/v1/drops/vault/access", "{\"password\":\"" + guess + "\"}");
        };
        pending.add(pool.submit(attempt));
      }
      go.countDown();
      for (Future<Api.Res> f : pending) answers.add(f.get());
    } finally {
      pool.shutdownNow();
    }

    List<Api.Res> checked = answers.stream().filter(r -> r.status() == 401).toList();
    List<Api.Res> refused = answers.stream().filter(r -> r.status() == 429).toList();
    assertThat(checked).as("guesses that reached the hash").hasSize(LIMIT)
        .allSatisfy(r -> assertThat(r.problem()).isEqualTo("wrong-credentials"));
    assertThat(refused).hasSize(100 - LIMIT).allSatisfy(r -> {
      assertThat(r.problem()).isEqualTo("too-many-attempts");
      long retry = r.json().path("retryAfterSeconds").asLong();
      assertThat(retry).isBetween(1L, 60L);
      assertThat(r.header("Retry-After")).isEqualTo(String.valueOf(retry));
    });

    // Within the window even the right password is not checked ...
    var stillRefused = server.api.postJson("/api/v1/drops/vault/access", "{\"password\":\"open sesame\"}");
    assertThat(stillRefused.status()).as(stillRefused.toString()).isEqualTo(429);
    // ... and once the window has passed it is.
    server.clock.advance(Duration.ofSeconds(61));
    var admitted = server.api.postJson("/api/v1/drops/vault/access", "{\"password\":\"open sesame\"}");
    assertThat(admitted.status()).as(admitted.toString()).isEqualTo(200);
  }

  @Test
  void theRightPasswordStartsANewWindow() {
    server.api.createDrop("{\"name\":\"reset\",\"password\":\"open sesame\"}");
    for (int i = 0; i < LIMIT - 1; i++) {
      assertThat(server.api.postJson("/api/v1/drops/reset/access", "{\"password\":\"nope" + i + "\"}").status()).isEqualTo(401);
    }
    assertThat(server.api.postJson("/api/v1/drops/reset/access", "{\"password\":\"open sesame\"}").status()).isEqualTo(200);
    for (int i = 0; i < LIMIT; i++) {
      assertThat(server.api.postJson("/api/v1/drops/reset/access", "{\"password\":\"again" + i + "\"}").status()).isEqualTo(401);
    }
    assertThat(server.api.postJson("/api/v1/drops/reset/access", "{\"password\":\"again\"}").status()).isEqualTo(429);
  }

  @Test
  void enteringAnOpenDropDoesNotResetTheCountOfWrongAdminSecrets() {
    server.api.createDrop("{\"name\":\"lobby\"}");
    for (int i = 0; i < LIMIT; i++) {
      assertThat(server.api.postJson("/api/v1/drops/lobby/access", "{\"adminSecret\":\"nope" + i + "\"}").status()).isEqualTo(401);
      assertThat(server.api.postJson("/api/v1/drops/lobby/access", "{}").status()).isEqualTo(200);
    }
    var r = server.api.postJson("/api/v1/drops/lobby/access", "{\"adminSecret\":\"one more\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(429);
  }
}
