package dev.livedrop.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.livedrop.drops.DropException;
import dev.livedrop.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.stream.Collectors;

/** Reads request bodies into records, strictly, and writes responses as JSON. */
public final class JsonIO {
  private JsonIO() {}

  public static <T> T read(RoutingContext ctx, Class<T> type) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new Problems.HttpProblem(Problems.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new Problems.HttpProblem(Problems.MALFORMED_JSON, "The request body is empty; a JSON object is expected.");
    }
    try {
      T value = Json.mapper().readValue(body.getBytes(), type);
      if (value == null) throw new Problems.HttpProblem(Problems.MALFORMED_JSON, "A JSON object is expected, not null.");
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw DropException.invalid("Unknown field '" + e.getPropertyName() + "'; known fields are "
          + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ".");
    } catch (StreamReadException e) {
      throw new Problems.HttpProblem(Problems.MALFORMED_JSON, "The body is not well-formed JSON: "
          + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ").");
    } catch (JsonMappingException e) {
      throw DropException.invalid("Field '" + path(e) + "' has the wrong type or shape: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Problems.HttpProblem(Problems.MALFORMED_JSON, "The body could not be read as JSON.");
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  public static void send(RoutingContext ctx, int status, Object value) {
    byte[] json;
    try {
      json = Json.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      ctx.fail(e);
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(Buffer.buffer(json));
  }
}
