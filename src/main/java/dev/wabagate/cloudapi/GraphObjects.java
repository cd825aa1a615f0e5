package dev.wabagate.cloudapi;

import dev.wabagate.accounts.Channel;

import org.springframework.stereotype.Component;

/**
 * Which Graph object a path id names for the key's channel: its phone-number id and its
 * WABA id. Any other id, another channel's included, is Meta's unknown-object error, so a
 * key learns nothing about ids that are not its own.
 */
@Component
class GraphObjects {

	void requirePhoneNumber(Channel channel, String id, String method) {
		if (!channel.phoneNumberId().equals(id)) {
			throw CloudApiException.unknownObject(method, id);
		}
	}

	void requireWaba(Channel channel, String id, String method) {
		if (!channel.wabaId().equals(id)) {
			throw CloudApiException.unknownObject(method, id);
		}
	}

}
