package dev.wabagate.messaging.validation;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.support.JsonEdits;

/**
 * Valid send requests of every kind, and edits of them, so each test changes exactly one
 * thing and expects exactly one violation. JSON is written with single quotes for
 * readability.
 */
final class Messages {

	private static final String TO = "'to':'919999999999'";

	private static final Map<String, String> VALID = Map.ofEntries(
			Map.entry("text", "{" + TO + ",'type':'text','text':{'body':'Hello','preview_url':true}}"),
			Map.entry("image",
					"{" + TO + ",'type':'image','image':{'link':'https://example.com/a.jpg','caption':'Look'}}"),
			Map.entry("video", "{" + TO + ",'type':'video','video':{'id':'1234','caption':'Watch'}}"),
			Map.entry("audio", "{" + TO + ",'type':'audio','audio':{'id':'1234'}}"),
			Map.entry("document",
					"{" + TO + ",'type':'document','document':{'link':'https://example.com/a.pdf',"
							+ "'filename':'a.pdf','caption':'Read'}}"),
			Map.entry("sticker", "{" + TO + ",'type':'sticker','sticker':{'link':'https://example.com/s.webp'}}"),
			Map.entry("location",
					"{" + TO + ",'type':'location','location':{'latitude':'12.9716','longitude':77.5946,"
							+ "'name':'Office','address':'MG Road'}}"),
			Map.entry("contacts",
					"{" + TO + ",'type':'contacts','contacts':[{"
							+ "'name':{'formatted_name':'Jane Doe','first_name':'Jane'},'birthday':'1990-02-28',"
							+ "'phones':[{'phone':'+1 650 555 1234','type':'WORK','wa_id':'16505551234'}],"
							+ "'emails':[{'email':'jane@example.com','type':'WORK'}],"
							+ "'urls':[{'url':'https://example.com','type':'WORK'}],"
							+ "'addresses':[{'city':'Menlo Park','country_code':'US','type':'WORK'}],"
							+ "'org':{'company':'Acme','title':'CTO'}}]}"),
			Map.entry("reaction", "{" + TO + ",'type':'reaction','reaction':{'message_id':'wamid.A1','emoji':'😀'}}"),
			Map.entry("list", "{" + TO + ",'type':'interactive','interactive':{'type':'list',"
					+ "'header':{'type':'text','text':'Menu'},'body':{'text':'Pick one'},'footer':{'text':'Thanks'},"
					+ "'action':{'button':'Choose','sections':["
					+ "{'title':'Starters','rows':[{'id':'a1','title':'Soup','description':'Hot'},{'id':'a2','title':'Salad'}]},"
					+ "{'title':'Mains','rows':[{'id':'b1','title':'Curry'}]}]}}}"),
			Map.entry("button", "{" + TO + ",'type':'interactive','interactive':{'type':'button',"
					+ "'header':{'type':'image','image':{'link':'https://example.com/h.png'}},"
					+ "'body':{'text':'Confirm?'},'footer':{'text':'Thanks'},'action':{'buttons':["
					+ "{'type':'reply','reply':{'id':'yes','title':'Yes’s'}},{'type':'reply','reply':{'id':'no','title':'No'}}]}}}"),
			Map.entry("cta_url", "{" + TO + ",'type':'interactive','interactive':{'type':'cta_url',"
					+ "'header':{'type':'text','text':'Offer'},'body':{'text':'See the offer'},'footer':{'text':'Thanks'},"
					+ "'action':{'name':'cta_url','parameters':{'display_text':'Open','url':'https://example.com/o'}}}}"),
			Map.entry("template", "{" + TO + ",'type':'template','template':{'namespace':'ns_1',"
					+ "'name':'order_confirmation','language':{'code':'en_US','policy':'deterministic'},'components':["
					+ "{'type':'header','parameters':[{'type':'image','image':{'link':'https://example.com/h.png'}}]},"
					+ "{'type':'body','parameters':[{'type':'text','text':'Jessica'},"
					+ "{'type':'currency','currency':{'fallback_value':'$100.99','code':'USD','amount_1000':100990}},"
					+ "{'type':'date_time','date_time':{'fallback_value':'February 25, 1977'}}]},"
					+ "{'type':'button','sub_type':'quick_reply','index':'0','parameters':[{'type':'payload','payload':'P1'}]},"
					+ "{'type':'button','sub_type':'url','index':'1','parameters':[{'type':'text','text':'suffix-123'}]}]}}"));

	private Messages() {
	}

	/** A fresh valid request of the given kind (a message type or interactive type). */
	static ObjectNode valid(String kind) {
		return (ObjectNode) json(VALID.get(kind));
	}

	/** Parses JSON written with single quotes instead of double quotes. */
	static JsonNode json(String singleQuoted) {
		return JsonEdits.json(singleQuoted);
	}

	/** Sets the value at {@code path}, or removes it when {@code value} is null. */
	static ObjectNode with(ObjectNode message, String path, @Nullable JsonNode value) {
		return JsonEdits.with(message, path, value);
	}

	/** A JSON string of {@code length} code points. */
	static JsonNode text(int length) {
		return JsonEdits.text(length);
	}

}
