package dev.atrium.scaffolder.catalog;

import dev.atrium.commons.error.AuthenticationError;

/**
 * The requester's bearer token, which a task keeps for calls on their behalf, has expired or another
 * service refused it with 401. A task cannot renew the token (decision 0017): the step fails, and in a
 * task the message ends with {@link #TASK_ADVICE}, because a retry stores the retrying user's fresh token.
 */
public class RequesterSessionExpired extends AuthenticationError {
    /** What a task's step failure tells the user to do. */
    public static final String TASK_ADVICE = "retry the task";

    public RequesterSessionExpired(String detail) {
        super(detail + ": the requester's session expired");
    }

    @Override
    public String errorName() {
        return "AuthenticationError";
    }
}
