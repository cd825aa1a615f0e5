package dev.wabagate.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.ApiKeyInfo;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.IssuedApiKey;
import dev.wabagate.accounts.NewChannel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.JsonBody;
import dev.wabagate.templates.TemplatePicker;
import dev.wabagate.users.SignedInUser;
import dev.wabagate.users.Users;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console page's JSON (session and CSRF token required; operators and admins only).
 * Keys and passwords are in the answer that creates them, and never again.
 */
@Hidden
@RestController
@RequestMapping("/ui/api/console")
class ConsoleApiController {

	private final Console console;

	ConsoleApiController(Console console) {
		this.console = console;
	}

	@GetMapping("/accounts")
	Map<String, Object> accounts(@AuthenticationPrincipal SignedInUser user) {
		return Map.of("accounts", this.console.accounts(user), "operator", user.isOperator());
	}

	@PostMapping("/accounts")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> createAccount(@AuthenticationPrincipal SignedInUser user, JsonBody body) {
		AccountService.CreatedAccount created = this.console.createAccount(user, text(body.json(), "name"),
				newChannel(body.json()));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("account", created.account());
		answer.put("channel", created.channel());
		answer.put("api_key", created.apiKey().apiKey());
		return answer;
	}

	@GetMapping("/accounts/{accountId}")
	Console.AccountView account(@AuthenticationPrincipal SignedInUser user, @PathVariable String accountId) {
		return this.console.view(user, accountId);
	}

	@PostMapping("/accounts/{accountId}/channels")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> addChannel(@AuthenticationPrincipal SignedInUser user, @PathVariable String accountId,
			JsonBody body) {
		AccountService.ChannelWithKey created = this.console.addChannel(user, accountId, newChannel(body.json()));
		return Map.of("channel", created.channel(), "api_key", created.apiKey().apiKey());
	}

	@PostMapping("/accounts/{accountId}/users")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> invite(@AuthenticationPrincipal SignedInUser user, @PathVariable String accountId,
			JsonBody body) {
		Users.CreatedUser created = this.console.invite(user, accountId, text(body.json(), "email"),
				text(body.json(), "display_name"), body.json().path("role").asString("agent"));
		return Map.of("user", created.user(), "password", created.password());
	}

	@PatchMapping("/channels/{channelId}")
	Channel updateChannel(@AuthenticationPrincipal SignedInUser user, @PathVariable String channelId, JsonBody body) {
		JsonNode json = body.json();
		return this.console.updateChannel(user, channelId,
				json.path("throughput_mps").isNumber() ? json.path("throughput_mps").asInt() : null,
				json.path("window_policy").isString() ? json.path("window_policy").asString() : null);
	}

	@PostMapping("/channels/{channelId}/api-keys")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> issueKey(@AuthenticationPrincipal SignedInUser user, @PathVariable String channelId) {
		return keyAnswer(this.console.issueKey(user, channelId));
	}

	@PostMapping("/api-keys/{keyId}/rotate")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> rotateKey(@AuthenticationPrincipal SignedInUser user, @PathVariable String keyId) {
		return keyAnswer(this.console.rotateKey(user, keyId));
	}

	@DeleteMapping("/api-keys/{keyId}")
	ApiKeyInfo revokeKey(@AuthenticationPrincipal SignedInUser user, @PathVariable String keyId) {
		return this.console.revokeKey(user, keyId);
	}

	@PutMapping("/channels/{channelId}/sandbox-faults")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void injectFaults(@AuthenticationPrincipal SignedInUser user, @PathVariable String channelId, JsonBody body) {
		JsonNode code = body.json().path("error_code");
		if (!code.isNumber()) {
			throw ApiException.missing("error_code");
		}
		this.console.injectFaults(user, channelId, code.asInt(), body.json().path("count").asInt(1));
	}

	@GetMapping("/channels/{channelId}/webhook")
	Console.WebhookLog webhook(@AuthenticationPrincipal SignedInUser user, @PathVariable String channelId) {
		return this.console.webhookLog(user, channelId);
	}

	@PostMapping("/channels/{channelId}/webhook/events/{eventId}/replay")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void replay(@AuthenticationPrincipal SignedInUser user, @PathVariable String channelId,
			@PathVariable String eventId) {
		this.console.replay(user, channelId, eventId);
	}

	@GetMapping("/channels/{channelId}/templates")
	Map<String, List<TemplatePicker.TemplateChoice>> templates(@AuthenticationPrincipal SignedInUser user,
			@PathVariable String channelId) {
		return Map.of("templates", this.console.templates(user, channelId));
	}

	private static Map<String, Object> keyAnswer(IssuedApiKey key) {
		return Map.of("api_key", key.apiKey(), "api_key_info", key.info());
	}

	private static NewChannel newChannel(JsonNode json) {
		Map<String, String> credentials = new LinkedHashMap<>();
		for (String name : List.of("access_token", "app_secret", "verify_token")) {
			String value = json.path(name).asString("");
			if (!value.isBlank()) {
				credentials.put(name, value);
			}
		}
		return new NewChannel(text(json, "phone_number"), json.path("provider").asString("sandbox"),
				optional(json, "phone_number_id"), optional(json, "waba_id"),
				json.path("throughput_mps").isNumber() ? json.path("throughput_mps").asInt() : null,
				optional(json, "window_policy"), credentials);
	}

	private static String text(JsonNode json, String field) {
		String value = json.path(field).asString("");
		if (value.isBlank()) {
			throw ApiException.missing(field);
		}
		return value;
	}

	private static @Nullable String optional(JsonNode json, String field) {
		String value = json.path(field).asString("");
		return value.isBlank() ? null : value;
	}

}
