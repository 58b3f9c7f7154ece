package io.skyloom.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What went wrong in a node while a test ran, in the words the test's failure will show.
 * Thread-safe: the node's threads add, the test's thread drains.
 */
final class Problems {

    private final ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();

    void add(String problem) {
        found.add(problem);
    }

    /** Everything found since the last drain. */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String p; (p = found.poll()) != null; ) out.add(p);
        return out;
    }

    static AssertionError failure(String test, List<String> problems) {
        StringBuilder b = new StringBuilder(test).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (String p : problems) b.append("\n- ").append(p.replace("\n", "\n  "));
        return new AssertionError(b.toString());
    }
}
