package io.skyloom.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handle ({@code int}) of a service: one that {@link SkyloomTest#services} started
 * from this file name, or the live service bound to this {@code .name}. On a
 * {@link Probe} parameter or field: the probe registers this {@code .name}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface Named {
    String value();
}
