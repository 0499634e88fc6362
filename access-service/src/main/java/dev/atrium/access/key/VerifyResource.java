package dev.atrium.access.key;

import dev.atrium.access.catalog.EntityRefs;
import dev.atrium.access.config.AccessConfig;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The LLM-gateway hot path: key verification as JSON and as a forward-auth endpoint (NGINX
 * {@code auth_request}, Traefik ForwardAuth, Envoy {@code ext_authz} HTTP). No bearer token: the API key
 * authenticates itself. Runs on the event loop and answers a cached key without touching the database
 * (decision 0018).
 */
@Path("/keys")
@PermitAll
@Tag(name = "Key verification")
public class VerifyResource {
    public static final String TEAM_HEADER = "X-Atrium-Team";
    public static final String COST_CENTER_HEADER = "X-Atrium-Cost-Center";
    public static final String REMAINING_HEADER = "X-Atrium-Remaining-Tokens";
    public static final String KEY_ID_HEADER = "X-Atrium-Key-Id";
    public static final String MODEL_OUT_HEADER = "X-Atrium-Model-Ref";
    public static final String REASON_HEADER = "X-Atrium-Reason";
    private static final int MAX_KEY_LENGTH = 512;

    @Inject
    KeyCache cache;

    @Inject
    KeyMaterial material;

    @Inject
    AccessConfig config;

    private Pattern modelInPath;

    @PostConstruct
    void init() {
        modelInPath = Pattern.compile(config.forwardAuth().modelPathPattern());
    }

    @POST
    @Path("verify")
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "VerifyApiKey", summary = "Verify an API key for a model",
            description = "Always 200 for a well-formed request: valid=false carries the reason (unknown_key, revoked, expired, "
                    + "model_not_in_scope, budget_exhausted). No bearer token needed.")
    @APIResponse(responseCode = "200", description = "The verdict", content = @Content(schema = @Schema(implementation = KeyViews.VerifyResponse.class)))
    @APIResponse(responseCode = "400", description = "key or model missing or malformed", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public CompletionStage<KeyViews.VerifyResponse> verify(KeyViews.VerifyRequest body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || body.key() == null || body.key().isBlank() || body.key().length() > MAX_KEY_LENGTH) {
            errors.add(FieldError.of("key", "must be 1 to " + MAX_KEY_LENGTH + " characters"));
        }
        String model = null;
        if (body == null || body.model() == null) {
            errors.add(FieldError.of("model", "must not be null"));
        } else {
            try {
                model = EntityRefs.parse(body.model(), "aimodel", "model").toString();
            } catch (InputError e) {
                errors.addAll(e.fieldErrors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InputError("Invalid verification request", errors);
        }
        return check(body.key().trim(), model);
    }

    private CompletionStage<KeyViews.VerifyResponse> check(String key, String model) {
        if (!KeyMaterial.wellFormed(key)) {
            return CompletableFuture.completedFuture(Verification.decide(KeyState.UNKNOWN, model, System.currentTimeMillis()));
        }
        CompletableFuture<KeyState> state = cache.get(material.hash(key));
        if (state.isDone() && !state.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(Verification.decide(state.join(), model, System.currentTimeMillis()));
        }
        return state.thenApply(s -> Verification.decide(s, model, System.currentTimeMillis()));
    }

    @GET
    @Path("forward-auth")
    @NonBlocking
    @Operation(operationId = "ForwardAuth", summary = "Forward-auth check for NGINX auth_request, Traefik ForwardAuth and Envoy ext_authz",
            description = "The key in Authorization (Bearer) or X-Api-Key; the model in X-Atrium-Model, or found in the original URI "
                    + "(X-Original-URI, X-Forwarded-Uri, X-Envoy-Original-Path, or the path after /forward-auth) by "
                    + "atrium.access.forward-auth.model-path-pattern. Every HTTP method is accepted, so a gateway may pass the original one.")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers", headers = {
        @Header(name = TEAM_HEADER, description = "Team ref the key belongs to"),
        @Header(name = COST_CENTER_HEADER, description = "Cost center of the model"),
        @Header(name = REMAINING_HEADER, description = "Tokens left this month"),
        @Header(name = KEY_ID_HEADER, description = "Key id, for usage reports"),
        @Header(name = MODEL_OUT_HEADER, description = "The model ref that was checked")})
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key", headers = @Header(name = REASON_HEADER))
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, the budget is used up, or no model in the request",
            headers = @Header(name = REASON_HEADER))
    public CompletionStage<Response> forwardAuthGet(@Context HttpHeaders headers) {
        return forwardAuth(headers, null);
    }

    @GET
    @Path("forward-auth/{path: .*}")
    @NonBlocking
    @Operation(operationId = "ForwardAuthPath", summary = "Forward-auth check with the original path appended (Envoy path_prefix)")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers")
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key")
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, or the budget is used up")
    public CompletionStage<Response> forwardAuthGetPath(@Context HttpHeaders headers,
            @Parameter(description = "The original request path") @PathParam("path") String path) {
        return forwardAuth(headers, "/" + path);
    }

    @POST
    @Path("forward-auth")
    @NonBlocking
    @Operation(operationId = "ForwardAuthPost", summary = "Forward-auth check, original method POST")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers")
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key")
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, the budget is used up, or no model in the request")
    public CompletionStage<Response> forwardAuthPost(@Context HttpHeaders headers) {
        return forwardAuth(headers, null);
    }

    @POST
    @Path("forward-auth/{path: .*}")
    @NonBlocking
    @Operation(operationId = "ForwardAuthPostPath", summary = "Forward-auth check, original method POST and path")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers")
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key")
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, the budget is used up, or no model in the request")
    public CompletionStage<Response> forwardAuthPostPath(@Context HttpHeaders headers, @PathParam("path") String path) {
        return forwardAuth(headers, "/" + path);
    }

    @PUT
    @Path("forward-auth/{path: .*}")
    @NonBlocking
    @Operation(operationId = "ForwardAuthPutPath", summary = "Forward-auth check, original method PUT and path")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers")
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key")
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, the budget is used up, or no model in the request")
    public CompletionStage<Response> forwardAuthPutPath(@Context HttpHeaders headers, @PathParam("path") String path) {
        return forwardAuth(headers, "/" + path);
    }

    @PATCH
    @Path("forward-auth/{path: .*}")
    @NonBlocking
    @Operation(operationId = "ForwardAuthPatchPath", summary = "Forward-auth check, original method PATCH and path")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers")
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key")
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, the budget is used up, or no model in the request")
    public CompletionStage<Response> forwardAuthPatchPath(@Context HttpHeaders headers, @PathParam("path") String path) {
        return forwardAuth(headers, "/" + path);
    }

    @DELETE
    @Path("forward-auth/{path: .*}")
    @NonBlocking
    @Operation(operationId = "ForwardAuthDeletePath", summary = "Forward-auth check, original method DELETE and path")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers")
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key")
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, the budget is used up, or no model in the request")
    public CompletionStage<Response> forwardAuthDeletePath(@Context HttpHeaders headers, @PathParam("path") String path) {
        return forwardAuth(headers, "/" + path);
    }

    @HEAD
    @Path("forward-auth/{path: .*}")
    @NonBlocking
    @Operation(operationId = "ForwardAuthHeadPath", summary = "Forward-auth check, original method HEAD and path")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers")
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key")
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, the budget is used up, or no model in the request")
    public CompletionStage<Response> forwardAuthHeadPath(@Context HttpHeaders headers, @PathParam("path") String path) {
        return forwardAuth(headers, "/" + path);
    }

    @OPTIONS
    @Path("forward-auth/{path: .*}")
    @NonBlocking
    @Operation(operationId = "ForwardAuthOptionsPath", summary = "Forward-auth check, original method OPTIONS and path")
    @APIResponse(responseCode = "200", description = "Allowed; team and budget in the headers")
    @APIResponse(responseCode = "401", description = "No key, or an unknown, revoked or expired key")
    @APIResponse(responseCode = "403", description = "Key valid but not for this model, the budget is used up, or no model in the request")
    public CompletionStage<Response> forwardAuthOptionsPath(@Context HttpHeaders headers, @PathParam("path") String path) {
        return forwardAuth(headers, "/" + path);
    }

    private CompletionStage<Response> forwardAuth(HttpHeaders headers, String pathAfter) {
        String key = keyFrom(headers);
        if (key == null) {
            return CompletableFuture.completedFuture(deny(401, "missing_key"));
        }
        String model = modelFrom(headers, pathAfter);
        if (model == null) {
            return CompletableFuture.completedFuture(deny(403, "model_missing"));
        }
        return check(key, model).thenApply(v -> v.valid() ? allow(v, model) : deny(statusFor(v.reason()), v.reason()));
    }

    private static int statusFor(String reason) {
        return Verification.MODEL_NOT_IN_SCOPE.equals(reason) || Verification.BUDGET_EXHAUSTED.equals(reason) ? 403 : 401;
    }

    private static Response allow(KeyViews.VerifyResponse v, String model) {
        return Response.ok()
                .header(TEAM_HEADER, v.team())
                .header(COST_CENTER_HEADER, v.costCenter())
                .header(REMAINING_HEADER, v.remainingTokens())
                .header(KEY_ID_HEADER, v.keyId())
                .header(MODEL_OUT_HEADER, model)
                .build();
    }

    private static Response deny(int status, String reason) {
        Response.ResponseBuilder r = Response.status(status).header(REASON_HEADER, reason);
        if (status == 401) {
            r.header("WWW-Authenticate", "Bearer realm=\"atrium-ai\"");
        }
        return r.build();
    }

    private static String keyFrom(HttpHeaders headers) {
        String auth = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        String key = null;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        }
        if (key == null || key.isEmpty()) {
            key = headers.getHeaderString("X-Api-Key");
        }
        return key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH ? null : key.trim();
    }

    private String modelFrom(HttpHeaders headers, String pathAfter) {
        String header = headers.getHeaderString(config.forwardAuth().modelHeader());
        if (header != null && !header.isBlank()) {
            return EntityRefs.canonicalOrNull(header, "aimodel");
        }
        for (String name : config.forwardAuth().uriHeaders()) {
            String uri = headers.getHeaderString(name);
            String found = uri == null ? null : modelIn(uri);
            if (found != null) {
                return found;
            }
        }
        return pathAfter == null ? null : modelIn(pathAfter);
    }

    private String modelIn(String uri) {
        Matcher m = modelInPath.matcher(uri.length() > 2048 ? uri.substring(0, 2048) : uri);
        return m.find() ? EntityRefs.canonicalOrNull(m.group(1), "aimodel") : null;
    }
}
