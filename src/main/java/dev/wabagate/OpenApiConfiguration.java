package dev.wabagate;

import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springdoc.core.utils.SpringDocUtils;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.JsonBody;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the OpenAPI document tell the truth about our custom parameters: the
 * authenticated {@link Channel} comes from the API key, and a {@link JsonBody} is a JSON
 * request body accepted with any Content-Type.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** Documents itself, in Meta's terms (its own group, errors and security). */
	private static final String CLOUD_API_PACKAGE = "dev.wabagate.cloudapi";

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Channel.class, JsonBody.class);
	}

	@Bean
	OpenAPI wabagateOpenApi() {
		Schema<?> problem = new ObjectSchema().description(
				"RFC 9457 problem JSON with the On-Premises errors array: type, title, status, detail, instance, "
						+ "errors[{code, title, details, field, rule, limit}], meta{api_status, version, http_code, success}");
		return new OpenAPI().info(new Info().title("Wabagate API")
			.version("0.1")
			.description("WhatsApp Business API gateway: the 360dialog v1 / On-Premises style API of the seed "
					+ "documentation. Business endpoints take the channel's API key in API-KEY, D360-API-KEY or "
					+ "Authorization: Bearer (and the 'API Key' query parameter); /admin/v1 takes the operator token."))
			.components(new Components().addSecuritySchemes("API-KEY",
					new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("API-KEY"))
				.addSecuritySchemes("D360-API-KEY",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("D360-API-KEY"))
				.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
				.addSecuritySchemes("operator", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
				.addSchemas("Problem", problem));
	}

	/**
	 * The v1 and admin API; the Cloud API's Graph paths are their own group
	 * ({@code cloudapi}). {@code /v3/api-docs} still describes both.
	 */
	@Bean
	GroupedOpenApi wabagateGroup() {
		return GroupedOpenApi.builder()
			.group("wabagate")
			.displayName("Wabagate API (v1, admin)")
			.packagesToExclude(CLOUD_API_PACKAGE)
			.build();
	}

	@Bean
	OperationCustomizer businessApiConventions() {
		return (operation, handler) -> {
			if (handler.getBeanType().getPackageName().equals(CLOUD_API_PACKAGE)) {
				return operation;
			}
			List<Class<?>> parameterTypes = Arrays.asList(handler.getMethod().getParameterTypes());
			if (parameterTypes.contains(JsonBody.class) && operation.getRequestBody() == null) {
				operation.setRequestBody(new RequestBody().required(false)
					.description("JSON, read whatever the Content-Type says (curl --data sends a form type). "
							+ "Trailing commas are accepted; duplicate keys and syntax errors are refused.")
					.content(new Content().addMediaType("application/json",
							new MediaType().schema(new ObjectSchema()))));
			}
			if (parameterTypes.contains(Channel.class)) {
				operation.addSecurityItem(new SecurityRequirement().addList("API-KEY"))
					.addSecurityItem(new SecurityRequirement().addList("D360-API-KEY"))
					.addSecurityItem(new SecurityRequirement().addList("bearer"));
				addProblem(operation, "401", "Missing or invalid API key");
				addProblem(operation, "429", "Too many requests for this key (Retry-After says when to retry)");
			}
			addProblem(operation, "400", "Invalid request: each error names the field, the rule and the limit");
			addProblem(operation, "404", "Not found (another account's resources are never visible)");
			return operation;
		};
	}

	private static void addProblem(Operation operation, String status, String description) {
		if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
			operation.getResponses()
				.addApiResponse(status,
						new ApiResponse().description(description)
							.content(new Content().addMediaType("application/problem+json",
									new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
		}
	}

}
