package dev.wabagate.accounts;

/** A newly created API key: the only moment its plaintext exists outside the client. */
public record IssuedApiKey(ApiKeyInfo info, String apiKey) {
}
