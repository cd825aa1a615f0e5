package dev.wabagate.crm;

import dev.wabagate.support.PostgresGatewayTest;

class CustomFieldsApiOnPostgresTests extends PostgresGatewayTest implements CustomFieldsApiContract {

}
