package io.skyloom.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A service name answered by the test instead of the real service, as a mock or
 * WireMock stands in for a dependency: rules chosen by command (and values), a record of
 * every message, and verification. A message no rule matches fails the test (and its
 * caller gets an error). Made by {@link Stubs#stub}; lives until the test ends.
 * Thread-safe: rules may be added while the node runs.
 */
public final class Stub {

    /** Computes an answer from the call's values: an {@code Object[]} answers several values, null none. */
    @FunctionalInterface
    public interface Answer {
        Object apply(List<Object> args) throws Exception;
    }

    /** What a matched message gets. */
    public final class Rule {
        private final String command;          // null: any command
        private final Object[] args;           // null: any values
        private volatile Relay.Decider outcome = m -> Relay.answer();

        private Rule(String command, Object[] args) {
            this.command = command;
            this.args = args;
        }

        /** Answers with these values. */
        public Stub reply(Object... values) {
            Object[] copy = values.clone();
            outcome = m -> Relay.answer(copy);
            return Stub.this;
        }

        /** Answers with what {@code answer} computes; an exception it throws fails the caller with its message. */
        public Stub answer(Answer answer) {
            outcome = m -> {
                Object r;
                try {
                    r = answer.apply(m.args());
                } catch (Exception e) {
                    return Relay.error(String.valueOf(e.getMessage()));
                }
                return r instanceof Object[] many ? Relay.answer(many) : r == null ? Relay.answer() : Relay.answer(r);
            };
            return Stub.this;
        }

        /** Fails the caller with {@code message}, as a service's error would. */
        public Stub fail(String message) {
            outcome = m -> Relay.error(message);
            return Stub.this;
        }

        /** Never answers: the caller waits until its own timeout (or the end of the test). */
        public Stub never() {
            outcome = m -> Relay.HOLD;
            return Stub.this;
        }

        boolean matches(Received m) {
            if (command == null) return true;
            if (args == null) return command.equals(m.command());
            return m.matches(command, args);
        }

        @Override
        public String toString() {
            return command == null ? "any command" : args == null ? command + "(...)" : Received.describe(command, args);
        }
    }

    private final String name;
    private final Problems problems;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();     // the last added that matches wins
    private final List<Received> calls = new CopyOnWriteArrayList<>();
    private volatile boolean mustBeUsed;
    private Relay relay;        // set once at start, before any message can arrive

    Stub(String name, Problems problems) {
        this.name = name;
        this.problems = problems;
    }

    void attach(Relay relay) {
        this.relay = relay;
    }

    /** The handle that answers to the stubbed name. */
    public int handle() {
        return relay.handle;
    }

    public String name() {
        return name;
    }

    /** A rule for {@code command} with any values. */
    public Rule when(String command) {
        return add(new Rule(command, null));
    }

    /** A rule for {@code command} with exactly these values (numbers compared by value). */
    public Rule when(String command, Object... args) {
        return add(new Rule(command, args.clone()));
    }

    /** A rule for every command. */
    public Rule whenAny() {
        return add(new Rule(null, null));
    }

    private Rule add(Rule r) {
        rules.add(r);
        return r;
    }

    /** Reports at the end of the test if nothing sent this stub a message. */
    public Stub expectUse() {
        mustBeUsed = true;
        return this;
    }

    /** Every message received so far, in order. */
    public List<Received> calls() {
        return List.copyOf(calls);
    }

    /** Fails unless some message was {@code command} with these values; the failure lists what came. */
    public Received verify(String command, Object... args) {
        for (Received r : calls) if (r.matches(command, args)) return r;
        throw new AssertionError("stub " + name + " never received " + Received.describe(command, args)
                + "; it received " + (calls.isEmpty() ? "nothing" : calls));
    }

    /** Fails unless exactly {@code times} messages were {@code command} (with any values). */
    public void verifyTimes(String command, int times) {
        long n = calls.stream().filter(r -> r.command().equals(command)).count();
        if (n != times)
            throw new AssertionError("stub " + name + " received " + command + " " + n + " times, expected " + times
                    + "; it received " + (calls.isEmpty() ? "nothing" : calls));
    }

    /** Checks the stub with {@code check} over its calls (for assertion libraries). */
    public Stub verifyCalls(Consumer<List<Received>> check) {
        check.accept(calls());
        return this;
    }

    Object[] decide(Received m) throws Exception {
        calls.add(m);
        List<Rule> snapshot = new ArrayList<>(rules);
        for (int i = snapshot.size() - 1; i >= 0; i--)
            if (snapshot.get(i).matches(m)) return snapshot.get(i).outcome.decide(m);
        problems.add("stub " + name + " received " + m + ", which no rule matches (rules: "
                + (snapshot.isEmpty() ? "none" : snapshot) + ")");
        return Relay.error("stub " + name + " has no rule for " + m.command());
    }

    /** At the end of the test: what the user asked to verify. */
    void finish() {
        if (mustBeUsed && calls.isEmpty()) problems.add("stub " + name + " expected use, but nothing sent it a message");
    }

    void stop() {
        relay.stop();
    }
}
