package dev.memcache.coroutines

import dev.memcache.java.AsyncJsonCommands
import dev.memcache.java.JsonCommands
import dev.memcache.java.MemcacheAsyncClient
import dev.memcache.java.MemcacheClient
import dev.memcache.java.MetaCommands
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import kotlin.coroutines.Continuation
import kotlin.reflect.KClass

/**
 * Operations present in the Java client only, each with the reason. Anything else the Java client
 * gains must be added to the Kotlin client, or listed here with a reason.
 */
private val JAVA_ONLY =
    mapOf("async" to "CompletableFuture is the Java way to compose; Kotlin composes suspend calls")

/**
 * Operations of the blocking Java client that its future view does not have, each with the reason.
 * Everything else (counters with an initial value, bulk writes...) must be in both, with as many
 * parameters.
 */
private val BLOCKING_ONLY =
    mapOf(
        "async" to "the future view is what async() returns",
        "noReply" to "noreply writes return once queued: a future would add nothing",
        "meta" to "the meta commands are reached from the blocking client",
        "withValueCodec" to "a view is made from the blocking client; its async() follows it",
        "config" to "the settings are the blocking client's",
        "close" to "the connections belong to the blocking client",
    )

/** Why a JSON member is on the Kotlin client but not on Java's `MemcacheClient`. */
private const val JSON_ON_CLIENT =
    "JSON in Kotlin is on the client (kotlinx-serialization is a dependency); Java's is on the " +
        "json() view, so Jackson stays optional; the JSON views test keeps them in step"

/** Operations present in the Kotlin client only, each with the reason. */
private val KOTLIN_ONLY =
    mapOf(
        "getString" to "typed get without a KClass argument; keeps overloads of get unambiguous",
        "getBytes" to "typed get without a KClass argument; keeps overloads of get unambiguous",
        "getMultiFlow" to "Flow is the Kotlin way to stream a large multi-get",
        "getJson" to JSON_ON_CLIENT,
        "getMultiJson" to JSON_ON_CLIENT,
        "setJson" to JSON_ON_CLIENT,
        "addJson" to JSON_ON_CLIENT,
        "replaceJson" to JSON_ON_CLIENT,
        "updateJson" to JSON_ON_CLIENT,
    )

/** Members of Java's JSON view that are not JSON commands, each with the reason. */
private val JSON_VIEW_ONLY =
    mapOf(
        "mapper" to "the view's Jackson mapper; Kotlin's counterpart is the client's json property",
        "withMapper" to "Kotlin chooses its Json on the builder (json = Json { ... })",
        "async" to "CompletableFuture is the Java way to compose; Kotlin composes suspend calls",
    )

/** The JSON commands: the Kotlin client's members named like one. */
private fun kotlinJsonCommands(): Map<String, Int> =
    operations(CoroutineMemcacheClient::class.java).filterKeys {
        it.endsWith("Json") && it != "json"
    }

/**
 * Parameters a Kotlin JSON command takes beyond its Java form: a write names its serializer (Java's
 * mapper finds one from the value's class); a read, and an update (which reads), passes its
 * serializer where Java passes the class or type reference.
 */
private fun extraKotlinParameters(javaCommand: Method): Int =
    if (javaCommand.name.startsWith("get") || javaCommand.name == "updateJson") 0 else 1

/** The reads that take the class of the value (typed reads, one rule in the core). */
private val TYPED_READS = listOf("get", "getEntry", "getMulti")

/** Whether [type] has an operation [name] whose last source parameter is a class of [classType]. */
private fun hasTypedForm(type: Class<*>, name: String, classType: Class<*>): Boolean =
    type.methods.any { m ->
        m.operationName() == name &&
            m.sourceParameterCount() >= 2 &&
            m.parameterTypes[m.sourceParameterCount() - 1] == classType
    }

/** Operation name to the most parameters it takes, as the language of [type] sees it. */
private fun operations(type: Class<*>): Map<String, Int> =
    type.methods
        .filterNot { Modifier.isStatic(it.modifiers) }
        .groupBy({ it.operationName() }, { it.sourceParameterCount() })
        .mapValues { (_, counts) -> counts.max() }

/**
 * Drops Kotlin's mangling suffix (functions taking a kotlin.time.Duration) and reads a getter as
 * its property.
 */
private fun Method.operationName(): String {
    val name = name.substringBefore('-')
    val getter = parameterCount == 0 && name.length > 3 && name.startsWith("get")
    return if (getter) name.removePrefix("get").replaceFirstChar(Char::lowercaseChar) else name
}

/** Parameters without the Continuation a suspend function takes last. */
private fun Method.sourceParameterCount(): Int =
    parameterCount - if (parameterTypes.lastOrNull() == Continuation::class.java) 1 else 0

/**
 * Fails when the Java and Kotlin facades drift apart: same operation names, same parameter counts.
 */
class FacadeParitySpec :
    FunSpec({
        test("the Kotlin client has every operation of the Java client, with as many parameters") {
            operations(CoroutineMemcacheClient::class.java) - KOTLIN_ONLY.keys shouldBe
                operations(MemcacheClient::class.java) - JAVA_ONLY.keys
        }

        test("the future client's operations are all in the Kotlin client") {
            operations(CoroutineMemcacheClient::class.java).keys shouldContainAll
                operations(MemcacheAsyncClient::class.java).keys
        }

        test("the future client has every operation of the blocking one, with as many parameters") {
            operations(MemcacheAsyncClient::class.java) shouldBe
                operations(MemcacheClient::class.java) - BLOCKING_ONLY.keys
            operations(MemcacheClient::class.java).keys shouldContainAll BLOCKING_ONLY.keys
        }

        test("typed reads (get, getEntry, getMulti) take the value's class in every facade") {
            for (name in TYPED_READS) {
                withClue("$name(…, Class) in MemcacheClient") {
                    hasTypedForm(MemcacheClient::class.java, name, Class::class.java) shouldBe true
                }
                withClue("$name(…, Class) in MemcacheAsyncClient") {
                    hasTypedForm(MemcacheAsyncClient::class.java, name, Class::class.java) shouldBe
                        true
                }
                withClue("$name(…, KClass) in CoroutineMemcacheClient") {
                    hasTypedForm(
                        CoroutineMemcacheClient::class.java,
                        name,
                        KClass::class.java,
                    ) shouldBe true
                }
            }
        }

        test("noReply writes are the same in both") {
            operations(CoroutineMemcacheClient.NoReply::class.java) shouldBe
                operations(MemcacheClient.NoReply::class.java)
        }

        test("meta commands are the same in both, JSON aside") {
            operations(CoroutineMemcacheClient.MetaCommands::class.java) -
                "getOrComputeJson" shouldBe operations(MetaCommands::class.java)
        }

        test("the JSON commands of Java's json() view are on the Kotlin client, and back") {
            val java = JsonCommands::class.java.methods.filterNot { it.name in JSON_VIEW_ONLY.keys }
            val kotlin = kotlinJsonCommands()
            for (command in java) {
                withClue("${command.name} in CoroutineMemcacheClient") {
                    kotlin[command.name] shouldBe
                        command.parameterCount + extraKotlinParameters(command)
                }
            }
            kotlin.keys - java.map { it.name }.toSet() shouldBe emptySet()
            JsonCommands::class.java.methods.map { it.name } shouldContainAll JSON_VIEW_ONLY.keys
            AsyncJsonCommands::class.java.methods.map { it.name }.toSet() shouldBe
                JsonCommands::class.java.methods.map { it.name }.toSet() - "async"
        }

        test("every listed difference still exists, so the lists stay true") {
            operations(MemcacheClient::class.java).keys shouldContainAll JAVA_ONLY.keys
            operations(CoroutineMemcacheClient::class.java).keys shouldContainAll KOTLIN_ONLY.keys
            (operations(CoroutineMemcacheClient::class.java).keys intersect JAVA_ONLY.keys) shouldBe
                emptySet()
            (operations(MemcacheClient::class.java).keys intersect KOTLIN_ONLY.keys) shouldBe
                emptySet()
        }
    })
