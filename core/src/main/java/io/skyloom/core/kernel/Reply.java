package io.skyloom.core.kernel;

import io.skyloom.core.*;

/**
 * An open request of a service: who asked and with which session. Created when a
 * request is dispatched, closed when answered; a service that exits answers every
 * open one with an error, so no caller waits on a dead service. Owned by the tasks of
 * the service (the baton holder).
 */
final class Reply implements Responder {

    private final ServiceCell cell;
    private final int source;
    private final int session;
    private boolean used;
    Reply prev, next;                   // the cell's list of open requests (ServiceCell.opened)

    Reply(ServiceCell cell, int source, int session) {
        this.cell = cell;
        this.source = source;
        this.session = session;
    }

    @Override
    public boolean ok(Object payload) {
        return answer(PType.RESPONSE, payload);
    }

    @Override
    public boolean fail(String message) {
        return answer(PType.ERROR, new RemoteError(message, "", false));
    }

    void failWith(RemoteError error) {
        if (!used) answer(PType.ERROR, error);
    }

    @Override
    public boolean used() {
        return used;
    }

    @Override
    public int caller() {
        return source;
    }

    int session() {
        return session;
    }

    private boolean answer(int type, Object payload) {
        if (used) throw new IllegalStateException("this request of " + cell.label + " was already answered");
        used = true;
        cell.closed(this);
        return cell.node.route(new Envelope(cell.handle, source, type, session, payload));
    }
}
