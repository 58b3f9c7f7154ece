package io.skyloom.core.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The first provider of a service, as {@link ServiceLoader#findFirst} gives it, found with
 * one class-path look-up. On the class path ServiceLoader opens every jar to list every
 * provider before it hands out the first (measured: all 48 jars of {@code ./skyloom run},
 * 30 ms of a 150 ms start); this reads the first {@code META-INF/services} file in
 * class-path order, which opens the jars up to the one that has it. On the module path,
 * where providers are declared by modules, it is ServiceLoader itself. The kernel finds
 * its script host and transport with it, the harbor its Lua payload codec.
 */
public final class Providers {

    private Providers() {}

    public static <S> Optional<S> first(Class<S> service) {
        if (service.getModule().isNamed()) return ServiceLoader.load(service).findFirst();
        ClassLoader loader = service.getClassLoader();
        URL file = loader.getResource("META-INF/services/" + service.getName());
        if (file == null) return Optional.empty();
        String name = firstName(file);
        if (name == null) return ServiceLoader.load(service).findFirst();   // an empty file: ServiceLoader looks on
        try {
            Class<?> c = Class.forName(name, true, loader);
            return Optional.of(service.cast(c.getConstructor().newInstance()));
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new ServiceConfigurationError(service.getName() + ": provider " + name + " could not be made: " + e, e);
        }
    }

    /** The first class name in a provider-configuration file: '#' starts a comment, blanks are ignored. */
    private static String firstName(URL file) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!name.isEmpty()) return name;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
