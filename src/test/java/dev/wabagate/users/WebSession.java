package dev.wabagate.users;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser-like HTTP client for the web pages: keeps cookies, reads the CSRF token from
 * the page it loads, and does not follow redirects (so tests can see where they go).
 */
public final class WebSession {

	private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern META_TOKEN = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	private String csrfToken = "";

	public WebSession(String base) {
		this.base = base;
	}

	/**
	 * Signs in with the sign-in form.
	 * @return the answer to the form post (a redirect)
	 */
	public HttpResponse<String> signIn(String email, String password) {
		HttpResponse<String> page = get("/signin");
		Matcher token = FORM_TOKEN.matcher(page.body());
		if (!token.find()) {
			throw new IllegalStateException("No CSRF token on the sign-in page: " + page.body());
		}
		String form = "email=" + encode(email) + "&password=" + encode(password) + "&_csrf=" + encode(token.group(1));
		return send(request("/signin").header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** Loads a page and keeps its CSRF token for the requests that follow. */
	public HttpResponse<String> page(String path) {
		HttpResponse<String> page = get(path);
		Matcher token = META_TOKEN.matcher(page.body());
		if (token.find()) {
			this.csrfToken = token.group(1);
		}
		return page;
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).header("Accept", "text/html,application/json").GET());
	}

	/** A JSON request with the CSRF token (if {@code withCsrfToken}). */
	public HttpResponse<String> json(String method, String path, String body, boolean withCsrfToken) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		if (withCsrfToken) {
			request.header("X-CSRF-TOKEN", this.csrfToken);
		}
		return send(request);
	}

	public String sessionCookie() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("WABAGATE_SESSION"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse("");
	}

	/** Carries this session's cookie to another gateway node. */
	public HttpResponse<String> getFrom(String otherBase, String path) {
		return send(HttpRequest.newBuilder(URI.create(otherBase + path))
			.timeout(Duration.ofSeconds(30))
			.header("Cookie", "WABAGATE_SESSION=" + sessionCookie())
			.GET());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
