package io.skyloom.lua.coroutine;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The contract on the JDK-internal continuation strand. Runs only where the JVM exports
 * {@code java.base/jdk.internal.vm} (this module's surefire configuration does).
 */
@EnabledIf("io.skyloom.lua.coroutine.ContinuationStrand#available")
class ContinuationCoroutineLibTest extends CoroutineLibContract {
    @Override
    Strand.Factory strands() {
        return ContinuationStrand.FACTORY;
    }
}
