/**
 * Media objects of a channel: upload (On-Premises raw bytes or Cloud multipart), download
 * and deletion. The bytes live in the database, so a cluster needs no shared disk.
 */
@ApplicationModule(allowedDependencies = { "accounts", "shared", "upstream" })
@NullMarked
package dev.wabagate.media;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
