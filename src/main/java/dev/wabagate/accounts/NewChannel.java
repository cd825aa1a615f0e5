package dev.wabagate.accounts;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an operator gives to create a channel.
 *
 * @param credentials provider credentials (for {@code meta}: {@code access_token},
 * {@code app_secret}, {@code verify_token}); stored encrypted
 */
public record NewChannel(String phoneNumber, String provider, @Nullable String phoneNumberId, @Nullable String wabaId,
		@Nullable Integer throughputMps, @Nullable String windowPolicy, Map<String, String> credentials) {
}
