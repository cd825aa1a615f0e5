package dev.wabagate.console;

import dev.wabagate.users.SignedInUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console page; console.js fills it in. */
@Controller
class ConsolePageController {

	@GetMapping("/console")
	String console(@AuthenticationPrincipal SignedInUser user, Model model) {
		model.addAttribute("user", user);
		return "console";
	}

}
