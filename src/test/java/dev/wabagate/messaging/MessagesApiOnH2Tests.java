package dev.wabagate.messaging;

import dev.wabagate.support.H2GatewayTest;

class MessagesApiOnH2Tests extends H2GatewayTest implements MessagesApiContract {

}
