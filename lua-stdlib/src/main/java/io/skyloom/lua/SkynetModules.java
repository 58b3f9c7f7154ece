package io.skyloom.lua;

import java.util.Set;

/**
 * The modules of skynet's lualib that Skyloom does not provide yet. A service ported
 * from skynet that requires one gets an error saying so, instead of a search-path list
 * that reads like a typo.
 */
final class SkynetModules {

    private static final Set<String> NOT_YET = Set.of(
            "skynet.cluster", "skynet.db.mysql", "skynet.db.mongo",
            "snax.loginserver", "snax.msgserver", "skynet.remotedebug",
            "skynet.reload", "skynet.sharetable.core", "ltls.init.c", "bson", "mysqlaux.c", "lpeg");

    private SkynetModules() {}

    /** The message for {@code name} when it is one of skynet's modules Skyloom lacks, else null. */
    static String notProvided(String name) {
        return NOT_YET.contains(name)
                ? "module '" + name + "' is part of skynet, but Skyloom does not provide it (yet)"
                : null;
    }
}
