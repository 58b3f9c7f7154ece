package io.skyloom.foreign.harbor;

/**
 * Encodes payloads of a kind the foreign module does not know (the Lua host's packed
 * messages and Lua values), found with {@link java.util.ServiceLoader}. Decoding takes
 * untrusted bytes: a bad payload throws {@link IllegalArgumentException} with a message
 * naming what was wrong, and allocates nothing the bytes do not hold.
 */
public interface PayloadCodec {

    /** True when this codec encodes {@code payload}. */
    boolean encodes(Object payload);

    byte[] encode(Object payload);

    Object decode(byte[] bytes);
}
