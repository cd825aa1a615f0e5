package dev.wabagate.profile;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiMeta;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Compliance", description = "India compliance info (business_compliance_info)")
class ComplianceController {

	private final ComplianceInfo compliance;

	ComplianceController(ComplianceInfo compliance) {
		this.compliance = compliance;
	}

	@Operation(summary = "Read, or update when a body is sent",
			description = "Without a body: {\"data\":[{...}]} (empty when never set). The seed's 'Update Compliance "
					+ "Info' is a GET with a body: such a GET updates, exactly like POST.")
	@GetMapping("/v1/settings/business/compliance_info")
	Map<String, Object> read(Channel channel, JsonBody body) {
		if (!body.isEmpty()) {
			return update(channel, body);
		}
		return Map.of("data", this.compliance.find(channel).map(List::of).orElse(List.of()));
	}

	@Operation(summary = "Update the compliance info", description = "Every violated rule is listed in one 400.")
	@PostMapping("/v1/settings/business/compliance_info")
	Map<String, Object> update(Channel channel, JsonBody body) {
		this.compliance.update(channel, body.json());
		return Map.of("success", true, "meta", ApiMeta.of(HttpStatus.OK));
	}

}
