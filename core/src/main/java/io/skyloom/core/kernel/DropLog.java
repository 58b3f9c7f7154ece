package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an endpoint says about replies it drops. A late reply (its caller timed out or
 * was interrupted) is ordinary and logged at debug, as skynet drops it silently. A reply
 * for a live session from a handle that is not the callee is a forgery, or a bug of
 * the sender: warned about once per sender, so a flood of them costs one log line.
 * Thread-safe.
 */
final class DropLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.service");
    private static final int MAX_REMEMBERED = 1024;

    private final ConcurrentHashMap<Integer, Boolean> warned = new ConcurrentHashMap<>();

    /** {@code m} was not accepted; {@code live}: a wait of its session exists (so it came from the wrong handle). */
    void reply(String endpoint, Envelope m, boolean live) {
        if (!live || !PType.isReply(m.type())) {
            if (LOG.isDebugEnabled()) LOG.debug("{} dropped a reply nobody waits for: {}", endpoint, m);
            return;
        }
        if (warned.size() < MAX_REMEMBERED && warned.putIfAbsent(m.source(), Boolean.TRUE) == null)
            LOG.warn("{} dropped a {} from {} for session {}: that session waits for another service "
                    + "(further ones from {} are dropped silently)", endpoint, PType.name(m.type()),
                    Handle.format(m.source()), m.session(), Handle.format(m.source()));
    }
}
