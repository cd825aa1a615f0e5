package dev.wabagate.media;

import dev.wabagate.support.H2GatewayTest;

class MediaApiOnH2Tests extends H2GatewayTest implements MediaApiContract {

}
