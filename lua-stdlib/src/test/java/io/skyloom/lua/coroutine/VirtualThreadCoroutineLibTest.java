package io.skyloom.lua.coroutine;

/** The contract on the default strand: a virtual thread per coroutine. */
class VirtualThreadCoroutineLibTest extends CoroutineLibContract {
    @Override
    Strand.Factory strands() {
        return VirtualThreadStrand.FACTORY;
    }
}
