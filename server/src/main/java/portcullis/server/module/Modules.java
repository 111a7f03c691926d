package portcullis.server.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import portcullis.core.RouteOption;
import portcullis.core.SchemeDescription;

/**
 * The modules of one gateway and what their schemes declare ({@link SchemeDescription}), read once
 * from a fresh instance of each module (constructing a module has no side effect). Everything that
 * depends on which schemes exist derives from here: the configuration validator (scheme ids,
 * dialects, route options), the credentials stripped toward the upstream, and the other schemes'
 * {@code Authorization} words. Immutable.
 */
public final class Modules {
  /** One module: its scheme's description and the factory that makes the module to install. */
  public record Entry(SchemeDescription scheme, Supplier<GatewayModule> factory) {
    /** The scheme id, also the key of the module's {@code schemes:} section. */
    public String id() {
      return scheme.id();
    }
  }

  private static final class BuiltIn {
    static final Modules INSTANCE = of(BuiltInModules.all());
  }

  private final List<Entry> entries;

  private Modules(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The modules of {@link BuiltInModules#all()}. */
  public static Modules builtIn() {
    return BuiltIn.INSTANCE;
  }

  /** These modules, in installation order; refuses two modules describing the same scheme id. */
  public static Modules of(List<Supplier<GatewayModule>> factories) {
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Supplier<GatewayModule> f : factories) {
      SchemeDescription d = f.get().description();
      if (d == null) {
        throw new IllegalArgumentException("a module returned no SchemeDescription: " + f);
      }
      if (!seen.add(d.id())) {
        throw new IllegalArgumentException("two modules describe the scheme '" + d.id() + "'");
      }
      entries.add(new Entry(d, f));
    }
    return new Modules(entries);
  }

  /** These modules followed by {@code more} (tests add a scheme this way). */
  public Modules plus(List<Supplier<GatewayModule>> more) {
    List<Supplier<GatewayModule>> all = new ArrayList<>();
    entries.forEach(e -> all.add(e.factory()));
    all.addAll(more);
    return of(all);
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<SchemeDescription> schemes() {
    return entries.stream().map(Entry::scheme).toList();
  }

  public Optional<SchemeDescription> scheme(String id) {
    return entries.stream().map(Entry::scheme).filter(d -> d.id().equals(id)).findFirst();
  }

  /** The scheme ids, sorted (as error messages list them). */
  public SortedSet<String> ids() {
    return sorted(schemes().stream().map(SchemeDescription::id).toList());
  }

  /** The ids of the schemes' dialects, sorted. */
  public SortedSet<String> dialects() {
    return sorted(schemes().stream().map(d -> d.dialect().id()).toList());
  }

  /** Every scheme's route options by name, sorted by name. */
  public Map<String, RouteOption> routeOptions() {
    Map<String, RouteOption> all = new TreeMap<>();
    for (SchemeDescription d : schemes()) {
      d.routeOptions().forEach(o -> all.put(o.name(), o));
    }
    return Collections.unmodifiableMap(all);
  }

  /** The {@code Authorization} words of every scheme except {@code id}, without repeats, in module order. */
  public List<String> authorizationWordsExcept(String id) {
    LinkedHashSet<String> words = new LinkedHashSet<>();
    for (SchemeDescription d : schemes()) {
      if (!d.id().equals(id) && d.hasAuthorizationWord()) {
        words.add(d.authorizationWord());
      }
    }
    return List.copyOf(words);
  }

  /** The headers that carry any scheme's credentials, lower case, without repeats, in module order. */
  public List<String> credentialHeaders() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    schemes().forEach(d -> names.addAll(d.credentialHeadersLowerCase()));
    return List.copyOf(names);
  }

  /** The query and form parameters that carry any scheme's credentials (exact names). */
  public List<String> credentialParams() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    schemes().forEach(d -> names.addAll(d.credentialParams()));
    return List.copyOf(names);
  }

  /** The prefixes of parameters that carry any scheme's credentials ({@code oauth_}). */
  public List<String> credentialParamPrefixes() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    schemes().forEach(d -> names.addAll(d.credentialParamPrefixes()));
    return List.copyOf(names);
  }

  private static SortedSet<String> sorted(List<String> values) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(values));
  }

  @Override
  public String toString() {
    return "Modules" + entries.stream().map(Entry::id).toList();
  }
}
