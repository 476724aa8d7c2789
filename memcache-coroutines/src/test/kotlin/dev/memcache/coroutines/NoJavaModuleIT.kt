package dev.memcache.coroutines

import dev.memcache.java.MemcacheClient
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.io.File
import java.net.URLClassLoader
import java.nio.file.FileSystems
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.extension
import kotlin.io.path.invariantSeparatorsPathString
import kotlin.io.path.toPath

/**
 * memcache-java is an optional dependency of this module: a Kotlin user who never shares a Java
 * client does not get it. This runs the coroutine client in a class loader over the test class path
 * without memcache-java, as a user's build would have it.
 */
class NoJavaModuleIT :
    FunSpec({
        val server = MemcachedServer.builder().start()
        afterSpec { server.close() }

        val javaModule = MemcacheClient::class.java.protectionDomain.codeSource.location.toURI()
        val classPath =
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)
                .filter { it.isNotEmpty() }
                .map { File(it).toURI() }
        val withoutJava = classPath.filter { it != javaModule }

        fun loader() =
            URLClassLoader(
                withoutJava.map { it.toURL() }.toTypedArray(),
                ClassLoader.getPlatformClassLoader(),
            )

        test("the class path of this test has memcache-java, the isolated one does not") {
            classPath.size - withoutJava.size shouldBe 1
            loader().use { isolated ->
                shouldThrow<ClassNotFoundException> {
                    Class.forName(MemcacheClient::class.java.name, false, isolated)
                }
            }
        }

        test("every class of the coroutine client loads, links and initialises without it") {
            val root = CoroutineMemcacheClient::class.java.protectionDomain.codeSource.location
            // target/classes in the unit phase's class path, the module's jar in Failsafe's
            val location = root.toURI().toPath()
            val names =
                if (Files.isDirectory(location)) classNames(location)
                else FileSystems.newFileSystem(location).use { classNames(it.getPath("/")) }
            names.size shouldBeGreaterThan 10
            loader().use { isolated ->
                for (name in names) Class.forName(name, true, isolated) // throws on a missing type
            }
        }

        test("a Kotlin program without the Java client reads, writes, updates and computes") {
            loader().use { isolated ->
                val program = Class.forName(WithoutJavaModule::class.java.name, true, isolated)
                program.classLoader shouldBe isolated
                @Suppress("UNCHECKED_CAST")
                val seen =
                    program.getMethod("run", String::class.java).invoke(null, server.address())
                        as List<String>
                seen shouldBe
                    listOf(
                        "get=hello",
                        "update=1",
                        "updateJson=PageVisits(n=2)",
                        "getOrCompute=computed",
                        "cached=computed",
                        "incr=7",
                    )
                seen shouldNotContain "cached=again"
            }
        }
    })

/** The binary names of the classes under [classes], a directory or a jar's root. */
private fun classNames(classes: Path): List<String> =
    Files.walk(classes).use { files ->
        files
            .filter { it.extension == "class" && !it.startsWith(classes.resolve("META-INF")) }
            .map { classes.relativize(it).invariantSeparatorsPathString }
            .map { it.removeSuffix(".class").replace('/', '.') }
            .toList()
    }
