/**
 * What a channel shows of itself: business profile, about text, photo, phone number, the
 * key's account, and India compliance info.
 */
@NullMarked
package dev.wabagate.profile;

import org.jspecify.annotations.NullMarked;
