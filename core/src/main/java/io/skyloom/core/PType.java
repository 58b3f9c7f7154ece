package io.skyloom.core;

/** Protocol type numbers, skynet's where skynet has one. */
public final class PType {

    public static final int TEXT = 0;
    public static final int RESPONSE = 1;
    public static final int MULTICAST = 2;
    public static final int CLIENT = 3;
    public static final int SYSTEM = 4;
    public static final int HARBOR = 5;
    public static final int SOCKET = 6;
    public static final int ERROR = 7;
    public static final int LUA = 10;
    public static final int FOREIGN_REMOTE = 254;
    public static final int FOREIGN = 255;

    private PType() {}

    public static String name(int type) {
        return switch (type) {
            case TEXT -> "text";
            case RESPONSE -> "response";
            case MULTICAST -> "multicast";
            case CLIENT -> "client";
            case SYSTEM -> "system";
            case HARBOR -> "harbor";
            case SOCKET -> "socket";
            case ERROR -> "error";
            case LUA -> "lua";
            case FOREIGN_REMOTE -> "foreign_remote";
            case FOREIGN -> "foreign";
            default -> "ptype " + type;
        };
    }

    /** Types that answer a request rather than ask one. */
    public static boolean isReply(int type) {
        return type == RESPONSE || type == ERROR;
    }
}
