package dev.wabagate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.JsonEdits;
import dev.wabagate.support.PostgresGatewayTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutates every field of a valid request to each JSON-body endpoint (removed, replaced by
 * a number, an object, a long string, or text holding NUL or another control character)
 * and checks the manners of every answer: never a 5xx, every {@code errors[].field} a
 * path without spaces, and a control character refused as a 400 naming its field. On
 * PostgreSQL, which cannot store NUL in text.
 */
class RefusalsNameFieldPathsTests extends PostgresGatewayTest {

	private static final String CUSTOMER = "919999999999";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Map<String, Function<JsonNode, JsonNode>> MUTATIONS = Map.of("removed", (value) -> null,
			"number", (value) -> NODES.numberNode(5), "object", (value) -> NODES.objectNode(), "long text",
			(value) -> JsonEdits.text(70_000), "NUL", (value) -> NODES.stringNode(text(value) + "\u0000x"), "BEL",
			(value) -> NODES.stringNode(text(value) + "\u0007"));

	private TestChannel channel;

	private int checked;

	@BeforeEach
	void channelWithACustomer() {
		this.channel = gateway().newSandboxChannel();
		gateway().customerWrites(this.channel, CUSTOMER);
	}

	@Test
	void everyRefusalNamesAFieldPathAndNoneIsA5xx() {
		String customField = gateway()
			.curlData("POST", "/crm/setting/custom-field", this.channel.apiKey(),
					"{\"name\":\"Tier\",\"type\":\"text\"}")
			.json()
			.get("data")
			.get("id")
			.asString();
		String chatId = gateway().get("/crm/chats", this.channel.apiKey())
			.json()
			.get("data")
			.get(0)
			.get("id")
			.asString();

		mutateEveryField("POST", "/v1/messages", "{'to':'" + CUSTOMER + "','type':'text','text':{'body':'Hello'}}");
		mutateEveryField("POST", "/v1/messages",
				"{'to':'" + CUSTOMER + "','type':'interactive','interactive':{'type':'button','body':{'text':'Pick'},"
						+ "'action':{'buttons':[{'type':'reply','reply':{'id':'a','title':'A'}}]}}}");
		mutateEveryField("POST", "/v1/configs/templates",
				"{'name':'order_update','language':'en_US','category':'UTILITY','components':[{'type':'BODY',"
						+ "'text':'Hello {{1}}, it ships.','example':{'body_text':[['Ann']]}},"
						+ "{'type':'FOOTER','text':'Thanks'}]}");
		mutateEveryField("POST", "/v1/settings/business/profile",
				"{'address':'1 Main St','description':'We sell','email':'shop@example.com','vertical':'RETAIL',"
						+ "'websites':['https://example.com']}");
		mutateEveryField("PATCH", "/v1/settings/profile/about", "{'text':'Open daily'}");
		mutateEveryField("POST", "/v1/settings/business/compliance_info",
				"{'entity_name':'Acme','entity_type':'OTHER','entity_type_custom':'Guild','is_registered':true,"
						+ "'grievance_officer_details':{'name':'A B','email':'a@b.in','mobile_number':'+919876543210'},"
						+ "'customer_care_details':{'email':'c@d.in','landline_number':'+911234567890'}}");
		mutateEveryField("POST", "/crm/setting/custom-field",
				"{'name':'Plan','type':'text','description':'Paid plan'}");
		mutateEveryField("POST", "/crm/chat/setting/" + chatId + "/custom-field",
				"{'data':[{'id':'" + customField + "','value':'gold'}]}");
		mutateEveryField("POST", "/v1/configs/webhook",
				"{'url':'https://127.0.0.1:9/hook','headers':{'X-Team':'a'},'max_events_per_request':5}");
		mutateEveryField("POST", "/v1/sandbox/customer-messages",
				"{'from':'" + CUSTOMER + "','type':'text','text':{'body':'hi'},'profile_name':'Ann'}");

		assertThat(this.checked).as("mutated requests").isGreaterThan(250);
	}

	@Test
	void controlCharactersInPathsQueriesAndOperatorBodiesAreRefusedToo() {
		assertThat(gateway().get("/v1/messages/msg_%00x", this.channel.apiKey()).status()).isBetween(400, 499);
		assertThat(gateway().get("/crm/chats?wa_id=%00", this.channel.apiKey()).status()).isLessThan(500);
		Response account = gateway().admin("POST", "/admin/v1/accounts",
				"{\"name\":\"Nul\\u0000\",\"phone_number\":\"+15550009999\",\"provider\":\"sandbox\"}");
		assertThat(account.status()).as(account.toString()).isEqualTo(400);
		assertThat(account.json().at("/errors/0/field").asString()).isEqualTo("name");
	}

	private void mutateEveryField(String method, String path, String valid) {
		for (String field : leafPaths(JsonEdits.json(valid), "")) {
			MUTATIONS.forEach((name, mutation) -> {
				JsonNode body = JsonEdits.json(valid);
				JsonNode mutated = JsonEdits.with(body, field, mutation.apply(value(JsonEdits.json(valid), field)));
				Response response = send(method, path, mutated.toString());
				String shown = response.toString();
				String what = method + " " + path + " with " + field + " " + name + ": "
						+ ((shown.length() > 600) ? shown.substring(0, 600) + "..." : shown);
				assertThat(response.status()).as(what).isLessThan(500);
				for (JsonNode error : response.json().path("errors")) {
					assertThat(error.path("field").asString("")).as(what).doesNotContainPattern("\\s");
				}
				if (name.equals("NUL") || name.equals("BEL")) {
					assertThat(response.status()).as(what).isEqualTo(400);
					assertThat(response.json().path("errors").valueStream()).as(what)
						.anyMatch((error) -> field.equals(error.path("field").asString(""))
								&& "control_character".equals(error.path("rule").asString("")));
				}
				this.checked++;
			});
		}
	}

	private Response send(String method, String path, String body) {
		return gateway().curlData(method, path, this.channel.apiKey(), body);
	}

	/** The paths of every value that is no object or array, e.g. {@code data[0].id}. */
	private static List<String> leafPaths(JsonNode node, String path) {
		List<String> paths = new ArrayList<>();
		if (node.isObject()) {
			for (String name : node.propertyNames()) {
				paths.addAll(leafPaths(node.get(name), path.isEmpty() ? name : path + "." + name));
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				paths.addAll(leafPaths(node.get(i), path + "[" + i + "]"));
			}
		}
		else {
			paths.add(path);
		}
		return paths;
	}

	private static JsonNode value(JsonNode body, String path) {
		JsonNode node = body;
		for (String step : path.replace("[", ".[").split("\\.")) {
			node = step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1)))
					: node.get(step);
		}
		return node;
	}

	private static String text(JsonNode value) {
		return value.isString() ? value.stringValue() : value.toString();
	}

}
