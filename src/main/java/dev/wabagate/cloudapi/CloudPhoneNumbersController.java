package dev.wabagate.cloudapi;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.AuthenticatedByApiKey;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WABA's phone numbers and their registration. Registration, verification and
 * settings are simulated on sandbox channels (validated, then answered as Meta does); on
 * meta channels they are done in Meta's WhatsApp Manager, and the Graph calls say so.
 */
@RestController
@AuthenticatedByApiKey
@Tag(name = "Cloud API: phone numbers")
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class CloudPhoneNumbersController {

	private static final String NUMBER = "/{phoneNumberId}";

	private static final Map<String, Object> SUCCESS = Map.of("success", true);

	private final CloudViews views;

	private final GraphObjects objects;

	CloudPhoneNumbersController(CloudViews views, GraphObjects objects) {
		this.views = views;
		this.objects = objects;
	}

	@Operation(summary = "List the WABA's phone numbers",
			description = "The key's own number: a key reaches one channel.")
	@GetMapping({ GraphPaths.VERSION + "/{wabaId}/phone_numbers", "/{wabaId}/phone_numbers" })
	Map<String, Object> list(Channel channel, @PathVariable String wabaId) {
		this.objects.requireWaba(channel, wabaId, "get");
		return Map.of("data", List.of(this.views.phoneNumber(channel)));
	}

	@Operation(summary = "Register the number (sandbox: simulated)", description = "Body {messaging_product, pin}.")
	@PostMapping({ GraphPaths.VERSION + NUMBER + "/register", NUMBER + "/register" })
	Map<String, Object> register(Channel channel, @PathVariable String phoneNumberId, JsonBody body) {
		simulatedOnly(channel, phoneNumberId, "register");
		pin(body.json());
		return SUCCESS;
	}

	@Operation(summary = "Deregister the number (sandbox: simulated)")
	@PostMapping({ GraphPaths.VERSION + NUMBER + "/deregister", NUMBER + "/deregister" })
	Map<String, Object> deregister(Channel channel, @PathVariable String phoneNumberId) {
		simulatedOnly(channel, phoneNumberId, "deregister");
		return SUCCESS;
	}

	@Operation(summary = "Request a verification code (sandbox: simulated)",
			description = "code_method SMS or VOICE and language, in the body or the query.")
	@PostMapping({ GraphPaths.VERSION + NUMBER + "/request_code", NUMBER + "/request_code" })
	Map<String, Object> requestCode(Channel channel, @PathVariable String phoneNumberId, JsonBody body,
			@RequestParam(name = "code_method", required = false) @Nullable String codeMethodQuery,
			@RequestParam(required = false) @Nullable String language) {
		simulatedOnly(channel, phoneNumberId, "request_code");
		String codeMethod = (codeMethodQuery != null) ? codeMethodQuery : body.json().path("code_method").asString("");
		if (!List.of("SMS", "VOICE").contains(codeMethod)) {
			throw codeMethod.isEmpty() ? ApiException.missing("code_method") : ApiException.invalid("code_method",
					"one_of", List.of("SMS", "VOICE"), "code_method must be SMS or VOICE (was '" + codeMethod + "')");
		}
		if (language == null && body.json().path("language").asString("").isEmpty()) {
			throw ApiException.missing("language");
		}
		return SUCCESS;
	}

	@Operation(summary = "Verify the code (sandbox: simulated)", description = "code in the body or the query.")
	@PostMapping({ GraphPaths.VERSION + NUMBER + "/verify_code", NUMBER + "/verify_code" })
	Map<String, Object> verifyCode(Channel channel, @PathVariable String phoneNumberId, JsonBody body,
			@RequestParam(required = false) @Nullable String code) {
		simulatedOnly(channel, phoneNumberId, "verify_code");
		String given = (code != null) ? code : body.json().path("code").asString("");
		if (!given.matches("\\d{6}")) {
			throw given.isEmpty() ? ApiException.missing("code")
					: ApiException.invalid("code", "pattern", "6 digits", "code must be the 6 digits received");
		}
		return SUCCESS;
	}

	@Operation(summary = "Change the number's settings (sandbox: simulated)")
	@PostMapping({ GraphPaths.VERSION + NUMBER + "/settings", NUMBER + "/settings" })
	Map<String, Object> settings(Channel channel, @PathVariable String phoneNumberId, JsonBody body) {
		simulatedOnly(channel, phoneNumberId, "settings");
		if (!body.json().isObject() || body.json().isEmpty()) {
			throw ApiException.missingBody("the settings to change");
		}
		return SUCCESS;
	}

	@Operation(summary = "Set two-step verification pin or request a display name (sandbox: simulated)",
			description = "Body {pin} or ?new_display_name=.")
	@PostMapping({ GraphPaths.VERSION + NUMBER, NUMBER })
	Map<String, Object> update(Channel channel, @PathVariable String phoneNumberId, JsonBody body,
			@RequestParam(name = "new_display_name", required = false) @Nullable String newDisplayName) {
		simulatedOnly(channel, phoneNumberId, "post");
		if (newDisplayName == null) {
			pin(body.json());
		}
		else if (newDisplayName.isBlank()) {
			throw ApiException.missing("new_display_name");
		}
		return SUCCESS;
	}

	private void simulatedOnly(Channel channel, String phoneNumberId, String operation) {
		this.objects.requirePhoneNumber(channel, phoneNumberId, "post");
		if (channel.provider() != ProviderKind.SANDBOX) {
			throw CloudApiException.unsupported(operation + " is not passed to Meta by Wabagate: do it in Meta's "
					+ "WhatsApp Manager or with Meta's Graph API directly (see docs/cloud-api.md)");
		}
	}

	private static void pin(JsonNode body) {
		String pin = body.path("pin").asString("");
		if (pin.isEmpty()) {
			throw ApiException.missing("pin");
		}
		if (!pin.matches("\\d{6}")) {
			throw ApiException.invalid("pin", "pattern", "6 digits", "pin must be 6 digits");
		}
	}

}
