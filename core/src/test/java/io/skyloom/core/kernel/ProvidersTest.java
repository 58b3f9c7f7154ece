package io.skyloom.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Providers.first finds what ServiceLoader.findFirst finds, from the first provider file. */
class ProvidersTest {

    public interface Greeter {
        String greet();
    }

    public static final class Hello implements Greeter {
        @Override
        public String greet() {
            return "hello";
        }
    }

    public static final class Other implements Greeter {
        @Override
        public String greet() {
            return "other";
        }
    }

    public interface Broken {}

    public static final class NotABroken {}

    public interface Unprovided {}

    @Test
    void theFirstNamedProviderIsMadeAsServiceLoaderWouldMakeIt() {
        Greeter g = Providers.first(Greeter.class).orElseThrow();
        assertThat(g.greet()).isEqualTo("hello");
        assertThat(g.getClass()).isEqualTo(ServiceLoader.load(Greeter.class).findFirst().orElseThrow().getClass());
        assertThat(Providers.first(Greeter.class).orElseThrow()).as("a new instance each time").isNotSameAs(g);
    }

    @Test
    void aServiceWithoutAProviderFileHasNone() {
        assertThat(Providers.first(Unprovided.class)).isEmpty();
        assertThat(Providers.first(ScriptHost.class)).as("the kernel alone has no script host").isEmpty();
    }

    @Test
    void aProviderOfTheWrongTypeIsAClearError() {
        assertThatThrownBy(() -> Providers.first(Broken.class))
                .isInstanceOf(ServiceConfigurationError.class)
                .hasMessageContaining("ProvidersTest$NotABroken");
    }
}
