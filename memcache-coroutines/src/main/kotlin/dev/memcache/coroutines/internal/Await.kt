package dev.memcache.coroutines.internal

import dev.memcache.core.internal.Call
import dev.memcache.core.internal.Cluster
import java.util.concurrent.Executor
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.suspendCancellableCoroutine

/** Resumes callers whose dispatcher would run them in place, so they never run on a reader. */
private val offReader = Executor { Thread.ofVirtual().name("memcache-resume").start(it) }

/**
 * Sends the call made by [make] and suspends until it is done, then returns its outcome. The call
 * times out at its deadline (the operation timeout); cancelling the coroutine abandons it, and the
 * connection drains its reply. The reader thread only resumes the coroutine: the reply is mapped
 * and decoded by [Call.result] here, on the caller's dispatcher.
 */
internal suspend inline fun <T> Cluster.call(make: () -> Call<T>): T {
    currentCoroutineContext().ensureActive() // cancelled already: send nothing
    return make().suspendUntilDone()
}

internal suspend fun <T> Call<T>.suspendUntilDone(): T {
    // The client's sweeper times the call out at its deadline; no timer per call.
    try {
        suspendCancellableCoroutine<Unit> { cont ->
            cont.invokeOnCancellation {
                cancel(CancellationException("the calling coroutine was cancelled"))
            }
            onDone { resumeOffReader(cont) }
        }
    } catch (e: CancellationException) {
        // The result is never read: the listener hears of the abandoned call here, on the
        // coroutine's dispatcher (the cancellation handler above has abandoned it by now).
        if (isDone) report()
        throw e
    }
    return result()
}

/** Runs on the reader (or on the canceller): it only hands the continuation to a dispatcher. */
private fun resumeOffReader(cont: CancellableContinuation<Unit>) {
    if (!cont.isActive) return // cancelled: the coroutine already resumed with its cancellation
    val dispatcher = cont.context[ContinuationInterceptor] as? CoroutineDispatcher
    if (dispatcher != null && dispatcher.isDispatchNeeded(cont.context)) {
        cont.resume(Unit)
    } else {
        offReader.execute { cont.resume(Unit) }
    }
}
