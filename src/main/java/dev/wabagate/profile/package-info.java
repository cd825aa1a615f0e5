/**
 * What a channel shows of itself: business profile, about text, photo, phone number, the
 * key's account, and India compliance info.
 */
@ApplicationModule(allowedDependencies = { "accounts", "shared", "upstream" })
@NullMarked
package dev.wabagate.profile;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
