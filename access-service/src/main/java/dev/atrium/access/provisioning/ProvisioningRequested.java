package dev.atrium.access.provisioning;

import java.util.UUID;

/** CDI event fired when a provisioning job is enqueued; observed after commit to wake the worker at once. */
public record ProvisioningRequested(UUID requestId, String action) {
}
