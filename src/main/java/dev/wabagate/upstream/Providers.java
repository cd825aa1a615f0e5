package dev.wabagate.upstream;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;

import org.springframework.stereotype.Component;

/** Finds the provider of a channel. */
@Component
public class Providers {

	private final Map<ProviderKind, MessagingProvider> byKind = new EnumMap<>(ProviderKind.class);

	Providers(List<MessagingProvider> providers) {
		providers.forEach((provider) -> this.byKind.put(provider.kind(), provider));
	}

	public MessagingProvider of(Channel channel) {
		MessagingProvider provider = this.byKind.get(channel.provider());
		if (provider == null) {
			throw new IllegalStateException("No provider '" + channel.provider() + "' for channel " + channel.id());
		}
		return provider;
	}

}
