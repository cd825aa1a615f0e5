package dev.wabagate.cloudapi;

import dev.wabagate.support.H2GatewayTest;

class CloudApiOnH2Tests extends H2GatewayTest implements CloudApiContract {

}
