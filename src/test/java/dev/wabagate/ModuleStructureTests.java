package dev.wabagate;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModuleStructureTests {

	@Test
	void modulesOnlyUseEachOthersPublicApi() {
		ApplicationModules.of(WabagateApplication.class).verify();
	}

}
