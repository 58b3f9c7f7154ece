package io.skyloom.lua.codec;

/**
 * The text Lua sees for a failure inside a library (Jackson, protobuf-java, the JDK):
 * the library's message without Java class names, so no Java detail leaks to a service.
 */
final class CodecError {

    private CodecError() {}

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return "invalid input";
        // Library messages sometimes quote a class or add a source dump on further lines.
        int nl = m.indexOf('\n');
        if (nl > 0) m = m.substring(0, nl);
        return m.replaceAll("\\b(?:[a-z]+\\.)+[A-Z]\\w*(?:\\$\\w+)*", "value").trim();
    }
}
