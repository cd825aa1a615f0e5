package dev.wabagate.upstream.sandbox;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.H2GatewayTest;
import dev.wabagate.upstream.ProviderContract;
import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider contract on the sandbox. The sandbox reports statuses on its own timeline;
 * the extra reports here take the same path its timeline takes (the status handler,
 * inside a transaction).
 */
class SandboxProviderContractTests extends H2GatewayTest implements ProviderContract {

	@Autowired
	private UpstreamStatusHandler statusHandler;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private Clock clock;

	@Override
	public TestChannel newChannel() {
		return gateway().newSandboxChannel();
	}

	@Override
	public void customerWrites(TestChannel channel, String waId) {
		gateway().customerWrites(channel, waId);
	}

	@Override
	public void providerReports(TestChannel channel, String wamid, String status, @Nullable Integer errorCode) {
		UpstreamStatus report = new UpstreamStatus(channel.channelId(), wamid, status, this.clock.instant(), errorCode,
				(errorCode != null) ? "Sandbox error" : null, null);
		this.transactions.executeWithoutResult((tx) -> this.statusHandler.onStatus(report));
	}

	@Override
	public void nextSendFails(TestChannel channel, int errorCode) {
		assertThat(gateway()
			.admin("PUT", "/admin/v1/channels/" + channel.channelId() + "/sandbox-faults",
					"{\"error_code\":" + errorCode + ",\"count\":1}")
			.status()).isEqualTo(200);
	}

}
