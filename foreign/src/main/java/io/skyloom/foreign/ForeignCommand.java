package io.skyloom.foreign;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as the handler of a foreign command (the Java form of pyskynet's
 * {@code @foreign.dispatch("cmd")} decorator); register the object with
 * {@link Foreign#dispatch(Object)}. The command is the method's name unless
 * {@link #value} gives one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ForeignCommand {
    String value() default "";
}
