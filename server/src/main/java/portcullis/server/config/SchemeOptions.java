package portcullis.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binds a module's {@code schemes: {<id>: {...}}} section to its record with Jackson, as {@link
 * ConfigLoader} binds the top level: unknown fields refused, no coercion between scalars ({@code
 * "true"} is no boolean, {@code 1} no string, {@code 1.5} no whole number). A mistake is a {@link
 * ConfigException} naming the section and field: {@code schemes.bearer.ttl: unknown field (known:
 * ...)}, or {@code schemes.oauth1.trustForwardedProto must be true or false, was 'yes'}, where what a
 * field must be is its {@code @JsonPropertyDescription} (else its type's). Range and format checks
 * stay with the module, on the bound record.
 */
public final class SchemeOptions {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  private SchemeOptions() {}

  /** The section of module {@code id} ({@code options}: as read from YAML, empty when absent) as a {@code type}. */
  public static <T> T bind(String id, Map<String, Object> options, Class<T> type) {
    String section = "schemes." + id;
    try {
      return MAPPER.convertValue(options, type);
    } catch (IllegalArgumentException e) {
      if (!(e.getCause() instanceof JsonMappingException m)) {
        throw new ConfigException(section + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
      if (m instanceof UnrecognizedPropertyException u) {
        List<String> known = u.getKnownPropertyIds() == null ? List.of()
            : u.getKnownPropertyIds().stream().map(String::valueOf).toList();
        throw new ConfigException(section + "." + u.getPropertyName() + ": unknown field (known: "
            + String.join(", ", new TreeSet<>(known)) + ")");
      }
      String field = ConfigLoader.path(m);
      Object value = valueAt(options, m.getPath());
      String what = m.getPath().size() == 1 ? description(type, m.getPath().get(0).getFieldName()) : null;
      if (what == null) {
        what = m instanceof MismatchedInputException x && x.getTargetType() != null ? expected(x.getTargetType()) : "something else";
      }
      throw new ConfigException(section + "." + field + " must be " + what + ", was " + (value instanceof String s ? "'" + s + "'" : value));
    }
  }

  /** The {@code @JsonPropertyDescription} of a field of {@code type}, or null. */
  private static String description(Class<?> type, String field) {
    JavaType t = MAPPER.constructType(type);
    for (BeanPropertyDefinition p : MAPPER.getDeserializationConfig().introspect(t).findProperties()) {
      if (p.getName().equals(field) && p.getMetadata().getDescription() != null) {
        return p.getMetadata().getDescription();
      }
    }
    return null;
  }

  private static String expected(Class<?> target) {
    if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    }
    if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(target)) {
      return "a number";
    }
    if (target == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "a list";
    }
    return Map.class.isAssignableFrom(target) || target.isRecord() ? "a mapping" : "a " + target.getSimpleName();
  }

  /** The value the YAML gave at {@code path}, for the message. */
  private static Object valueAt(Object root, List<JsonMappingException.Reference> path) {
    Object v = root;
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null && v instanceof Map<?, ?> map) {
        v = map.get(ref.getFieldName());
      } else if (ref.getIndex() >= 0 && v instanceof List<?> list && ref.getIndex() < list.size()) {
        v = list.get(ref.getIndex());
      } else {
        return null;
      }
    }
    return v;
  }
}
