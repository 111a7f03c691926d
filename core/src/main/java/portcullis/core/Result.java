package portcullis.core;

import java.util.Objects;
import java.util.function.Function;

/**
 * The one result type of every step of a scheme (parse → look up → verify): a value, or the {@link
 * Failure} the caller gets in the scheme's dialect. No nullable halves: a step that can refuse
 * returns a {@code Result}, and the next step runs only on {@link Ok}.
 *
 * <pre>{@code
 * Result<Credentials> parsed = Parser.parse(header);
 * if (parsed instanceof Result.Rejected<Credentials> r) {
 *   return Outcome.reject(r.failure());
 * }
 * Credentials creds = parsed.value();
 * }</pre>
 *
 * @param <T> the value of a step that passed
 */
public sealed interface Result<T> {
  /** The step passed with {@code value} (never null). */
  record Ok<T>(T value) implements Result<T> {
    public Ok {
      Objects.requireNonNull(value, "value == null: a Result.Ok always holds a value");
    }
  }

  /** The step refused the request with {@code failure}. */
  record Rejected<T>(Failure failure) implements Result<T> {
    public Rejected {
      Objects.requireNonNull(failure, "failure == null");
    }

    /** The same rejection, as the result of a step with another value type. */
    @SuppressWarnings("unchecked")
    public <U> Rejected<U> as() {
      return (Rejected<U>) this;
    }
  }

  static <T> Result<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Result<T> reject(Failure failure) {
    return new Rejected<>(failure);
  }

  /** Whether the step passed. */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value of a step that passed; throws {@link IllegalStateException} on a rejection. */
  default T value() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    throw new IllegalStateException("rejected: " + ((Rejected<T>) this).failure().logDetail());
  }

  /** The failure of a rejected step; throws {@link IllegalStateException} when it passed. */
  default Failure failure() {
    if (this instanceof Rejected<T> r) {
      return r.failure();
    }
    throw new IllegalStateException("the step passed");
  }

  /** The value, or null when rejected (for callers that only care whether it passed). */
  default T orNull() {
    return this instanceof Ok<T> ok ? ok.value() : null;
  }

  /** The next step on the value; a rejection passes through. */
  default <U> Result<U> then(Function<? super T, Result<U>> next) {
    return switch (this) {
      case Ok<T> ok -> next.apply(ok.value());
      case Rejected<T> r -> r.as();
    };
  }

  /** The value transformed; a rejection passes through. */
  default <U> Result<U> map(Function<? super T, ? extends U> f) {
    return switch (this) {
      case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
      case Rejected<T> r -> r.as();
    };
  }

  /** The scheme's final answer: {@code last} on the value, or the rejection as an {@link Outcome}. */
  default Outcome outcome(Function<? super T, Outcome> last) {
    return switch (this) {
      case Ok<T> ok -> last.apply(ok.value());
      case Rejected<T> r -> Outcome.reject(r.failure());
    };
  }
}
