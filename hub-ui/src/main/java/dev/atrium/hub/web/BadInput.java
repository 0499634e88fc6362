package dev.atrium.hub.web;

/** A request the hub refuses with 400 before calling any service (a malformed parameter in the address). */
public class BadInput extends RuntimeException {
    public BadInput(String message) {
        super(message, null, false, false);
    }
}
