package dev.wabagate.upstream.meta;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param graphBaseUrl where the Graph API lives (a fake Meta in tests)
 * @param apiVersion the Graph API version in every path
 * @param connectTimeout how long to wait for a connection to Meta
 * @param requestTimeout how long to wait for Meta's answer once the request is sent
 * @param verifyToken accepted in Meta's webhook verification besides each channel's own
 * {@code verify_token}
 * @param appSecret the Meta app secret that signs webhooks for channels without their own
 * {@code app_secret}
 * @param maxDownloadSize the largest customer file downloaded (the bytes are kept in the
 * database; Meta allows documents of 100 MB)
 * @param downloadTimeout how long one download of a customer's file may take
 * @param downloadAttempts how often a customer's file is tried before the webhook is
 * answered 503 (Meta then redelivers it)
 * @param downloadBackoff the wait after the first failed attempt, growing linearly
 * @param appId the Meta app whose Resumable Upload API takes the files of channels
 * without their own {@code app_id} (profile photos, template samples)
 */
@ConfigurationProperties("wabagate.meta")
record MetaProperties(@DefaultValue("https://graph.facebook.com") URI graphBaseUrl,
		@DefaultValue("v23.0") String apiVersion, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("15s") Duration requestTimeout, @Nullable String verifyToken, @Nullable String appSecret,
		@DefaultValue("64MB") DataSize maxDownloadSize, @DefaultValue("30s") Duration downloadTimeout,
		@DefaultValue("3") int downloadAttempts, @DefaultValue("500ms") Duration downloadBackoff,
		@Nullable String appId) {
}
