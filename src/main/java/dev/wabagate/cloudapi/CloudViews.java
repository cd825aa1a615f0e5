package dev.wabagate.cloudapi;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.Account;
import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.templates.StoredTemplate;

import org.springframework.stereotype.Component;

/** The Cloud API's JSON for the objects several endpoints answer. */
@Component
class CloudViews {

	private final JsonMapper json;

	private final AccountService accounts;

	CloudViews(JsonMapper json, AccountService accounts) {
		this.json = json;
		this.accounts = accounts;
	}

	/** The business's name, as Meta's verified_name and WABA name. */
	String verifiedName(Channel channel) {
		return this.accounts.findAccount(channel.accountId()).map(Account::name).orElse(channel.displayPhoneNumber());
	}

	Map<String, Object> template(StoredTemplate template) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("name", template.name());
		view.put("components", this.json.readTree(template.components()));
		view.put("language", template.language());
		view.put("status", template.status());
		view.put("category", template.category());
		if (template.rejectedReason() != null) {
			view.put("rejected_reason", template.rejectedReason());
		}
		view.put("id", template.id());
		return view;
	}

	/**
	 * A channel as Meta's phone-number object: what Wabagate knows of it; a sandbox
	 * number is also verified and of good quality, as the simulator treats it.
	 */
	Map<String, Object> phoneNumber(Channel channel) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("verified_name", verifiedName(channel));
		view.put("display_phone_number", "+" + channel.displayPhoneNumber());
		if (channel.provider() == ProviderKind.SANDBOX) {
			view.put("code_verification_status", "VERIFIED");
			view.put("quality_rating", "GREEN");
		}
		view.put("platform_type", "CLOUD_API");
		view.put("id", channel.phoneNumberId());
		return view;
	}

}
