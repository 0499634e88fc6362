package dev.atrium.hub.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.AuthenticationFailedException;
import org.junit.jupiter.api.Test;

class SignInUnavailableTest {

    @Test
    void onlySignInFailuresGetTheSignInPage() {
        assertTrue(SignInUnavailable.fromSignIn(new AuthenticationFailedException(new java.net.ConnectException("refused"))));
        assertTrue(SignInUnavailable.fromSignIn(new RuntimeException(new AuthenticationFailedException())));
        assertFalse(SignInUnavailable.fromSignIn(new IllegalStateException("a bug")));
        assertFalse(SignInUnavailable.fromSignIn(null));
    }
}
