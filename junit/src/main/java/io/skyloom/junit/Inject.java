package io.skyloom.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field {@link SkyloomTest} fills before each test: {@code Skyloom}, {@code Foreign},
 * {@code Node}, {@link VirtualClock}, {@link Stubs}, {@link SkyloomCluster}, a fresh {@link Probe}, or with
 * {@link Named} a service's handle ({@code int}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Inject {}
