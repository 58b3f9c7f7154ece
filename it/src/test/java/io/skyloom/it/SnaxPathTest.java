package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/** skynet's "snax" config key: where snax service files are searched when it is set. */
@SkyloomTest(servicePath = "src/test/resources/lua", env = "snax=src/test/resources/lua/snaxpath/?.lua")
class SnaxPathTest {

    @Inject Skyloom node;

    static final String CLIENT = """
            local skynet = require "skynet"
            local snax = require "skynet.snax"
            local foreign = require "pyskynet.foreign"
            foreign.dispatch("where", function(name)
                local ok, obj = pcall(snax.newservice, name)
                if not ok then return false, obj end
                return true, obj.req.where()
            end)
            skynet.start(function() end)
            """;

    @Test
    void aSnaxServiceIsFoundOnTheSnaxPathAndKnowsItsServicePath() {
        int client = node.scriptservice(CLIENT);
        assertThat(node.foreign().call(client, "where", "snax_elsewhere"))
                .containsExactly(true, "snax_elsewhere", "src/test/resources/lua/snaxpath/snax_elsewhere/");
    }

    @Test
    void withTheSnaxKeySetTheServicePathIsNotSearchedAndTheErrorSaysWhereItLooked() {
        int client = node.scriptservice(CLIENT);
        Object[] r = node.foreign().call(client, "where", "snax_counter");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("snaxpath/snax_counter.lua");
    }
}
