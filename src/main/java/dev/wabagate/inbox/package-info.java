/**
 * The web inbox for support agents: the chat list, each conversation both ways, the
 * composer (text, attachments, quick replies; only templates once the 24-hour window has
 * closed), the side panel (custom fields, assignment, close and reopen) and live updates
 * read from the database, so they work whichever node an agent is connected to.
 */
@NullMarked
package dev.wabagate.inbox;

import org.jspecify.annotations.NullMarked;
