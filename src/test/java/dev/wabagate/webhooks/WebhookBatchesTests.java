package dev.wabagate.webhooks;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.webhooks.WebhookBatches.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which events share a request, and the request's webhook-id. */
class WebhookBatchesTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void statusesAndPairedCustomerMessagesShareBodiesAndAnythingElseTravelsAlone() {
		assertThat(kind("messages", "{\"statuses\":[{\"id\":\"msg_1\",\"status\":\"read\"}]}"))
			.isEqualTo(Kind.STATUSES);
		assertThat(kind("messages", "{\"contacts\":[{\"wa_id\":\"9199\"}],\"messages\":[{\"id\":\"wamid.1\"}]}"))
			.isEqualTo(Kind.INBOUND);
		// A system message has no contact: concatenated, contacts[i] would no longer be
		// messages[i]'s.
		assertThat(kind("messages", "{\"messages\":[{\"id\":\"wamid.1\",\"type\":\"system\"}]}")).isEqualTo(Kind.ALONE);
		assertThat(kind("messages", "{\"statuses\":[{}],\"errors\":[{\"code\":131000}]}")).isEqualTo(Kind.ALONE);
		assertThat(kind("messages", "{\"statuses\":[{}],\"metadata\":{}}")).isEqualTo(Kind.ALONE);
		assertThat(kind("messages", "{\"statuses\":{}}")).isEqualTo(Kind.ALONE);
		assertThat(kind("message_template_status_update", "{\"statuses\":[{}]}")).isEqualTo(Kind.ALONE);
	}

	@Test
	void eventsOfAKindAreSpreadEvenlyOverAsFewRequestsAsHoldThem() {
		List<String> statuses = IntStream.range(0, 101).mapToObj((i) -> "s" + i).toList();

		List<List<String>> requests = WebhookBatches.requests(statuses, (e) -> Kind.STATUSES, 100);

		assertThat(requests).extracting(List::size).containsExactly(51, 50);
		assertThat(requests.stream().flatMap(List::stream)).containsExactlyElementsOf(statuses);
		assertThat(WebhookBatches.requests(statuses.subList(0, 7), (e) -> Kind.STATUSES, 3)).extracting(List::size)
			.containsExactly(3, 2, 2);
	}

	@Test
	void kindsGoInSeparateRequestsAndLoneEventsOneToARequest() {
		List<String> events = List.of("status-1", "inbound-1", "template-1", "status-2", "inbound-2", "template-2");

		List<List<String>> requests = WebhookBatches.requests(events, WebhookBatchesTests::kindOfName, 10);

		assertThat(requests).containsExactly(List.of("template-1"), List.of("template-2"),
				List.of("status-1", "status-2"), List.of("inbound-1", "inbound-2"));
	}

	@Test
	void atOneEventPerRequestEveryEventHasItsOwnRequest() {
		List<String> events = List.of("status-1", "status-2", "inbound-1");

		assertThat(WebhookBatches.requests(events, WebhookBatchesTests::kindOfName, 1))
			.containsExactly(List.of("status-1"), List.of("status-2"), List.of("inbound-1"));
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookBatches.requests(events, (e) -> Kind.ALONE, 0));
	}

	@Test
	void aLoneEventKeepsItsIdAndABatchsIdDependsOnItsEventsAloneNotTheirOrder() {
		assertThat(WebhookBatches.webhookId(List.of("evt_1"))).isEqualTo("evt_1");

		String batch = WebhookBatches.webhookId(List.of("evt_1", "evt_2", "evt_3"));

		assertThat(batch).matches("batch_[0-9a-f]{32}");
		assertThat(WebhookBatches.webhookId(List.of("evt_3", "evt_1", "evt_2"))).isEqualTo(batch);
		assertThat(WebhookBatches.webhookId(List.of("evt_1", "evt_2"))).isNotEqualTo(batch);
		// Ids are separated, so two sets never hash the same characters.
		assertThat(WebhookBatches.webhookId(List.of("evt_1", "evt_23")))
			.isNotEqualTo(WebhookBatches.webhookId(List.of("evt_12", "evt_3")));
	}

	private Kind kind(String field, String value) {
		JsonNode node = this.json.readTree(value);
		return WebhookBatches.kind(field, node);
	}

	private static Kind kindOfName(String event) {
		return event.startsWith("status") ? Kind.STATUSES : event.startsWith("inbound") ? Kind.INBOUND : Kind.ALONE;
	}

}
