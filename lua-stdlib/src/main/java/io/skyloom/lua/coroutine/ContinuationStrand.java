package io.skyloom.lua.coroutine;

/** Placeholder until measured: the JDK continuation strand. */
final class ContinuationStrand {
    static final Strand.Factory FACTORY = new Strand.Factory() {
        @Override
        public Strand create(Runnable body, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String kind() {
            return "continuation";
        }
    };

    static boolean available() {
        return false;
    }
}
