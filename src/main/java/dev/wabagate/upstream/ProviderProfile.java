package dev.wabagate.upstream;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A business profile as the provider shows it to customers (Meta's
 * {@code whatsapp_business_profile} fields). Read from the provider, a field it does not
 * answer is null. As an update, a null field stays as it is, and {@code ""} (an empty
 * list for {@code websites}) clears it.
 *
 * @param profilePictureUrl where the provider serves the profile photo (read only)
 */
public record ProviderProfile(@Nullable String about, @Nullable String address, @Nullable String description,
		@Nullable String email, @Nullable String vertical, @Nullable List<String> websites,
		@Nullable String profilePictureUrl) {

	/** An update of the about text only. */
	public static ProviderProfile about(String text) {
		return new ProviderProfile(text, null, null, null, null, null, null);
	}

}
