package dev.wabagate.users;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page, and {@code /}: operators go to the console, everyone else to the
 * inbox.
 */
@Controller
class SignInController {

	@GetMapping("/signin")
	String signIn() {
		return "signin";
	}

	@GetMapping("/")
	String home(@AuthenticationPrincipal @Nullable SignedInUser user) {
		if (user == null) {
			return "redirect:/signin";
		}
		return user.isOperator() ? "redirect:/console" : "redirect:/inbox";
	}

}
