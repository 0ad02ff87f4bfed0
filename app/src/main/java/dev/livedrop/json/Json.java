package dev.livedrop.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.livedrop.drops.Asset;
import dev.livedrop.drops.AssetKind;
import dev.livedrop.drops.Expiry;

/**
 * The one JSON mapper: strict on input (unknown fields, wrong types and trailing garbage are
 * errors, not silently dropped), ISO-8601 times on output. How the domain's types look in JSON is
 * said here, by mix-ins, so that the domain itself knows nothing of Jackson.
 */
public final class Json {
  private static final ObjectMapper MAPPER = build();

  /** An enum written and read as its short code ("file", "1d", "ready"), not its constant's name. */
  private abstract static class ByCode {
    @JsonValue
    abstract String code();
  }

  /** An asset carries only the part of its kind (file, note or link): the others are left out, not null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private abstract static class NonNullFields {}

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper build() {
    JsonMapper m = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .serializationInclusion(JsonInclude.Include.ALWAYS)
        .addMixIn(Asset.class, NonNullFields.class)
        .addMixIn(AssetKind.class, ByCode.class)
        .addMixIn(Asset.Thumbnail.class, ByCode.class)
        .addMixIn(Expiry.class, ByCode.class)
        .build();
    // "5" is not a number and 1 is not a boolean: a client that sends them has a bug to hear about.
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return m;
  }
}
