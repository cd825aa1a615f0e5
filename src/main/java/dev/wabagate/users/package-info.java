/**
 * People who sign in to the web inbox and console: users of an account (agents and
 * admins) and operators, their passwords and sign-in, and the security of the web pages
 * (sessions shared by every node, CSRF). The API paths keep their own authentication and
 * never pass through this module's filters.
 */
@NullMarked
package dev.wabagate.users;

import org.jspecify.annotations.NullMarked;
