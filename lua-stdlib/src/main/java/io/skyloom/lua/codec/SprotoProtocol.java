package io.skyloom.lua.codec;

/**
 * One RPC protocol of a sproto schema. {@code confirm}: the response is declared
 * {@code nil}, so a reply carries no content but is still expected.
 */
record SprotoProtocol(String name, int tag, SprotoType request, SprotoType response, boolean confirm) {}
