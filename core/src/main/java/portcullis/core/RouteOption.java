package portcullis.core;

import java.util.List;
import java.util.Objects;

/**
 * One {@code routes[].options} entry a scheme reads through {@link RoutePolicy#option}: its name
 * and the values it accepts. Configuration gives every value as text (YAML {@code true} reads as
 * {@code "true"}); the configuration validator refuses a value its type does not accept, saying
 * what it must be.
 */
public record RouteOption(String name, Type type) {
  public RouteOption {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(type, "type == null");
  }

  /** A switch: {@code true} or {@code false}, any case; {@link RoutePolicy#option(String)} reads it. */
  public static RouteOption flag(String name) {
    return new RouteOption(name, new Flag());
  }

  /** One of a few words, any case. */
  public static RouteOption oneOf(String name, String... values) {
    return new RouteOption(name, new OneOf(List.of(values)));
  }

  /** A whole number from {@code min} to {@code max}. */
  public static RouteOption wholeNumber(String name, long min, long max) {
    return new RouteOption(name, new WholeNumber(min, max));
  }

  public boolean accepts(String value) {
    return value != null && type.accepts(value);
  }

  /** What a value must be, as an error message says it: "true or false". */
  public String expected() {
    return type.expected();
  }

  /** The values an option accepts. */
  public sealed interface Type permits Flag, OneOf, WholeNumber {
    boolean accepts(String value);

    String expected();
  }

  public record Flag() implements Type {
    @Override
    public boolean accepts(String value) {
      return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
    }

    @Override
    public String expected() {
      return "true or false";
    }
  }

  public record OneOf(List<String> values) implements Type {
    public OneOf {
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("an option needs at least one value");
      }
    }

    @Override
    public boolean accepts(String value) {
      return values.stream().anyMatch(value::equalsIgnoreCase);
    }

    @Override
    public String expected() {
      return "one of " + String.join(", ", values);
    }
  }

  public record WholeNumber(long min, long max) implements Type {
    public WholeNumber {
      if (min > max) {
        throw new IllegalArgumentException("min " + min + " > max " + max);
      }
    }

    @Override
    public boolean accepts(String value) {
      if (value.isEmpty() || value.length() > 19) {
        return false;
      }
      for (int i = value.charAt(0) == '-' ? 1 : 0; i < value.length(); i++) {
        if (value.charAt(i) < '0' || value.charAt(i) > '9') {
          return false;
        }
      }
      try {
        long v = Long.parseLong(value);
        return v >= min && v <= max;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    @Override
    public String expected() {
      return "a whole number from " + min + " to " + max;
    }
  }
}
