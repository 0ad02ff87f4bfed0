package dev.livedrop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livedrop.support.Api.Res;
import dev.livedrop.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI's HTTP surface: the shell, the bundled assets, caching and the security headers. */
class WebRoutesTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void landingPageIsTheShellWithItsBundledScriptAndStyles() {
    Res r = server.api.get("/");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(r.text()).containsPattern("<script type=\"module\" src=\"/assets/app-[A-Z0-9]{8}\\.js\"></script>")
        .containsPattern("href=\"/assets/app-[A-Z0-9]{8}\\.css\"");
    assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
  }

  @Test
  void everyDropPathGetsTheSameShell() {
    String shell = server.api.get("/").text();
    assertThat(server.api.get("/d/team-photos").text()).isEqualTo(shell);
    assertThat(server.api.get("/d/no-such-drop/").text()).isEqualTo(shell);
    assertThat(server.api.get("/d/a/b").status()).isEqualTo(404);
  }

  @Test
  void everyUiResponseCarriesAStrictContentSecurityPolicy() {
    for (String path : new String[] {"/", "/d/x-y", "/assets/" + script()}) {
      Res r = server.api.get(path);
      String csp = r.header("Content-Security-Policy");
      assertThat(csp).as(path).contains("default-src 'none'").contains("script-src 'self';")
          .contains("img-src 'self' blob: data:").contains("connect-src 'self' ws://127.0.0.1:" + server.app.port())
          .contains("frame-ancestors 'none'").contains("object-src 'none'").doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
  }

  @Test
  void theShellHasNoInlineScriptOrStyle() {
    String html = server.api.get("/").text();
    assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=").doesNotContain("<style");
  }

  @Test
  void hashedAssetsAreCachedForeverAndRevalidateByETag() {
    Res js = server.api.get("/assets/" + script());
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(js.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    String etag = js.header("ETag");
    assertThat(etag).startsWith("\"");
    assertThat(server.api.get("/assets/" + script(), "If-None-Match", etag).status()).isEqualTo(304);
  }

  @Test
  void assetsAreGzippedForClientsThatAcceptIt() throws IOException {
    Res plain = server.api.get("/assets/" + script());
    Res gz = server.api.get("/assets/" + script(), "Accept-Encoding", "gzip");
    assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gz.header("ETag")).isNotEqualTo(plain.header("ETag"));
    assertThat(gz.header("Vary")).isEqualTo("Accept-Encoding");
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz.bytes()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.bytes());
    }
  }

  @Test
  void unknownOrTraversingAssetNamesAreNotFound() {
    assertThat(server.api.get("/assets/nope.js").status()).isEqualTo(404);
    assertThat(server.api.get("/assets/..%2Findex.html").status()).isEqualTo(404);
    assertThat(server.api.get("/assets/%2e%2e%2f%2e%2e%2fopenapi.json").status()).isEqualTo(404);
    assertThat(server.api.get("/assets/nope.js").problem()).isEqualTo("not-found");
  }

  @Test
  void theApiIsNotShadowedByTheUi() {
    assertThat(server.api.get("/api/v1/openapi.json").header("Content-Type")).isEqualTo("application/json");
    assertThat(server.api.get("/healthz").text()).isEqualTo("ok\n");
  }

  private static String script() {
    Matcher m = Pattern.compile("/assets/(app-[A-Z0-9]{8}\\.js)").matcher(
        new String(server.api.get("/").bytes(), StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
