package dev.memcache.samples;

import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.core.ClientConfig;
import dev.memcache.coroutines.CoroutineMemcacheClient;
import dev.memcache.java.MemcacheClient;
import dev.memcache.micrometer.MemcacheMetrics;
import dev.memcache.opentelemetry.MemcacheTelemetry;
import dev.memcache.spring.MemcacheCacheManager;
import dev.memcache.spring.boot.MemcacheProperties;
import dev.memcache.testkit.MemcachedServer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API guard: each published module's public surface (public and protected types and members
 * outside {@code internal} packages, as the JVM sees them, Kotlin included) must equal its
 * committed dump in {@code api/<module>.api}. A change to the surface is then a visible diff in
 * review. After a deliberate change, regenerate every dump with {@value #UPDATE_COMMAND} and commit
 * them.
 */
class PublicApiTest {
  static final String UPDATE_COMMAND =
      "mvn -q -pl samples -am verify -Dtest=PublicApiTest -Dapi.update=true";

  /** Each published module, named by one of its classes. */
  static Stream<Arguments> modules() {
    return Stream.of(
        Arguments.of("memcache-core", ClientConfig.class),
        Arguments.of("memcache-java", MemcacheClient.class),
        Arguments.of("memcache-coroutines", CoroutineMemcacheClient.class),
        Arguments.of("memcache-micrometer", MemcacheMetrics.class),
        Arguments.of("memcache-opentelemetry", MemcacheTelemetry.class),
        Arguments.of("memcache-spring", MemcacheCacheManager.class),
        Arguments.of("memcache-testkit", MemcachedServer.class),
        Arguments.of("memcache-spring-boot-starter", MemcacheProperties.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void thePublicApiMatchesItsCommittedDump(String module, Class<?> anyClassOfTheModule)
      throws Exception {
    List<String> actual = dump(anyClassOfTheModule);
    Path file = apiDirectory().resolve(module + ".api");
    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(file.getParent());
      Files.write(file, actual, StandardCharsets.UTF_8);
      System.out.println("wrote " + file + " (" + actual.size() + " lines)");
      return;
    }
    if (!Files.exists(file)) fail(file + " is missing; create it with: " + UPDATE_COMMAND);
    List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (expected.equals(actual)) return;
    Set<String> removed = new LinkedHashSet<>(expected);
    actual.forEach(removed::remove);
    Set<String> added = new LinkedHashSet<>(actual);
    expected.forEach(added::remove);
    StringBuilder message =
        new StringBuilder("The public API of " + module + " changed without its dump ")
            .append(file)
            .append(".\nIf the change is meant, regenerate the dumps and commit them:\n  ")
            .append(UPDATE_COMMAND)
            .append('\n');
    removed.forEach(line -> message.append("- ").append(line).append('\n'));
    added.forEach(line -> message.append("+ ").append(line).append('\n'));
    fail(message.toString());
  }

  /** {@code api/} at the repository root; Surefire runs in the samples module's directory. */
  private static Path apiDirectory() {
    return Path.of(System.getProperty("basedir", "."))
        .toAbsolutePath()
        .resolve("../api")
        .normalize();
  }

  /**
   * One line per public type (its declaration), followed by one indented line per public or
   * protected member, types and members sorted, from the classes in the jar or directory that holds
   * {@code anchor}.
   */
  static List<String> dump(Class<?> anchor) throws IOException, URISyntaxException {
    Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> classNames = new TreeSet<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        files.forEach(f -> addClassName(root.relativize(f).toString(), classNames));
      }
    } else {
      try (var jar = new java.util.jar.JarFile(root.toFile())) {
        jar.stream().forEach(e -> addClassName(e.getName(), classNames));
      }
    }
    List<String> lines = new ArrayList<>();
    for (String name : classNames) {
      Class<?> type;
      try {
        type = Class.forName(name, false, anchor.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new AssertionError("cannot load " + name + " from " + root, e);
      }
      if (!isApi(type)) continue;
      lines.add(declaration(type));
      Set<String> members = new TreeSet<>();
      for (Field f : type.getDeclaredFields()) if (isApi(f)) members.add(f.toGenericString());
      for (Constructor<?> c : type.getDeclaredConstructors())
        if (isApi(c)) members.add(c.toGenericString());
      for (Method m : type.getDeclaredMethods())
        if (isApi(m) && !m.isBridge()) members.add(m.toGenericString());
      for (String m : members) lines.add("  " + m.replace(type.getName() + ".", ""));
    }
    return lines;
  }

  private static void addClassName(String path, Set<String> names) {
    String p = path.replace('\\', '/');
    if (!p.endsWith(".class") || p.endsWith("module-info.class") || p.startsWith("META-INF"))
      return;
    names.add(p.substring(0, p.length() - ".class".length()).replace('/', '.'));
  }

  /** Public or protected in a visible type, outside {@code internal} packages. */
  private static boolean isApi(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) return false;
    if (type.getPackageName().contains(".internal")) return false;
    int m = type.getModifiers();
    if (!Modifier.isPublic(m) && !Modifier.isProtected(m)) return false;
    return type.getDeclaringClass() == null || isApi(type.getDeclaringClass());
  }

  /** Kotlin's synthetic {@code $default} helpers and mangled internal names are not API. */
  private static boolean isApi(Member member) {
    int m = member.getModifiers();
    if (member.isSynthetic() || member.getName().contains("$")) return false;
    if (member instanceof Executable e && e.isSynthetic()) return false;
    return Modifier.isPublic(m) || Modifier.isProtected(m);
  }

  private static String declaration(Class<?> type) {
    int modifiers = type.getModifiers();
    if (type.isInterface()) modifiers &= ~Modifier.ABSTRACT; // implied; javac and kotlinc agree
    String kind =
        type.isAnnotation()
            ? "@interface"
            : type.isInterface()
                ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
    if (type.isEnum() || type.isRecord()) modifiers &= ~Modifier.FINAL;
    if (type.isInterface()) modifiers &= ~Modifier.INTERFACE;
    StringBuilder line = new StringBuilder();
    String mods = Modifier.toString(modifiers);
    if (!mods.isEmpty()) line.append(mods).append(' ');
    line.append(kind).append(' ').append(type.getName());
    var params = type.getTypeParameters();
    if (params.length > 0)
      line.append(
          Arrays.stream(params)
              .map(Object::toString)
              .toList()
              .toString()
              .replace('[', '<')
              .replace(']', '>'));
    var superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord())
      line.append(" extends ").append(superclass.getTypeName());
    var interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0)
      line.append(type.isInterface() ? " extends " : " implements ")
          .append(
              String.join(
                  ", ",
                  Arrays.stream(interfaces).map(java.lang.reflect.Type::getTypeName).toList()));
    return line.toString();
  }
}
