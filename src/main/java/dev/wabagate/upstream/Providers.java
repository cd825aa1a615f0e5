package dev.wabagate.upstream;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.wabagate.accounts.Channel;

import org.springframework.stereotype.Component;

/** Finds the provider of a channel. */
@Component
public class Providers {

	private final Map<String, MessagingProvider> byName;

	Providers(List<MessagingProvider> providers) {
		this.byName = providers.stream().collect(Collectors.toMap(MessagingProvider::name, Function.identity()));
	}

	public MessagingProvider of(Channel channel) {
		MessagingProvider provider = this.byName.get(channel.provider());
		if (provider == null) {
			throw new IllegalStateException("No provider '" + channel.provider() + "' for channel " + channel.id());
		}
		return provider;
	}

}
