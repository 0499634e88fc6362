package dev.atrium.hub.access;

import dev.atrium.hub.catalog.CatalogEntity;
import dev.atrium.hub.catalog.EntityRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access request form: what was typed, the checks the hub makes before sending it (sizes, team
 * membership, a whole number of tokens) and the errors to show next to each field.
 */
public record RequestForm(String modelRef, String team, String useCase, String tokens, Map<String, String> errors,
        CatalogEntity model, List<CatalogEntity> choices, List<String> teams, String problem) {
    public static final int MAX_USE_CASE = 2000;
    public static final long MAX_TOKENS = 1_000_000_000L;

    /** Checks the fields; {@code teams} are the user's teams. */
    public static RequestForm check(String modelRef, String team, String useCase, String tokens, List<String> teams) {
        Map<String, String> errors = new LinkedHashMap<>();
        String m = modelRef == null ? "" : modelRef.trim();
        EntityRef ref = EntityRef.parse(m, "aimodel");
        if (m.isEmpty()) {
            errors.put("model", "Choose the model or toolchain.");
        } else if (ref == null || !(ref.kind().equals("aimodel") || ref.kind().equals("toolchain"))) {
            errors.put("model", "Choose an AI model or toolchain from the list.");
        }
        String t = team == null ? "" : team.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty()) {
            errors.put("team", "Choose the team that will use it.");
        } else if (!teams.contains(t)) {
            errors.put("team", "You can only request access for a team you are in.");
        }
        String u = useCase == null ? "" : useCase.strip();
        if (u.isEmpty()) {
            errors.put("useCase", "Describe what your team will use it for.");
        } else if (u.length() > MAX_USE_CASE) {
            errors.put("useCase", "Keep the use case under " + MAX_USE_CASE + " characters (it has " + u.length() + ").");
        }
        String n = tokens == null ? "" : tokens.trim().replace("_", "").replace(",", "");
        if (n.isEmpty()) {
            errors.put("tokens", "Enter the tokens you expect to use per month.");
        } else {
            try {
                long v = Long.parseLong(n);
                if (v < 1 || v > MAX_TOKENS) {
                    errors.put("tokens", "Enter a number from 1 to " + String.format("%,d", MAX_TOKENS) + ".");
                }
            } catch (NumberFormatException e) {
                errors.put("tokens", "Enter a whole number, for example 100000.");
            }
        }
        return new RequestForm(ref == null ? m : ref.toString(), t, u, n, errors, null, List.of(), teams, null);
    }

    public static RequestForm blank(String modelRef, List<String> teams) {
        EntityRef ref = EntityRef.parse(modelRef, "aimodel");
        return new RequestForm(ref == null ? "" : ref.toString(), teams.size() == 1 ? teams.get(0) : "", "", "", Map.of(), null,
                List.of(), teams, null);
    }

    public RequestForm with(CatalogEntity model, List<CatalogEntity> choices) {
        return new RequestForm(modelRef, team, useCase, tokens, errors, model, choices, teams, problem);
    }

    public RequestForm withProblem(String message, Map<String, String> fieldErrors) {
        Map<String, String> merged = new LinkedHashMap<>(errors);
        fieldErrors.forEach((k, v) -> merged.putIfAbsent(switch (k) {
            case "modelRef" -> "model";
            case "expectedMonthlyTokens" -> "tokens";
            default -> k;
        }, v));
        return new RequestForm(modelRef, team, useCase, tokens, merged, model, choices, teams, message);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public long tokenCount() {
        return Long.parseLong(tokens);
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || problem != null;
    }
}
