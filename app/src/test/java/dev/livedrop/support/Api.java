package dev.livedrop.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A small client for the REST API over real HTTP (the JDK's HttpClient). */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient http;

  public Api(String base) {
    this(base, HttpClient.newBuilder());
  }

  /** A client whose connections come from {@code local} (127.0.0.2 is another client to the server). */
  public Api(String base, InetAddress local) {
    this(base, HttpClient.newBuilder().localAddress(local));
  }

  /** A client that keeps cookies in {@code cookies}, as a browser would. */
  public Api(String base, CookieHandler cookies) {
    this(base, HttpClient.newBuilder().cookieHandler(cookies));
  }

  private Api(String base, HttpClient.Builder http) {
    this.base = base;
    this.http = http.version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String base() {
    return base;
  }

  public record Res(int status, HttpResponse<byte[]> raw) {
    public JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text(), e);
      }
    }

    public String text() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** The problem type's last segment, e.g. "name-taken". */
    public String problem() {
      String type = json().path("type").asText();
      return type.substring(type.lastIndexOf(':') + 1);
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
  }

  public Res send(HttpRequest.Builder req) {
    try {
      HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Res(r.statusCode(), r);
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Res get(String path, String... headers) {
    return send(withHeaders(request(path).GET(), headers));
  }

  public Res delete(String path, String... headers) {
    return send(withHeaders(request(path).DELETE(), headers));
  }

  public Res postJson(String path, String json, String... headers) {
    return send(withHeaders(request(path).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(json)), headers));
  }

  public Res patchJson(String path, String json, String... headers) {
    return send(withHeaders(request(path).header("Content-Type", "application/json")
        .method("PATCH", BodyPublishers.ofString(json)), headers));
  }

  /** A raw upload named by X-File-Name (percent-encoded by the caller where needed). */
  public Res putFile(String drop, String encodedName, byte[] content, String... headers) {
    var b = request("/api/v1/drops/" + drop + "/files").PUT(BodyPublishers.ofByteArray(content));
    if (encodedName != null) b.header("X-File-Name", encodedName);
    return send(withHeaders(b, headers));
  }

  public record Part(String field, String fileName, byte[] content) {}

  /** A multipart/form-data upload of the given parts (fileName null for a plain field). */
  public Res postMultipart(String drop, List<Part> parts, String... headers) {
    String boundary = "----livedrop" + UUID.randomUUID();
    List<byte[]> chunks = new ArrayList<>();
    for (Part p : parts) {
      var head = new StringBuilder("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(p.field()).append('"');
      if (p.fileName() != null) head.append("; filename=\"").append(p.fileName()).append('"');
      head.append("\r\n");
      if (p.fileName() != null) head.append("Content-Type: application/octet-stream\r\n");
      head.append("\r\n");
      chunks.add(head.toString().getBytes(StandardCharsets.UTF_8));
      chunks.add(p.content());
      chunks.add("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    chunks.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    BodyPublisher body = BodyPublishers.ofByteArrays(chunks);
    return send(withHeaders(request("/api/v1/drops/" + drop + "/files")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body), headers));
  }

  /** Creates a drop and returns the 201 body (drop, adminSecret, adminToken). */
  public JsonNode createDrop(String json) {
    Res r = postJson("/api/v1/drops", json);
    if (r.status() != 201) throw new AssertionError("create failed: " + r);
    return r.json();
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }

  private static HttpRequest.Builder withHeaders(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return b;
  }
}
