package dev.atrium.catalog.processing;

/** One directed relation row: {@code source --type--> target}, both canonical refs. */
public record Relation(String sourceRef, String type, String targetRef) {
}
