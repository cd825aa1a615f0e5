package dev.wabagate.accounts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose every request needs a business API key, wherever its paths
 * are: for surfaces such as the Cloud API's Graph paths, which live at the root and
 * cannot be told apart from other paths by a prefix.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AuthenticatedByApiKey {

}
