package dev.wabagate.cloudapi;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Cloud API surface's settings.
 *
 * @param mediaUrlTtl how long a media download URL answered by {@code GET /{media-id}}
 * stays valid (Meta's own last five minutes)
 */
@ConfigurationProperties("wabagate.cloud-api")
record CloudApiProperties(@DefaultValue("5m") Duration mediaUrlTtl) {
}
