package portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.replay.Claim;
import portcullis.core.testing.ClockedReplayGuard;

/** After a scheme's verdict: claims committed in order, then the post-authentication chain. */
class AdmissionTest {
  final ClockedReplayGuard store = new ClockedReplayGuard();
  final Failure replayed = Seed000Dialect.INSTANCE.ambiguousCredentials("replayed", "r");
  final Scheme none = new Scheme() {
    public String id() {
      return "t";
    }

    public boolean recognizes(RequestView r) {
      return true;
    }

    public Outcome authenticate(RequestView r, RoutePolicy p, Directory d) {
      throw new AssertionError();
    }
  };

  RoutePolicy route(Set<String> scopes) {
    return new RoutePolicy("r", List.of(none), RoutePolicy.ClientKeyMode.NONE, scopes, Seed000Dialect.INSTANCE, "realm", Map.of());
  }

  Outcome.Authenticated ok(String... scopes) {
    return Outcome.ok(new Identity("acc", "ck", "t", Set.of(scopes), null));
  }

  Outcome admit(Admission a, Outcome o, RoutePolicy route) {
    return a.admit(o, null, route).toCompletableFuture().join();
  }

  @Test
  void claimCommitted_once_thenItsConflictIsTheAnswer() {
    Admission a = Admission.withScopes(store);
    Outcome first = admit(a, ok().claiming(Claim.firstUse("n1", Duration.ofMinutes(5), replayed)), route(Set.of()));
    assertThat(first).isInstanceOf(Outcome.Authenticated.class);
    assertThat(((Outcome.Authenticated) first).claims()).isEmpty();
    Outcome again = admit(a, ok().claiming(Claim.firstUse("n1", Duration.ofMinutes(5), replayed)), route(Set.of()));
    assertThat(again).isEqualTo(Outcome.reject(replayed.because(Reason.REPLAY))); // every conflict is a replay to the metrics
  }

  @Test
  void rejectedVerdict_claimsNothing_runsNoStep() {
    Admission a = new Admission(store, List.of((o, r, p) -> {
      throw new AssertionError("no step for a rejection");
    }));
    Outcome rejected = Outcome.reject(replayed);
    assertThat(admit(a, rejected, route(Set.of()))).isSameAs(rejected);
    assertThat(store.asked()).isEmpty();
  }

  @Test
  void scopes_refusedInTheRoutesDialect_afterTheClaim() {
    Outcome o = admit(Admission.withScopes(store), ok("read").claiming(Claim.firstUse("n2", Duration.ofMinutes(5), replayed)),
        route(Set.of("admin")));
    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).failure().status()).isEqualTo(403);
    assertThat(store.asked()).containsExactly("n2");
  }

  @Test
  void stepsRunInOrder_andMayAddResponseHeaders() {
    List<String> order = new ArrayList<>();
    AfterAuthentication limit = (o, r, p) -> {
      order.add("limit");
      return CompletableFuture.completedFuture(o.withResponseHeaders(List.of(Map.entry("RateLimit", "limit=10, remaining=9"))));
    };
    AfterAuthentication audit = (o, r, p) -> {
      order.add("audit");
      return CompletableFuture.completedFuture(o);
    };
    Outcome o = admit(new Admission(store, List.of(RequiredScopes.INSTANCE, limit, audit)), ok(), route(Set.of()));
    assertThat(order).containsExactly("limit", "audit");
    assertThat(((Outcome.Authenticated) o).responseHeaders()).containsExactly(Map.entry("RateLimit", "limit=10, remaining=9"));
  }

  @Test
  void aStepsRejection_stopsTheChain() {
    AfterAuthentication refuse = (o, r, p) -> CompletableFuture.completedFuture(Outcome.reject(replayed));
    AfterAuthentication never = (o, r, p) -> {
      throw new AssertionError("after a rejection");
    };
    assertThat(admit(new Admission(store, List.of(refuse, never)), ok(), route(Set.of()))).isEqualTo(Outcome.reject(replayed));
  }

  @Test
  void conflictAnswer_madeOnlyOnAConflict() {
    Claim lazy = Claim.firstUse("n3", Duration.ofMinutes(5), () -> {
      throw new AssertionError("a request that passes builds no failure (a Digest challenge issues a nonce)");
    });
    assertThat(admit(Admission.withScopes(store), ok().claiming(lazy), route(Set.of()))).isInstanceOf(Outcome.Authenticated.class);
  }
}
