package dev.wabagate.templates;

import dev.wabagate.support.H2GatewayTest;

class TemplatesApiOnH2Tests extends H2GatewayTest implements TemplatesApiContract {

}
