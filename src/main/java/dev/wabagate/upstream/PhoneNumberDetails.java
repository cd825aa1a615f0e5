package dev.wabagate.upstream;

import org.jspecify.annotations.Nullable;

/**
 * What the provider says about a channel's number (Meta: {@code GET /{phone_number_id}}).
 *
 * @param qualityRating {@code GREEN}, {@code YELLOW}, {@code RED} or {@code UNKNOWN}
 * @param messagingLimitTier how many customers a day business-initiated conversations may
 * reach ({@code TIER_250}, {@code TIER_1K}, ..., {@code TIER_UNLIMITED})
 */
public record PhoneNumberDetails(@Nullable String displayPhoneNumber, @Nullable String verifiedName,
		String qualityRating, @Nullable String messagingLimitTier, @Nullable String nameStatus) {
}
