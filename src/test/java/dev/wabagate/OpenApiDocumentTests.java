package dev.wabagate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.H2GatewayTest;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentTests extends H2GatewayTest {

	@Test
	void describesTheApiWithoutInventingParametersAndServesSwaggerUi() {
		JsonNode document = gateway().request(gateway().to("/v3/api-docs").GET()).json();
		JsonNode send = document.get("paths").get("/v1/messages").get("post");

		assertThat(document.get("openapi").asString()).startsWith("3.1");
		assertThat(send.get("requestBody")).isNotNull();
		assertThat(send.get("responses").propertyNames()).containsExactlyInAnyOrder("201", "409", "422", "400", "401",
				"404", "429");
		assertThat(send.get("responses").get("201").get("content").has("application/json")).isTrue();
		assertThat(send.get("responses").get("409").get("content").has("application/problem+json")).isTrue();
		assertThat(send.get("responses").get("422").get("content").has("application/problem+json")).isTrue();
		assertThat(document.get("paths").properties()).allSatisfy((path) -> path.getValue()
			.properties()
			.forEach((operation) -> assertThat(
					operation.getValue().path("parameters").valueStream().map((p) -> p.get("name").asString()))
				.doesNotContain("channel", "body")));
		var docs = gateway().request(gateway().to("/docs").GET());
		assertThat(docs.status()).isEqualTo(302);
		String swaggerUi = docs.headers().firstValue("Location").orElseThrow();
		assertThat(gateway().request(gateway().to(swaggerUi.replaceFirst("^https?://[^/]+", "")).GET()).status())
			.isEqualTo(200);
	}

	@Test
	void theCloudApiIsItsOwnGroupWithItsVersionSegment() {
		JsonNode cloud = gateway().request(gateway().to("/v3/api-docs/cloud-api").GET()).json();
		JsonNode wabagate = gateway().request(gateway().to("/v3/api-docs/wabagate").GET()).json();

		JsonNode send = cloud.get("paths").get("/{version}/{phoneNumberId}/messages").get("post");
		assertThat(send.get("parameters").valueStream().map((p) -> p.get("name").asString())).contains("version",
				"phoneNumberId");
		assertThat(send.get("responses").get("401").get("content").has("application/json")).isTrue();
		assertThat(cloud.get("paths").has("/v1/messages")).isFalse();
		assertThat(cloud.get("paths").has("/{phoneNumberId}/messages")).isFalse();
		assertThat(wabagate.get("paths").has("/v1/messages")).isTrue();
		assertThat(wabagate.get("paths").has("/{version}/{phoneNumberId}/messages")).isFalse();
	}

}
