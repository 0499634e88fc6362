package dev.atrium.catalog.refresh;

/**
 * A CDI event fired once rows of {@code refresh_state} were made due outside the processing loop and committed
 * (a registration, a refresh): the loop of this instance starts its passes at once instead of at the next poll.
 */
public record RowsDue() {
}
