/**
 * Meta's Cloud API dialect beside the v1 API: the Graph paths (with or without a
 * {@code v23.0}-style version), {@code Bearer} keys and {@code {"error": {...}}} bodies,
 * so Meta's own SDKs work against Wabagate unchanged. Thin controllers over the same
 * accounts, keys, messages, media, templates and profile as the v1 API.
 */
@ApplicationModule(allowedDependencies = { "accounts", "media", "messaging", "profile", "shared", "templates" })
@NullMarked
package dev.wabagate.cloudapi;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
