package dev.wabagate.inbox;

import dev.wabagate.users.SignedInUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The inbox page; the chat list and conversations are filled in by inbox.js. */
@Controller
class InboxPageController {

	@GetMapping("/inbox")
	String inbox(@AuthenticationPrincipal SignedInUser user, Model model) {
		model.addAttribute("user", user);
		return "inbox";
	}

}
