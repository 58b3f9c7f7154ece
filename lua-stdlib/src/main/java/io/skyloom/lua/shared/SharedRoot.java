package io.skyloom.lua.shared;

/**
 * Where views find the current version of one piece of shared data. For
 * skynet.sharedata it is one object shared by every service, which an update moves to
 * the new version, so every view follows at its next read; for skynet.sharetable each
 * query gets a root of its own that stays on its version until sharetable.update. The
 * version is volatile: an update's new Frozen is fully built before any reader sees it.
 * One writer: the task of the service that owns the root (sharedatad, or the service
 * whose sharetable views it backs); views read it from any service's task.
 */
public final class SharedRoot {

    private volatile Frozen data;
    private volatile int version;
    private volatile boolean retired;   // sharedata.delete: the name is gone; views keep their data

    public SharedRoot(Frozen data) {
        this.data = data;
    }

    public Frozen data() {
        return data;
    }

    int version() {
        return version;
    }

    /** The name this root was under is gone (sharedata.delete): services query it afresh. */
    public void retire() {
        retired = true;
    }

    public boolean retired() {
        return retired;
    }

    /** Moves the root to {@code next}; views see it at their next read. */
    public void set(Frozen next) {
        data = next;
        version = version + 1;
    }
}
