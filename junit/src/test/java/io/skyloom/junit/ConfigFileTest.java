package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** A skynet-style config file sets up the node; the annotation's own values add to it. */
@SkyloomTest(config = "src/test/resources/node.config", env = "mode=test", services = "faulty")
class ConfigFileTest {

    @Test
    void theFileSetsThreadsTheServicePathAndEnv(Skyloom node, @Named("faulty") int faulty) {
        assertThat(node.node().workers().size()).isEqualTo(3);
        assertThat(node.getenv("greeting")).isEqualTo("hello");
        assertThat(node.getenv("mode")).isEqualTo("test");
        assertThat(node.alive(faulty)).isTrue();
    }

    @Test
    void aMissingFileIsNamed() {
        assertThat(Kit.onlyFailure(Kit.run(MissingFile.class)))
                .contains("@SkyloomTest(config = \"no/such.config\")").contains("cannot read");
    }

    @Disabled("run by ConfigFileTest")
    @SkyloomTest(config = "no/such.config")
    static class MissingFile {
        @Test
        void never() {}
    }
}
