package dev.wabagate.upstream.meta;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The callback URL to register in Meta's App Dashboard. It sits outside the API-key
 * paths: Meta proves itself with the verify token (GET) and the app secret's signature
 * (POST).
 */
@RestController
@RequestMapping("/upstream/meta/webhook")
@Tag(name = "Meta webhook", description = "Where Meta's WhatsApp Cloud API reports statuses and customer messages")
class MetaWebhookController {

	private final MetaWebhookIntake intake;

	MetaWebhookController(MetaWebhookIntake intake) {
		this.intake = intake;
	}

	@Operation(summary = "Meta's webhook verification",
			description = "Answers hub.challenge as plain text when hub.mode is subscribe and hub.verify_token is the "
					+ "global wabagate.meta.verify-token or some meta channel's credentials.verify_token; 403 otherwise.")
	@GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) @Nullable String mode,
			@RequestParam(name = "hub.verify_token", required = false) @Nullable String verifyToken,
			@RequestParam(name = "hub.challenge", required = false) @Nullable String challenge) {
		if ("subscribe".equals(mode) && verifyToken != null && challenge != null
				&& this.intake.isOurVerifyToken(verifyToken)) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
		}
		return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
	}

	@Operation(summary = "Meta reports statuses, customer messages and template reviews",
			description = "Signed with X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret): 401 "
					+ "without a valid signature. 200 once taken in (in one transaction; redeliveries are "
					+ "idempotent). A status that arrives before Wabagate recorded its wamid is kept and applied "
					+ "when it is. Customers' files are downloaded first; when Meta cannot hand one over, the answer is 503 and "
					+ "Meta redelivers.")
	@PostMapping
	ResponseEntity<Void> receive(@RequestBody byte[] body,
			@RequestHeader(name = WebhookSignature.HEADER, required = false) @Nullable String signature) {
		HttpStatus status = switch (this.intake.receive(body, signature)) {
			case DONE -> HttpStatus.OK;
			case UNAUTHENTIC -> HttpStatus.UNAUTHORIZED;
			case MALFORMED -> HttpStatus.BAD_REQUEST;
			case RETRY_LATER -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		return ResponseEntity.status(status).build();
	}

}
