package dev.wabagate.shared;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatusCode;

/** The {@code meta} block of On-Premises and 360dialog v1 responses. */
public final class ApiMeta {

	public static final String VERSION = "wabagate-0.1";

	private ApiMeta() {
	}

	public static Map<String, Object> of(HttpStatusCode status) {
		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("api_status", "stable");
		meta.put("version", VERSION);
		meta.put("http_code", status.value());
		meta.put("success", status.is2xxSuccessful());
		return meta;
	}

}
