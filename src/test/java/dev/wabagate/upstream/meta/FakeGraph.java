package dev.wabagate.upstream.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful fake of Meta's Graph API on loopback. It sends messages (fresh wamids),
 * marks them read, keeps media (uploaded by the gateway or sent by a "customer") and
 * serves their bytes to a bearer of the token, keeps templates, each number's business
 * profile and compliance info, and files sent through the Resumable Upload API, unless an
 * id (phone-number, WABA or media id) has scripted answers (errors, Retry-After, delays,
 * held answers). Every Graph request is recorded and checked against Meta's OpenAPI
 * document ({@link GraphSpec}); one that violates it is answered 400 and kept in
 * {@link #violations()}, which the tests assert to be empty.
 */
final class FakeGraph {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern GRAPH_PATH = Pattern.compile("/v23\\.0/([^/?]+)(/[^?]*)?");

	private static final Pattern DOWNLOAD_PATH = Pattern.compile("/whatsapp_business/attachments/([^/]+)");

	private static final AtomicLong IDS = new AtomicLong(1_000_000_000_000L);

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();

	private final Map<String, Media> media = new ConcurrentHashMap<>();

	private final Map<Request, String> uploads = new ConcurrentHashMap<>();

	private final Map<String, String[]> numberRatings = new ConcurrentHashMap<>();

	/** Each number's business profile, as Meta answers it. */
	private final Map<String, ObjectNode> profiles = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> complianceInfo = new ConcurrentHashMap<>();

	/** Open Resumable Upload sessions by their id ({@code upload:...}). */
	private final Map<String, UploadSession> uploadSessions = new ConcurrentHashMap<>();

	/** The file each number shows as its profile picture. */
	private final Map<String, ResumableUpload> pictures = new ConcurrentHashMap<>();

	/** Files sent through the Resumable Upload API, by their handle. */
	private final Map<String, ResumableUpload> handles = new ConcurrentHashMap<>();

	/** Each WABA's templates, oldest first. */
	private final Map<String, List<Template>> templates = new ConcurrentHashMap<>();

	private FakeGraph(HttpServer server) {
		this.server = server;
	}

	static FakeGraph start() {
		// Loading and compiling Meta's document takes seconds: not within a send's
		// timeout.
		GraphSpec.get()
			.violations("POST", "/v23.0/1/messages", null,
					Map.of("authorization", "Bearer x", "content-type", "application/json"),
					"{}".getBytes(StandardCharsets.UTF_8));
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
			FakeGraph graph = new FakeGraph(server);
			server.createContext("/", graph::handle);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return graph;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * The next request naming this id (a phone-number id, WABA id or media id, the first
	 * path segment after the version) gets this answer instead of the fake's own.
	 */
	void answerNext(String id, Answer answer) {
		this.scripts.computeIfAbsent(id, (key) -> new ConcurrentLinkedDeque<>()).add(answer);
	}

	/**
	 * The next request of this method naming this id gets this answer (a change that
	 * reads first, say).
	 */
	void answerNext(String method, String id, Answer answer) {
		answerNext(method + " " + id, answer);
	}

	/** The requests naming this id (the first path segment after the version). */
	List<Request> requestsFor(String id) {
		return this.requests.stream().filter((r) -> id.equals(r.graphId())).toList();
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** The requests that broke Meta's OpenAPI document, and how; cleared by reading. */
	List<String> takeViolations() {
		List<String> taken = List.copyOf(this.violations);
		this.violations.removeAll(taken);
		return taken;
	}

	/**
	 * A customer sent this file to the phone number: Meta keeps it under a media id the
	 * webhook names.
	 */
	String customerSent(String phoneNumberId, String mimeType, byte[] content) {
		String id = String.valueOf(IDS.incrementAndGet());
		this.media.put(id, new Media(id, phoneNumberId, mimeType, content, null));
		return id;
	}

	@Nullable Media media(String id) {
		return this.media.get(id);
	}

	/** The media id the fake gave in answer to this upload request. */
	String uploadedIdFor(Request upload) {
		return this.uploads.get(upload);
	}

	/** Forgets a media id, as Meta does 30 days after an upload. */
	void expire(String mediaId) {
		this.media.remove(mediaId);
	}

	/** A template made in WhatsApp Manager: Wabagate has not heard of it. */
	Template addTemplate(String wabaId, String name, String language, String category, String status,
			String components) {
		Template template = new Template(String.valueOf(IDS.incrementAndGet()), name, language, category, status,
				JSON.readTree(components));
		templatesOf(wabaId).add(template);
		return template;
	}

	/**
	 * Meta's review decides: the template's status changes (the webhook is the test's to
	 * send).
	 */
	Template review(String wabaId, String name, String status) {
		return change(wabaId, name, status, null);
	}

	/** Meta moves a template to another category (the webhook is the test's to send). */
	Template recategorise(String wabaId, String name, String category) {
		return change(wabaId, name, null, category);
	}

	private Template change(String wabaId, String name, @Nullable String status, @Nullable String category) {
		List<Template> all = templatesOf(wabaId);
		Template before = all.stream()
			.filter((t) -> t.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Template " + name + " never reached Meta"));
		Template after = new Template(before.id(), before.name(), before.language(),
				(category != null) ? category : before.category(), (status != null) ? status : before.status(),
				before.components());
		all.set(all.indexOf(before), after);
		return after;
	}

	List<Template> templates(String wabaId) {
		return List.copyOf(templatesOf(wabaId));
	}

	private List<Template> templatesOf(String wabaId) {
		return this.templates.computeIfAbsent(wabaId, (id) -> new CopyOnWriteArrayList<>());
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		String path = exchange.getRequestURI().getRawPath();
		String query = exchange.getRequestURI().getRawQuery();
		Map<String, String> headers = new HashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
		Matcher graph = GRAPH_PATH.matcher(path);
		String graphId = graph.matches() ? graph.group(1) : null;
		Request request = new Request(exchange.getRequestMethod(), path, query, headers.get("authorization"),
				new String(body, StandardCharsets.UTF_8), body, headers.get("content-type"), graphId);
		this.requests.add(request);
		Answer answer;
		if (graphId != null) {
			List<String> broken = GraphSpec.get().violations(request.method(), path, query, headers, body);
			if (!broken.isEmpty()) {
				this.violations.addAll(broken);
				answer = Answer.error(400, 100, "Request does not match Meta's OpenAPI document: " + broken);
			}
			else {
				answer = scripted(request.method() + " " + graphId).or(() -> scripted(graphId))
					.orElseGet(() -> graphAnswer(request, graph.group(2)));
			}
		}
		else {
			answer = download(request, path);
		}
		respond(exchange, answer);
	}

	private Optional<Answer> scripted(String id) {
		Deque<Answer> script = this.scripts.get(id);
		return Optional.ofNullable((script != null) ? script.poll() : null);
	}

	private Answer graphAnswer(Request request, @Nullable String edge) {
		String id = request.graphId();
		String route = request.method() + " " + ((edge == null) ? "" : edge);
		if (route.equals("POST ") && id.startsWith("upload:")) {
			return uploadFile(request);
		}
		return switch (route) {
			case "POST /uploads" -> openUploadSession(request);
			case "GET /whatsapp_business_profile" -> Answer.json(200, "{\"data\":[{\"business_profile\":"
					+ profileOf(id).deepCopy().put("messaging_product", "whatsapp") + "}]}");
			case "POST /whatsapp_business_profile" -> updateProfile(request);
			case "GET /business_compliance_info" -> complianceAnswer(id);
			case "POST /business_compliance_info" -> {
				this.complianceInfo.put(id, (ObjectNode) JSON.readTree(request.body()));
				yield Answer.json(200, "{\"success\":true}");
			}
			case "POST /messages" -> send(request);
			case "POST /media" -> upload(request);
			case "POST /message_templates" -> createTemplate(request);
			case "GET /message_templates" -> listTemplates(request);
			case "DELETE /message_templates" -> deleteTemplate(request);
			case "GET " -> node(request, id);
			default -> Answer.error(400, 100, "Unsupported request " + request.method() + " " + request.path());
		};
	}

	private Answer send(Request request) {
		JsonNode body = JSON.readTree(request.body());
		if ("read".equals(body.path("status").asString())) {
			return Answer.json(200, "{\"success\":true}");
		}
		return Answer.wamid(newWamid());
	}

	private Answer createTemplate(Request request) {
		JsonNode body = JSON.readTree(request.body());
		List<Template> existing = templatesOf(request.graphId());
		String name = body.path("name").asString();
		String language = body.path("language").asString();
		if (existing.stream().anyMatch((t) -> t.name().equals(name) && t.language().equals(language))) {
			return Answer.error(400, 100, "Message template already exists in this language");
		}
		Template template = new Template(String.valueOf(IDS.incrementAndGet()), name, language,
				body.path("category").asString(), "PENDING", body.path("components"));
		existing.add(template);
		return Answer.json(200, """
				{"id":"%s","status":"PENDING","category":"%s"}""".formatted(template.id(), template.category()));
	}

	/**
	 * Pages of {@code limit} with Meta's cursors: {@code after} is the last id of a page.
	 */
	private Answer listTemplates(Request request) {
		Map<String, String> query = query(request.query());
		int limit = Integer.parseInt(query.getOrDefault("limit", "25"));
		List<Template> all = templatesOf(request.graphId());
		int from = 0;
		if (query.containsKey("after")) {
			for (int i = 0; i < all.size(); i++) {
				if (all.get(i).id().equals(query.get("after"))) {
					from = i + 1;
				}
			}
		}
		List<Template> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
		StringBuilder data = new StringBuilder();
		for (Template template : page) {
			data.append((data.length() > 0) ? "," : "")
				.append("""
						{"id":"%s","name":"%s","language":"%s","category":"%s","status":"%s","components":%s}"""
					.formatted(template.id(), template.name(), template.language(), template.category(),
							template.status(), template.components()));
		}
		String paging = page.isEmpty() ? "" : """
				,"paging":{"cursors":{"before":"%s","after":"%s"}%s}"""
			.formatted(page.get(0).id(), page.get(page.size() - 1).id(), (from + limit < all.size())
					? ",\"next\":\"" + baseUrl() + request.path() + "?after=" + page.get(page.size() - 1).id() + "\""
					: "");
		return Answer.json(200, "{\"data\":[" + data + "]" + paging + "}");
	}

	private Answer deleteTemplate(Request request) {
		String name = query(request.query()).get("name");
		String hsmId = query(request.query()).get("hsm_id");
		List<Template> existing = templatesOf(request.graphId());
		List<Template> named = existing.stream()
			.filter((t) -> t.name().equals(name) && (hsmId == null || t.id().equals(hsmId)))
			.toList();
		if (named.isEmpty()) {
			return Answer.error(400, 100, "Invalid parameter: template " + name + " does not exist");
		}
		existing.removeAll(named);
		return Answer.json(200, "{\"success\":true}");
	}

	private static Map<String, String> query(@Nullable String query) {
		Map<String, String> parameters = new HashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					parameters.put(pair.substring(0, equals),
							URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
				}
			}
		}
		return parameters;
	}

	private Answer upload(Request request) {
		Multipart.Part file = Multipart.parse(request.contentType(), request.bytes()).get("file");
		if (file == null || file.contentType() == null) {
			return Answer.error(400, 100, "(#100) The parameter file is required");
		}
		String id = String.valueOf(IDS.incrementAndGet());
		this.media.put(id, new Media(id, request.graphId(), file.contentType(), file.content(), file.filename()));
		this.uploads.put(request, id);
		return Answer.json(200, "{\"id\":\"" + id + "\"}");
	}

	/** The business profile Meta shows for the number (without messaging_product). */
	ObjectNode profileOf(String phoneNumberId) {
		return this.profiles.computeIfAbsent(phoneNumberId, (id) -> JSON.createObjectNode());
	}

	/** The compliance info Meta holds for the number, if any. */
	@Nullable ObjectNode complianceInfoOf(String phoneNumberId) {
		return this.complianceInfo.get(phoneNumberId);
	}

	/** A file sent through the Resumable Upload API, by the handle the fake gave. */
	@Nullable ResumableUpload uploadedWithHandle(String handle) {
		return this.handles.get(handle);
	}

	/** The file the number shows as its profile picture, if any. */
	@Nullable ResumableUpload pictureOf(String phoneNumberId) {
		return this.pictures.get(phoneNumberId);
	}

	/**
	 * Fields as given, except {@code profile_picture_handle}: it must name a finished
	 * upload, whose picture then gets a URL.
	 */
	private Answer updateProfile(Request request) {
		ObjectNode changes = (ObjectNode) JSON.readTree(request.body());
		changes.remove("messaging_product");
		ObjectNode profile = profileOf(request.graphId());
		if (changes.has("profile_picture_handle")) {
			ResumableUpload picture = this.handles.get(changes.remove("profile_picture_handle").asString());
			if (picture == null) {
				return Answer.error(400, 100, "Invalid parameter: profile_picture_handle is not a valid upload handle");
			}
			profile.put("profile_picture_url", baseUrl() + "/pps/" + Math.abs(picture.sessionId().hashCode()) + ".jpg");
			this.pictures.put(request.graphId(), picture);
		}
		profile.setAll(changes);
		return Answer.json(200, "{\"success\":true}");
	}

	private Answer complianceAnswer(String phoneNumberId) {
		ObjectNode info = this.complianceInfo.get(phoneNumberId);
		if (info == null) {
			return Answer.json(200, "{\"data\":[]}");
		}
		return Answer.json(200, "{\"data\":[" + info.deepCopy().put("whatsapp_business_account_id", "1234") + "]}");
	}

	/** {@code POST /{app_id}/uploads?file_length=&file_type=}: a session for one file. */
	private Answer openUploadSession(Request request) {
		Map<String, String> query = query(request.query());
		String sessionId = "upload:" + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)) + "?sig=ARZfake";
		this.uploadSessions.put(sessionId.substring(0, sessionId.indexOf('?')), new UploadSession(sessionId,
				request.graphId(), Long.parseLong(query.get("file_length")), query.get("file_type")));
		return Answer.json(200, "{\"id\":\"" + sessionId + "\"}");
	}

	/** {@code POST /upload:...} with the whole file: its handle. */
	private Answer uploadFile(Request request) {
		UploadSession session = this.uploadSessions.remove(request.graphId());
		if (session == null) {
			return Answer.error(400, 100, "No upload session " + request.graphId());
		}
		if (session.fileLength() != request.bytes().length) {
			return Answer.error(400, 100,
					"The file has " + request.bytes().length + " bytes, the session announced " + session.fileLength());
		}
		String handle = "4:" + Base64.getEncoder().encodeToString(session.fileType().getBytes(StandardCharsets.UTF_8))
				+ ":" + UUID.randomUUID() + ":e:1767225600:" + session.appId();
		this.handles.put(handle,
				new ResumableUpload(session.sessionId(), session.appId(), session.fileType(), request.bytes()));
		return Answer.json(200, "{\"h\":\"" + handle + "\"}");
	}

	/** How Meta rates a number from now on. */
	void rateNumber(String phoneNumberId, String qualityRating, String messagingLimitTier) {
		this.numberRatings.put(phoneNumberId, new String[] { qualityRating, messagingLimitTier });
	}

	/**
	 * {@code GET /{id}}: a phone number's details (asked with fields), or a media
	 * object's URL.
	 */
	private Answer node(Request request, String id) {
		if (request.query() != null && request.query().contains("quality_rating")) {
			String[] rating = this.numberRatings.getOrDefault(id, new String[] { "GREEN", "TIER_1K" });
			return Answer.json(200, """
					{"display_phone_number":"+1 555-010-0000","verified_name":"Fake Business","quality_rating":"%s",
					 "messaging_limit_tier":"%s","name_status":"APPROVED","id":"%s"}""".formatted(rating[0], rating[1],
					id));
		}
		Media found = this.media.get(id);
		if (found == null) {
			return Answer.error(400, 100,
					"Unsupported get request. Object with ID '" + id + "' does not exist, cannot be loaded due to "
							+ "missing permissions, or does not support this operation");
		}
		return Answer.json(200, """
				{"messaging_product":"whatsapp","url":"%s/whatsapp_business/attachments/%s","mime_type":"%s",
				 "sha256":"%s","file_size":%d,"id":"%s"}""".formatted(baseUrl(), id, found.mimeType(),
				sha256(found.content()), found.content().length, id));
	}

	/** The media URL: only with the token, as Meta's CDN. */
	private Answer download(Request request, String path) {
		Matcher download = DOWNLOAD_PATH.matcher(path);
		if (!download.matches() || !"GET".equals(request.method())) {
			return Answer.error(404, 803, "Unknown path " + path);
		}
		Deque<Answer> script = this.scripts.get(download.group(1));
		Answer scripted = (script != null) ? script.poll() : null;
		if (scripted != null) {
			return scripted;
		}
		if (request.authorization() == null || !request.authorization().startsWith("Bearer ")) {
			return Answer.error(401, 190, "Invalid OAuth access token");
		}
		Media found = this.media.get(download.group(1));
		if (found == null) {
			return Answer.error(404, 100, "No such media");
		}
		return new Answer(200, found.content(), found.mimeType(), null, Duration.ZERO, null);
	}

	private static void respond(HttpExchange exchange, Answer answer) throws IOException {
		try {
			if (answer.hold() != null) {
				answer.hold().await(30, TimeUnit.SECONDS);
			}
			if (!answer.delay().isZero()) {
				Thread.sleep(answer.delay());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (answer.retryAfterSeconds() != null) {
			exchange.getResponseHeaders().add("Retry-After", String.valueOf(answer.retryAfterSeconds()));
		}
		exchange.getResponseHeaders().add("Content-Type", answer.contentType());
		try {
			exchange.sendResponseHeaders(answer.status(), answer.body().length);
			exchange.getResponseBody().write(answer.body());
		}
		catch (IOException ex) {
			// The gateway gave up waiting (a timeout test): nobody reads this answer.
		}
		finally {
			exchange.close();
		}
	}

	static String newWamid() {
		return "wamid.HBgLFAKE" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
	}

	static String sha256(byte[] content) {
		try {
			return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param graphId the first path segment after the version (a phone-number, WABA or
	 * media id), or null outside the Graph API (a media download)
	 */
	record Request(String method, String path, @Nullable String query, @Nullable String authorization, String body,
			byte[] bytes, @Nullable String contentType, @Nullable String graphId) {

		/** For the send tests: the id of the phone number a message was sent from. */
		@Nullable String phoneNumberId() {
			return this.path.endsWith("/messages") ? this.graphId : null;
		}

	}

	record UploadSession(String sessionId, String appId, long fileLength, String fileType) {
	}

	record ResumableUpload(String sessionId, String appId, String fileType, byte[] content) {
	}

	record Template(String id, String name, String language, String category, String status, JsonNode components) {
	}

	record Media(String id, String phoneNumberId, String mimeType, byte[] content, @Nullable String filename) {
	}

	/**
	 * @param hold when set, the answer waits until it is counted down (for "Meta was
	 * faster than us" tests)
	 */
	record Answer(int status, byte[] body, String contentType, @Nullable Integer retryAfterSeconds, Duration delay,
			@Nullable CountDownLatch hold) {

		static Answer json(int status, String body) {
			return new Answer(status, body.getBytes(StandardCharsets.UTF_8), "application/json", null, Duration.ZERO,
					null);
		}

		static Answer wamid(String wamid) {
			return json(200, """
					{"messaging_product":"whatsapp","contacts":[{"input":"+1","wa_id":"1"}],
					 "messages":[{"id":"%s"}]}""".formatted(wamid));
		}

		static Answer error(int httpStatus, int code, String title) {
			return json(httpStatus, """
					{"error":{"message":"(#%d) %s","type":"OAuthException","code":%d,
					 "error_data":{"messaging_product":"whatsapp","details":"Details of %d"},"fbtrace_id":"AbC"}}"""
				.formatted(code, title.replace("\"", "'"), code, code));
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		Answer retryAfter(int seconds) {
			return new Answer(this.status, this.body, this.contentType, seconds, this.delay, this.hold);
		}

		Answer after(Duration delay) {
			return new Answer(this.status, this.body, this.contentType, this.retryAfterSeconds, delay, this.hold);
		}

		Answer heldUntil(CountDownLatch release) {
			return new Answer(this.status, this.body, this.contentType, this.retryAfterSeconds, this.delay, release);
		}

	}

	/** Just enough of multipart/form-data to read the gateway's uploads. */
	static final class Multipart {

		record Part(String name, @Nullable String filename, @Nullable String contentType, byte[] content) {
		}

		static Map<String, Part> parse(@Nullable String contentType, byte[] body) {
			Map<String, Part> parts = new HashMap<>();
			Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?")
				.matcher((contentType != null) ? contentType : "");
			if (!boundary.find()) {
				return parts;
			}
			String text = new String(body, StandardCharsets.ISO_8859_1);
			String delimiter = "--" + boundary.group(1);
			List<String> sections = new ArrayList<>(List.of(text.split(Pattern.quote(delimiter))));
			for (String section : sections) {
				int headersEnd = section.indexOf("\r\n\r\n");
				if (headersEnd < 0) {
					continue;
				}
				String partHeaders = section.substring(0, headersEnd);
				String content = section.substring(headersEnd + 4);
				if (content.endsWith("\r\n")) {
					content = content.substring(0, content.length() - 2);
				}
				Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(partHeaders);
				if (!name.find()) {
					continue;
				}
				Matcher filename = Pattern.compile("filename=\"([^\"]*)\"").matcher(partHeaders);
				Matcher type = Pattern.compile("(?i)Content-Type: *([^\r\n]+)").matcher(partHeaders);
				parts.put(name.group(1), new Part(name.group(1), filename.find() ? filename.group(1) : null,
						type.find() ? type.group(1).strip() : null, content.getBytes(StandardCharsets.ISO_8859_1)));
			}
			return parts;
		}

	}

}
