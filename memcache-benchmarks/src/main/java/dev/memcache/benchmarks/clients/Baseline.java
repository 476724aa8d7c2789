package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Our client as another build of this module has it ({@code bench.baseline}: that build's {@code
 * benchmarks.jar}, say the commit before a change), run as {@code before-ours}, {@code
 * before-ours-binary} ... beside this build's clients in the same run. Each round then runs the
 * build before and after a change back to back, so a noisy machine's drift, which on a shared VM
 * moves a cell by more than most changes do, falls on both alike.
 *
 * <p>The old build's classes live in a class loader of their own over its jar, which holds every
 * dependency (its own memcache-core, memcache-java, codecs): nothing of this build's client is
 * shared. Shared with this build are only the benchmark's own types its client adapters speak (this
 * package's {@link ClientAdapter}, and the {@code dev.memcache.benchmarks} package's settings), so
 * the old build's adapter is driven by this build's callers without reflection on the request path.
 * Its {@link ClientSpec#forNames} is called once, reflectively, to find the adapter; a jar whose
 * adapters do not link against this build's settings fails when opened.
 */
final class Baseline {
  private Baseline() {}

  /** The loader over the baseline jar: one per JVM, so its classes load (and warm up) once. */
  private static ClassLoader loader;

  private static Path loadedFrom;

  /**
   * The spec of {@code name} ({@code before-} and an {@code ours*} name) from the build in {@code
   * jar}.
   */
  static ClientSpec spec(String name, Path jar) {
    String theirs = name.substring(BenchSettings.BEFORE.length());
    if (!theirs.startsWith(ClientSpec.OURS))
      throw new IllegalArgumentException("only our own clients have a baseline, not " + name);
    ClassLoader l = loaderFor(jar);
    return new ClientSpec(
        name, false, Integer.MAX_VALUE, (servers, s) -> open(l, theirs, servers, s));
  }

  private static synchronized ClassLoader loaderFor(Path jar) {
    Path real;
    try {
      real = jar.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("bench.baseline: no such jar: " + jar, e);
    }
    if (loader == null) {
      if (!Files.isRegularFile(real))
        throw new IllegalArgumentException("bench.baseline: not a jar: " + jar);
      try {
        loader = new Isolated(real.toUri().toURL());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loadedFrom = real;
    } else if (!loadedFrom.equals(real)) {
      throw new IllegalStateException(
          "one baseline per run: " + loadedFrom + " is loaded, not " + real);
    }
    return loader;
  }

  /** Opens the old build's client {@code theirs} through its own {@code ClientSpec}. */
  private static ClientAdapter open(
      ClassLoader l, String theirs, List<String> servers, BenchSettings settings) throws Exception {
    try {
      Class<?> spec = Class.forName(ClientSpec.class.getName(), true, l);
      Object their =
          ((List<?>) spec.getMethod("forNames", List.class).invoke(null, List.of(theirs))).get(0);
      Object factory = spec.getMethod("factory").invoke(their);
      Method open =
          Class.forName(ClientSpec.Factory.class.getName(), true, l)
              .getMethod("open", List.class, BenchSettings.class);
      return (ClientAdapter) open.invoke(factory, servers, settings);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof LinkageError) throw doesNotFit(theirs, cause);
      if (cause instanceof Exception failure) throw failure; // as this build's clients fail
      if (cause instanceof Error error) throw error;
      throw e;
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      throw doesNotFit(theirs, e);
    }
  }

  private static IllegalStateException doesNotFit(String theirs, Throwable e) {
    return new IllegalStateException(
        "the baseline jar's " + theirs + " does not fit this benchmark: " + e, e);
  }

  /**
   * Child first for everything but the JDK and the benchmark's shared types: the baseline jar's own
   * copies of our client and its dependencies.
   */
  private static final class Isolated extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    Isolated(URL jar) {
      super("memcache-baseline", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (shared(name)) return Baseline.class.getClassLoader().loadClass(name);
      return super.loadClass(name, resolve); // the JDK's (platform loader), else the jar's
    }

    /** {@link ClientAdapter} and the classes of {@code dev.memcache.benchmarks} itself. */
    private static boolean shared(String name) {
      String pkg = BenchSettings.class.getPackageName() + ".";
      return name.equals(ClientAdapter.class.getName())
          || (name.startsWith(pkg) && name.indexOf('.', pkg.length()) < 0);
    }
  }
}
