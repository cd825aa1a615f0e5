package dev.wabagate.profile;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.wabagate.accounts.Account;
import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ApiMeta;
import dev.wabagate.upstream.PhoneNumberDetails;
import dev.wabagate.upstream.Providers;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Account", description = "The phone number and account an API key belongs to")
class AccountInfoController {

	private final AccountService accounts;

	private final Providers providers;

	AccountInfoController(AccountService accounts, Providers providers) {
		this.accounts = accounts;
		this.providers = providers;
	}

	@Operation(summary = "The channel's phone number",
			description = "360dialog v1's {\"phone_number\"} plus the provider's ids, throughput, and what the provider "
					+ "says of the number (Meta: GET /{phone_number_id}, at most once a minute): verified_name, "
					+ "quality_rating, messaging_limit_tier, name_status. 503 with Retry-After when Meta is unavailable.")
	@GetMapping("/v1/configs/phone_number")
	Map<String, Object> phoneNumber(Channel channel) {
		PhoneNumberDetails details = this.providers.of(channel).phoneNumber(channel);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("phone_number", "+" + channel.displayPhoneNumber());
		body.put("phone_number_id", channel.phoneNumberId());
		body.put("waba_id", channel.wabaId());
		body.put("provider", channel.provider());
		body.put("throughput", Map.of("messages_per_second", channel.throughputMps()));
		body.put("verified_name", details.verifiedName());
		body.put("quality_rating", details.qualityRating());
		body.put("messaging_limit_tier", details.messagingLimitTier());
		body.put("name_status", details.nameStatus());
		body.put("meta", ApiMeta.of(HttpStatus.OK));
		return body;
	}

	@Operation(summary = "The account and channel of the API key",
			description = "Never shows a key: only the prefixes of the channel's active keys.")
	@GetMapping("/api/getuser")
	Map<String, Object> user(Channel channel) {
		Account account = this.accounts.findAccount(channel.accountId())
			.orElseThrow(() -> ApiException.notFound("Account"));
		Map<String, Object> channelView = new LinkedHashMap<>();
		channelView.put("id", channel.id());
		channelView.put("phone_number", "+" + channel.displayPhoneNumber());
		channelView.put("phone_number_id", channel.phoneNumberId());
		channelView.put("waba_id", channel.wabaId());
		channelView.put("provider", channel.provider());
		channelView.put("throughput_mps", channel.throughputMps());
		channelView.put("window_policy", channel.windowPolicy());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("account", Map.of("id", account.id(), "name", account.name(), "created_at", account.createdAt()));
		body.put("channel", channelView);
		body.put("api_keys",
				this.accounts.keysOf(channel.id())
					.stream()
					.filter((key) -> key.revokedAt() == null)
					.map((key) -> Map.of("id", key.id(), "prefix", key.prefix(), "created_at", key.createdAt()))
					.toList());
		body.put("meta", ApiMeta.of(HttpStatus.OK));
		return body;
	}

}
