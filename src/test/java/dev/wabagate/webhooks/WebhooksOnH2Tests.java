package dev.wabagate.webhooks;

import dev.wabagate.support.H2GatewayTest;

class WebhooksOnH2Tests extends H2GatewayTest implements WebhooksContract {

}
