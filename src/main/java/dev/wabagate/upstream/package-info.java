/**
 * The provider interface (SPI) the core talks to: sending a message upstream and hearing
 * back statuses and customer messages. Provider differences live behind it, in
 * {@code sandbox} and {@code meta}.
 */
@ApplicationModule(allowedDependencies = { "accounts", "shared" })
@NullMarked
package dev.wabagate.upstream;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
