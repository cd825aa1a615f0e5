package dev.wabagate.upstream.meta;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param graphBaseUrl where the Graph API lives (a fake Meta in tests)
 * @param apiVersion the Graph API version in every path
 * @param connectTimeout how long to wait for a connection to Meta
 * @param requestTimeout how long to wait for Meta's answer once the request is sent
 * @param verifyToken accepted in Meta's webhook verification besides each channel's own
 * {@code verify_token}
 * @param appSecret the Meta app secret that signs webhooks for channels without their own
 * {@code app_secret}
 */
@ConfigurationProperties("wabagate.meta")
public record MetaProperties(@DefaultValue("https://graph.facebook.com") URI graphBaseUrl,
		@DefaultValue("v23.0") String apiVersion, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("15s") Duration requestTimeout, @Nullable String verifyToken, @Nullable String appSecret) {
}
