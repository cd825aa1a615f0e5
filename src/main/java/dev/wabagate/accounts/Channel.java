package dev.wabagate.accounts;

/**
 * One WhatsApp business number of an account.
 *
 * @param id Wabagate's channel id ({@code ch_...})
 * @param accountId the owning account
 * @param displayPhoneNumber the business number, E.164 digits without '+'
 * @param phoneNumberId the provider's phone-number id (Meta's PNID)
 * @param wabaId the WhatsApp Business Account id
 * @param provider which provider carries its messages
 * @param throughputMps messages per second the provider allows this number
 * @param windowPolicy who enforces the 24-hour window: {@code gateway} or
 * {@code provider}
 */
public record Channel(String id, String accountId, String displayPhoneNumber, String phoneNumberId, String wabaId,
		ProviderKind provider, int throughputMps, String windowPolicy) {

	public static final String WINDOW_ENFORCED_BY_GATEWAY = "gateway";

	public static final String WINDOW_LEFT_TO_PROVIDER = "provider";

	public boolean gatewayEnforcesWindow() {
		return WINDOW_ENFORCED_BY_GATEWAY.equals(this.windowPolicy);
	}

}
