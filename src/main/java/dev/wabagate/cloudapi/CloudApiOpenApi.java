package dev.wabagate.cloudapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.models.GroupedOpenApi;

import dev.wabagate.accounts.AuthenticatedByApiKey;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Cloud API as its own OpenAPI group ({@code /v3/api-docs/cloud-api}): each path once
 * with its version segment, which every operation declares as a parameter.
 */
@Configuration(proxyBeanMethods = false)
class CloudApiOpenApi {

	@Bean
	GroupedOpenApi cloudApiGroup() {
		return GroupedOpenApi.builder()
			.group("cloud-api")
			.displayName("Cloud API (Graph paths, Meta's SDKs)")
			.packagesToScan(GraphRoutes.PACKAGE)
			.addOpenApiCustomizer((openApi) -> {
				openApi.getInfo()
					.description("Meta's WhatsApp Cloud API dialect: the Graph paths with a v<major>.<minor> "
							+ "segment (any version; also served without one), the channel's API key as "
							+ "'Authorization: Bearer' (or D360-API-KEY), and Meta's {\"error\": {...}} bodies. "
							+ "See docs/cloud-api.md.");
				openApi.getPaths()
					.entrySet()
					.removeIf((path) -> !path.getKey().startsWith("/{version}")
							&& !path.getKey().startsWith(MediaUrls.PATH));
				openApi.getPaths()
					.entrySet()
					.stream()
					.filter((path) -> path.getKey().startsWith("/{version}"))
					.forEach((path) -> path.getValue()
						.readOperations()
						.forEach((operation) -> operation.addParametersItem(new Parameter().in("path")
							.name("version")
							.required(true)
							.description("Graph API version, e.g. v23.0 (any v<major>.<minor>); the path also works "
									+ "without it")
							.schema(new StringSchema().pattern("v\\d+\\.\\d+")))));
			})
			.addOperationCustomizer((operation, handler) -> {
				if (handler.getBeanType().isAnnotationPresent(AuthenticatedByApiKey.class)) {
					operation.addSecurityItem(new SecurityRequirement().addList("bearer"))
						.addSecurityItem(new SecurityRequirement().addList("D360-API-KEY"));
					addError(operation, "401", "Missing or invalid key: code 190, OAuthException");
				}
				addError(operation, "400", "Invalid request: Meta's code (131008, 131009, 132001, ...), "
						+ "error_data.details names the field and the rule");
				addError(operation, "404", "Unknown object or another channel's id: code 100, error_subcode 33");
				return operation;
			})
			.build();
	}

	private static void addError(Operation operation, String status, String description) {
		if (!operation.getResponses().containsKey(status)) {
			operation.getResponses()
				.addApiResponse(status,
						new ApiResponse().description(description)
							.content(new Content().addMediaType("application/json",
									new MediaType().schema(new ObjectSchema()
										.description("{\"error\": {message, type, code, error_subcode, error_data: "
												+ "{messaging_product, details}, fbtrace_id}}")))));
		}
	}

}
